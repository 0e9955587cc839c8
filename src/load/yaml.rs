//! The one place annals touches a YAML library. Every YAML file a site has
//! (`site.yaml`, `products.yaml`, `references.yaml`, front matter,
//! `templates/i18n.yaml`) is read by [`from_str`]. `serde_yaml` is
//! deprecated upstream; swapping it means changing this file only.
//!
//! serde_yaml has no limits that hold: an alias repeats its anchored value
//! each time it is used (a 1 MB file of `*s` grew to gigabytes), and its
//! parser, libyaml, takes time quadratic in how deeply `[` and `{` nest
//! (200 KB of `[` ran for minutes). So a pure-Rust event parser
//! (saphyr-parser, which streams and can be stopped at any event) reads the
//! text first and checks size, depth, what aliases expand to, duplicate
//! keys and tags; serde_yaml, with its messages and types, only ever sees
//! text that passed.

use saphyr_parser::{Event, Parser, ScanError};
use serde::de::DeserializeOwned;
use std::collections::HashSet;

/// The largest YAML file read: far above a history's 100,000 references.
pub const MAX_BYTES: usize = 16 << 20;
/// Lists and maps nested deeper than this are refused; the site's files
/// need four or five levels.
pub const MAX_DEPTH: usize = 64;
/// What aliases may add to a file once each is replaced by the value it
/// names, counted in characters of text (plus one per value).
pub const MAX_ALIAS_GROWTH: usize = 1 << 20;

/// A YAML problem, located relative to the start of the parsed string.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct YamlError {
    pub message: String,
    /// 1-based line and column in the parsed string, when the parser knows.
    pub line: Option<usize>,
    pub col: Option<usize>,
    /// What to do, for the problems found here rather than by serde (a
    /// caller adds its own list of keys to the others).
    pub hint: Option<&'static str>,
}

impl YamlError {
    fn at(line: usize, col: usize, message: String, hint: &'static str) -> Self {
        YamlError {
            message,
            line: Some(line),
            col: Some(col),
            hint: Some(hint),
        }
    }
}

pub fn from_str<T: DeserializeOwned>(source: &str) -> Result<T, YamlError> {
    check_limits(source)?;
    serde_yaml::from_str(source).map_err(|e| {
        let location = e.location();
        YamlError {
            message: in_content_words(&strip_location_suffix(&e.to_string())),
            line: location.as_ref().map(|l| l.line()),
            col: location.as_ref().map(|l| l.column()),
            hint: None,
        }
    })
}

/// One list or map being read: its anchor, the size it has so far (to
/// price aliases to it) and, for a map, the keys seen.
struct Open {
    anchor: usize,
    size: usize,
    keys: Option<HashSet<String>>,
    /// Whether the next value in a map is a key (maps alternate key, value).
    at_key: bool,
}

