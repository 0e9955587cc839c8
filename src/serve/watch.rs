//! Watching the site's sources: `content/`, `templates/` and `static/`.
//! Editors save in bursts (write, rename, chmod), so changes are gathered
//! for a short quiet period before one rebuild. The period is shorter once
//! every file written in the burst has been closed or renamed into place
//! (inotify tells both): the save is then complete, and waiting longer
//! only delays the reload.
//!
//! A folder watch follows the folder, not its name: after `mv content
//! content.bak; cp -r content.bak content` it would watch the old one. So
//! the site root is watched too (not recursively), and each of the three
//! folders is watched afresh whenever its name changes there: replaced,
//! removed, or made after `serve` started.

use notify::event::{AccessKind, AccessMode, CreateKind, ModifyKind, RenameMode};
use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::Duration;

/// How long the sources must stay quiet before a rebuild starts while a
/// file written is still open (or on a system that does not tell when a
/// file is closed).
pub const QUIET: Duration = Duration::from_millis(15);

/// How long they must stay quiet once every file written has been closed
/// or renamed into place: an editor's next step of the same save (a
/// chmod, removing a backup) comes within microseconds.
pub const SETTLED: Duration = Duration::from_millis(3);

/// What one change says of its path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    /// Made or written to: more may follow until it is closed.
    Writing,
    /// Closed after writing, or renamed into place: complete.
    Written,
    /// Removed, renamed away, its metadata changed: nothing follows.
    Changed,
}

impl Step {
    /// What an event says of each of its paths, if it is a change at all
    /// (reading a file is not).
    fn of(kind: &EventKind, path: usize) -> Option<Step> {
        Some(match kind {
            EventKind::Access(AccessKind::Close(AccessMode::Write)) => Step::Written,
            EventKind::Access(_) => return None,
            EventKind::Create(CreateKind::Folder) => Step::Changed,
            EventKind::Create(_) => Step::Writing,
            EventKind::Modify(ModifyKind::Data(_) | ModifyKind::Any) => Step::Writing,
            EventKind::Modify(ModifyKind::Name(RenameMode::To)) => Step::Written,
            // A rename's paths are where it was and where it is now.
            EventKind::Modify(ModifyKind::Name(RenameMode::Both)) if path == 1 => Step::Written,
            _ => Step::Changed,
        })
    }
}

pub const WATCHED: [&str; 3] = ["content", "templates", "static"];

/// A running watcher; changes arrive through [`Watch::next_batch`].
pub struct Watch {
    /// The site root, absolute, as the watcher reports paths.
    root: PathBuf,
    watcher: RecommendedWatcher,
    rx: Receiver<(PathBuf, Step)>,
}

impl Watch {
    pub fn start(root: &Path) -> notify::Result<Watch> {
        let root = std::path::absolute(root).map_err(notify::Error::io)?;
        let (tx, rx) = channel();
        let sources = root.clone();
        let mut watcher =
            notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
                if let Ok(event) = res {
                    // The root's other files (`public/`, `.git/`) are not sources.
                    for (k, path) in event.paths.into_iter().enumerate() {
                        if let Some(step) = Step::of(&event.kind, k) {
                            if in_sources(&sources, &path) {
                                let _ = tx.send((path, step));
                            }
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
    /// until the sources have been quiet for [`QUIET`], or [`SETTLED`] once
    /// no file written is still open. `None` when the watcher has stopped.
    /// A source folder whose name changed is watched afresh before this
    /// returns, so the rebuild that follows reads it after its watch began
    /// and no edit falls between the two.
    pub fn next_batch(&mut self) -> Option<Vec<PathBuf>> {
        let mut batch = Vec::new();
        let mut open = BTreeSet::new();
        // A file closed without a change seen (opened for writing, nothing
        // written) changes nothing: it does not start a batch.
        while batch.is_empty() {
            let (path, step) = self.rx.recv().ok()?;
            if step != Step::Written {
                note(&mut open, &path, step);
                batch.push(path);
            }
        }
        loop {
            let quiet = if open.is_empty() { SETTLED } else { QUIET };
            match self.rx.recv_timeout(quiet) {
                Ok((path, step)) => {
                    note(&mut open, &path, step);
                    batch.push(path);
                }
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

/// Keeps `open` the set of files being written.
fn note(open: &mut BTreeSet<PathBuf>, path: &Path, step: Step) {
    match step {
        Step::Writing => {
            open.insert(path.to_path_buf());
        }
        Step::Written | Step::Changed => {
            open.remove(path);
        }
    }
}

/// Whether `path` is one of the source folders or inside one.
fn in_sources(root: &Path, path: &Path) -> bool {
    path.strip_prefix(root)
        .ok()
        .and_then(|inside| inside.components().next())
        .is_some_and(|first| WATCHED.iter().any(|dir| first.as_os_str() == *dir))
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{DataChange, MetadataKind, RemoveKind};

    #[test]
    fn a_save_is_complete_once_each_file_written_is_closed_or_renamed_into_place() {
        let close = EventKind::Access(AccessKind::Close(AccessMode::Write));
        let write = EventKind::Modify(ModifyKind::Data(DataChange::Any));
        let rename = EventKind::Modify(ModifyKind::Name(RenameMode::Both));
        assert_eq!(Step::of(&close, 0), Some(Step::Written));
        assert_eq!(Step::of(&write, 0), Some(Step::Writing));
        assert_eq!(
            Step::of(&EventKind::Create(CreateKind::File), 0),
            Some(Step::Writing)
        );
        assert_eq!(Step::of(&rename, 0), Some(Step::Changed), "the old name");
        assert_eq!(Step::of(&rename, 1), Some(Step::Written), "the new name");
        let read = EventKind::Access(AccessKind::Close(AccessMode::Read));
        assert_eq!(Step::of(&read, 0), None, "reading changes nothing");

        // Written in place: truncated, written, closed.
        let (a, b) = (Path::new("content/a.md"), Path::new("content/b.md"));
        let mut open = BTreeSet::new();
        note(&mut open, a, Step::Writing);
        note(&mut open, b, Step::Writing);
        note(&mut open, a, Step::Written);
        assert!(!open.is_empty(), "b is still being written");
        note(&mut open, b, Step::Written);
        assert!(open.is_empty());
        // Written to a temporary file renamed over the old one.
        let tmp = Path::new("content/.a.md.swp");
        note(&mut open, tmp, Step::Writing);
        note(&mut open, tmp, Step::of(&rename, 0).unwrap());
        note(&mut open, a, Step::of(&rename, 1).unwrap());
        assert!(open.is_empty());
        // Removed while open: nothing more will come of it.
        note(&mut open, a, Step::Writing);
        let removed = EventKind::Remove(RemoveKind::File);
        note(&mut open, a, Step::of(&removed, 0).unwrap());
        assert!(open.is_empty());
        let chmod = EventKind::Modify(ModifyKind::Metadata(MetadataKind::Permissions));
        assert_eq!(Step::of(&chmod, 0), Some(Step::Changed));
    }
}
