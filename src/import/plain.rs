//! Plain text as copied from a Baidu Baike page. It states no heading
//! levels, so they are inferred: a heading directly followed by another
//! heading opens a group that nests the headings after it, until a blank
//! line closes the group. A line that holds only a date is no heading: it
//! dates the paragraphs below it.

use super::dated::{date_line, with_date_line};
use super::{escape_inline, Article, Block, ImportedSection, Warning};
use crate::model::Lang;

/// Longest line (in characters) taken for a heading.
const MAX_HEADING_CHARS: usize = 24;

fn is_heading(line: &str, lang: Lang) -> bool {
    let line = line.trim();
    let chars = line.chars().count();
    chars > 0
        && chars <= MAX_HEADING_CHARS
        && date_line(line, lang).is_none()
        && !line.contains('[')
        && !line.contains(['，', '。', '：', ':', '；'])
        && !line.ends_with(['！', '？', '!', '?', '”', '.', '）'])
}

/// A line holding only a date, dating the paragraphs below it until a
/// blank line, a heading or the next such line.
struct DateLine<'a> {
    date: &'a str,
    year: i32,
    line: usize,
    /// Whether a paragraph took the date; if none did, the line stays as
    /// text rather than being lost.
    taken: bool,
}

pub fn read(source: &str, lang: Lang) -> Article {
    let lines: Vec<&str> = source.lines().map(str::trim_end).collect();
    let mut article = Article::new(lang);
    // The open group, if a heading directly followed by a heading opened one.
    let mut group: Option<ImportedSection> = None;
    let mut current: Option<ImportedSection> = None;
    let mut dating: Option<DateLine> = None;
    let push = |article: &mut Article,
                group: &mut Option<ImportedSection>,
                current: &mut Option<ImportedSection>,
                block: Block| match (current.as_mut(), group.as_mut()) {
        (Some(s), _) | (None, Some(s)) => s.blocks.push(block),
        (None, None) => article.intro.push(block),
    };
    let end_dating = |article: &mut Article,
                      group: &mut Option<ImportedSection>,
                      current: &mut Option<ImportedSection>,
                      dating: &mut Option<DateLine>| {
        if let Some(d) = dating.take().filter(|d| !d.taken) {
            let block = Block::Text {
                markdown: escape_inline(d.date),
                line: d.line,
            };
            push(article, group, current, block);
        }
    };
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
            end_dating(&mut article, &mut group, &mut current, &mut dating);
            close(&mut article, &mut group, &mut current);
            if let Some(g) = group.take() {
                article.sections.push(g);
            }
            continue;
        }
        if let Some((date, year)) = date_line(line, lang) {
            end_dating(&mut article, &mut group, &mut current, &mut dating);
            dating = Some(DateLine {
                date,
                year,
                line: i + 1,
                taken: false,
            });
            continue;
        }
        // The line right under a date line is its entry, however short.
        let under_date = dating.as_ref().is_some_and(|d| d.line == i);
        if !under_date && is_heading(line, lang) {
            end_dating(&mut article, &mut group, &mut current, &mut dating);
            close(&mut article, &mut group, &mut current);
            let section = ImportedSection {
                title: line.to_string(),
                ..Default::default()
            };
            if lines.get(i + 1).is_some_and(|n| is_heading(n, lang)) {
                if let Some(g) = group.take() {
                    article.sections.push(g);
                }
                group = Some(section);
            } else {
                current = Some(section);
            }
            continue;
        }
        let mut text = line.to_string();
        if let Some(d) = dating.as_mut() {
            if let Some(dated) = with_date_line(line, d.date, d.year, lang) {
                text = dated;
                d.taken = true;
                article.warnings.push(Warning {
                    line: i + 1,
                    col: raw.chars().take_while(|c| c.is_whitespace()).count() + 1,
                    message: format!(
                        "the date {} is taken from the line {} above",
                        d.date, d.line
                    ),
                });
            }
        }
        let block = Block::Text {
            markdown: escape_inline(&text),
            line: i + 1,
        };
        push(&mut article, &mut group, &mut current, block);
    }
    end_dating(&mut article, &mut group, &mut current, &mut dating);
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

    #[test]
    fn a_line_holding_only_a_date_dates_the_paragraphs_below() {
        let text = "发展历程\n2023年1月\n公司发布新品 [9]。\n3月5日，又发布 [10]。\n2022年5月，更早 [11]。\n2024年\n\n其他\n2025年\n公司上市\n";
        let a = read(text, Lang::Zh);
        let titles: Vec<_> = a.sections.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(titles, vec!["发展历程", "其他"]);
        assert_eq!(
            a.sections[1].blocks,
            vec![Block::Text {
                markdown: "2025年，公司上市".into(),
                line: 10
            }]
        );
        let texts: Vec<_> = a.sections[0]
            .blocks
            .iter()
            .map(|b| match b {
                Block::Text { markdown, line } => (markdown.as_str(), *line),
                _ => ("", 0),
            })
            .collect();
        assert_eq!(
            texts,
            vec![
                ("2023年1月，公司发布新品 [9]。", 3),
                ("2023年3月5日，又发布 [10]。", 4),
                ("2022年5月，更早 [11]。", 5),
                // Nothing under it took the date: the line stays.
                ("2024年", 6),
            ]
        );
        let warned: Vec<_> = a.warnings.iter().map(|w| (w.line, w.col)).collect();
        assert_eq!(warned, vec![(3, 1), (4, 1), (10, 1)]);
        assert!(
            a.warnings[0].message.contains("2023年1月"),
            "{}",
            a.warnings[0].message
        );
    }
}
