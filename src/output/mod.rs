//! Writing output so that a reader of the folder never sees it half-done:
//! everything goes to a staging folder beside the target, which replaces
//! the target only once it is complete.
//!
//! The target is where the output path really leads ([`resolve`]): an
//! output that is a symbolic link is built through the link, beside the
//! folder it points to, and the link itself is left as it is. An output
//! that is a mount point (a container volume) cannot be renamed, so its
//! staging folder is made inside it and its entries are replaced instead.

use std::collections::HashSet;
use std::ffi::{OsStr, OsString};
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

/// A folder being written for `target`, put in place by [`Staging::commit`].
/// Dropped without commit, it removes itself and the target is untouched.
pub struct Staging {
    /// The output folder, resolved.
    target: PathBuf,
    dir: PathBuf,
    /// `.NAME.annals-tmp-`: the start of this output's staging names.
    prefix: String,
    placement: Placement,
    committed: bool,
    /// The folders (relative to `dir`) made so far. Asking for a folder
    /// that exists costs a failed `mkdir` and a `stat`; a site's 27,000
    /// files lie in 22,000 folders.
    made: Mutex<HashSet<PathBuf>>,
}

/// Where the staging folder is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Placement {
    /// Beside the target, which it replaces as a whole.
    Beside,
    /// Inside the target, a mount point: its entries are replaced.
    Inside,
}

/// What a commit did with the previous output. The new output is in place
/// either way.
#[must_use]
#[derive(Debug)]
pub enum Replaced {
    /// The previous output, if there was one, is deleted.
    Clean,
    /// The previous output could not be deleted and is left at `at`.
    OldKept { at: PathBuf, error: io::Error },
}

