//! Reading a Markdown article (pandoc's conversion of a Wikipedia page, or
//! hand-written) into sections of blocks: every paragraph and list item is
//! a block, tables are converted, wiki links are flattened to text, and the
//! notes after the references heading or the Category line are read as
//! references instead of text.

use super::dated::{heading_year, with_heading_year};
use super::tables::{self, Converted, Row, Table};
use super::{escape_inline, references, wiki, Article, Block, ImportedSection, Warning};
use crate::model::Lang;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// What the text under the current heading is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Body,
    /// Numbered notes: each item is a reference.
    Notes,
    /// Outside links: dropped.
    Links,
}

/// A link whose text is being read: where its text starts in the buffer.
struct OpenLink {
    at: usize,
    dest: String,
    title: String,
}

struct Reader<'a> {
    source: &'a str,
    lang: Lang,
    article: Article,
    /// Open sections by heading level.
    stack: Vec<(u8, ImportedSection)>,
    part: Part,
    /// Inline Markdown of the block being read.
    buffer: String,
    block_start: usize,
    /// Where the block's first text is, for the column of warnings.
    text_start: Option<usize>,
    links: Vec<OpenLink>,
    /// Where image links stood: each one's caption debris runs to a `]]`.
    images_at: Vec<usize>,
    heading: Option<u8>,
    /// Ordered lists: the number of the next item; `None` for bullets.
    lists: Vec<Option<u64>>,
    note_number: Option<u64>,
    quote_depth: usize,
    table: Option<(Table, Vec<String>)>,
    html_table: Option<(String, usize)>,
    strong: Option<usize>,
    first_strong: Option<String>,
    /// `#` headings: a single one is the article's title.
    titles: usize,
}

/// Reads `source`; its title, when no `#` title or bold name gives one, is
/// left empty for the caller.
pub fn read(source: &str, lang: Lang) -> Article {
    let mut r = Reader {
        source,
        lang,
        article: Article::new(lang),
        stack: Vec::new(),
        part: Part::Body,
        buffer: String::new(),
        block_start: 0,
        text_start: None,
        links: Vec::new(),
        images_at: Vec::new(),
        heading: None,
        lists: Vec::new(),
        note_number: None,
        quote_depth: 0,
        table: None,
        html_table: None,
        strong: None,
        first_strong: None,
        titles: 0,
    };
    for (event, range) in Parser::new_ext(source, Options::ENABLE_TABLES).into_offset_iter() {
        r.event(event, range.start);
    }
    // A table never closed runs to the end of the article.
    r.finish_html_table();
    r.flush();
    r.close_sections(0);
    let mut article = r.article;
    // A single `#` title holding everything is the article's title.
    if r.titles == 1 && article.sections.len() == 1 && article.intro.is_empty() {
        let top = article.sections.remove(0);
        article.intro = top.blocks;
        article.sections = top.children;
        article.title = top.title;
    }
    if article.title.is_empty() {
        article.title = r.first_strong.unwrap_or_default();
    }
    article
}

