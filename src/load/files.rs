//! Reading source files: UTF-8 checked, BOM dropped, CRLF accepted.

use crate::diagnostics::{Diagnostic, Location};
use std::path::Path;

/// Reads a text file. `shown` is the path diagnostics print (relative to
/// the site root).
pub fn read_text(path: &Path, shown: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::error(
            Some(Location::new(shown, 1, 1)),
            format!("cannot read the file: {e}"),
        )
    })?;
    decode(shown, bytes)
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
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    Ok(if text.contains('\r') {
        text.replace("\r\n", "\n")
    } else {
        text.to_string()
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
    fn bom_and_crlf_are_accepted() {
        let text = decode(Path::new("x.md"), "\u{feff}a\r\nb\r\n".as_bytes().to_vec()).unwrap();
        assert_eq!(text, "a\nb\n");
    }
}
