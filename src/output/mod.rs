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
        remove_stale(&parent, &name);
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

    /// Replaces the target with the staged folder. Where the system can
    /// (Linux), the two are exchanged in one step, so the target is never
    /// absent; elsewhere the old target is moved aside first and the staged
    /// folder renamed in its place. The old site is deleted only after the
    /// new one is in place.
    pub fn commit(mut self) -> io::Result<()> {
        if self.target.exists() && exchange(&self.dir, &self.target).is_ok() {
            // The staging folder now holds the old site: a build killed
            // before it is gone leaves it for the next build's
            // `remove_stale`.
            self.committed = true;
            return remove_tree(&self.dir);
        }
        // `.NAME.annals-tmp-PID.old`: a build killed between the two
        // renames leaves it for the next build's `remove_stale`.
        let mut aside = self.dir.clone().into_os_string();
        aside.push(".old");
        let aside = PathBuf::from(aside);
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
            remove_tree(&aside)?;
        }
        Ok(())
    }
}

/// Exchanges two existing paths atomically: `renameat2` with
/// `RENAME_EXCHANGE` (Linux 3.15; tmpfs, ext4, btrfs, xfs and others).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both paths are NUL-terminated strings that outlive the call;
    // the system call only reads them.
    let result = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if result == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

/// Removes a folder and everything in it, its top-level entries in
/// parallel: replacing a site's output ends by deleting the old one, a
/// sixth of a small build's time when done file by file on one thread.
fn remove_tree(dir: &Path) -> io::Result<()> {
    use rayon::prelude::*;
    let entries: Vec<std::fs::DirEntry> = std::fs::read_dir(dir)?.collect::<io::Result<_>>()?;
    entries.par_iter().try_for_each(|entry| {
        if entry.file_type()?.is_dir() {
            std::fs::remove_dir_all(entry.path())
        } else {
            std::fs::remove_file(entry.path())
        }
    })?;
    std::fs::remove_dir(dir)
}

/// Removes what builds of `name` that were killed left in `parent`:
/// folders named exactly `.NAME.annals-tmp-PID` or `.NAME.annals-tmp-PID.old`
/// (never a symbolic link) whose process PID no longer runs. Whether it
/// runs is read from `/proc`; where there is none, nothing is removed.
fn remove_stale(parent: &Path, name: &str) {
    let prefix = format!(".{name}.annals-tmp-");
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(rest) = file_name.to_str().and_then(|n| n.strip_prefix(&prefix)) else {
            continue;
        };
        let digits = rest.strip_suffix(".old").unwrap_or(rest);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let Ok(pid) = digits.parse::<u32>() else {
            continue;
        };
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_dir && pid != std::process::id() && !process_runs(pid) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Whether process `pid` runs; `true` (keep its files) when that cannot be
/// told.
fn process_runs(pid: u32) -> bool {
    let proc = Path::new("/proc");
    !proc.join("self").exists() || proc.join(pid.to_string()).exists()
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

    #[test]
    #[cfg(target_os = "linux")]
    fn folders_are_exchanged_in_one_step() {
        let tmp = tempfile::tempdir().unwrap();
        let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
        std::fs::create_dir(&a).unwrap();
        std::fs::create_dir(&b).unwrap();
        std::fs::write(a.join("new.txt"), "new").unwrap();
        std::fs::write(b.join("old.txt"), "old").unwrap();
        exchange(&a, &b).unwrap();
        assert!(b.join("new.txt").is_file() && !b.join("old.txt").exists());
        assert!(a.join("old.txt").is_file() && !a.join("new.txt").exists());
        // A missing side is an error, and changes nothing.
        assert!(exchange(&tmp.path().join("none"), &b).is_err());
        assert!(b.join("new.txt").is_file());
    }

    #[test]
    fn a_commit_over_an_output_leaves_only_the_new_one() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("site");
        write_tree_atomically(&target, &[("zh/a.txt".into(), "old".into())]).unwrap();
        write_tree_atomically(&target, &[("zh/b.txt".into(), "new".into())]).unwrap();
        assert!(!target.join("zh/a.txt").exists());
        assert_eq!(
            std::fs::read_to_string(target.join("zh/b.txt")).unwrap(),
            "new"
        );
        let names: Vec<_> = std::fs::read_dir(tmp.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names, ["site"], "nothing but the output is left beside it");
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn stale_staging_folders_of_dead_builds_are_removed() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("site");
        // No process has a number above Linux's largest pid_max (2^22).
        let dead = 4_194_305 + 17;
        let names = [
            (format!(".site.annals-tmp-{dead}"), false),
            (format!(".site.annals-tmp-{dead}.old"), false),
            // A build still running (process 1 always does).
            (".site.annals-tmp-1".to_string(), true),
            // Not exactly the pattern, or another target's.
            (format!(".site.annals-tmp-{dead}x"), true),
            (".site.annals-tmp-".to_string(), true),
            (format!(".other.annals-tmp-{dead}"), true),
            (format!("site.annals-tmp-{dead}"), true),
        ];
        for (name, _) in &names {
            std::fs::create_dir_all(tmp.path().join(name).join("zh")).unwrap();
        }
        // A file of the pattern is left alone; so is a link to a folder.
        std::fs::write(
            tmp.path().join(format!(".site.annals-tmp-{}", dead + 1)),
            "",
        )
        .unwrap();
        let kept = tmp.path().join("kept");
        std::fs::create_dir(&kept).unwrap();
        std::os::unix::fs::symlink(
            &kept,
            tmp.path().join(format!(".site.annals-tmp-{}", dead + 2)),
        )
        .unwrap();

        write_tree_atomically(&target, &[("a.txt".into(), "a".into())]).unwrap();
        for (name, keep) in &names {
            assert_eq!(tmp.path().join(name).exists(), *keep, "{name}");
        }
        assert!(tmp
            .path()
            .join(format!(".site.annals-tmp-{}", dead + 1))
            .is_file());
        assert!(kept.is_dir());
        assert_eq!(std::fs::read_to_string(target.join("a.txt")).unwrap(), "a");
    }
}
