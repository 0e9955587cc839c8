//! Checks of the content: per entry as each file is parsed
//! ([`EntryChecks`]: the products an entry mentions, misspellings of the
//! company's name), and site-wide once everything is loaded ([`run`]:
//! citations used against references described).

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::load::data::REFERENCES;
use crate::load::products::ProductMatcher;
use crate::model::{Config, Product, Site};
use std::collections::BTreeSet;
use std::path::Path;

/// Runs the site-wide checks.
pub fn run(site: &Site, root: &Path, diags: &mut Diagnostics) {
    for d in uncited_references(site, root) {
        diags.push(d);
    }
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

    /// Reports the likely misspellings of the company's name in `text`.
    pub fn misspellings(&self, text: &str, at: &Location, diags: &mut Diagnostics) {
        let mut row = Vec::new();
        for word in latin_words(text) {
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
                            Some(at.clone()),
                            format!("`{word}` looks like a misspelling of `{}`", self.shown_name),
                        )
                        .with_hint("if the source spells it so, keep it; otherwise correct it"),
                    );
                }
            }
        }
    }
}

/// Runs of four or more ASCII letters and digits. A byte scan: text is
/// mostly Chinese, and any non-ASCII byte only separates words.
fn latin_words(text: &str) -> impl Iterator<Item = &str> {
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
                return Some(&text[start..i]);
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
            vec!["DeekSeek"]
        );
    }
}
