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
            message: strip_location_suffix(&e.to_string()),
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
}