impl Staging {
    pub fn new(target: &Path) -> io::Result<Staging> {
        let target = resolve(target)?;
        let (Some(parent), Some(name)) = (target.parent(), target.file_name()) else {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "the output cannot be the root folder",
            ));
        };
        let placement = if is_mount_point(&target) {
            Placement::Inside
        } else {
            Placement::Beside
        };
        let home = match placement {
            Placement::Beside => parent.to_path_buf(),
            Placement::Inside => target.clone(),
        };
        std::fs::create_dir_all(&home)?;
        let prefix = staging_prefix(name);
        remove_stale(&home, &prefix);
        let dir = home.join(format!("{prefix}{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        std::fs::create_dir_all(&dir)?;
        Ok(Staging {
            target,
            dir,
            prefix,
            placement,
            committed: false,
            made: Mutex::default(),
        })
    }

    /// The folder to write into.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Writes a file at `rel` inside the staging folder.
    pub fn write(&self, rel: &Path, bytes: &[u8]) -> io::Result<()> {
        if let Some(folder) = rel.parent().filter(|f| !f.as_os_str().is_empty()) {
            let made = self.made.lock().unwrap().contains(folder);
            if !made {
                std::fs::create_dir_all(self.dir.join(folder))?;
                self.made.lock().unwrap().insert(folder.to_path_buf());
            }
        }
        std::fs::write(self.dir.join(rel), bytes)
    }

    /// Puts the staged output in place of the target. An error means the
    /// target is as it was (unless the error says where the previous output
    /// was left); once the new output is in place, failing to delete the
    /// old one is told in [`Replaced::OldKept`], not as an error.
    pub fn commit(mut self) -> io::Result<Replaced> {
        match self.placement {
            Placement::Beside => self.swap(),
            Placement::Inside => self.replace_entries(),
        }
    }

    /// `.NAME.annals-tmp-PID.old`, where the previous output is put when it
    /// cannot be exchanged in one step; a build killed with it there leaves
    /// it for the next build's `remove_stale`.
    fn aside(&self) -> PathBuf {
        let mut aside = self.dir.clone().into_os_string();
        aside.push(".old");
        PathBuf::from(aside)
    }

    /// Replaces the target with the staged folder. Where the system can
    /// (Linux), the two are exchanged in one step, so the target is never
    /// absent; elsewhere the old target is moved aside first and the staged
    /// folder renamed in its place. The old site is deleted only after the
    /// new one is in place.
    fn swap(&mut self) -> io::Result<Replaced> {
        let had_target = self.target.exists();
        if had_target && exchange(&self.dir, &self.target).is_ok() {
            // The staging folder now holds the old site: a build killed
            // before it is gone leaves it for the next build's
            // `remove_stale`.
            self.committed = true;
            return Ok(delete_old(&self.dir));
        }
        let aside = self.aside();
        if had_target {
            if aside.exists() {
                std::fs::remove_dir_all(&aside)?;
            }
            std::fs::rename(&self.target, &aside)?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.target) {
            if had_target {
                if let Err(back) = std::fs::rename(&aside, &self.target) {
                    return Err(io::Error::new(
                        back.kind(),
                        format!(
                            "{e}; the previous output could not be put back ({back}) and is in {}",
                            aside.display()
                        ),
                    ));
                }
            }
            return Err(e);
        }
        self.committed = true;
        Ok(if had_target {
            delete_old(&aside)
        } else {
            Replaced::Clean
        })
    }

    /// For a mount point: its entries are moved aside into
    /// `.NAME.annals-tmp-PID.old` inside it, the staged entries moved in,
    /// and the old ones deleted. A failure part-way moves everything back.
    /// Not one step: a reader may see a mix during the moves, and a build
    /// killed during them leaves one until the next build.
    fn replace_entries(&mut self) -> io::Result<Replaced> {
        let aside = self.aside();
        if aside.exists() {
            std::fs::remove_dir_all(&aside)?;
        }
        std::fs::create_dir(&aside)?;
        // Every staging folder of this output (ours, and any other build's)
        // stays where it is.
        let old = entries_but(&self.target, &self.prefix)?;
        if let Err((moved, e)) = move_entries(&self.target, &aside, &old) {
            let _ = move_entries(&aside, &self.target, &old[..moved]);
            let _ = std::fs::remove_dir(&aside);
            return Err(e);
        }
        let new = entries_but(&self.dir, &self.prefix)?;
        if let Err((moved, e)) = move_entries(&self.dir, &self.target, &new) {
            let _ = move_entries(&self.target, &self.dir, &new[..moved]);
            let _ = move_entries(&aside, &self.target, &old);
            let _ = std::fs::remove_dir(&aside);
            return Err(e);
        }
        // `committed` stays false: dropping removes the staging folder,
        // empty now.
        Ok(delete_old(&aside))
    }
}

/// Where `path` really leads: absolute, its symbolic links followed, `.`
/// and `..` resolved, also when its last parts do not exist yet (they
/// cannot be links, so `..` there just goes up). A symbolic link that
/// leads nowhere is an error: where the output was meant to go is unknown.
pub fn resolve(path: &Path) -> io::Result<PathBuf> {
    let path = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()?.join(path)
    };
    let mut rest = Vec::new();
    let mut cur = path.as_path();
    loop {
        match cur.canonicalize() {
            Ok(mut real) => {
                for c in rest.iter().rev() {
                    match c {
                        Component::ParentDir => {
                            real.pop();
                        }
                        Component::Normal(name) => real.push(name),
                        _ => {}
                    }
                }
                return Ok(real);
            }
            Err(e) if cur.symlink_metadata().is_ok_and(|m| m.is_symlink()) => {
                let to = cur.read_link().unwrap_or_default();
                let why = match e.kind() {
                    io::ErrorKind::NotFound => "which does not exist".to_string(),
                    _ => format!("which cannot be followed ({e})"),
                };
                return Err(io::Error::new(
                    e.kind(),
                    format!(
                        "{} is a symbolic link to {}, {why}",
                        cur.display(),
                        to.display()
                    ),
                ));
            }
            Err(_) => {}
        }
        match (cur.parent(), cur.components().next_back()) {
            (Some(parent), Some(last)) => {
                rest.push(last);
                cur = parent;
            }
            _ => return Ok(path),
        }
    }
}

