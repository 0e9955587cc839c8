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

#[cfg(test)]
mod tests {
    use super::*;

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
