//! Markdown bodies as blocks of merged text.
//!
//! pulldown-cmark hands text over in pieces (it splits at brackets, entities
//! and inline markup). Dates and citation markers can straddle those pieces,
//! so each paragraph or list item is merged into one string here, with a map
//! back to byte offsets in the file for diagnostics.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

pub use crate::model::TextKind;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// Running text, to be segmented into entries.
    Text(TextBlock),
    Heading {
        level: u8,
        text: String,
    },
    /// Anything else (code, tables, rules), as HTML; raw HTML in it is
    /// escaped unless the site trusts it.
    Html(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextBlock {
    pub kind: TextKind,
    pub text: String,
    /// `(offset in text, offset in the file)` at the start of every piece.
    pub offsets: Vec<(usize, usize)>,
    /// Offsets in `text`, ascending, of the `[` that open no citation marker
    /// because the file writes them as text: escaped (`\[`), as an entity
    /// (`&#91;`) or in a code span.
    pub literal_brackets: Vec<usize>,
}

impl TextBlock {
    /// The file offset that a text offset came from.
    pub fn source_offset(&self, text_offset: usize) -> usize {
        let i = self.offsets.partition_point(|(t, _)| *t <= text_offset);
        match i {
            0 => self.offsets.first().map_or(0, |(_, s)| *s),
            _ => {
                let (t, s) = self.offsets[i - 1];
                s + (text_offset - t)
            }
        }
    }

    fn push(&mut self, piece: &str, source: usize) {
        self.offsets.push((self.text.len(), source));
        self.text.push_str(piece);
    }

    fn new(kind: TextKind) -> Self {
        TextBlock {
            kind,
            text: String::new(),
            offsets: Vec::new(),
            literal_brackets: Vec::new(),
        }
    }
}

/// Parses `body`, whose first byte is at `body_offset` in its file.
/// `cjk` decides how a soft line break joins lines: Chinese joins them
/// directly, English with a space.
pub fn blocks(body: &str, body_offset: usize, cjk: bool, trust_html: bool) -> Vec<Block> {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut out = Vec::new();
    let mut current: Option<TextBlock> = None;
    let mut heading: Option<(u8, String)> = None;
    let mut other: Vec<Event<'_>> = Vec::new();
    let mut other_depth = 0usize;
    let mut quote_depth = 0usize;
    let mut list_stack: Vec<bool> = Vec::new();

    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        let at = body_offset + range.start;
        if other_depth > 0 {
            match &event {
                Event::Start(_) => other_depth += 1,
                Event::End(_) => other_depth -= 1,
                _ => {}
            }
            other.push(event);
            if other_depth == 0 {
                out.push(Block::Html(render_other(
                    std::mem::take(&mut other),
                    trust_html,
                )));
            }
            continue;
        }
        match event {
            Event::Start(Tag::Paragraph) if current.is_none() => {
                let kind = match (list_stack.last(), quote_depth) {
                    (Some(&ordered), _) => TextKind::ListItem { ordered },
                    (None, d) if d > 0 => TextKind::Quote,
                    _ => TextKind::Paragraph,
                };
                current = Some(TextBlock::new(kind));
            }
            Event::Start(Tag::Item) => {
                flush(&mut current, &mut out);
                current = Some(TextBlock::new(TextKind::ListItem {
                    ordered: list_stack.last().copied().unwrap_or(false),
                }));
            }
            Event::End(TagEnd::Paragraph) | Event::End(TagEnd::Item) => {
                flush(&mut current, &mut out)
            }
            Event::Start(Tag::List(first)) => {
                flush(&mut current, &mut out);
                list_stack.push(first.is_some());
            }
            Event::End(TagEnd::List(_)) => {
                list_stack.pop();
            }
            Event::Start(Tag::BlockQuote(_)) => quote_depth += 1,
            Event::End(TagEnd::BlockQuote(_)) => quote_depth = quote_depth.saturating_sub(1),
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some((level as u8, String::new()))
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, text)) = heading.take() {
                    out.push(Block::Heading {
                        level,
                        text: text.trim().to_string(),
                    });
                }
            }
            Event::Text(t) => {
                // pulldown-cmark starts a new piece at an escape or an
                // entity: a `[` opening it was not written as a bare `[`.
                let written = &body[range.start..];
                if t.starts_with('[') && (!written.starts_with('[') || escaped(body, range.start)) {
                    mark_literal(&mut current, heading.is_some(), 0);
                }
                append(&mut heading, &mut current, &t, at);
            }
            Event::Code(t) => {
                for (i, _) in t.match_indices('[') {
                    mark_literal(&mut current, heading.is_some(), i);
                }
                append(&mut heading, &mut current, &t, at);
            }
            Event::InlineHtml(t) | Event::Html(t) if current.is_some() || heading.is_some() => {
                // Inline HTML stays visible as text; it never becomes markup.
                append(&mut heading, &mut current, &t, at);
            }
            Event::SoftBreak => {
                append(&mut heading, &mut current, if cjk { "" } else { " " }, at);
            }
            Event::HardBreak => append(&mut heading, &mut current, "\n", at),
            Event::Start(tag) if current.is_none() && heading.is_none() && is_block_tag(&tag) => {
                other_depth = 1;
                other.push(Event::Start(tag));
            }
            Event::Html(t) | Event::InlineHtml(t) => {
                out.push(Block::Html(render_other(vec![Event::Html(t)], trust_html)));
            }
            Event::Rule => out.push(Block::Html("<hr>".into())),
            _ => {}
        }
    }
    flush(&mut current, &mut out);
    out
}

