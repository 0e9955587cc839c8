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

use crate::commands::Ui;
use crate::diagnostics::{terminal_safe, Diagnostic, Severity, Sources};
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
    /// How much to print on the terminal (with `--verbose`, the phases of
    /// every build), and whether in colour.
    pub ui: Ui,
}

struct State {
    root: PathBuf,
    /// Where the server listens: the `Host` a request must name.
    addr: SocketAddr,
    load: LoadOptions,
    ui: Ui,
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
    // Problems are printed with excerpts of this site's files.
    let options = ServeOptions {
        ui: options.ui.reading_from(root),
        ..options
    };
    let cache = ParseCache::default();
    let current = build(root, &options.load, &cache, &options.ui, None).map_err(|problems| {
        options.ui.diagnostics(&problems);
        format!("{} error(s): the site does not build", problems.len())
    })?;
    if !options.ui.is_quiet() {
        for without in current.prepared.without_event_pages() {
            eprintln!("note: {without}");
        }
    }
    let listener = TcpListener::bind(options.addr)
        .map_err(|e| format!("cannot listen on {}: {e}", options.addr))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let mut watcher =
        watch::Watch::start(root).map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
    let state = Arc::new(State {
        root: root.to_path_buf(),
        addr,
        load: options.load,
        ui: options.ui,
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
/// Loads and prepares the site. `same_look` is the last good build when
/// only `content/` changed since: its compiled templates and static files
/// are reused.
fn build(
    root: &Path,
    options: &LoadOptions,
    cache: &ParseCache,
    ui: &Ui,
    same_look: Option<&render::Prepared>,
) -> Result<Current, Vec<Diagnostic>> {
    let loaded = ui.phase("load", || load_site_with(root, options, cache));
    let errors: Vec<Diagnostic> = loaded
        .diagnostics
        .items
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    let site = match loaded.site {
        Some(site) if errors.is_empty() => site,
        _ => return Err(errors),
    };
    // Pages are rendered when asked for, so preparing is the last phase.
    let site = Arc::new(site);
    let prepared = ui
        .phase("prepare", || match same_look {
            Some(previous) => Ok(previous.with_site(site)),
            None => {
                Assets::load(root).and_then(|assets| render::Prepared::new(site, Arc::new(assets)))
            }
        })
        .map_err(|e| vec![render_problem(&e)])?;
    Ok(Current {
        prepared,
        generated: OnceLock::new(),
    })
}

fn render_problem(e: &render::BuildError) -> Diagnostic {
    Diagnostic::error(None, e.to_string())
}

/// Problems for the overlay: the same rendering, without colour.
fn overlay(root: &Path, problems: &[Diagnostic]) -> Notice {
    let mut sources = Sources::new(root);
    Notice::Problems(
        problems
            .iter()
            .map(|d| Problem {
                severity: d.severity,
                text: d.render(&mut sources, false),
            })
            .collect(),
    )
}

fn rebuild(state: &State, changed: &[PathBuf]) {
    let started = Instant::now();
    let was_broken = state.hub.has_problems();
    let content = state.root.join("content");
    let content_only = changed.iter().all(|p| p.starts_with(&content));
    let last = Arc::clone(&state.current.read().unwrap_or_else(|e| e.into_inner()));
    let same_look = content_only.then_some(&last.prepared);
    let built = build(&state.root, &state.load, &state.cache, &state.ui, same_look);
    // Only `previous` below may keep the last build alive, so that it is
    // freed after the pages are told to reload.
    drop(last);
    match built {
        Ok(current) => {
            let without = current.prepared.without_event_pages();
            let previous = std::mem::replace(
                &mut *state.current.write().unwrap_or_else(|e| e.into_inner()),
                Arc::new(current),
            );
            if was_broken {
                state.hub.broadcast(Notice::Fixed);
            }
            state.hub.broadcast(Notice::Reload);
            // A change that crosses `event_page_limit` is told, like at start.
            if !state.ui.is_quiet() && without != previous.prepared.without_event_pages() {
                for note in &without {
                    eprintln!("note: {note}");
                }
            }
            // Freeing the previous site takes milliseconds at 10,000
            // events: pages reload meanwhile rather than wait for it.
            drop(previous);
            if !state.ui.is_quiet() {
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
                    "rebuilt after {} changed in {} ms",
                    terminal_safe(&what),
                    started.elapsed().as_millis()
                );
            }
        }
        Err(problems) => {
            state.ui.diagnostics(&problems);
            eprintln!("the build is broken; still serving the last good build");
            state.hub.broadcast(overlay(&state.root, &problems));
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
        Err(refusal) => return http::refuse(&stream, &refusal, state.addr, false),
    };
    let head_only = request.head_only();
    let path = match request.path(state.addr) {
        Ok(path) => path,
        Err(refusal) => return http::refuse(&stream, &refusal, state.addr, head_only),
    };
    match path.as_str() {
        live::EVENTS_PATH if head_only => return live::stream_head(&stream),
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
    let name = path.trim_start_matches('/');
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
                    let problems = [render_problem(&e)];
                    state.ui.diagnostics(&problems);
                    state.hub.broadcast(overlay(&state.root, &problems));
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
            // A miss in a language's folder gets that language's 404 page
            // (as a server set up per folder would show it), else the
            // root's, which speaks every language.
            let own = (name.split_once('/'))
                .and_then(|(folder, _)| files.get(&format!("{folder}/404.html")));
            let page = (own.or_else(|| files.get("404.html")))
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
    let quiet = options.ui.is_quiet();
    let server = start(root, options)?;
    let url = format!("http://{}/", server.addr);
    if !quiet {
        println!(
            "serving {} at {url} (Ctrl-C to stop)",
            terminal_safe(&root.display().to_string())
        );
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Location;

    #[test]
    fn the_overlay_shows_the_terminal_rendering_without_colour() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        std::fs::write(
            dir.path().join("content/a.md"),
            "---\n2025年2月30日，\u{1b}[2J\n",
        )
        .unwrap();
        let d = Diagnostic::error(Some(Location::new("content/a.md", 2, 6)), "impossible date")
            .with_hint("check it");
        let Notice::Problems(problems) = overlay(dir.path(), std::slice::from_ref(&d)) else {
            panic!("not a problems notice");
        };
        assert_eq!(problems[0].severity, Severity::Error);
        assert_eq!(
            problems[0].text,
            d.render(&mut Sources::new(dir.path()), false)
        );
        assert_eq!(
            problems[0].text,
            "content/a.md:2:6: error: impossible date\n  |\n2 | 2025年2月30日，\\u{1b}[2J\n  |       ^\n  = hint: check it"
        );
    }
}
