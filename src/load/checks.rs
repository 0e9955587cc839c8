//! Checks of the content: per entry as each file is parsed
//! ([`EntryChecks`]: the products an entry mentions, misspellings of the
//! company's name), and site-wide once everything is loaded ([`run`]:
//! citations used against references described).

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::load::data::REFERENCES;
use crate::load::products::ProductMatcher;
use crate::model::{Config, Product, Site, SourcePos};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

/// Runs the site-wide checks. `diags` holds the problems found while
/// loading: after an error some text may be missing, so a reference cited
/// only there would be reported as uncited; that check is skipped then.
pub fn run(site: &Site, root: &Path, diags: &mut Diagnostics) {
    let complete = !diags.has_errors();
    // A references.yaml that failed to load describes nothing.
    let references_loaded = !(diags.errors()).any(|d| {
        d.location
            .as_ref()
            .is_some_and(|l| l.path == Path::new(REFERENCES))
    });
    let mut found = Vec::new();
    if references_loaded {
        found.extend(undescribed_citations(site, root));
    }
    if complete {
        found.extend(uncited_references(site, root));
    }
    for d in found {
        diags.push(d);
    }
}

/// A number cited in the text that `references.yaml` does not describe,
/// in a site that has that file: a typo in a marker, or an entry
/// forgotten. One warning per number, at its first marker.
fn undescribed_citations(site: &Site, root: &Path) -> Vec<Diagnostic> {
    if !root.join(REFERENCES).is_file() {
        return Vec::new();
    }
    let mut first_use: BTreeMap<u32, (&SourcePos, usize)> = BTreeMap::new();
    for e in &site.events {
        for n in e.text.numbers() {
            if !site.references.contains_key(&n) {
                first_use.entry(n).or_insert((&e.source, 0)).1 += 1;
            }
        }
    }
    let mut files: HashMap<&Path, String> = HashMap::new();
    first_use
        .into_iter()
        .map(|(n, (source, uses))| {
            let text = files
                .entry(source.path.as_path())
                .or_insert_with(|| std::fs::read_to_string(root.join(&source.path)).unwrap_or_default());
            let at = marker_location(text, source, n).unwrap_or_else(|| {
                Location::new(&source.path, source.line, source.col)
            });
            let times = match uses {
                1 => String::new(),
                n => format!(" (by {n} events)"),
            };
            Diagnostic::warning(
                Some(at),
                format!("citation [{n}] is used{times} but references.yaml does not describe it"),
            )
            .with_hint(format!(
                "add `{n}: {{}}` (or its title, publisher, url, date) to {REFERENCES}, or correct the number"
            ))
        })
        .collect()
}

/// Where the first marker citing `n` after the event's start is, in its
/// file's `text`.
fn marker_location(text: &str, event: &SourcePos, n: u32) -> Option<Location> {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(event.line.checked_sub(1)?)
        .map(str::len)
        .sum();
    let start = line_start
        + text
            .get(line_start..)?
            .char_indices()
            .nth(event.col.saturating_sub(1))
            .map_or(0, |(i, _)| i);
    let rest = text.get(start..)?;
    let mut from = 0;
    while let Some(open) = rest[from..].find('[') {
        let open = from + open;
        let inner_end = rest[open + 1..].find(']').map(|i| open + 1 + i)?;
        let inner = &rest[open + 1..inner_end];
        if marker_cites(inner, n) {
            return Some(Location::at_offset(&event.path, text, start + open));
        }
        from = open + 1;
    }
    None
}

/// Whether a marker's inside (`12`, `1-3`, `3,5`) cites `n`.
fn marker_cites(inner: &str, n: u32) -> bool {
    inner.split([',', '，']).any(|part| {
        let part = part.trim();
        match part.split_once(['-', '–']) {
            Some((a, b)) => match (a.trim().parse::<u32>(), b.trim().parse::<u32>()) {
                (Ok(a), Ok(b)) => (a..=b).contains(&n),
                _ => false,
            },
            None => part.parse::<u32>() == Ok(n),
        }
    })
}

/// A reference entry that no marker cites is probably a typo in a number.
fn uncited_references(site: &Site, root: &Path) -> Vec<Diagnostic> {
    let cited: BTreeSet<u32> = site.cited_numbers();
    if site.references.keys().all(|n| cited.contains(n)) {
        return Vec::new();
    }
    let source = std::fs::read_to_string(root.join(REFERENCES)).unwrap_or_default();
    (site.references.keys())
        .filter(|n| !cited.contains(n))
        .map(|n| {
            Diagnostic::warning(
                Some(Location::new(REFERENCES, key_line(&source, *n), 1)),
                format!("reference {n} is described but never cited"),
            )
            .with_hint("cite it with [n] in the text, or remove the entry")
        })
        .collect()
}

/// The line whose key is `n` (`7:` but not `17:`, nor a `7:` inside a
/// value); 1 when there is none.
fn key_line(source: &str, n: u32) -> usize {
    let plain = format!("{n}:");
    let quoted = [format!("\"{n}\":"), format!("'{n}':")];
    source
        .lines()
        .position(|l| l.starts_with(&plain) || quoted.iter().any(|q| l.starts_with(q.as_str())))
        .map_or(1, |i| i + 1)
}

