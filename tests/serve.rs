//! `annals serve` end to end: fetch a page, edit a file and see the reload
//! notification and the new text; break a file and see the overlay payload;
//! fix it and see the overlay cleared. Waits are bounded; nothing asserts
//! on speed.

use annals::commands::{init, Ui};
use annals::load::LoadOptions;
use annals::serve::{self, ServeOptions};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::time::{Duration, Instant};

const PATIENCE: Duration = Duration::from_secs(20);

fn get(addr: SocketAddr, path: &str) -> (u16, String) {
    let (status, _, body) = exchange(addr, format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\n\r\n"));
    (status, body)
}

/// Sends `request` whole, then reads the answer to its end: status, head
/// and body. Fails if the server resets the connection or leaves it open.
fn exchange(addr: SocketAddr, request: impl AsRef<[u8]>) -> (u16, String, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.write_all(request.as_ref()).unwrap();
    let deadline = Instant::now() + PATIENCE;
    let mut bytes = Vec::new();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        assert!(!left.is_zero(), "no end of the answer within {PATIENCE:?}");
        s.set_read_timeout(Some(left)).unwrap();
        let mut buf = [0u8; 16 * 1024];
        match s.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => bytes.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
            Err(e) => panic!("{e}"),
        }
    }
    let out = String::from_utf8_lossy(&bytes);
    let status = out[9..12].parse().unwrap();
    let (head, body) = out.split_once("\r\n\r\n").unwrap_or((&out, ""));
    (status, head.to_string(), body.to_string())
}

/// Fetches `path` until its body holds `needle`.
fn eventually_served(addr: SocketAddr, path: &str, needle: &str) {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let (status, body) = get(addr, path);
        if status == 200 && body.contains(needle) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{path} does not hold `{needle}` within {PATIENCE:?}; last answer {status}: {body:.300}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// An open event stream, read until a wanted event arrives.
struct Events {
    stream: TcpStream,
    seen: String,
}

impl Events {
    fn open(addr: SocketAddr) -> Events {
        let mut stream = TcpStream::connect(addr).unwrap();
        write!(
            stream,
            "GET /__annals/events HTTP/1.1\r\nHost: {addr}\r\n\r\n"
        )
        .unwrap();
        stream
            .set_read_timeout(Some(Duration::from_millis(200)))
            .unwrap();
        let mut events = Events {
            stream,
            seen: String::new(),
        };
        events.wait_for("retry:");
        events
    }

    /// Waits for `needle` in the stream after what was consumed so far;
    /// returns the text up to and including the event that holds it.
    fn wait_for(&mut self, needle: &str) -> String {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(i) = self.seen.find(needle) {
                let end = self.seen[i..]
                    .find("\n\n")
                    .map_or(self.seen.len(), |j| i + j + 2);
                let taken: String = self.seen.drain(..end).collect();
                return taken;
            }
            assert!(
                Instant::now() < deadline,
                "no `{needle}` within {PATIENCE:?}; got {:?}",
                self.seen
            );
            let mut buf = [0u8; 4096];
            match self.stream.read(&mut buf) {
                Ok(0) => panic!("event stream closed"),
                Ok(n) => self.seen.push_str(&String::from_utf8_lossy(&buf[..n])),
                Err(_) => {} // read timeout: look again
            }
        }
    }
}

/// A new `annals init` site in a temporary folder, served on a free port.
fn started() -> (tempfile::TempDir, serve::Server) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    init::run(&root, &Ui::silent());
    let server = serve::start(
        &root,
        ServeOptions {
            addr: "127.0.0.1:0".parse().unwrap(),
            load: LoadOptions::default(),
            ui: Ui::silent(),
        },
    )
    .unwrap();
    (tmp, server)
}

#[test]
fn serve_reloads_on_change_and_shows_problems_until_fixed() {
    let (tmp, server) = started();
    let root = tmp.path().join("site");
    let addr = server.addr;
    assert!(addr.ip().is_loopback());

    let (status, page) = get(addr, "/zh/sections/history/index.html");
    assert_eq!(status, 200);
    assert!(page.contains("示例科技在杭州成立"));
    assert!(
        page.contains("/__annals/live.js"),
        "serve mode injects the live script"
    );

    let mut events = Events::open(addr);
    let history = root.join("content/history.md");
    let text = std::fs::read_to_string(&history).unwrap();
    std::fs::write(&history, text.replace("在杭州成立", "在杭州正式成立")).unwrap();
    events.wait_for("event: reload");
    let (_, page) = get(addr, "/zh/sections/history/index.html");
    assert!(
        page.contains("示例科技在杭州正式成立"),
        "the new text is served"
    );

    let broken = root.join("content/broken.md");
    std::fs::write(
        &broken,
        "---\ntitle: 坏\n---\n\n2025年2月30日，不存在的一天。\n",
    )
    .unwrap();
    let problems = events.wait_for("event: problems");
    assert!(problems.contains("content/broken.md:5:1"), "{problems}");
    assert!(problems.contains("impossible date"), "{problems}");
    let (status, page) = get(addr, "/zh/sections/history/index.html");
    assert_eq!(status, 200, "the last good build is still served");
    assert!(page.contains("示例科技在杭州正式成立"));

    // A page opened while the build is broken learns of it at once.
    let mut late = Events::open(addr);
    late.wait_for("event: problems");

    std::fs::remove_file(&broken).unwrap();
    events.wait_for("event: fixed");
    events.wait_for("event: reload");
}

