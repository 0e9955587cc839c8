//! Reading source files: regular files only, UTF-8 checked, BOM dropped,
//! CRLF accepted; and the link policy of a site's source folders.

use crate::diagnostics::{Diagnostic, Location};
use std::fs::{FileType, Metadata};
use std::io::Read;
use std::path::{Path, PathBuf};

/// The longest file or folder name, in bytes, on the file systems a site
/// is built on (ext4, xfs, btrfs, APFS, NTFS counts 255 UTF-16 units).
pub const MAX_FILE_NAME: usize = 255;

/// Reads a text file. `shown` is the path diagnostics print (relative to
/// the site root).
pub fn read_text(path: &Path, shown: &Path) -> Result<String, Diagnostic> {
    decode(shown, read_bytes(path, shown)?)
}

/// Reads a file of the site, which must be a regular file: a named pipe
/// would block the build forever and a device such as `/dev/zero` never
/// ends. The type is checked before opening, and again on the opened file
/// (opened without blocking) in case the path changed in between.
pub fn read_bytes(path: &Path, shown: &Path) -> Result<Vec<u8>, Diagnostic> {
    let cannot = |e: std::io::Error| {
        Diagnostic::error(
            Some(Location::new(shown, 1, 1)),
            format!("cannot read the file: {e}"),
        )
    };
    only_regular(&std::fs::metadata(path).map_err(cannot)?, shown)?;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let mut file = options.open(path).map_err(cannot)?;
    let meta = file.metadata().map_err(cannot)?;
    only_regular(&meta, shown)?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.read_to_end(&mut bytes).map_err(cannot)?;
    Ok(bytes)
}

fn only_regular(meta: &Metadata, shown: &Path) -> Result<(), Diagnostic> {
    if meta.is_file() {
        return Ok(());
    }
    Err(Diagnostic::error(
        Some(Location::new(shown, 1, 1)),
        format!("this is {}, not a regular file", kind(meta.file_type())),
    )
    .with_hint("annals reads only regular files; replace it with one"))
}

fn kind(t: FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if t.is_dir() {
        "a folder"
    } else {
        "a special file"
    }
}

/// The link policy of a site's source folders (`content/`, `templates/`,
/// `static/`, named by `folder` under `root`): a symbolic link is followed
/// only when it leads inside the folder it is in, so that nothing outside
/// them (`/etc/passwd`, `/proc/self/environ`, a file beside the site) is
/// read, let alone published.
pub fn refuse_link_out(root: &Path, folder: &str, path: &Path) -> Result<(), Diagnostic> {
    if !path.symlink_metadata().is_ok_and(|m| m.is_symlink()) {
        return Ok(());
    }
    let dir = root.join(folder);
    let dir = dir.canonicalize().unwrap_or(dir);
    if path.canonicalize().is_ok_and(|real| real.starts_with(&dir)) {
        return Ok(());
    }
    Err(Diagnostic::error(
        Some(Location::new(shown_path(root, path), 1, 1)),
        format!("this symbolic link points outside the {folder} folder"),
    )
    .with_hint(format!(
        "copy the file into {folder}/ instead of linking to it"
    )))
}

/// A problem met while walking `folder` under `root`, told with paths
/// relative to the site root (walkdir's own message names absolute paths).
pub fn walk_error(root: &Path, folder: &str, e: &walkdir::Error) -> Diagnostic {
    let at = e.path().map(|p| Location::new(shown_path(root, p), 1, 1));
    let is_link = e
        .path()
        .and_then(|p| p.symlink_metadata().ok())
        .is_some_and(|m| m.file_type().is_symlink());
    if let Some(ancestor) = e.loop_ancestor() {
        return Diagnostic::error(
            at,
            format!(
                "this symbolic link makes a loop: it leads back to {}",
                shown_path(root, ancestor).display()
            ),
        )
        .with_hint("remove the link");
    }
    match e.io_error() {
        Some(io) if is_link && io.kind() == std::io::ErrorKind::NotFound => {
            let target = e
                .path()
                .and_then(|p| p.read_link().ok())
                .map(|t| t.display().to_string())
                .unwrap_or_default();
            Diagnostic::error(
                at,
                format!("this symbolic link points to `{target}`, which does not exist"),
            )
            .with_hint("remove the link, or restore what it points to")
        }
        Some(io) => Diagnostic::error(at, format!("cannot read this: {io}")),
        None => Diagnostic::error(at, format!("cannot read the {folder} folder: {e}")),
    }
}

