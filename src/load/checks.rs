//! Site-wide checks that need everything loaded: citations used against
//! references described, and likely misspellings of the company's name.

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::load::data::REFERENCES;
use crate::model::Site;
use std::collections::BTreeSet;
use std::path::Path;

pub fn run(site: &Site, root: &Path, diags: &mut Diagnostics) {
    uncited_references(site, root, diags);
    misspelt_names(site, diags);
}

/// A reference entry that no marker cites is probably a typo in a number.
fn uncited_references(site: &Site, root: &Path, diags: &mut Diagnostics) {
    let cited: BTreeSet<u32> = cited_numbers(site);
    let source = std::fs::read_to_string(root.join(REFERENCES)).unwrap_or_default();
    for n in site.references.keys().filter(|n| !cited.contains(n)) {
        diags.push(
            Diagnostic::warning(
                Some(Location::new(REFERENCES, key_line(&source, *n), 1)),
                format!("reference {n} is described but never cited"),
            )
            .with_hint("cite it with [n] in the text, or remove the entry"),
        );
    }
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

/// Every citation number used in event text or lead prose.
pub fn cited_numbers(site: &Site) -> BTreeSet<u32> {
    let mut cited: BTreeSet<u32> = site.events.iter().flat_map(|e| e.text.numbers()).collect();
    for section in &site.sections {
        for text in section.texts.values() {
            for block in &text.body {
                if let crate::model::BodyBlock::Text {
                    lead: Some(lead), ..
                } = block
                {
                    cited.extend(lead.numbers());
                }
            }
        }
    }
    cited
}

/// Words one or two letters away from a company name (`DeekSeek` for
/// `DeepSeek`) are reported; case variants (`Deepseek`) are not.
fn misspelt_names(site: &Site, diags: &mut Diagnostics) {
    let names: Vec<String> = site
        .config
        .company_names
        .iter()
        .map(|n| n.to_ascii_lowercase())
        .collect();
    if names.is_empty() {
        return;
    }
    for e in &site.events {
        for word in latin_words(&e.text.text) {
            // Cheap tests first: most words are far from any name's length.
            let near = |name: &String| {
                word.len().abs_diff(name.len()) <= 1 && !word.eq_ignore_ascii_case(name)
            };
            if !names.iter().any(near) {
                continue;
            }
            let lower = word.to_ascii_lowercase();
            for name in names.iter().filter(|n| near(n)) {
                if edit_distance(&lower, name) <= 2 && !lower.starts_with(name.as_str()) {
                    diags.push(
                        Diagnostic::warning(
                            Some(Location::new(&e.source.path, e.source.line, e.source.col)),
                            format!(
                                "`{word}` looks like a misspelling of `{}`",
                                site.config.company_names[0]
                            ),
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

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
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
        assert_eq!(edit_distance("deekseek", "deepseek"), 1);
        assert_eq!(edit_distance("deepseek", "deepseek"), 0);
        assert_eq!(
            latin_words("DeekSeek发布R1").collect::<Vec<_>>(),
            vec!["DeekSeek"]
        );
    }
}
