//! `annals serve`: the editor's loop. The site is loaded and prepared in
//! memory, and each page is rendered when a browser asks for it, by the
//! same code `build` uses, so what you see is exactly what `build` writes
//! (plus a live-reload script). A change reloads the site and notifies open
//! pages at once, without rendering the pages nobody is looking at; a
//! change that breaks the build is shown as an overlay in every open page
//! while the last good build keeps being served.

pub mod http;
pub mod live;
pub mod watch;

use crate::diagnostics::Severity;
use crate::load::{load_site_with, LoadOptions, ParseCache};
use crate::render::{self, assets::Assets};
use live::{Hub, Notice, Problem};
use std::collections::BTreeMap;
use std::io;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock, RwLock};
use std::time::Instant;

/// The last good build, and its files that are neither pages nor search
/// index (feeds, data, static files), made on first request.
struct Current {
    prepared: render::Prepared,
    generated: OnceLock<Result<BTreeMap<String, Vec<u8>>, String>>,
}

pub struct ServeOptions {
    pub addr: SocketAddr,
    pub load: LoadOptions,
    pub quiet: bool,
}

struct State {
    root: PathBuf,
    load: LoadOptions,
    quiet: bool,
    current: RwLock<Arc<Current>>,
    /// Parsed files of earlier loads: a save re-parses only what changed.
    cache: ParseCache,
    hub: Hub,
}

/// A running server.
pub struct Server {
    pub addr: SocketAddr,
}

/// Builds the site, binds, and starts serving and watching in background
/// threads. Fails if the first build fails or the address is taken.
pub fn start(root: &Path, options: ServeOptions) -> Result<Server, String> {
    let cache = ParseCache::default();
    let current = build(root, &options.load, &cache).map_err(|problems| {
        problems
            .iter()
            .map(format_problem)
            .collect::<Vec<_>>()
            .join("\n")
    })?;
    let listener = TcpListener::bind(options.addr)
        .map_err(|e| format!("cannot listen on {}: {e}", options.addr))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let watcher =
        watch::Watch::start(root).map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
    let state = Arc::new(State {
        root: root.to_path_buf(),
        load: options.load,
        quiet: options.quiet,
        current: RwLock::new(Arc::new(current)),
        cache,
        hub: Hub::default(),
    });
    let watching = Arc::clone(&state);
    std::thread::spawn(move || {
        while let Some(changed) = watcher.next_batch() {
            rebuild(&watching, &changed);
        }
    });
    std::thread::spawn(move || accept(listener, state));
    Ok(Server { addr })
}

/// Loads the site and prepares it for rendering, or says why it cannot.
fn build(root: &Path, options: &LoadOptions, cache: &ParseCache) -> Result<Current, Vec<Problem>> {
    let loaded = load_site_with(root, options, cache);
    let errors: Vec<Problem> = loaded
        .diagnostics
        .items
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| Problem {
            location: d.location.as_ref().map(|l| l.to_string()),
            severity: "error".into(),
            message: d.message.clone(),
            hint: d.hint.clone(),
        })
        .collect();
    let site = match loaded.site {
        Some(site) if errors.is_empty() => site,
        _ => return Err(errors),
    };
    let prepared = Assets::load(root)
        .and_then(|assets| render::Prepared::new(Arc::new(site), Arc::new(assets)))
        .map_err(|e| vec![render_problem(&e)])?;
    Ok(Current {
        prepared,
        generated: OnceLock::new(),
    })
}

fn render_problem(e: &render::BuildError) -> Problem {
    Problem {
        location: None,
        severity: "error".into(),
        message: e.to_string(),
        hint: None,
    }
}

fn format_problem(p: &Problem) -> String {
    let mut s = String::new();
    if let Some(l) = &p.location {
        s.push_str(l);
        s.push_str(": ");
    }
    s.push_str(&format!("{}: {}", p.severity, p.message));
    if let Some(h) = &p.hint {
        s.push_str(&format!("\n  = hint: {h}"));
    }
    s
}

fn rebuild(state: &State, changed: &[PathBuf]) {
    let started = Instant::now();
    let was_broken = state.hub.has_problems();
    match build(&state.root, &state.load, &state.cache) {
        Ok(current) => {
            *state.current.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(current);
            if was_broken {
                state.hub.broadcast(Notice::Fixed);
            }
            state.hub.broadcast(Notice::Reload);
            if !state.quiet {
                let what = changed
                    .first()
                    .map(|p| {
                        p.strip_prefix(&state.root)
                            .unwrap_or(p)
                            .display()
                            .to_string()
                    })
                    .unwrap_or_default();
                eprintln!(
                    "rebuilt after {what} changed in {} ms",
                    started.elapsed().as_millis()
                );
            }
        }
        Err(problems) => {
            for p in &problems {
                eprintln!("{}", format_problem(p));
            }
            eprintln!("the build is broken; still serving the last good build");
            state.hub.broadcast(Notice::Problems(problems));
        }
    }
}

