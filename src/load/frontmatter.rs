//! Splitting a Markdown file into its YAML front matter and its body.

use crate::diagnostics::{Diagnostic, Location};
use crate::load::yaml;
use serde::de::DeserializeOwned;
use std::path::Path;

/// A file split at its front matter fences.
pub struct Split<'a> {
    /// The YAML between the fences.
    pub yaml: &'a str,
    /// 1-based line of the file on which the YAML starts.
    pub yaml_line: usize,
    pub body: &'a str,
    /// Byte offset of the body in the file.
    pub body_offset: usize,
}

/// Splits `source` (already without BOM, newlines as in the file) at `---`
/// fences. A file without front matter is an error: every section needs a
/// title.
pub fn split<'a>(path: &Path, source: &'a str) -> Result<Split<'a>, Diagnostic> {
    let first_line_end = source.find('\n').map_or(source.len(), |i| i + 1);
    if source[..first_line_end].trim_end() != "---" {
        return Err(Diagnostic::error(
            Some(Location::new(path, 1, 1)),
            "the file does not start with front matter",
        )
        .with_hint("start the file with a `---` line, then `title: …`, then another `---` line"));
    }
    let yaml_start = first_line_end;
    let mut line_start = yaml_start;
    while line_start < source.len() {
        let line_end = source[line_start..]
            .find('\n')
            .map_or(source.len(), |i| line_start + i + 1);
        if source[line_start..line_end].trim_end() == "---" {
            return Ok(Split {
                yaml: &source[yaml_start..line_start],
                yaml_line: 2,
                body: &source[line_end..],
                body_offset: line_end,
            });
        }
        line_start = line_end;
    }
    Err(Diagnostic::error(
        Some(Location::new(path, 1, 1)),
        "the front matter is not closed",
    )
    .with_hint("end the front matter with a line holding only `---`"))
}

/// Parses the front matter into `T`, reporting errors at their place in the
/// whole file.
pub fn parse<T: DeserializeOwned>(path: &Path, split: &Split<'_>) -> Result<T, Diagnostic> {
    if split.yaml.trim().is_empty() {
        // serde would say "missing field `title`" at the closing fence.
        return Err(Diagnostic::error(
            Some(Location::new(path, 1, 1)),
            "the front matter is empty: a section needs a `title`",
        )
        .with_hint(HINT));
    }
    yaml::from_str(split.yaml).map_err(|e| {
        let location = match (e.line, e.col) {
            (Some(line), Some(col)) => Location::new(path, split.yaml_line + line - 1, col),
            _ => Location::new(path, split.yaml_line, 1),
        };
        Diagnostic::error(
            Some(location),
            format!("invalid front matter: {}", e.message),
        )
        .with_hint(e.hint.unwrap_or(HINT))
    })
}

const HINT: &str = "front matter keys: `title` (text, required), `slug` (like early-years), `order` (a whole number), `draft` (true or false), `summary` (text)";

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Meta {
        title: String,
    }

    #[test]
    fn errors_point_into_the_file_not_the_block() {
        let src = "---\ntitle: 历程\nslug: x\n---\n正文\n";
        let p = Path::new("a.md");
        let s = split(p, src).unwrap();
        assert_eq!(s.body, "正文\n");
        let err = parse::<Meta>(p, &s).unwrap_err();
        assert_eq!(err.location.unwrap().line, 3);
    }

    #[test]
    fn unterminated_and_missing_front_matter() {
        let p = Path::new("a.md");
        assert!(split(p, "---\ntitle: a\n")
            .err()
            .unwrap()
            .message
            .contains("not closed"));
        assert!(split(p, "正文")
            .err()
            .unwrap()
            .message
            .contains("does not start"));
    }
}