/// `path` as diagnostics print it: relative to the site root.
pub fn shown_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// Decodes file bytes: invalid UTF-8 is reported where it starts; a BOM is
/// dropped and CRLF line endings become LF (line numbers are unchanged).
pub fn decode(shown: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let bad = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let valid = std::str::from_utf8(&bytes[..bad]).unwrap_or_default();
            return Err(Diagnostic::error(
                Some(Location::at_offset(shown, valid, bad)),
                "the file is not valid UTF-8",
            )
            .with_hint("save the file as UTF-8 (GBK and other encodings are not read)"));
        }
    };
    let unmarked = text.strip_prefix('\u{feff}').unwrap_or(&text);
    Ok(if unmarked.contains('\r') {
        unmarked.replace("\r\n", "\n")
    } else if unmarked.len() == text.len() {
        // The common case keeps the bytes read: no copy of a large file.
        text
    } else {
        unmarked.to_string()
    })
}

/// Control characters that HTML does not allow in text (C0 but tab, line
/// feed, form feed and carriage return; DEL; C1): nearly always pasted by
/// accident. The loader reports them; the HTML of the site leaves them out.
pub fn is_stray_control(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
}

/// Turns byte offsets of one file into `line:col` locations, as
/// [`Location::at_offset`] does, without rescanning the file each time: lines
/// are found by binary search, and a column is counted on from the previous
/// answer when it is on the same line and further on (entries are located
/// in file order, so a long one-line paragraph is counted through once).
pub struct Locator<'a> {
    path: &'a Path,
    source: &'a str,
    line_starts: Vec<usize>,
    /// The last answer: (line index, byte offset, 0-based column).
    last: std::cell::Cell<(usize, usize, usize)>,
}

impl<'a> Locator<'a> {
    pub fn new(path: &'a Path, source: &'a str) -> Self {
        let line_starts = std::iter::once(0)
            .chain(source.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Locator {
            path,
            source,
            line_starts,
            last: std::cell::Cell::new((0, 0, 0)),
        }
    }

    pub fn locate(&self, offset: usize) -> Location {
        let mut offset = offset.min(self.source.len());
        while !self.source.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|s| *s <= offset) - 1;
        let (last_line, last_offset, last_col) = self.last.get();
        let col = if last_line == line && last_offset <= offset {
            last_col + self.source[last_offset..offset].chars().count()
        } else {
            self.source[self.line_starts[line]..offset].chars().count()
        };
        self.last.set((line, offset, col));
        Location::new(self.path, line + 1, col + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locator_agrees_with_at_offset() {
        let src = "第一行\nab日期：2025年2月30日\n\n末行 [1]";
        let path = Path::new("a.md");
        let locator = Locator::new(path, src);
        // Forwards, backwards, repeated, past the end and inside a character.
        let mut offsets: Vec<usize> = (0..=src.len() + 2).collect();
        offsets.extend((0..=src.len()).rev());
        offsets.extend([5, 5, 1, 30, 2]);
        for offset in offsets {
            assert_eq!(
                locator.locate(offset),
                Location::at_offset(path, src, offset),
                "{offset}"
            );
        }
    }

    #[test]
    fn invalid_utf8_is_located() {
        let mut bytes = "第一行\nab".as_bytes().to_vec();
        bytes.push(0xff);
        let err = decode(Path::new("x.md"), bytes).unwrap_err();
        assert_eq!(
            err.to_string().lines().next().unwrap(),
            "x.md:2:3: error: the file is not valid UTF-8"
        );
    }

    #[test]
    #[cfg(unix)]
    fn only_regular_files_are_read() {
        // A device (FIFOs are in tests/filesystem_cases.rs): read as empty
        // before, where /dev/zero was read until memory ran out.
        let err = read_text(Path::new("/dev/null"), Path::new("content/site.yaml")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "content/site.yaml:1:1: error: this is a device, not a regular file\n  = hint: annals reads only regular files; replace it with one"
        );
        let tmp = tempfile::tempdir().unwrap();
        let err = read_text(tmp.path(), Path::new("content/a.md")).unwrap_err();
        assert!(err.message.starts_with("this is a folder"), "{err}");
    }

    #[test]
    fn bom_and_crlf_are_accepted() {
        let text = decode(Path::new("x.md"), "\u{feff}a\r\nb\r\n".as_bytes().to_vec()).unwrap();
        assert_eq!(text, "a\nb\n");
    }

    #[test]
    fn a_bom_alone_is_dropped_and_plain_text_kept() {
        let marked = decode(Path::new("x.md"), "\u{feff}a\nb".as_bytes().to_vec()).unwrap();
        assert_eq!(marked, "a\nb");
        let plain = decode(Path::new("x.md"), "甲\nb".as_bytes().to_vec()).unwrap();
        assert_eq!(plain, "甲\nb");
    }
}