/// Checks `source` against the limits in one streaming pass, linear in its
/// length: the parser is stopped at the first event past a limit.
fn check_limits(source: &str) -> Result<(), YamlError> {
    if source.len() > MAX_BYTES {
        return Err(YamlError::at(
            1,
            1,
            format!(
                "the file is {} MiB; a YAML file may be at most {} MiB",
                source.len() >> 20,
                MAX_BYTES >> 20
            ),
            "split the content into sections, or shorten it",
        ));
    }
    // The size of each anchored value, by anchor id, once it is complete.
    let mut anchored: Vec<usize> = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    // What all values add up to with aliases expanded, and without.
    let (mut expanded, mut written) = (0usize, 0usize);
    let mut parser = Parser::new_from_str(source);
    while let Some(next) = parser.next_event() {
        let (event, span) = match next {
            Ok(ok) => ok,
            Err(e) => return parse_error(source, &e, stack.len()),
        };
        let (line, col) = (span.start.line(), span.start.col() + 1);
        // `!!int "7"` made serde say "integer `7`, expected i64"; no site
        // file needs a tag, so one is refused where it is written.
        if let Event::Scalar(_, _, _, Some(_))
        | Event::SequenceStart(_, Some(_))
        | Event::MappingStart(_, Some(_)) = &event
        {
            return Err(YamlError::at(
                line,
                col,
                "a tag (`!!int`, `!name`) is not read here".to_string(),
                "write the value plainly, without a `!` tag: 7, true, a text or a list",
            ));
        }
        // The size of a value (scalar, alias or a whole list or map) that
        // just ended, and its anchor.
        let mut done: Option<(usize, usize)> = None;
        match event {
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if stack.len() == MAX_DEPTH {
                    return Err(too_deep(line, col));
                }
                if let Some(parent) = stack.last_mut() {
                    parent.next_value();
                }
                stack.push(Open {
                    anchor,
                    size: 1,
                    keys: matches!(event, Event::MappingStart(..)).then(HashSet::new),
                    at_key: true,
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                done = stack.pop().map(|open| (open.anchor, open.size));
            }
            Event::Scalar(text, _, anchor, _) => {
                if let Some(parent) = stack.last_mut() {
                    if parent.next_value()
                        && !parent
                            .keys
                            .as_mut()
                            .is_some_and(|k| k.insert(text.to_string()))
                    {
                        return Err(YamlError::at(
                            line,
                            col,
                            format!("the key `{text}` is given twice in this map"),
                            "keep one of the two",
                        ));
                    }
                }
                let size = text.chars().count() + 1;
                written += size;
                done = Some((anchor, size));
            }
            Event::Alias(id) => {
                if let Some(parent) = stack.last_mut() {
                    parent.next_value();
                }
                let size = anchored.get(id).copied().unwrap_or(1);
                expanded = expanded.saturating_add(size);
                if expanded > written.saturating_add(MAX_ALIAS_GROWTH) {
                    return Err(YamlError::at(
                        line,
                        col,
                        format!(
                            "with this alias, the aliases (`*name`) of the file repeat more than {} MiB of text beyond its own size",
                            MAX_ALIAS_GROWTH >> 20
                        ),
                        "write the values out, or use aliases for short values only",
                    ));
                }
                done = Some((0, size));
            }
            Event::Nothing
            | Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart(_)
            | Event::DocumentEnd => {}
        }
        let Some((anchor, size)) = done else {
            continue;
        };
        if anchor != 0 {
            if anchored.len() <= anchor {
                anchored.resize(anchor + 1, 1);
            }
            anchored[anchor] = size;
        }
        if let Some(parent) = stack.last_mut() {
            parent.size = parent.size.saturating_add(size);
        }
    }
    Ok(())
}

impl Open {
    /// Counts a value starting in this list or map; whether it is a map's key.
    fn next_value(&mut self) -> bool {
        let is_key = self.keys.is_some() && self.at_key;
        self.at_key = !self.at_key;
        is_key
    }
}

/// saphyr-parser follows YAML 1.2 strictly where libyaml is lenient (a flow
/// list continued at column 0, tabs, …), so a file it rejects still goes to
/// serde_yaml, which has the final say and the messages editors know — but
/// only when the text after the error, which no limit was checked on,
/// cannot break one: it holds no alias and too few `[` and `{` to nest past
/// the limit. Otherwise the error stands.
fn parse_error(source: &str, e: &ScanError, depth: usize) -> Result<(), YamlError> {
    let at = source
        .char_indices()
        .nth(e.marker().index())
        .map_or(source.len(), |(i, _)| i);
    let rest = &source[at..];
    let openers = rest.bytes().filter(|b| matches!(b, b'[' | b'{')).count();
    if !rest.contains('*') && depth + openers <= MAX_DEPTH {
        return Ok(());
    }
    let (line, col) = (e.marker().line(), e.marker().col() + 1);
    // saphyr's scanner stops `[[[…` with its own limit before the parser
    // reaches ours; it is the same mistake.
    if e.info().contains("recursion limit") {
        return Err(too_deep(line, col));
    }
    Err(YamlError::at(
        line,
        col,
        format!("this is not valid YAML: {}", e.info()),
        "check the syntax near here: quotes, brackets and indentation",
    ))
}

fn too_deep(line: usize, col: usize) -> YamlError {
    YamlError::at(
        line,
        col,
        format!("lists and maps are nested more than {MAX_DEPTH} deep here"),
        "a site's YAML needs only a few levels; look for a `[` or `{` that is never closed",
    )
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

    #[test]
    fn aliases_may_not_repeat_more_than_the_limit() {
        let value = "A".repeat(100_000);
        // The twelfth alias passes the file's own size plus 1 MiB.
        let aliases = ", *s".repeat(12);
        let source = format!("[&s \"{value}\"{aliases}]");
        // (Not `unwrap_err`: it would print the 1.2 MB list.)
        let Err(err) = from_str::<Vec<String>>(&source) else {
            panic!("twelve aliases of 100,000 characters are refused");
        };
        assert!(err.message.contains("aliases"), "{}", err.message);
        let col = source.len() - ", *s]".len() + 3;
        assert_eq!((err.line, err.col), (Some(1), Some(col)));
        // Nested aliases are priced at what they expand to.
        let laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\n\
                      b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n\
                      c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n\
                      d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n\
                      e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n\
                      f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n";
        let err = from_str::<serde_yaml::Value>(laughs).unwrap_err();
        assert!(err.message.contains("aliases"), "{}", err.message);
        assert_eq!(err.line, Some(6));
        // Short values repeated are fine.
        let ok = format!("[&p Reuters{}]", ", *p".repeat(10_000));
        assert_eq!(from_str::<Vec<String>>(&ok).unwrap().len(), 10_001);
    }

    #[test]
    fn nesting_is_refused_past_the_limit_in_both_styles() {
        for deep in [
            format!("title: {}{}", "[".repeat(100_000), "]".repeat(100_000)),
            format!("title: {}{}", "{a: ".repeat(50_000), "}".repeat(50_000)),
        ] {
            let err = from_str::<serde_yaml::Value>(&deep).unwrap_err();
            assert!(
                err.message.contains("nested more than 64"),
                "{}",
                err.message
            );
            assert_eq!(err.line, Some(1));
        }
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(from_str::<serde_yaml::Value>(&ok).is_ok());
    }

    #[test]
    fn a_key_given_twice_in_any_map_is_an_error_at_the_second() {
        let err = from_str::<serde_yaml::Value>("title: {zh: a, zh: b}\n").unwrap_err();
        assert_eq!(err.message, "the key `zh` is given twice in this map");
        assert_eq!((err.line, err.col), (Some(1), Some(16)));
        let err = from_str::<serde_yaml::Value>("a:\n  zh: a\n  en: b\n  zh: c\n").unwrap_err();
        assert_eq!((err.line, err.col), (Some(4), Some(3)));
        // The same word as a key and a value, or in two maps, is no repeat.
        assert!(from_str::<serde_yaml::Value>("a: {zh: zh}\nb: {zh: a}\n").is_ok());
    }

    #[test]
    fn what_libyaml_accepts_and_saphyr_does_not_still_loads() {
        // A flow map continued at column 0.
        let v: serde_yaml::Value = from_str("title: {zh: a,\nen: b}\n").unwrap();
        assert_eq!(v["title"]["en"], serde_yaml::Value::from("b"));
    }

    #[test]
    fn files_past_the_size_limit_are_refused() {
        let big = format!("a: \"{}\"\n", "x".repeat(MAX_BYTES));
        let err = from_str::<serde_yaml::Value>(&big).unwrap_err();
        assert!(err.message.contains("at most 16 MiB"), "{}", err.message);
    }

    #[test]
    fn tags_are_refused_and_numbers_are_named_as_numbers() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Order {
            order: i64,
        }
        let err = from_str::<Order>("order: !!int \"7\"\n").unwrap_err();
        assert_eq!(err.message, "a tag (`!!int`, `!name`) is not read here");
        assert_eq!((err.line, err.col), (Some(1), Some(8)));
        assert!(from_str::<serde_yaml::Value>("a: [!x 1]\n").is_err());
        let err = from_str::<Order>("order: first\n").unwrap_err();
        assert_eq!(
            err.message,
            "order: expected a whole number, found the text \"first\""
        );
    }

    proptest::proptest! {
        /// The second parser is new code in the path of every file: YAML's
        /// own punctuation, shuffled, never makes either parser panic.
        #[test]
        fn yaml_punctuation_never_panics(source in "[\\[\\]{}:,&*!|>'\"?# \n\t%@`a-c0-9\\-]{0,300}") {
            let _ = from_str::<serde_yaml::Value>(&source);
        }
    }
}