/// `.NAME.annals-tmp-`, the start of the names of the output NAME's staging
/// folders. A name too long to leave room within a file name's bytes
/// for the rest (`PID.old`) is cut; cut the same way every time, the
/// leftovers of killed builds are still found.
fn staging_prefix(name: &OsStr) -> String {
    const ROOM: usize = crate::load::files::MAX_FILE_NAME
        - ".".len()
        - ".annals-tmp-".len()
        - "4294967295.old".len();
    let name = name.to_string_lossy();
    let mut end = name.len().min(ROOM);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    format!(".{}.annals-tmp-", &name[..end])
}

/// Whether `dir` is a mount point: on another device than its parent, or
/// listed in the mount table (a bind mount of the same file system shows
/// only there). Renaming one fails with "Device or resource busy".
fn is_mount_point(dir: &Path) -> bool {
    let Ok(meta) = dir.metadata() else {
        return false;
    };
    if !meta.is_dir() {
        return false;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let parent = dir.parent().and_then(|p| p.metadata().ok());
        if parent.is_some_and(|p| p.dev() != meta.dev()) {
            return true;
        }
    }
    let Ok(table) = std::fs::read_to_string("/proc/self/mountinfo") else {
        return false;
    };
    let dir = dir.to_string_lossy();
    // The fifth field is the mount point, with space, tab, newline and
    // backslash written as octal escapes.
    table
        .lines()
        .filter_map(|line| line.split(' ').nth(4))
        .any(|point| unescape_mount_point(point) == dir)
}

fn unescape_mount_point(point: &str) -> String {
    point
        .replace("\\040", " ")
        .replace("\\011", "\t")
        .replace("\\012", "\n")
        .replace("\\134", "\\")
}

/// The names in `dir` but those starting with `prefix`.
fn entries_but(dir: &Path, prefix: &str) -> io::Result<Vec<OsString>> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let name = entry?.file_name();
        if !name.to_str().is_some_and(|n| n.starts_with(prefix)) {
            names.push(name);
        }
    }
    Ok(names)
}

/// Moves `names` from `from` into `to`; on failure, how many were moved.
fn move_entries(from: &Path, to: &Path, names: &[OsString]) -> Result<(), (usize, io::Error)> {
    for (i, name) in names.iter().enumerate() {
        std::fs::rename(from.join(name), to.join(name)).map_err(|e| (i, e))?;
    }
    Ok(())
}

/// Deletes the previous output, now at `old`; failing that, it is told.
fn delete_old(old: &Path) -> Replaced {
    match remove_tree(old) {
        Ok(()) => Replaced::Clean,
        Err(error) => Replaced::OldKept {
            at: old.to_path_buf(),
            error,
        },
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

/// Removes what killed builds of an output left in `parent`: folders
/// named exactly `PREFIX` + `PID` or `PID.old` (never a symbolic link) whose
/// process PID no longer runs. Whether it runs is read from `/proc`; where
/// there is none, nothing is removed.
fn remove_stale(parent: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(rest) = file_name.to_str().and_then(|n| n.strip_prefix(prefix)) else {
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
/// The previous content left behind is an error that says so.
pub fn write_tree_atomically(target: &Path, files: &[(PathBuf, String)]) -> io::Result<()> {
    let staging = Staging::new(target)?;
    for (rel, text) in files {
        staging.write(rel, text.as_bytes())?;
    }
    staging.commit_or_error()
}

impl Staging {
    /// Commits, counting previous content that could not be deleted as an
    /// error that says the new files are in place (for `init` and `import`,
    /// whose target was empty anyway).
    pub fn commit_or_error(self) -> io::Result<()> {
        match self.commit()? {
            Replaced::Clean => Ok(()),
            Replaced::OldKept { at, error } => Err(io::Error::new(
                error.kind(),
                format!(
                    "the new files are in place, but the previous ones could not be deleted from {}: {error}",
                    at.display()
                ),
            )),
        }
    }
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
