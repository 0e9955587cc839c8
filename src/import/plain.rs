//! Plain text as copied from a Baidu Baike page. It states no heading
//! levels, so they are inferred: a heading directly followed by another
//! heading opens a group that nests the headings after it, until a blank
//! line closes the group.

use super::{escape_inline, Article, Block, ImportedSection};
use crate::model::Lang;

/// Longest line (in characters) taken for a heading.
const MAX_HEADING_CHARS: usize = 24;

fn is_heading(line: &str) -> bool {
    let line = line.trim();
    let chars = line.chars().count();
    chars > 0
        && chars <= MAX_HEADING_CHARS
        && !line.contains('[')
        && !line.contains(['，', '。', '：', ':', '；'])
        && !line.ends_with(['！', '？', '!', '?', '”', '.', '）'])
}

pub fn read(source: &str, lang: Lang) -> Article {
    let lines: Vec<&str> = source.lines().map(str::trim_end).collect();
    let mut article = Article::new(lang);
    // The open group, if a heading directly followed by a heading opened one.
    let mut group: Option<ImportedSection> = None;
    let mut current: Option<ImportedSection> = None;
    let close = |article: &mut Article,
                 group: &mut Option<ImportedSection>,
                 current: &mut Option<ImportedSection>| {
        if let Some(s) = current.take() {
            match group {
                Some(g) => g.children.push(s),
                None => article.sections.push(s),
            }
        }
    };
    for (i, raw) in lines.iter().enumerate() {
        let line = raw.trim();
        if line.is_empty() {
            close(&mut article, &mut group, &mut current);
            if let Some(g) = group.take() {
                article.sections.push(g);
            }
            continue;
        }
        if is_heading(line) {
            close(&mut article, &mut group, &mut current);
            let section = ImportedSection {
                title: line.to_string(),
                ..Default::default()
            };
            if lines.get(i + 1).is_some_and(|n| is_heading(n)) {
                if let Some(g) = group.take() {
                    article.sections.push(g);
                }
                group = Some(section);
            } else {
                current = Some(section);
            }
            continue;
        }
        let block = Block::Text {
            markdown: escape_inline(line),
            line: i + 1,
        };
        match (current.as_mut(), group.as_mut()) {
            (Some(s), _) | (None, Some(s)) => s.blocks.push(block),
            (None, None) => article.intro.push(block),
        }
    }
    close(&mut article, &mut group, &mut current);
    if let Some(g) = group.take() {
        article.sections.push(g);
    }
    article.title = guess_title(&article.intro).unwrap_or_default();
    article
}

/// The company's name: the first paragraph's words before `，（(是,`.
fn guess_title(intro: &[Block]) -> Option<String> {
    let Some(Block::Text { markdown, .. }) = intro.first() else {
        return None;
    };
    let end = markdown.find(['，', '（', '(', '是', ','])?;
    let name = markdown[..end].trim();
    (!name.is_empty() && name.chars().count() <= 20).then(|| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nests_headings_that_follow_headings_until_a_blank_line() {
        let text = "某公司，是一家公司 [1]。\n发展历程\n早期发展\n2023年，成立。\n模型爆火\n2025年，爆火。\n\n主要产品\n2024年，发布。\n";
        let a = read(text, Lang::Zh);
        assert_eq!(a.title, "某公司");
        assert_eq!(a.sections.len(), 2);
        assert_eq!(a.sections[0].title, "发展历程");
        let kids: Vec<_> = a.sections[0]
            .children
            .iter()
            .map(|c| c.title.as_str())
            .collect();
        assert_eq!(kids, vec!["早期发展", "模型爆火"]);
        assert_eq!(a.sections[1].title, "主要产品");
        assert_eq!(
            a.sections[1].blocks,
            vec![Block::Text {
                markdown: "2024年，发布。".into(),
                line: 9
            }]
        );
    }
}
