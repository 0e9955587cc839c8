//! Watching the site's sources: `content/`, `templates/` and `static/`.
//! Editors save in bursts (write, rename, chmod), so changes are gathered
//! for a short quiet period before one rebuild.
//!
//! A folder watch follows the folder, not its name: after `mv content
//! content.bak; cp -r content.bak content` it would watch the old one. So
//! the site root is watched too (not recursively), and each of the three
//! folders is watched afresh whenever its name changes there: replaced,
//! removed, or made after `serve` started.

use notify::{RecommendedWatcher, RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::Duration;

/// How long the sources must stay quiet before a rebuild starts.
pub const QUIET: Duration = Duration::from_millis(15);

pub const WATCHED: [&str; 3] = ["content", "templates", "static"];

/// A running watcher; changes arrive through [`Watch::next_batch`].
pub struct Watch {
    /// The site root, absolute, as the watcher reports paths.
    root: PathBuf,
    watcher: RecommendedWatcher,
    rx: Receiver<PathBuf>,
}

impl Watch {
    pub fn start(root: &Path) -> notify::Result<Watch> {
        let root = std::path::absolute(root).map_err(notify::Error::io)?;
        let (tx, rx) = channel();
        let sources = root.clone();
        let mut watcher =
            notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
                if let Ok(event) = res {
                    if event.kind.is_access() {
                        return;
                    }
                    // The root's other files (`public/`, `.git/`) are not sources.
                    for path in event.paths {
                        if in_sources(&sources, &path) {
                            let _ = tx.send(path);
                        }
                    }
                }
            })?;
        watcher.watch(&root, RecursiveMode::NonRecursive)?;
        let mut watch = Watch { root, watcher, rx };
        for dir in WATCHED {
            watch.rewatch(dir)?;
        }
        Ok(watch)
    }

    /// Watches whatever folder is now named `dir`, if any.
    fn rewatch(&mut self, dir: &str) -> notify::Result<()> {
        let path = self.root.join(dir);
        // Fails if the name was not watched, or the watcher already dropped
        // a folder moved or deleted; either way there is nothing to undo.
        let _ = self.watcher.unwatch(&path);
        if path.is_dir() {
            self.watcher.watch(&path, RecursiveMode::Recursive)?;
        }
        Ok(())
    }

    /// Blocks until something changes, then returns every path changed
    /// until the sources have been quiet for [`QUIET`]. `None` when the
    /// watcher has stopped. A source folder whose name changed is watched
    /// afresh before this returns, so the rebuild that follows reads it
    /// after its watch began and no edit falls between the two.
    pub fn next_batch(&mut self) -> Option<Vec<PathBuf>> {
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
        for dir in WATCHED {
            let folder = self.root.join(dir);
            if batch.contains(&folder) {
                if let Err(e) = self.rewatch(dir) {
                    eprintln!(
                        "warning: cannot watch {}: {e}; changes in it will not rebuild",
                        folder.display()
                    );
                }
            }
        }
        Some(batch)
    }
}

/// Whether `path` is one of the source folders or inside one.
fn in_sources(root: &Path, path: &Path) -> bool {
    path.strip_prefix(root)
        .ok()
        .and_then(|inside| inside.components().next())
        .is_some_and(|first| WATCHED.iter().any(|dir| first.as_os_str() == *dir))
}