fn is_block_tag(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::CodeBlock(_) | Tag::Table(_) | Tag::HtmlBlock | Tag::FootnoteDefinition(_)
    )
}

fn append(
    heading: &mut Option<(u8, String)>,
    current: &mut Option<TextBlock>,
    piece: &str,
    at: usize,
) {
    if let Some((_, text)) = heading {
        text.push_str(piece);
    } else if let Some(block) = current {
        block.push(piece, at);
    }
}

/// Whether the byte at `at` follows an odd number of backslashes.
fn escaped(body: &str, at: usize) -> bool {
    body[..at].bytes().rev().take_while(|b| *b == b'\\').count() % 2 == 1
}

/// Records that the `[` at `offset` in the piece about to be appended to the
/// current text block is literal text.
fn mark_literal(current: &mut Option<TextBlock>, in_heading: bool, offset: usize) {
    if let (Some(block), false) = (current, in_heading) {
        let at = block.text.len() + offset;
        block.literal_brackets.push(at);
    }
}

fn flush(current: &mut Option<TextBlock>, out: &mut Vec<Block>) {
    if let Some(block) = current.take() {
        if !block.text.trim().is_empty() {
            out.push(Block::Text(block));
        }
    }
}

fn render_other(events: Vec<Event<'_>>, trust_html: bool) -> String {
    // A link or image whose destination could run script keeps only its
    // text (trusted or not: Markdown syntax never makes such a link).
    let mut dropped: Vec<bool> = Vec::new();
    let events = events.into_iter().filter_map(|e| match e {
        Event::Html(t) | Event::InlineHtml(t) if !trust_html => Some(Event::Text(t)),
        Event::Start(Tag::Link { ref dest_url, .. } | Tag::Image { ref dest_url, .. }) => {
            let safe = is_safe_link(dest_url);
            dropped.push(!safe);
            safe.then_some(e)
        }
        Event::End(TagEnd::Link | TagEnd::Image) => (!dropped.pop().unwrap_or(false)).then_some(e),
        other => Some(other),
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    html.retain(|c| !super::files::is_stray_control(c));
    html
}

/// Whether a Markdown link destination may be written into `href` or `src`:
/// relative, or `http:`, `https:` or `mailto:`. Never `javascript:`,
/// `data:`, `vbscript:` or any other scheme, however written: browsers drop
/// tabs and newlines anywhere in a URL and control characters and spaces
/// around it (`java\tscript:` is `javascript:`), and pulldown-cmark has
/// already decoded entities and backslash escapes.
pub fn is_safe_link(dest: &str) -> bool {
    let url: String = dest
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let url = url.trim_matches(|c: char| c <= ' ');
    match url.find([':', '/', '?', '#']) {
        Some(i) if url[i..].starts_with(':') => {
            matches!(
                url[..i].to_ascii_lowercase().as_str(),
                "http" | "https" | "mailto"
            )
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(blocks: &[Block]) -> Vec<&str> {
        blocks
            .iter()
            .filter_map(|b| match b {
                Block::Text(t) => Some(t.text.as_str()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn merges_text_split_at_brackets() {
        let body = "2025年1月27日，发布 [17]。\n\n第二段 [1-2]\n";
        let blocks = blocks(body, 10, true, false);
        assert_eq!(
            texts(&blocks),
            vec!["2025年1月27日，发布 [17]。", "第二段 [1-2]"]
        );
        let Block::Text(t) = &blocks[0] else { panic!() };
        let off = t.text.find("[17]").unwrap();
        assert_eq!(&body[t.source_offset(off) - 10..][..4], "[17]");
    }

    #[test]
    fn lists_quotes_and_soft_breaks() {
        let body = "- 2月5日，甲 [1]\n- 2月6日，乙\n\n> 引文\n> 续\n\nline one\nline two\n";
        let b = blocks(body, 0, true, false);
        assert_eq!(
            texts(&b),
            vec!["2月5日，甲 [1]", "2月6日，乙", "引文续", "line oneline two"]
        );
        assert!(matches!(
            &b[0],
            Block::Text(TextBlock {
                kind: TextKind::ListItem { ordered: false },
                ..
            })
        ));
        assert!(matches!(
            &b[2],
            Block::Text(TextBlock {
                kind: TextKind::Quote,
                ..
            })
        ));
        let en = blocks("line one\nline two\n", 0, false, false);
        assert_eq!(texts(&en), vec!["line one line two"]);
    }

    #[test]
    fn brackets_written_as_text_are_marked_literal() {
        let body = "甲 [1] \\[abc\\] x\\[12] &#91;3] `a[4]` \\\\[5]\n";
        let b = blocks(body, 0, true, false);
        let Block::Text(t) = &b[0] else {
            panic!("{b:?}")
        };
        assert_eq!(t.text, "甲 [1] [abc] x[12] [3] a[4] \\[5]");
        let at = |needle: &str| t.text.find(needle).unwrap();
        assert_eq!(
            t.literal_brackets,
            vec![at("[abc"), at("[12"), at("[3"), at("[4")]
        );
    }

    #[test]
    fn raw_html_is_escaped_unless_trusted() {
        let b = blocks(
            "<script>alert(1)</script>\n\ntext <b>bold</b>\n",
            0,
            false,
            false,
        );
        let Block::Html(h) = &b[0] else {
            panic!("{b:?}")
        };
        assert!(h.contains("&lt;script&gt;"), "{h}");
        assert_eq!(texts(&b), vec!["text <b>bold</b>"]);
        let trusted = blocks("<div>x</div>\n", 0, false, true);
        assert_eq!(trusted, vec![Block::Html("<div>x</div>\n".into())]);
    }

    #[test]
    fn links_that_could_run_script_keep_only_their_text() {
        let body = "| a | b |\n|---|---|\n\
            | [x](javascript:alert(1)) | [y](JavaScript:alert(2)) |\n\
            | <javascript:alert(3)> | ![i](data:text/html,x) |\n\
            | [z](&#106;avascript:alert(4)) | [w](<java\tscript:alert(5)>) |\n\
            | [ok](https://example.org/) | [rel](../a.html#b) |\n\
            | [mail](mailto:a@example.org) | [frag](#top) |\n";
        for trust in [false, true] {
            let b = blocks(body, 0, false, trust);
            let [Block::Html(h)] = b.as_slice() else {
                panic!("{b:?}")
            };
            assert_eq!(h.matches("href=").count(), 4, "{h}");
            assert!(!h.contains("src=") && !h.contains("data:"), "{h}");
            for text in ["x", "y", "javascript:alert(3)", "i", "z", "w"] {
                assert!(h.contains(&format!("<td>{text}</td>")), "{text}: {h}");
            }
            for href in [
                "https://example.org/",
                "../a.html#b",
                "mailto:a@example.org",
                "#top",
            ] {
                assert!(h.contains(&format!("href=\"{href}\"")), "{href}: {h}");
            }
        }
        assert!(!is_safe_link("a:b/c") && is_safe_link("a/b:c") && is_safe_link(""));
        assert!(!is_safe_link(" \u{1}vbscript:x") && !is_safe_link("java\nscript:x"));
    }
}
