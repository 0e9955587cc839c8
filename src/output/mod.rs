//! Writing output so that a reader of the folder never sees it half-done:
//! everything goes to a staging folder beside the target, which replaces
//! the target only once it is complete.

use std::io;
use std::path::{Path, PathBuf};

/// A folder being written beside `target`, swapped in by [`Staging::commit`].
/// Dropped without commit, it removes itself and the target is untouched.
pub struct Staging {
    target: PathBuf,
    dir: PathBuf,
    committed: bool,
}

impl Staging {
    pub fn new(target: &Path) -> io::Result<Staging> {
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent)?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "out".into());
        let dir = parent.join(format!(".{name}.annals-tmp-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        std::fs::create_dir_all(&dir)?;
        Ok(Staging {
            target: target.to_path_buf(),
            dir,
            committed: false,
        })
    }

    /// The folder to write into.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Writes a file at `rel` inside the staging folder.
    pub fn write(&self, rel: &Path, bytes: &[u8]) -> io::Result<()> {
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, bytes)
    }

    /// Replaces the target with the staged folder. The old target is moved
    /// aside first and deleted only after the new one is in place.
    pub fn commit(mut self) -> io::Result<()> {
        let aside = self.dir.with_extension("old");
        let had_target = self.target.exists();
        if had_target {
            if aside.exists() {
                std::fs::remove_dir_all(&aside)?;
            }
            std::fs::rename(&self.target, &aside)?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.target) {
            if had_target {
                let _ = std::fs::rename(&aside, &self.target);
            }
            return Err(e);
        }
        self.committed = true;
        if had_target {
            std::fs::remove_dir_all(&aside)?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Writes `files` (relative path, text) as the new content of `target`.
pub fn write_tree_atomically(target: &Path, files: &[(PathBuf, String)]) -> io::Result<()> {
    let staging = Staging::new(target)?;
    for (rel, text) in files {
        staging.write(rel, text.as_bytes())?;
    }
    staging.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_staging_leaves_target_untouched() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("site");
        write_tree_atomically(&target, &[("a.txt".into(), "old".into())]).unwrap();
        {
            let s = Staging::new(&target).unwrap();
            s.write(Path::new("a.txt"), b"new").unwrap();
            // dropped without commit
        }
        assert_eq!(
            std::fs::read_to_string(target.join("a.txt")).unwrap(),
            "old"
        );
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
        write_tree_atomically(&target, &[("b.txt".into(), "new".into())]).unwrap();
        assert!(!target.join("a.txt").exists(), "stale files do not survive");
        assert_eq!(
            std::fs::read_to_string(target.join("b.txt")).unwrap(),
            "new"
        );
    }
}