#[test]
fn serve_rebuilds_after_a_save_by_rename() {
    // How many editors save: the new text to a temporary file beside the
    // old one, then renamed over it.
    let (tmp, server) = started();
    let root = tmp.path().join("site");
    let mut events = Events::open(server.addr);
    let history = root.join("content/history.md");
    let text = std::fs::read_to_string(&history).unwrap();
    let swap = root.join("content/.history.md.swp");
    std::fs::write(&swap, text.replace("在杭州成立", "在杭州改名后成立")).unwrap();
    std::fs::rename(&swap, &history).unwrap();
    events.wait_for("event: reload");
    // The temporary file's own write may have been a rebuild of its own.
    eventually_served(
        server.addr,
        "/zh/sections/history/index.html",
        "示例科技在杭州改名后成立",
    );
}

#[test]
fn serve_refuses_paths_outside_the_site_and_answers_a_burst() {
    let (_tmp, server) = started();
    for bad in [
        "/../content/site.yaml",
        "/zh/%2e%2e/%2e%2e/content/site.yaml",
        "/%2E%2E/Cargo.toml",
        "/a\\..\\b",
    ] {
        let (status, body) = get(server.addr, bad);
        assert_eq!(status, 403, "{bad}");
        assert!(!body.contains("title:"));
    }
    // A miss is answered by the 404 page of the address's language, or by
    // the root's, in every language.
    let (status, body) = get(server.addr, "/no/such/page.html");
    assert_eq!(status, 404);
    assert!(body.contains("页面未找到") && body.contains("Page not found"));
    let (status, body) = get(server.addr, "/en/events/no-such-event/");
    assert_eq!(status, 404);
    assert!(body.contains("<html lang=\"en\">") && !body.contains("页面未找到"));
    let (status, body) = get(server.addr, "/zh/no/such/page.html");
    assert_eq!(status, 404);
    assert!(body.contains("页面未找到") && !body.contains("Page not found"));
    // A bounded burst from several threads gets only correct answers.
    let expected = get(server.addr, "/en/index.html").1;
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let (addr, expected) = (server.addr, expected.clone());
            std::thread::spawn(move || {
                for _ in 0..25 {
                    let (status, body) = get(addr, "/en/index.html");
                    assert_eq!(status, 200);
                    assert_eq!(body, expected);
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
}

fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_folder(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn serve_follows_a_content_folder_replaced_by_a_copy() {
    let (tmp, server) = started();
    let root = tmp.path().join("site");
    let mut events = Events::open(server.addr);

    // `mv content content.bak; cp -r content.bak content`
    std::fs::rename(root.join("content"), root.join("content.bak")).unwrap();
    events.wait_for("no content folder");
    copy_folder(&root.join("content.bak"), &root.join("content"));
    events.wait_for("event: fixed");

    // An edit in the new folder rebuilds; one in the old does not matter.
    let history = root.join("content/history.md");
    let text = std::fs::read_to_string(&history).unwrap();
    std::fs::write(&history, text.replace("在杭州成立", "在杭州再次成立")).unwrap();
    eventually_served(
        server.addr,
        "/zh/sections/history/index.html",
        "示例科技在杭州再次成立",
    );
}

#[test]
fn serve_watches_templates_and_static_folders_made_after_it_started() {
    let (tmp, server) = started();
    let root = tmp.path().join("site");
    assert!(!root.join("static").exists() && !root.join("templates").exists());

    std::fs::create_dir(root.join("static")).unwrap();
    std::fs::write(root.join("static/hello.txt"), "first\n").unwrap();
    eventually_served(server.addr, "/hello.txt", "first");
    // A later edit inside the new folder is seen too.
    std::fs::write(root.join("static/hello.txt"), "second\n").unwrap();
    eventually_served(server.addr, "/hello.txt", "second");

    std::fs::create_dir(root.join("templates")).unwrap();
    let home = root.join("templates/home.html");
    std::fs::write(&home, "<!DOCTYPE html><body>home one</body>").unwrap();
    eventually_served(server.addr, "/en/index.html", "home one");
    std::fs::write(&home, "<!DOCTYPE html><body>home two</body>").unwrap();
    eventually_served(server.addr, "/en/index.html", "home two");

    // A change in content/ alone keeps the compiled templates: the site's
    // own home template, as last saved, goes on serving.
    let history = root.join("content/history.md");
    let text = std::fs::read_to_string(&history).unwrap();
    std::fs::write(
        &history,
        text.replace("示例科技在杭州成立", "示例科技在上海成立"),
    )
    .unwrap();
    eventually_served(
        server.addr,
        "/zh/sections/history/index.html",
        "示例科技在上海成立",
    );
    let (status, page) = get(server.addr, "/en/index.html");
    assert_eq!(
        (status, page.contains("home two")),
        (200, true),
        "{page:.300}"
    );
}

#[test]
fn head_of_the_event_stream_is_headers_only_and_ends() {
    let (_tmp, server) = started();
    let addr = server.addr;
    let (status, head, body) = exchange(
        addr,
        format!("HEAD /__annals/events HTTP/1.1\r\nHost: {addr}\r\n\r\n"),
    );
    assert_eq!(status, 200);
    assert!(head.contains("Content-Type: text/event-stream"), "{head}");
    assert_eq!(body, "", "a HEAD answer has no body");
    // Any other HEAD too.
    let (status, head, body) = exchange(
        addr,
        format!("HEAD /en/index.html HTTP/1.1\r\nHost: {addr}\r\n\r\n"),
    );
    assert_eq!(status, 200);
    assert!(head.contains("Content-Length: "), "{head}");
    assert_eq!(body, "");
}

#[test]
fn oversized_request_heads_are_refused_cleanly() {
    let (_tmp, server) = started();
    let addr = server.addr;
    let big = "a".repeat(64 * 1024);
    // One 64 KB header, and as many small ones.
    let (status, _, body) = exchange(
        addr,
        format!("GET /en/index.html HTTP/1.1\r\nHost: {addr}\r\nX-Big: {big}\r\n\r\n"),
    );
    assert_eq!(status, 431, "{body}");
    let many = "X-Small: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n".repeat(1200);
    let (status, _, _) = exchange(
        addr,
        format!("GET /en/index.html HTTP/1.1\r\nHost: {addr}\r\n{many}\r\n"),
    );
    assert_eq!(status, 431);
    // The server is none the worse.
    assert_eq!(get(addr, "/en/index.html").0, 200);
}

#[test]
fn request_bodies_are_refused_cleanly() {
    let (_tmp, server) = started();
    let addr = server.addr;
    let mb = vec![b'x'; 1024 * 1024];
    let with_body = |method: &str| {
        let mut request = format!(
            "{method} /en/index.html HTTP/1.1\r\nHost: {addr}\r\nContent-Length: {}\r\n\r\n",
            mb.len()
        )
        .into_bytes();
        request.extend_from_slice(&mb);
        exchange(addr, request)
    };
    let (status, head, _) = with_body("POST");
    assert_eq!(status, 405);
    assert!(head.contains("Allow: GET, HEAD"), "{head}");
    let (status, _, _) = with_body("GET");
    assert_eq!(status, 413);
    // The server is none the worse.
    assert_eq!(get(addr, "/en/index.html").0, 200);
}

#[test]
fn only_hosts_naming_the_server_are_answered() {
    let (_tmp, server) = started();
    let addr = server.addr;
    let port = addr.port();
    let ask = |host: &str, path: &str| {
        exchange(addr, format!("GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n"))
    };
    for good in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("LocalHost:{port}"),
    ] {
        assert_eq!(ask(&good, "/en/index.html").0, 200, "{good}");
    }
    // What a web page on another name that resolves to 127.0.0.1 sends
    // (DNS rebinding), and near misses.
    for bad in [
        format!("evil.example:{port}"),
        format!("localhost.evil.example:{port}"),
        "localhost".to_string(),
        format!("localhost:{}", port.wrapping_add(1)),
        format!("127.0.0.2:{port}"),
        format!("[::1]:{port}"),
    ] {
        for path in ["/en/index.html", "/__annals/events", "/events.json"] {
            let (status, _, body) = ask(&bad, path);
            assert_eq!(status, 421, "{bad} {path}");
            assert!(body.contains("DNS rebinding"), "{body}");
        }
    }
    let (status, _, _) = exchange(addr, "GET /en/index.html HTTP/1.1\r\n\r\n");
    assert_eq!(status, 400, "no Host at all");
    let (status, _, _) = exchange(
        addr,
        format!(
            "GET /en/index.html HTTP/1.1\r\nHost: localhost:{port}\r\nHost: evil.example\r\n\r\n"
        ),
    );
    assert_eq!(status, 400, "two Hosts");
}

#[test]
fn a_request_head_sent_a_byte_at_a_time_runs_out_of_time() {
    let (_tmp, server) = started();
    let mut s = TcpStream::connect(server.addr).unwrap();
    // Each read waits a second: the trickle's pace, one byte a second, far
    // under any per-read timeout. The server must give up on its own.
    s.set_read_timeout(Some(Duration::from_secs(1))).unwrap();
    let trickle = format!(
        "GET /en/index.html HTTP/1.1\r\nHost: {}\r\nX: ",
        server.addr
    );
    let mut bytes = trickle.bytes().chain(std::iter::repeat(b'a'));
    let mut answer = Vec::new();
    for _ in 0..PATIENCE.as_secs() * 3 {
        if s.write_all(&[bytes.next().unwrap_or(b'a')]).is_err() {
            break;
        }
        let mut buf = [0u8; 1024];
        match s.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => answer.extend_from_slice(&buf[..n]),
            Err(_) => continue, // nothing yet
        }
    }
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408 "), "{answer:?}");
}
