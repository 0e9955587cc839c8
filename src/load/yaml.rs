//! The one place annals touches a YAML library. `serde_yaml` is deprecated
//! upstream; swapping it means changing this file only.

use serde::de::DeserializeOwned;

/// A YAML problem, located relative to the start of the parsed string.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct YamlError {
    pub message: String,
    /// 1-based line and column in the parsed string, when the parser knows.
    pub line: Option<usize>,
    pub col: Option<usize>,
}

pub fn from_str<T: DeserializeOwned>(source: &str) -> Result<T, YamlError> {
    serde_yaml::from_str(source).map_err(|e| {
        let location = e.location();
        YamlError {
            message: in_content_words(&strip_location_suffix(&e.to_string())),
            line: location.as_ref().map(|l| l.line()),
            col: location.as_ref().map(|l| l.column()),
        }
    })
}

/// serde_yaml appends "at line L column C" to its messages; we print the
/// location ourselves, relative to the whole file. It also writes the path
/// of an item of a top-level list as `.[0]`; `[0]` reads better.
fn strip_location_suffix(message: &str) -> String {
    let message = match message.find(" at line ") {
        Some(i) => &message[..i],
        None => message,
    };
    match message.strip_prefix('.') {
        Some(rest) if rest.starts_with('[') => rest.to_string(),
        _ => message.to_string(),
    }
}

/// serde's `invalid type: integer 7, expected i64` in the words of the
/// content: `expected a whole number, found 7`. Rust type names mean
/// nothing to an editor. Other messages are kept.
fn in_content_words(message: &str) -> String {
    // `order: invalid type: …`: the key path, if any, stays in front.
    let (path, rest) = match message
        .find("invalid type: ")
        .or(message.find("invalid value: "))
    {
        Some(i) => message.split_at(i),
        None => return message.to_string(),
    };
    let rest = rest
        .trim_start_matches("invalid type: ")
        .trim_start_matches("invalid value: ");
    let Some((found, expected)) = rest.rsplit_once(", expected ") else {
        return message.to_string();
    };
    format!(
        "{path}expected {}, found {}",
        expected_words(expected),
        found_words(found)
    )
}

fn expected_words(expected: &str) -> &str {
    match expected {
        "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "usize" | "isize"
        | "an integer" => "a whole number",
        "a nonzero usize" | "a nonzero u32" | "a nonzero u64" => "a whole number above 0",
        "f32" | "f64" => "a number",
        "a string" | "a borrowed string" | "a character" => "text",
        "a boolean" => "true or false",
        "a sequence" => "a list",
        "a map" => "a map of keys and values",
        other => other,
    }
}

/// `integer 7` -> `7`, `string "x"` -> `the text "x"`, `sequence` -> `a list`.
fn found_words(found: &str) -> String {
    let unquote = |s: &str| s.trim_matches('`').to_string();
    match found.split_once(' ') {
        Some(("integer" | "floating", n)) => unquote(n.trim_start_matches("point ")),
        Some(("string", s)) => format!("the text {s}"),
        Some(("boolean", b)) => unquote(b),
        _ => match found {
            "sequence" => "a list".to_string(),
            "map" => "a map".to_string(),
            "unit value" => "nothing".to_string(),
            other => other.to_string(),
        },
    }
}

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
    fn reports_one_based_positions() {
        let err = from_str::<Meta>("title: a\ncolour: red\n").unwrap_err();
        assert!(
            err.message.contains("unknown field `colour`"),
            "{}",
            err.message
        );
        assert_eq!((err.line, err.col), (Some(2), Some(1)));
        let err = from_str::<Meta>("title: [unclosed\n").unwrap_err();
        assert!(err.line.is_some());
    }

    #[test]
    fn messages_use_the_words_of_the_content() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Typed {
            order: i64,
            limit: std::num::NonZeroUsize,
            title: String,
            draft: bool,
        }
        let base = "order: 1\nlimit: 1\ntitle: a\ndraft: true\n";
        let message = |from: &str, to: &str| {
            from_str::<Typed>(&base.replace(from, to))
                .unwrap_err()
                .message
        };
        assert_eq!(
            message("order: 1", "order: first"),
            "order: expected a whole number, found the text \"first\""
        );
        assert_eq!(
            message("order: 1", "order: 1.5"),
            "order: expected a whole number, found 1.5"
        );
        assert_eq!(
            message("limit: 1", "limit: 0"),
            "limit: expected a whole number above 0, found 0"
        );
        assert_eq!(
            message("title: a", "title: [a]"),
            "title: expected text, found a list"
        );
        assert_eq!(
            message("draft: true", "draft: 7"),
            "draft: expected true or false, found 7"
        );
        assert_eq!(
            from_str::<Vec<u32>>("a: 1").unwrap_err().message,
            "expected a list, found a map"
        );
    }
}
