//! Just enough HTTP/1.1 for a local preview server: GET and HEAD requests
//! without a body, one response per connection, paths that can never leave
//! the site, and only for a `Host` that names the server.

use std::io::{self, Read, Write};
use std::net::{IpAddr, Shutdown, SocketAddr, TcpStream};
use std::time::{Duration, Instant};

/// The longest request head we read; a preview server has no use for more.
const MAX_HEAD: usize = 16 * 1024;

/// The time a client has to send its whole request head. Per-read timeouts
/// alone would let one byte every few seconds hold a connection for ever.
const HEAD_DEADLINE: Duration = Duration::from_secs(10);

/// How long, and how much, we read of what a refused client is still
/// sending (a body, the rest of a long head) before closing.
const LINGER: Duration = Duration::from_secs(5);
const MAX_LINGER_BYTES: usize = 8 * 1024 * 1024;

/// A request head, as sent.
#[derive(Debug)]
pub struct Request {
    method: String,
    target: String,
    hosts: Vec<String>,
    has_body: bool,
}

/// Why a request is not answered with a file.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    Malformed,
    /// `..`, an absolute or drive path, a backslash or NUL after decoding.
    Forbidden,
    NoHost,
    /// A `Host` that does not name this server: what a page on another
    /// name resolving to it (DNS rebinding) sends.
    OtherHost,
    NotGet,
    Body,
    HeadTooLarge,
    TooSlow,
}

impl Refusal {
    fn status(&self) -> &'static str {
        match self {
            Refusal::Malformed | Refusal::NoHost => "400 Bad Request",
            Refusal::Forbidden => "403 Forbidden",
            Refusal::OtherHost => "421 Misdirected Request",
            Refusal::NotGet => "405 Method Not Allowed",
            Refusal::Body => "413 Content Too Large",
            Refusal::HeadTooLarge => "431 Request Header Fields Too Large",
            Refusal::TooSlow => "408 Request Timeout",
        }
    }

    fn explain(&self, listening: SocketAddr) -> String {
        match self {
            Refusal::Malformed => "bad request\n".into(),
            Refusal::Forbidden => "forbidden\n".into(),
            Refusal::NoHost => "a Host header is required\n".into(),
            Refusal::OtherHost => format!(
                "this preview answers only requests for {}; another name in Host \
                 may be a web page reading it through DNS rebinding\n",
                allowed_hosts(listening)
            ),
            Refusal::NotGet => "GET and HEAD only\n".into(),
            Refusal::Body => "requests to this preview carry no body\n".into(),
            Refusal::HeadTooLarge => format!("the request head is over {MAX_HEAD} bytes\n"),
            Refusal::TooSlow => format!(
                "the request head did not arrive within {} s\n",
                HEAD_DEADLINE.as_secs()
            ),
        }
    }
}

/// Reads one request head, which must end within `HEAD_DEADLINE` and
/// `MAX_HEAD` bytes. Whatever follows it (a body) is left unread.
pub fn read_request(mut stream: &TcpStream) -> Result<Request, Refusal> {
    let deadline = Instant::now() + HEAD_DEADLINE;
    let mut head = Vec::with_capacity(1024);
    let mut buf = [0u8; 4096];
    let end = loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return Err(Refusal::TooSlow);
        }
        let n = match stream.read(&mut buf) {
            Ok(0) => return Err(Refusal::Malformed),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                return Err(Refusal::TooSlow)
            }
            Err(_) => return Err(Refusal::Malformed),
        };
        // The blank line may straddle two reads.
        let from = head.len().saturating_sub(2);
        head.extend_from_slice(&buf[..n]);
        if let Some(end) = head_end(&head, from) {
            break end;
        }
        if head.len() > MAX_HEAD {
            return Err(Refusal::HeadTooLarge);
        }
    };
    if end > MAX_HEAD {
        return Err(Refusal::HeadTooLarge);
    }
    parse_head(&String::from_utf8_lossy(&head[..end]))
}

/// Where the head ends (just after the line break before its blank line),
/// searching from `from`.
fn head_end(bytes: &[u8], from: usize) -> Option<usize> {
    (from..bytes.len()).find_map(|i| match &bytes[i..] {
        [b'\n', b'\n', ..] | [b'\n', b'\r', b'\n', ..] => Some(i + 1),
        _ => None,
    })
}

fn parse_head(head: &str) -> Result<Request, Refusal> {
    let mut lines = head.lines();
    let mut parts = lines.next().unwrap_or("").split_whitespace();
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
        return Err(Refusal::Malformed);
    };
    let mut request = Request {
        method: method.to_string(),
        target: target.to_string(),
        hosts: Vec::new(),
        has_body: false,
    };
    for line in lines {
        let (name, value) = line.split_once(':').ok_or(Refusal::Malformed)?;
        let (name, value) = (name.trim(), value.trim());
        if name.eq_ignore_ascii_case("host") {
            request.hosts.push(value.to_string());
        } else if name.eq_ignore_ascii_case("transfer-encoding") {
            request.has_body = true;
        } else if name.eq_ignore_ascii_case("content-length") {
            let length: u64 = value.parse().map_err(|_| Refusal::Malformed)?;
            request.has_body |= length > 0;
        }
    }
    Ok(request)
}