/// What is looked for in each entry's text while its file is parsed, so
/// that `annals serve` redoes it only for the files that change: the
/// products it mentions, and words one or two letters away from a company
/// name (`DeekSeek` for `DeepSeek`; case variants such as `Deepseek` are
/// not reported).
pub struct EntryChecks {
    products: ProductMatcher,
    /// The company's names in lower case; the first as written.
    names: Vec<String>,
    shown_name: String,
}

impl EntryChecks {
    pub fn new(config: &Config, products: &[Product]) -> Self {
        EntryChecks {
            products: ProductMatcher::new(products),
            names: (config.company_names.iter())
                .map(|n| n.to_ascii_lowercase())
                .collect(),
            shown_name: config.company_names.first().cloned().unwrap_or_default(),
        }
    }

    /// Ids of the products `text` mentions, in order of first mention.
    pub fn products(&self, text: &str) -> Vec<String> {
        self.products.mentions(text)
    }

    /// Reports the likely misspellings of the company's name in an entry's
    /// `text`, each where `locate` puts the byte offset of its word.
    pub fn misspellings(
        &self,
        text: &str,
        locate: impl Fn(usize) -> Location,
        diags: &mut Diagnostics,
    ) {
        let mut row = Vec::new();
        for (at, word) in latin_words(text) {
            for name in &self.names {
                // Cheap tests first: most words are far from any name's
                // length. The name itself in any case, or with a letter
                // after it (`DeepSeeks`), is no misspelling.
                let extends_name = word.len() > name.len()
                    && word.as_bytes()[..name.len()].eq_ignore_ascii_case(name.as_bytes());
                if word.len().abs_diff(name.len()) > 1
                    || word.eq_ignore_ascii_case(name)
                    || extends_name
                {
                    continue;
                }
                if edit_distance(word.as_bytes(), name.as_bytes(), &mut row) <= 2 {
                    diags.push(
                        Diagnostic::warning(
                            Some(locate(at)),
                            format!("`{word}` looks like a misspelling of `{}`", self.shown_name),
                        )
                        .with_hint("if the source spells it so, keep it; otherwise correct it"),
                    );
                }
            }
        }
    }
}

/// Where the word at byte `at` of an entry's `text` is written in
/// `written`, the paragraph from the entry's start. The text lost the
/// citation markers and attributes, so its offsets are not the paragraph's,
/// but a word is written whole: its n-th occurrence in the text is its n-th
/// in the paragraph.
pub fn written_offset(text: &str, at: usize, written: &str) -> Option<usize> {
    let (_, word) = latin_words(&text[at..]).next()?;
    let earlier = latin_words(&text[..at]).filter(|(_, w)| *w == word).count();
    latin_words(written)
        .filter(|(_, w)| *w == word)
        .nth(earlier)
        .map(|(offset, _)| offset)
}

/// Runs of four or more ASCII letters and digits, with their byte offsets.
/// A byte scan: text is mostly Chinese, and any non-ASCII byte only
/// separates words.
fn latin_words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() {
            while i < bytes.len() && !bytes[i].is_ascii_alphanumeric() {
                i += 1;
            }
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                i += 1;
            }
            if i - start > 3 {
                // ASCII boundaries are char boundaries.
                return Some((start, &text[start..i]));
            }
        }
        None
    })
}

/// Levenshtein distance between two ASCII words, ignoring case (`b` is
/// lower case); `row` is scratch space reused across calls.
fn edit_distance(a: &[u8], b: &[u8], row: &mut Vec<usize>) -> usize {
    row.clear();
    row.extend(0..=b.len());
    for (i, ca) in a.iter().map(u8::to_ascii_lowercase).enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance() {
        let mut row = Vec::new();
        assert_eq!(edit_distance(b"DeekSeek", b"deepseek", &mut row), 1);
        assert_eq!(edit_distance(b"deepseek", b"deepseek", &mut row), 0);
        assert_eq!(edit_distance(b"Deep", b"deepseek", &mut row), 4);
        assert_eq!(
            latin_words("DeekSeek发布R1").collect::<Vec<_>>(),
            vec![(0, "DeekSeek")]
        );
    }

    #[test]
    fn a_word_is_found_where_it_is_written() {
        // The entry's text without its markers and id; the second `DeekSeek`
        // is the one asked for.
        let text = "DeekSeek与DeekSeek合作";
        let written = "DeekSeek [3]与 DeekSeek合作 {#deal}";
        let second = text.rfind("DeekSeek").unwrap();
        assert_eq!(
            written_offset(text, second, written),
            written.rfind("DeekSeek")
        );
        assert_eq!(written_offset(text, 0, written), Some(0));
        assert_eq!(written_offset(text, 0, "另一段"), None);
    }

    #[test]
    fn markers_are_found_after_the_event() {
        assert!(marker_cites("1-3", 2) && marker_cites("3,5", 5) && !marker_cites("12", 1));
        let text = "---\ntitle: 甲\n---\n\n乙 [2]。2025年1月1日，甲 [1][12]。\n";
        let event = SourcePos {
            path: "a.md".into(),
            line: 5,
            col: 7,
        };
        let at = marker_location(text, &event, 12).unwrap();
        assert_eq!((at.line, at.col), (5, 22));
        assert_eq!(marker_location(text, &event, 2), None);
    }
}