fn accept(listener: TcpListener, state: Arc<State>) {
    for stream in listener.incoming().flatten() {
        let state = Arc::clone(&state);
        std::thread::spawn(move || {
            let _ = handle(stream, &state);
        });
    }
}

fn handle(stream: TcpStream, state: &State) -> io::Result<()> {
    let request = match http::read_request(&stream) {
        Ok(r) => r,
        Err(http::BadRequest::Forbidden) => {
            return http::respond(
                &stream,
                "403 Forbidden",
                "text/plain",
                b"forbidden\n",
                false,
            )
        }
        Err(http::BadRequest::Malformed) => {
            return http::respond(
                &stream,
                "400 Bad Request",
                "text/plain",
                b"bad request\n",
                false,
            )
        }
    };
    let head_only = request.method == "HEAD";
    if request.method != "GET" && !head_only {
        return http::respond(
            &stream,
            "405 Method Not Allowed",
            "text/plain",
            b"GET only\n",
            false,
        );
    }
    match request.path.as_str() {
        live::EVENTS_PATH => {
            state.hub.stream(stream);
            return Ok(());
        }
        live::SCRIPT_PATH => {
            return http::respond(
                &stream,
                "200 OK",
                http::content_type(".js"),
                live::SCRIPT.as_bytes(),
                head_only,
            )
        }
        _ => {}
    }
    let current = Arc::clone(&state.current.read().unwrap_or_else(|e| e.into_inner()));
    let name = request.path.trim_start_matches('/');
    let as_folder = if name.is_empty() || name.ends_with('/') {
        format!("{name}index.html")
    } else {
        format!("{name}/index.html")
    };
    for candidate in [name, as_folder.as_str()] {
        if let Some(page) = current.prepared.render_file(candidate) {
            return match page {
                Ok(html) => http::respond(
                    &stream,
                    "200 OK",
                    http::content_type(candidate),
                    &live::inject(&html),
                    head_only,
                ),
                Err(e) => {
                    // A template that fails on this page: show it like any
                    // broken build, in the page and in the terminal.
                    let problem = render_problem(&e);
                    eprintln!("{}", format_problem(&problem));
                    state.hub.broadcast(Notice::Problems(vec![problem]));
                    let body = live::inject(
                        format!(
                            "<!DOCTYPE html><title>annals</title><body><pre>{}</pre></body>",
                            crate::text::escape(&e.to_string())
                        )
                        .as_bytes(),
                    );
                    http::respond(
                        &stream,
                        "500 Internal Server Error",
                        "text/html; charset=utf-8",
                        &body,
                        head_only,
                    )
                }
            };
        }
    }
    // The search index is built only when a search file is asked for.
    if name.starts_with(render::search::FOLDER) {
        return match current.prepared.search_index().files.get(name) {
            Some(bytes) => http::respond(
                &stream,
                "200 OK",
                http::content_type(name),
                bytes,
                head_only,
            ),
            None => http::respond(
                &stream,
                "404 Not Found",
                "text/plain; charset=utf-8",
                b"not found\n",
                head_only,
            ),
        };
    }
    let generated = current
        .generated
        .get_or_init(|| current.prepared.generated().map_err(|e| e.to_string()));
    let files = match generated {
        Ok(files) => files,
        Err(message) => {
            return http::respond(
                &stream,
                "500 Internal Server Error",
                "text/plain; charset=utf-8",
                message.as_bytes(),
                head_only,
            )
        }
    };
    let found = [name, as_folder.as_str()]
        .into_iter()
        .find_map(|c| files.get(c).map(|b| (c, b)));
    match found {
        Some((path, bytes)) if path.ends_with(".html") => http::respond(
            &stream,
            "200 OK",
            http::content_type(path),
            &live::inject(bytes),
            head_only,
        ),
        Some((path, bytes)) => http::respond(
            &stream,
            "200 OK",
            http::content_type(path),
            bytes,
            head_only,
        ),
        None => {
            let page = files
                .get("404.html")
                .map_or_else(|| b"not found\n".to_vec(), |b| live::inject(b));
            http::respond(
                &stream,
                "404 Not Found",
                "text/html; charset=utf-8",
                &page,
                head_only,
            )
        }
    }
}

/// Serves until Ctrl-C.
pub fn run(root: &Path, options: ServeOptions, open: bool) -> Result<(), String> {
    let quiet = options.quiet;
    let server = start(root, options)?;
    let url = format!("http://{}/", server.addr);
    if !quiet {
        println!("serving {} at {url} (Ctrl-C to stop)", root.display());
    }
    if open {
        open_browser(&url);
    }
    let (tx, rx) = std::sync::mpsc::channel();
    ctrlc::set_handler(move || {
        let _ = tx.send(());
    })
    .map_err(|e| format!("cannot handle Ctrl-C: {e}"))?;
    let _ = rx.recv();
    if !quiet {
        println!("stopped");
    }
    Ok(())
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(opener).arg(url).spawn() {
        eprintln!("warning: could not open a browser ({opener}: {e}); open {url} yourself");
    }
}