impl Request {
    pub fn head_only(&self) -> bool {
        self.method == "HEAD"
    }

    /// The decoded path (always starting with `/`), once the request is
    /// one a preview server answers: one `Host` naming the server listening
    /// on `listening`, GET or HEAD, no body, a path inside the site.
    pub fn path(&self, listening: SocketAddr) -> Result<String, Refusal> {
        match self.hosts.as_slice() {
            [] => return Err(Refusal::NoHost),
            [host] if names_server(host, listening) => {}
            [_] => return Err(Refusal::OtherHost),
            _ => return Err(Refusal::Malformed),
        }
        if !matches!(self.method.as_str(), "GET" | "HEAD") {
            return Err(Refusal::NotGet);
        }
        if self.has_body {
            return Err(Refusal::Body);
        }
        safe_path(self.target.split(['?', '#']).next().unwrap_or("/"))
    }
}

/// Whether a `Host` value names the server on `listening`: `localhost` or
/// the address it listens on (any IP address when it listens on all), with
/// its port. A web page makes a browser send its own host name, so an IP
/// address is never a rebinding page's.
fn names_server(host: &str, listening: SocketAddr) -> bool {
    let Some((name, port)) = split_host(host) else {
        return false;
    };
    if port.unwrap_or(80) != listening.port() {
        return false;
    }
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<IpAddr>()
            .is_ok_and(|ip| ip == listening.ip() || listening.ip().is_unspecified())
}

/// `name[:port]` or `[ipv6][:port]`.
fn split_host(host: &str) -> Option<(&str, Option<u16>)> {
    let (name, port) = match host.strip_prefix('[') {
        Some(bracketed) => {
            let (ip, port) = bracketed.split_once(']')?;
            ip.parse::<std::net::Ipv6Addr>().ok()?;
            (ip, port)
        }
        None => host.find(':').map_or((host, ""), |i| host.split_at(i)),
    };
    match port {
        "" => Some((name, None)),
        _ => Some((name, Some(port.strip_prefix(':')?.parse().ok()?))),
    }
}

/// The hosts [`names_server`] accepts, for the refusal's message.
fn allowed_hosts(listening: SocketAddr) -> String {
    let port = listening.port();
    if listening.ip().is_unspecified() {
        format!("localhost:{port} or an IP address of this machine with port {port}")
    } else {
        format!("localhost:{port} or {listening}")
    }
}

/// Percent-decodes a request path and refuses anything that could name a
/// file outside the site: `..` segments (also as `%2e%2e`), backslashes,
/// NUL, and paths that are not rooted at `/`.
fn safe_path(raw: &str) -> Result<String, Refusal> {
    if !raw.starts_with('/') {
        return Err(Refusal::Forbidden);
    }
    let decoded = percent_decode(raw).ok_or(Refusal::Malformed)?;
    if decoded.contains(['\\', '\0']) || decoded.contains("//") {
        return Err(Refusal::Forbidden);
    }
    if decoded.split('/').any(|seg| seg == ".." || seg == ".") {
        return Err(Refusal::Forbidden);
    }
    Ok(decoded)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

pub fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

pub fn respond(
    stream: &TcpStream,
    status: &str,
    content_type: &str,
    body: &[u8],
    head_only: bool,
) -> io::Result<()> {
    let headers = format!("Content-Type: {content_type}\r\n");
    send(stream, status, &headers, body, head_only)
}

/// Answers a refused request, then reads what the client may still be
/// sending: closing with unread bytes would reset the connection and could
/// destroy the answer before the client reads it.
pub fn refuse(
    stream: &TcpStream,
    refusal: &Refusal,
    listening: SocketAddr,
    head_only: bool,
) -> io::Result<()> {
    let allow = match refusal {
        Refusal::NotGet => "Allow: GET, HEAD\r\n",
        _ => "",
    };
    let headers = format!("Content-Type: text/plain; charset=utf-8\r\n{allow}");
    let body = refusal.explain(listening);
    let sent = send(
        stream,
        refusal.status(),
        &headers,
        body.as_bytes(),
        head_only,
    );
    linger(stream);
    sent
}

/// Reads and drops the rest of a refused request, within [`LINGER`] and
/// [`MAX_LINGER_BYTES`], after telling the client that nothing more comes.
fn linger(mut stream: &TcpStream) {
    if stream.shutdown(Shutdown::Write).is_err() {
        return;
    }
    let deadline = Instant::now() + LINGER;
    let mut buf = [0u8; 16 * 1024];
    let mut drained = 0;
    while drained < MAX_LINGER_BYTES {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return;
        }
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => drained += n,
        }
    }
}

