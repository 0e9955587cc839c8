//! An imported site always loads: the generated files are loaded with the
//! real loader, and each error it finds in an entry is mended in the
//! article's blocks until none is left. A date the loader cannot resolve
//! (no year, no antecedent, impossible) is kept as undated text with
//! `{date=none}`; a bracket that opens a bad citation marker is escaped.
//! A block that opens with a date written plainly (`2008年6月10日起，…`)
//! but gives no event, because the loader does not read that form, gets
//! the date it writes as `{date=…}`.

use super::pages::Page;
use super::{dated, Block};
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::load::{load_site, LoadOptions};
use crate::model::{Lang, Site};
use crate::output::Staging;
use std::path::{Path, PathBuf};

/// Marks an entry whose opener is not to be read as a date.
const UNDATED: &str = "{date=none}";

/// Enough for every error of a large article: each round mends every
/// error the loader reported, and a mend never brings a new one back.
const MAX_ROUNDS: usize = 8;

/// One mend, for the report: the block's line in the article, the text
/// it was made at, and what was done and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mended {
    pub line: usize,
    pub near: String,
    pub message: String,
}

/// Writes `pages` and `data` into `staging` and loads them until the site
/// has no error. Fails with the loader's errors if some cannot be mended.
pub fn load_mended(
    pages: &mut [Page],
    data: &[(PathBuf, String)],
    staging: &Staging,
    lang: Lang,
) -> Result<(Site, Vec<Mended>), Diagnostics> {
    let write = |rel: &Path, text: &str, diags: &mut Diagnostics| {
        if let Err(e) = staging.write(rel, text.as_bytes()) {
            diags.push(Diagnostic::error(
                None,
                format!("cannot write {}: {e}", rel.display()),
            ));
        }
    };
    let mut mended = Vec::new();
    let mut round = 0;
    loop {
        round += 1;
        let mut diags = Diagnostics::default();
        for (rel, text) in data {
            write(rel, text, &mut diags);
        }
        let mut block_lines = Vec::with_capacity(pages.len());
        for page in pages.iter() {
            let rendered = page.render();
            write(&page.path, &rendered.text, &mut diags);
            block_lines.push(rendered.block_lines);
        }
        if diags.errors().next().is_some() {
            return Err(diags);
        }
        let loaded = load_site(staging.path(), &LoadOptions::default());
        let errors: Vec<&Diagnostic> = loaded.diagnostics.errors().collect();
        match loaded.site {
            Some(site) if errors.is_empty() => {
                let unread = unread_openers(pages, &block_lines, &site, lang);
                if unread.is_empty() || round >= MAX_ROUNDS {
                    return Ok((site, mended));
                }
                for (page, block, date) in unread {
                    if let Block::Text { markdown, line } = &mut pages[page].blocks[block] {
                        mended.push(Mended {
                            line: *line,
                            near: near(markdown, 1),
                            message: format!("the loader does not read this date; dated {date}"),
                        });
                        let end = entry_end(markdown, 0, lang);
                        markdown.insert_str(end, &format!(" {date}"));
                    }
                }
                continue;
            }
            _ if round >= MAX_ROUNDS => return Err(loaded.diagnostics),
            _ => {}
        }
        // Later places first, so that splitting a block keeps the places
        // of the errors before it.
        let mut places: Vec<(usize, usize, usize, &Diagnostic)> = errors
            .iter()
            .filter_map(|d| {
                let at = d.location.as_ref()?;
                let (page, block) = find_block(pages, &block_lines, at)?;
                Some((page, block, at.col, *d))
            })
            .collect();
        if places.len() < errors.len() {
            return Err(loaded.diagnostics);
        }
        places.sort_by_key(|p| std::cmp::Reverse((p.0, p.1, p.2)));
        places.dedup_by_key(|p| (p.0, p.1, p.2));
        for (page, block, col, diag) in places {
            let blocks = &mut pages[page].blocks;
            let Some(fix) = mend_block(&blocks[block], col, lang) else {
                return Err(loaded.diagnostics);
            };
            if let Block::Text { line, markdown } = &blocks[block] {
                mended.push(Mended {
                    line: *line,
                    near: near(markdown, col),
                    message: format!("kept as undated text: {}", diag.message),
                });
            }
            blocks.splice(block..=block, fix);
        }
    }
}

/// The text blocks that open with a date written in full (`2008年6月10日`,
/// `2013-9-25`) but start no event, with the `{date=…}` that states it.
fn unread_openers(
    pages: &[Page],
    block_lines: &[Vec<usize>],
    site: &Site,
    lang: Lang,
) -> Vec<(usize, usize, String)> {
    let starts: Vec<(&Path, usize)> = site
        .events
        .iter()
        .map(|e| (e.source.path.as_path(), e.source.line))
        .collect();
    let mut unread = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        let rel = page.path.strip_prefix("content").unwrap_or(&page.path);
        for (j, block) in page.blocks.iter().enumerate() {
            let Block::Text { markdown, .. } = block else {
                continue;
            };
            let written = dated::date_prefix(markdown)
                .filter(|len| *len > 4)
                .and_then(|len| dated::override_for(&markdown[..len]));
            let first_entry = &markdown[..entry_end(markdown, 0, lang)];
            let Some(date) = written.filter(|_| !first_entry.contains("{date=")) else {
                continue;
            };
            let line = block_lines[i][j];
            let started = starts
                .iter()
                .any(|(p, l)| *l == line && (p.ends_with(&page.path) || p.ends_with(rel)));
            if !started {
                unread.push((i, j, date));
            }
        }
    }
    unread
}

