//! Recognising product mentions in event text through product aliases.

use crate::model::Product;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

/// Finds which products a text mentions. Built once per site.
pub struct ProductMatcher {
    automaton: Option<AhoCorasick>,
    /// For each pattern, the index of its product.
    owners: Vec<usize>,
    ids: Vec<String>,
}

impl ProductMatcher {
    /// Every alias and every name of every product recognises it.
    pub fn new(products: &[Product]) -> Self {
        let mut patterns = Vec::new();
        let mut owners = Vec::new();
        for (i, p) in products.iter().enumerate() {
            for spelling in p.aliases.iter().chain(p.name.0.values()) {
                if !spelling.is_empty() && !patterns.contains(spelling) {
                    patterns.push(spelling.clone());
                    owners.push(i);
                }
            }
        }
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .ok();
        ProductMatcher {
            automaton,
            owners,
            ids: products.iter().map(|p| p.id.clone()).collect(),
        }
    }

    /// Product ids mentioned in `text`, in order of first mention.
    pub fn mentions(&self, text: &str) -> Vec<String> {
        let mut found: Vec<String> = Vec::new();
        let Some(ac) = &self.automaton else {
            return found;
        };
        for m in ac.find_iter(text) {
            if !stands_alone(text, m.start(), m.end()) {
                continue;
            }
            let id = &self.ids[self.owners[m.pattern().as_usize()]];
            if !found.contains(id) {
                found.push(id.clone());
            }
        }
        found
    }
}

/// A Latin alias must not be part of a longer word or version: `V2` is not
/// mentioned in `V2.5` or `MV2`, but is in `DeepSeek V2模型`.
fn stands_alone(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let mut after = text[end..].chars();
    let next = after.next();
    let latin_before = before.is_some_and(|c| c.is_ascii_alphanumeric());
    let latin_after = next.is_some_and(|c| c.is_ascii_alphanumeric())
        || (next == Some('.') && after.next().is_some_and(|c| c.is_ascii_digit()));
    !latin_before && !latin_after
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Localized;

    fn product(id: &str, aliases: &[&str]) -> Product {
        Product {
            id: id.into(),
            name: Localized::same(aliases[0]),
            aliases: aliases.iter().map(|s| s.to_string()).collect(),
            kind: None,
            released: None,
            summary: Localized::default(),
            facts: vec![],
            featured: false,
        }
    }

    #[test]
    fn longest_alias_wins_and_versions_do_not_leak() {
        let m = ProductMatcher::new(&[
            product("v2", &["DeepSeek-V2", "DeepSeek V2", "V2"]),
            product("v2.5", &["DeepSeek-V2.5", "DeepSeek V2.5", "V2.5"]),
            product("r1", &["DeepSeek-R1", "R1"]),
            product("coder-v2", &["DeepSeek-Coder-V2", "DeepSeek Coder V2"]),
        ]);
        assert_eq!(m.mentions("推出DeepSeek V2.5新模型"), vec!["v2.5"]);
        assert_eq!(
            m.mentions("合并DeepSeek Coder V2和DeepSeek V2 Chat"),
            vec!["coder-v2", "v2"]
        );
        assert_eq!(m.mentions("deepseek-r1、V3等"), vec!["r1"]);
        assert!(m.mentions("MV2 and R10").is_empty());
    }
}
