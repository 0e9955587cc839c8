//! Live reload: the script injected into served pages (never into `build`
//! output), and the hub that pushes server-sent events to every open page.

use serde::Serialize;
use std::io::{self, Write};
use std::net::TcpStream;
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::Mutex;
use std::time::Duration;

pub const SCRIPT_PATH: &str = "/__annals/live.js";
pub const EVENTS_PATH: &str = "/__annals/events";

/// Reconnects after a lost connection, reloads on `reload`, shows build
/// problems in an overlay on `problems` and removes it on `fixed`. Content
/// strings are set with textContent only.
pub const SCRIPT: &str = r#"(() => {
  "use strict";
  const id = "annals-problems";
  function hide() { const o = document.getElementById(id); if (o) o.remove(); }
  function show(problems) {
    hide();
    const o = document.createElement("div");
    o.id = id;
    o.setAttribute("role", "alert");
    o.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,20,.94);color:#f5f5f5;font:14px/1.5 ui-monospace,monospace;padding:2em";
    const h = document.createElement("h2");
    h.textContent = "annals: the last change does not build (showing the last good build)";
    h.style.cssText = "color:#ff8a80;font:bold 16px sans-serif;margin:0 0 1em";
    o.appendChild(h);
    for (const p of problems) {
      const pre = document.createElement("pre");
      pre.style.cssText = "white-space:pre-wrap;margin:0 0 1em";
      pre.textContent = p.text;
      o.appendChild(pre);
    }
    document.body.appendChild(o);
  }
  const events = new EventSource("/__annals/events");
  events.addEventListener("reload", () => location.reload());
  events.addEventListener("problems", (e) => show(JSON.parse(e.data)));
  events.addEventListener("fixed", hide);
})();
"#;

/// Inserts the live script into an HTML page, before `</body>`.
pub fn inject(html: &[u8]) -> Vec<u8> {
    let tag = format!("<script src=\"{SCRIPT_PATH}\"></script>");
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(i) => format!("{}{tag}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

/// The event stream's status and headers. Its body has no length: it ends
/// when the connection closes.
const STREAM_HEAD: &str = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n";

/// The answer to `HEAD` on the event stream: its headers, and no stream.
pub fn stream_head(mut stream: &TcpStream) -> io::Result<()> {
    stream.write_all(STREAM_HEAD.as_bytes())?;
    stream.flush()
}

/// A build problem as the overlay shows it: rendered by
/// [`crate::diagnostics::Diagnostic::render`], as on the terminal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub severity: crate::diagnostics::Severity,
    pub text: String,
}

/// What a page should know about the server's build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    Reload,
    Problems(Vec<Problem>),
    Fixed,
}

impl Notice {
    /// The notice as one server-sent event.
    pub fn to_sse(&self) -> String {
        match self {
            Notice::Reload => "event: reload\ndata: {}\n\n".to_string(),
            Notice::Fixed => "event: fixed\ndata: {}\n\n".to_string(),
            Notice::Problems(p) => format!(
                "event: problems\ndata: {}\n\n",
                serde_json::to_string(p).unwrap_or_else(|_| "[]".into())
            ),
        }
    }
}

/// The open event streams, and the current problems (sent to pages that
/// connect while the build is broken).
#[derive(Default)]
pub struct Hub {
    clients: Mutex<Vec<Sender<Notice>>>,
    problems: Mutex<Option<Vec<Problem>>>,
}

impl Hub {
    pub fn broadcast(&self, notice: Notice) {
        match &notice {
            Notice::Problems(p) => *lock(&self.problems) = Some(p.clone()),
            Notice::Fixed | Notice::Reload => *lock(&self.problems) = None,
        }
        lock(&self.clients).retain(|c| c.send(notice.clone()).is_ok());
    }

    pub fn has_problems(&self) -> bool {
        lock(&self.problems).is_some()
    }

    fn subscribe(&self) -> Receiver<Notice> {
        let (tx, rx) = channel();
        if let Some(p) = lock(&self.problems).clone() {
            let _ = tx.send(Notice::Problems(p));
        }
        lock(&self.clients).push(tx);
        rx
    }

    /// Streams notices to one page until it goes away. A comment line every
    /// 15 s notices closed connections.
    pub fn stream(&self, mut stream: TcpStream) {
        let rx = self.subscribe();
        let head = format!("{STREAM_HEAD}retry: 1000\n\n");
        if stream
            .write_all(head.as_bytes())
            .and_then(|_| stream.flush())
            .is_err()
        {
            return;
        }
        loop {
            let chunk = match rx.recv_timeout(Duration::from_secs(15)) {
                Ok(notice) => notice.to_sse(),
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_string(),
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return,
            };
            if stream
                .write_all(chunk.as_bytes())
                .and_then(|_| stream.flush())
                .is_err()
            {
                return;
            }
        }
    }
}

/// A poisoned lock only means another connection's thread panicked; the
/// data (a list of senders) is still usable.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_goes_before_body_end() {
        let page = inject(b"<html><body><p>x</p></body></html>");
        assert_eq!(
            String::from_utf8(page).unwrap(),
            "<html><body><p>x</p><script src=\"/__annals/live.js\"></script></body></html>"
        );
    }

    #[test]
    fn problems_are_json_in_one_event() {
        let n = Notice::Problems(vec![Problem {
            severity: crate::diagnostics::Severity::Error,
            text: "content/a.md:3:5: error: bad </script>\n  |\n3 | x\n  | ^".into(),
        }]);
        let sse = n.to_sse();
        assert!(sse.starts_with("event: problems\ndata: [{"));
        assert!(sse.ends_with("}]\n\n"));
        assert_eq!(sse.matches('\n').count(), 3);
    }
}