/// The page and block an error's location falls in.
fn find_block(pages: &[Page], block_lines: &[Vec<usize>], at: &Location) -> Option<(usize, usize)> {
    let page = pages.iter().position(|p| at.path.ends_with(&p.path))?;
    let lines = &block_lines[page];
    let block = lines.partition_point(|l| *l <= at.line).checked_sub(1)?;
    Some((page, block))
}

/// The replacement of a text block with an error at character column `col`
/// of its (single) line, or `None` when this is no error a mend can fix.
fn mend_block(block: &Block, col: usize, lang: Lang) -> Option<Vec<Block>> {
    let Block::Text { markdown, line } = block else {
        return None;
    };
    // The rendered line may start with a `\` that escapes a block opener.
    let shift =
        super::pages::escape_block_start(markdown).chars().count() - markdown.chars().count();
    let at = markdown
        .char_indices()
        .nth(col.checked_sub(1 + shift)?)
        .map_or(markdown.len(), |(i, _)| i);
    let text = |markdown: String| Block::Text {
        markdown,
        line: *line,
    };
    if markdown[at..].starts_with('[') {
        let mut escaped = markdown.clone();
        escaped.insert(at, '\\');
        return Some(vec![text(escaped)]);
    }
    let end = entry_end(markdown, at, lang);
    if markdown[at..end].contains(UNDATED) {
        return None;
    }
    let mut parts = Vec::new();
    let before = markdown[..at].trim_end();
    if !before.is_empty() {
        parts.push(text(before.to_string()));
    }
    parts.push(text(format!("{} {UNDATED}", markdown[at..end].trim_end())));
    let after = markdown[end..].trim_start();
    if !after.is_empty() {
        parts.push(text(after.to_string()));
    }
    Some(parts)
}

/// Where the entry that opens at `at` ends: after the sentence or clause
/// (and the citation markers following it) when what comes next could open
/// another entry; else at the end of the block.
fn entry_end(markdown: &str, at: usize, lang: Lang) -> usize {
    let stops: &[char] = match lang {
        Lang::Zh => &['。', '！', '？', '；'],
        Lang::En => &['.', '!', '?', ';'],
    };
    let mut from = at;
    while let Some(i) = markdown[from..].find(stops).map(|i| i + from) {
        let mut end = i + markdown[i..].chars().next().map_or(1, char::len_utf8);
        end += markers_len(&markdown[end..]);
        if could_open_entry(markdown[end..].trim_start(), lang) {
            return end;
        }
        from = end;
    }
    markdown.len()
}

/// The length of the citation markers (and spaces) at the start of `text`.
fn markers_len(text: &str) -> usize {
    let mut len = 0;
    loop {
        let rest = &text[len..];
        let spaces = rest.len() - rest.trim_start().len();
        let rest = rest.trim_start();
        match rest.find(']').filter(|_| rest.starts_with('[')) {
            Some(close)
                if rest[1..close]
                    .bytes()
                    .all(|b| b.is_ascii_digit() || b == b'-' || b == b',')
                    && close > 1 =>
            {
                len += spaces + close + 1;
            }
            _ => return len,
        }
    }
}

/// Whether a date might open at the start of `text`: a digit, or a word
/// that Chinese or English relative dates begin with.
fn could_open_entry(text: &str, lang: Lang) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    if first.is_ascii_digit() || ('０'..='９').contains(&first) {
        return true;
    }
    match lang {
        Lang::Zh => "同次当當截从從自于於在一二三四五六七八九十上中下年月初底".contains(first),
        Lang::En => first.is_uppercase(),
    }
}

/// A few characters of the text at the error, to find it in the article.
fn near(markdown: &str, col: usize) -> String {
    markdown
        .chars()
        .skip(col.saturating_sub(1))
        .take(8)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Block {
        Block::Text {
            markdown: s.into(),
            line: 4,
        }
    }

    #[test]
    fn an_unresolved_date_becomes_an_undated_entry_of_its_own() {
        let block = text("2010年，甲。同年，乙[3]。2011年，丙。");
        let col = "2010年，甲。".chars().count() + 1;
        assert_eq!(
            mend_block(&block, col, Lang::Zh),
            Some(vec![
                text("2010年，甲。"),
                text("同年，乙[3]。 {date=none}"),
                text("2011年，丙。"),
            ])
        );
    }

    #[test]
    fn a_bad_marker_is_escaped() {
        let block = text("成立[0]。");
        assert_eq!(
            mend_block(&block, 3, Lang::Zh),
            Some(vec![text("成立\\[0]。")])
        );
    }

    #[test]
    fn the_entry_runs_on_while_nothing_could_open_another() {
        let block = text("On the same day, A. B said so. In 2011, C.");
        assert_eq!(
            entry_end(block_text(&block), 0, Lang::En),
            "On the same day, A.".len()
        );
        assert_eq!(
            entry_end("同日，甲。乙说。", 0, Lang::Zh),
            "同日，甲。乙说。".len()
        );
    }

    fn block_text(b: &Block) -> &str {
        match b {
            Block::Text { markdown, .. } => markdown,
            _ => "",
        }
    }
}
