//! Watching the site's sources: `content/`, `templates/` and `static/`.
//! Editors save in bursts (write, rename, chmod), so changes are gathered
//! for a short quiet period before one rebuild.

use notify::{RecommendedWatcher, RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::Duration;

/// How long the sources must stay quiet before a rebuild starts.
pub const QUIET: Duration = Duration::from_millis(15);

pub const WATCHED: [&str; 3] = ["content", "templates", "static"];

/// A running watcher; changes arrive through [`Watch::next_batch`].
pub struct Watch {
    _watcher: RecommendedWatcher,
    rx: Receiver<PathBuf>,
}

impl Watch {
    pub fn start(root: &Path) -> notify::Result<Watch> {
        let (tx, rx) = channel();
        let mut watcher =
            notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
                if let Ok(event) = res {
                    if event.kind.is_access() {
                        return;
                    }
                    for path in event.paths {
                        let _ = tx.send(path);
                    }
                }
            })?;
        for dir in WATCHED {
            let path = root.join(dir);
            if path.is_dir() {
                watcher.watch(&path, RecursiveMode::Recursive)?;
            }
        }
        Ok(Watch {
            _watcher: watcher,
            rx,
        })
    }

    /// Blocks until something changes, then returns every path changed
    /// until the sources have been quiet for [`QUIET`]. `None` when the
    /// watcher has stopped.
    pub fn next_batch(&self) -> Option<Vec<PathBuf>> {
        let first = self.rx.recv().ok()?;
        let mut batch = vec![first];
        loop {
            match self.rx.recv_timeout(QUIET) {
                Ok(path) => batch.push(path),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => break,
            }
        }
        batch.sort();
        batch.dedup();
        Some(batch)
    }
}