impl Reader<'_> {
    fn line_of(&self, offset: usize) -> (usize, usize) {
        let before = &self.source[..offset.min(self.source.len())];
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, col)
    }

    fn event(&mut self, event: Event<'_>, at: usize) {
        if let Some((html, _)) = self.html_table.as_mut() {
            if let Event::Html(t) | Event::InlineHtml(t) = &event {
                html.push_str(t);
                if t.contains("</table>") {
                    self.finish_html_table();
                }
                return;
            }
        }
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                self.flush();
                self.titles += usize::from(level == pulldown_cmark::HeadingLevel::H1);
                self.heading = Some(level as u8);
            }
            Event::End(TagEnd::Heading(_)) => self.finish_heading(),
            Event::Start(Tag::Paragraph) => self.begin_block(at),
            Event::End(TagEnd::Paragraph) => self.flush(),
            Event::Start(Tag::List(first)) => {
                self.flush();
                self.lists.push(first);
            }
            Event::End(TagEnd::List(_)) => {
                self.lists.pop();
            }
            Event::Start(Tag::Item) => {
                self.begin_block(at);
                self.note_number = self.lists.last_mut().and_then(|n| {
                    let number = *n.as_ref()?;
                    *n = Some(number + 1);
                    Some(number)
                });
            }
            Event::End(TagEnd::Item) => {
                self.flush();
                // An empty note (`12.`) still makes its number a reference.
                if let Some(n) = self.note().filter(|_| self.part == Part::Notes) {
                    self.article.references.entry(n).or_default();
                }
                self.note_number = None;
            }
            Event::Start(Tag::BlockQuote(_)) => self.quote_depth += 1,
            Event::End(TagEnd::BlockQuote(_)) => {
                self.flush();
                self.quote_depth = self.quote_depth.saturating_sub(1);
            }
            Event::Start(Tag::Table(_)) => {
                self.flush();
                self.table = Some((Table::default(), Vec::new()));
            }
            Event::Start(Tag::TableRow) => self.block_start = at,
            Event::Start(Tag::TableCell) => self.buffer.clear(),
            Event::End(TagEnd::TableCell) => {
                let cell = wiki::clean(&self.take_buffer());
                if let Some((_, row)) = self.table.as_mut() {
                    row.push(cell);
                }
            }
            Event::End(TagEnd::TableHead) => {
                if let Some((table, row)) = self.table.as_mut() {
                    table.header = std::mem::take(row);
                }
            }
            Event::End(TagEnd::TableRow) => {
                let line = self.line_of(self.block_start).0;
                if let Some((table, row)) = self.table.as_mut() {
                    let cells = std::mem::take(row);
                    table.rows.push(Row { cells, line });
                }
            }
            Event::End(TagEnd::Table) => {
                if let Some((table, _)) = self.table.take() {
                    self.push_table(&table);
                }
            }
            Event::Start(Tag::Strong) => self.strong = Some(self.buffer.len()),
            Event::End(TagEnd::Strong) => {
                if let (Some(from), None) = (self.strong.take(), &self.first_strong) {
                    let name = wiki::clean(self.buffer.get(from..).unwrap_or_default());
                    self.first_strong = (!name.is_empty()).then_some(name);
                }
            }
            Event::Start(Tag::Link {
                dest_url, title, ..
            })
            | Event::Start(Tag::Image {
                dest_url, title, ..
            }) => self.links.push(OpenLink {
                at: self.buffer.len(),
                dest: dest_url.into_string(),
                title: title.into_string(),
            }),
            Event::End(TagEnd::Link) | Event::End(TagEnd::Image) => self.finish_link(),
            Event::Text(t) | Event::Code(t) => {
                self.text_start.get_or_insert(at);
                self.buffer.push_str(&escape_inline(&t));
            }
            // Chinese lines join directly, English ones with a space.
            Event::SoftBreak if self.lang == Lang::En => self.buffer.push(' '),
            Event::HardBreak => self.buffer.push(' '),
            Event::InlineHtml(t) if t.trim_start().starts_with("<br") => self.buffer.push(' '),
            Event::Html(t) if t.contains("<table") => {
                self.flush();
                let line = self.line_of(at).0;
                self.html_table = Some((t.into_string(), line));
                if self
                    .html_table
                    .as_ref()
                    .is_some_and(|(h, _)| h.contains("</table>"))
                {
                    self.finish_html_table();
                }
            }
            _ => {}
        }
    }

    /// Starts a block at `at` unless text is already waiting.
    fn begin_block(&mut self, at: usize) {
        self.flush();
        self.block_start = at;
    }

    /// The number of the note being read, if this is a numbered item.
    fn note(&self) -> Option<u32> {
        self.note_number
            .and_then(|n| u32::try_from(n).ok())
            .filter(|n| *n > 0)
    }

    fn take_buffer(&mut self) -> String {
        self.links.clear();
        self.text_start = None;
        self.strong = None;
        let mut text = std::mem::take(&mut self.buffer);
        // An image's caption, cut loose by the conversion, ends in `]]`;
        // the last image first, so each cut ends at its own caption's end.
        for at in std::mem::take(&mut self.images_at).into_iter().rev() {
            if let Some(end) = text.get(at..).and_then(|t| t.find("]]")) {
                text.replace_range(at..at + end + 2, "");
            }
        }
        text
    }

    fn finish_link(&mut self) {
        let Some(link) = self.links.pop() else {
            return;
        };
        if !self.buffer.is_char_boundary(link.at) {
            return;
        }
        let at = link.at;
        if wiki::is_image(&link.dest, &link.title) {
            self.buffer.truncate(at);
            self.images_at.push(at);
            return;
        }
        if wiki::is_category(&link.dest) {
            self.buffer.truncate(at);
            // The notes pandoc leaves come after the Category line.
            if self.heading.is_none() {
                self.part = Part::Notes;
            }
            return;
        }
        let text = &self.buffer[at..];
        // `[1](http://…)`: MediaWiki's numbered outside link, a footnote
        // whose number is no note's. Left as text, the stray `1` would
        // stand before the next entry's date and hide it.
        // In a note, the link is the note's URL and stays.
        if self.part == Part::Body && !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
            self.buffer.truncate(at);
            return;
        }
        // `<sup>[\[1](…)\]</sup>`: a citation marker made a link.
        let is_marker = text
            .trim_matches(['[', ']'])
            .bytes()
            .all(|b| b.is_ascii_digit());
        // A note may be no more than a link to a wiki page: its address
        // is then the note's URL.
        let keep_as_link = self.heading.is_none()
            && !is_marker
            && (self.part == Part::Notes || !wiki::is_wikilink(&link.dest, &link.title))
            && crate::model::is_safe_url(&link.dest);
        if keep_as_link {
            self.buffer.insert(at, '[');
            let dest = if link.dest.contains([' ', '(', ')']) {
                format!("<{}>", link.dest)
            } else {
                link.dest
            };
            self.buffer.push_str(&format!("]({dest})"));
        }
    }

    fn finish_heading(&mut self) {
        let Some(level) = self.heading.take() else {
            return;
        };
        let title = wiki::clean(&self.take_buffer());
        if references::is_outside_links_heading(&title) {
            self.part = Part::Links;
            return;
        }
        if references::is_notes_heading(&title) {
            self.part = Part::Notes;
            return;
        }
        self.part = Part::Body;
        if title.is_empty() {
            return;
        }
        self.close_sections(level);
        self.stack.push((
            level,
            ImportedSection {
                title,
                ..ImportedSection::default()
            },
        ));
    }

    fn close_sections(&mut self, level: u8) {
        while self.stack.last().is_some_and(|(l, _)| *l >= level) {
            let Some((_, section)) = self.stack.pop() else {
                break;
            };
            match self.stack.last_mut() {
                Some((_, parent)) => parent.children.push(section),
                None => self.article.sections.push(section),
            }
        }
    }

    fn push(&mut self, block: Block) {
        match self.stack.last_mut() {
            Some((_, s)) => s.blocks.push(block),
            None => self.article.intro.push(block),
        }
    }

    /// The year the nearest enclosing heading names, if it names one.
    fn heading_year(&self) -> Option<(String, String)> {
        self.stack
            .iter()
            .rev()
            .find_map(|(_, s)| heading_year(&s.title).map(|y| (y.to_string(), s.title.clone())))
    }

    fn flush(&mut self) {
        if self.heading.is_some() || self.table.is_some() {
            return;
        }
        let at = self.text_start.unwrap_or(self.block_start);
        let raw = self.take_buffer();
        match self.part {
            Part::Links => return,
            Part::Notes => {
                if let Some(n) = self.note().filter(|_| !raw.trim().is_empty()) {
                    self.article
                        .references
                        .entry(n)
                        .or_insert_with(|| references::from_note(&raw));
                }
                return;
            }
            Part::Body => {}
        }
        let mut text = wiki::clean(&raw);
        if text.is_empty() || (self.quote_depth > 0 && wiki::is_conversion_note(&text)) {
            return;
        }
        let (line, col) = self.line_of(at);
        if let Some((year, heading)) = self.heading_year() {
            if let Some(dated) = with_heading_year(&text, &year, self.lang) {
                text = dated;
                self.article.warnings.push(Warning {
                    line,
                    col,
                    message: format!("the year {year} is taken from the heading `{heading}`"),
                });
            }
        }
        self.push(Block::Text {
            markdown: text,
            line,
        });
    }

    fn finish_html_table(&mut self) {
        if let Some((html, line)) = self.html_table.take() {
            self.push_table(&tables::parse_html(&html, line));
        }
    }

    fn push_table(&mut self, table: &Table) {
        if self.part != Part::Body {
            return;
        }
        match table.convert(self.lang) {
            Converted::Entries(entries) => {
                for (markdown, line) in entries {
                    self.push(Block::Text { markdown, line });
                }
            }
            Converted::Table(markdown) => self.push(Block::Table(markdown)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(blocks: &[Block]) -> Vec<&str> {
        blocks
            .iter()
            .filter_map(|b| match b {
                Block::Text { markdown, .. } => Some(markdown.as_str()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn list_items_are_blocks_and_year_headings_date_them() {
        let md = "## 历史\n\n### 2016年\n\n  - 7月14日，甲\\[1\\]；8月2日，乙。\n  -\n  - 2017年1月，丙\n      - 2017年2月，丁\n\n<!-- end list -->\n\n  - 无日期\n";
        let a = read(md, Lang::Zh);
        let year = &a.sections[0].children[0];
        assert_eq!(year.title, "2016年");
        assert_eq!(
            texts(&year.blocks),
            vec![
                "2016年7月14日，甲[1]；8月2日，乙。",
                "2017年1月，丙",
                "2017年2月，丁",
                "无日期"
            ]
        );
        assert_eq!(a.warnings.len(), 1);
        assert_eq!((a.warnings[0].line, a.warnings[0].col), (5, 5));
    }

    #[test]
    fn wiki_leftovers_are_cleaned_and_web_links_kept() {
        let md = "> 本文内容由[腾讯](https://zh.wikipedia.org/wiki/腾讯)转换而来。\n\n**-{網}-易公司**（）是[门户网站](../Page/门户.md \"wikilink\")，见[官网](https://www.163.com/)。<sup>[\\[1](https://x.example/)\\]</sup>\n\n[File.jpg](https://zh.wikipedia.org/wiki/File:X.jpg \"fig:X.jpg\")设立的众创空间\\]\\] [图](https://zh.wikipedia.org/wiki/File:Y.jpg \"fig:图\")[大厦](../Page/D.md \"wikilink\")外景\\]\\] 1998年，成立{{-}}。\n";
        let a = read(md, Lang::Zh);
        assert_eq!(a.title, "網易公司");
        assert_eq!(
            texts(&a.intro),
            vec![
                "網易公司是门户网站，见[官网](https://www.163.com/)。[1]",
                "1998年，成立。"
            ]
        );
    }

    #[test]
    fn a_numbered_outside_link_is_dropped_before_a_date() {
        // netease.md:112.
        let md = "## 八方\n\n元素。[1](http://bafang.163.com/help/aboutus) 2012年11月7日，下线。\n";
        let a = read(md, Lang::Zh);
        assert_eq!(
            texts(&a.sections[0].blocks),
            vec!["元素。 2012年11月7日，下线。"]
        );
    }

    #[test]
    fn notes_after_the_category_line_are_references() {
        let md = "## 历史\n\n2001年，成立\\[2\\]。\n\n## 参考文献\n\n[Category:1998年成立的公司](https://zh.wikipedia.org/wiki/Category:1998年成立的公司 \"wikilink\")\n\n1.\n2.  [标题](http://a.example/x) ，亚太日报，2014年3月11日\n3.\n\n## 外部链接\n\n  - [官网](https://www.example.com/)\n";
        let a = read(md, Lang::Zh);
        assert_eq!(a.sections.len(), 1);
        assert_eq!(texts(&a.sections[0].blocks), vec!["2001年，成立[2]。"]);
        let numbers: Vec<u32> = a.references.keys().copied().collect();
        assert_eq!(numbers, vec![1, 2, 3]);
        assert_eq!(a.references[&2].url.as_deref(), Some("http://a.example/x"));
    }

    #[test]
    fn dated_pipe_tables_become_entries() {
        let md = "## 财务\n\n| 年度 | 营业额 |\n| ---- | ---- |\n| 1992年 | 6.61亿 |\n| 1993年 | [10.84亿](../Page/X.md \"wikilink\") |\n";
        let a = read(md, Lang::Zh);
        assert_eq!(
            texts(&a.sections[0].blocks),
            vec!["1992年：营业额 6.61亿。", "1993年：营业额 10.84亿。"]
        );
        let Block::Text { line, .. } = &a.sections[0].blocks[1] else {
            panic!()
        };
        assert_eq!(*line, 6);
    }
}
