//! An entry that only announces what follows ("2025年2月10日，外交部举行例行
//! 记者会。", then the questions and answers in paragraphs of their own,
//! cited at the end) continues into those paragraphs: they are what makes
//! it an event, and its citation is theirs.
//!
//! The rule is narrow so that no other prose is swallowed: the entry is the
//! last of its paragraph and cites nothing, the paragraph after it opens a
//! dialogue (a question, or a speaker's label such as `记者：`), the
//! paragraphs after it are plain undated paragraphs, and the last of them
//! carries a citation. Any other block (a heading, a list, a dated
//! paragraph) before a citation leaves everything as written. Without the
//! dialogue condition, an uncited entry of a real article (common on
//! Wikipedia) took in the commentary after it, and that commentary's
//! citation with it.

use crate::load::checks::EntryChecks;
use crate::load::markdown::TextKind;
use crate::load::section_file::ParsedBlock;
use crate::model::{CitationRun, CitedText};

/// Joins each announcing entry of `blocks` with the paragraphs that carry
/// its content, one line each.
pub fn fold(mut blocks: Vec<ParsedBlock>, checks: &EntryChecks) -> Vec<ParsedBlock> {
    // From the end, so that joining never moves a block not yet seen.
    for i in (0..blocks.len()).rev() {
        let Some(count) = announces(&blocks[i], &blocks[i + 1..]) else {
            continue;
        };
        let followers: Vec<ParsedBlock> = blocks.drain(i + 1..=i + count).collect();
        if let ParsedBlock::Text { entries, .. } = &mut blocks[i] {
            if let Some(last) = entries.last_mut() {
                for lead in followers.iter().filter_map(lead_of) {
                    append(&mut last.entry.text, lead);
                }
                last.products = checks.products(&last.entry.text.text);
            }
        }
    }
    blocks
}

/// How many of the blocks `after` continue the last entry of `block`, if
/// it announces them.
fn announces(block: &ParsedBlock, after: &[ParsedBlock]) -> Option<usize> {
    let ParsedBlock::Text {
        kind: TextKind::Paragraph,
        entries,
        ..
    } = block
    else {
        return None;
    };
    if !entries.last()?.entry.text.citations.is_empty() {
        return None;
    }
    if !opens_dialogue(&lead_of(after.first()?)?.text) {
        return None;
    }
    for (i, next) in after.iter().enumerate() {
        if !lead_of(next)?.citations.is_empty() {
            return Some(i + 1);
        }
    }
    None
}

/// A question (`…？`) or a speaker's turn (`记者：…`, `Reporter: …`): a
/// label of a few words, then a colon, before any other punctuation.
fn opens_dialogue(text: &str) -> bool {
    const LONGEST_LABEL: usize = 16;
    let text = text.trim();
    if text.ends_with(['？', '?']) {
        return true;
    }
    let label: String = text
        .chars()
        .take_while(|c| !matches!(c, '：' | ':' | '，' | ',' | '。' | '.' | '“' | '"'))
        .collect();
    let after = text[label.len()..].chars().next();
    matches!(after, Some('：' | ':')) && (1..=LONGEST_LABEL).contains(&label.chars().count())
}

/// The text of a plain paragraph with no dated entry.
fn lead_of(block: &ParsedBlock) -> Option<&CitedText> {
    match block {
        ParsedBlock::Text {
            kind: TextKind::Paragraph,
            lead: Some(lead),
            entries,
        } if entries.is_empty() => Some(lead),
        _ => None,
    }
}

/// `text`, a line break, then `more`, its citations moved along.
fn append(text: &mut CitedText, more: &CitedText) {
    let shift = text.text.len() + 1;
    text.text.push('\n');
    text.text.push_str(&more.text);
    text.citations
        .extend(more.citations.iter().map(|r| CitationRun {
            offset: r.offset + shift,
            numbers: r.numbers.clone(),
        }));
}