fn send(
    mut stream: &TcpStream,
    status: &str,
    headers: &str,
    body: &[u8],
    head_only: bool,
) -> io::Result<()> {
    write!(
        stream,
        "HTTP/1.1 {status}\r\n{headers}Content-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    if !head_only {
        stream.write_all(body)?;
    }
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_escape_the_site() {
        assert_eq!(safe_path("/zh/index.html").unwrap(), "/zh/index.html");
        assert_eq!(safe_path("/zh/%E6%97%A5.html").unwrap(), "/zh/日.html");
        for bad in [
            "/../content/site.yaml",
            "/zh/%2e%2e/%2E%2E/etc/passwd",
            "/a\\..\\b",
            "//etc/passwd",
            "etc/passwd",
            "/a/./b",
            "/%00",
        ] {
            assert!(safe_path(bad).is_err(), "{bad}");
        }
        assert_eq!(safe_path("/%zz"), Err(Refusal::Malformed));
    }

    #[test]
    fn a_head_ends_at_its_first_blank_line() {
        let head = b"GET / HTTP/1.1\r\nHost: a\r\n\r\nbody\n\n";
        assert_eq!(head_end(head, 0), Some(25));
        assert_eq!(head_end(b"GET / HTTP/1.1\nHost: a\n\n", 0), Some(23));
        assert_eq!(head_end(b"GET / HTTP/1.1\r\nHost: a\r\n", 0), None);
        // Found when the blank line straddles two reads.
        assert_eq!(head_end(head, 24), Some(25));
    }

    #[test]
    fn requests_name_one_host_and_carry_no_body() {
        let at: SocketAddr = "127.0.0.1:1111".parse().unwrap();
        let path = |head: &str| parse_head(head).and_then(|r| r.path(at));
        assert_eq!(
            path("GET /a?q#f HTTP/1.1\r\nHost: localhost:1111\r\n"),
            Ok("/a".into())
        );
        assert_eq!(path("GET /a HTTP/1.1\r\n"), Err(Refusal::NoHost));
        assert_eq!(
            path("GET /a HTTP/1.1\r\nHost: localhost:1111\r\nhost: localhost:1111\r\n"),
            Err(Refusal::Malformed)
        );
        assert_eq!(
            path("GET /a HTTP/1.1\r\nHost: evil.example:1111\r\n"),
            Err(Refusal::OtherHost)
        );
        assert_eq!(
            path("POST /a HTTP/1.1\r\nHost: localhost:1111\r\n"),
            Err(Refusal::NotGet)
        );
        for body in ["Content-Length: 3", "transfer-encoding: chunked"] {
            let head = format!("GET /a HTTP/1.1\r\nHost: localhost:1111\r\n{body}\r\n");
            assert_eq!(path(&head), Err(Refusal::Body), "{body}");
        }
        let head = "GET /a HTTP/1.1\r\nHost: localhost:1111\r\nContent-Length: 0\r\n";
        assert_eq!(path(head), Ok("/a".into()));
        assert_eq!(
            path("GET /a HTTP/1.1\r\nContent-Length: x\r\n"),
            Err(Refusal::Malformed)
        );
        assert_eq!(
            path("GET /a HTTP/1.1\r\nno colon\r\n"),
            Err(Refusal::Malformed)
        );
        assert_eq!(path("GET\r\n"), Err(Refusal::Malformed));
    }

    #[test]
    fn hosts_that_name_the_server() {
        let loopback: SocketAddr = "127.0.0.1:1111".parse().unwrap();
        for good in ["localhost:1111", "LOCALHOST:1111", "127.0.0.1:1111"] {
            assert!(names_server(good, loopback), "{good}");
        }
        for bad in [
            "evil.example:1111",
            "localhost",
            "localhost:",
            "localhost:1112",
            "localhost:1111:1111",
            "127.0.0.2:1111",
            "[::1]:1111",
            "[localhost]:1111",
            "::1:1111",
            "",
        ] {
            assert!(!names_server(bad, loopback), "{bad}");
        }
        // Port 80 is the one a browser leaves out.
        let port_80: SocketAddr = "127.0.0.1:80".parse().unwrap();
        assert!(names_server("localhost", port_80));
        assert!(names_server("127.0.0.1", port_80));
        // `--bind` another interface: its address, and still `localhost`.
        let lan: SocketAddr = "192.168.1.5:1111".parse().unwrap();
        assert!(names_server("192.168.1.5:1111", lan));
        assert!(names_server("localhost:1111", lan));
        assert!(!names_server("192.168.1.6:1111", lan));
        let v6: SocketAddr = "[::1]:1111".parse().unwrap();
        assert!(names_server("[::1]:1111", v6));
        assert!(!names_server("[::2]:1111", v6));
        // All interfaces: whichever address a browser was pointed at, but
        // never a name.
        let all: SocketAddr = "0.0.0.0:1111".parse().unwrap();
        assert!(names_server("10.0.0.7:1111", all));
        assert!(names_server("[fe80::1]:1111", all));
        assert!(!names_server("evil.example:1111", all));
    }
}
