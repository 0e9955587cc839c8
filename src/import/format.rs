//! Telling the article's format and language from its content, never from
//! its file name: a `.txt` may well hold hard-wrapped Markdown.

use crate::model::Lang;
use std::fmt;

/// How the article is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Baidu Baike style: short heading lines, packed paragraphs, `[n]`.
    Text,
    /// Markdown (pandoc's, as Wikipedia dumps are converted): `#` headings,
    /// `\[n\]` markers, lists, tables and links.
    Markdown,
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(match self {
            Format::Text => "plain text",
            Format::Markdown => "Markdown",
        })
    }
}

/// The format chosen and the evidence for it, for the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detection {
    pub format: Format,
    pub reason: String,
}

/// Markdown signals counted line by line.
#[derive(Debug, Default)]
struct Signals {
    headings: usize,
    escaped_markers: usize,
    links: usize,
    table_rows: usize,
    list_items: usize,
}

impl Signals {
    fn of(source: &str) -> Signals {
        let mut s = Signals::default();
        for line in source.lines() {
            let t = line.trim_start();
            let hashes = t.bytes().take_while(|b| *b == b'#').count();
            if (1..=6).contains(&hashes) && t[hashes..].starts_with(' ') {
                s.headings += 1;
            }
            s.escaped_markers += line.matches("\\[").count();
            s.links += line.matches("](").count();
            if t.starts_with('|') && t.trim_end().ends_with('|') {
                s.table_rows += 1;
            }
            if t.starts_with("- ") || t.starts_with("* ") || is_numbered_item(t) {
                s.list_items += 1;
            }
        }
        s
    }

    /// Headings, escaped markers, links and table rows never occur in text
    /// copied from a Baike page; a list marker alone might (a dash opening
    /// a line), so it needs company.
    fn say_markdown(&self) -> bool {
        self.headings > 0
            || self.escaped_markers > 0
            || self.links > 0
            || self.table_rows >= 2
            || self.list_items >= 3
    }
}

fn is_numbered_item(line: &str) -> bool {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && line[digits..].starts_with(". ")
}

/// Decides the format; `forced` (from `--format`) wins, and says so.
pub fn detect(source: &str, forced: Option<Format>) -> Detection {
    if let Some(format) = forced {
        return Detection {
            format,
            reason: "chosen with --format".into(),
        };
    }
    let s = Signals::of(source);
    if s.say_markdown() {
        let found: Vec<String> = [
            (s.headings, "`#` headings"),
            (s.escaped_markers, "`\\[n\\]` escapes"),
            (s.links, "links"),
            (s.table_rows, "table rows"),
            (s.list_items, "list items"),
        ]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect();
        Detection {
            format: Format::Markdown,
            reason: format!("the text has {}", found.join(", ")),
        }
    } else {
        Detection {
            format: Format::Text,
            reason: "no `#` headings, escaped brackets, links or tables".into(),
        }
    }
}

/// Chinese when at least one letter in ten is a CJK character.
pub fn language(source: &str) -> Lang {
    let (mut cjk, mut letters) = (0usize, 0usize);
    for c in source.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
            cjk += 1;
        }
    }
    if cjk * 10 >= letters && cjk > 0 {
        Lang::Zh
    } else {
        Lang::En
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn baike_text_is_plain_text() {
        let baike =
            "某公司\n某公司是一家公司。[1]\n发展历程\n2023年1月，成立。[2]2月5日，发布。[3-4]\n";
        assert_eq!(detect(baike, None).format, Format::Text);
    }

    #[test]
    fn hard_wrapped_markdown_in_any_file_is_markdown() {
        let md = "## 历史\n\n2023年1月，\n成立\\[1\\]。\n";
        let d = detect(md, None);
        assert_eq!(d.format, Format::Markdown);
        assert!(d.reason.contains("`#` headings"), "{}", d.reason);
    }

    #[test]
    fn the_flag_overrides_and_says_so() {
        let d = detect("## 历史\n", Some(Format::Text));
        assert_eq!(d.format, Format::Text);
        assert!(d.reason.contains("--format"));
    }

    #[test]
    fn language_follows_the_letters() {
        assert_eq!(language("腾讯 is 一家公司，成立于1998年"), Lang::Zh);
        assert_eq!(
            language("Acme Corp. was founded in 1998 in 深圳."),
            Lang::En
        );
    }
}
