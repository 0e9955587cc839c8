//! Tables: one whose rows open with dates is a list of events in disguise
//! and becomes one paragraph per dated clause; any other stays a table.

use super::dated::date_prefix;
use super::wiki;
use crate::model::Lang;

/// A table read from a pipe table or raw HTML. Cells are Markdown text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Row {
    pub cells: Vec<String>,
    /// The row's line in the article.
    pub line: usize,
}

/// What a table becomes in the section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Converted {
    /// One entry per dated clause: its text and the row's line.
    Entries(Vec<(String, usize)>),
    /// A pipe table for the page text.
    Table(String),
}

/// Separates clauses inside one cell (paragraphs and list items of HTML).
const CLAUSE_BREAK: char = '；';

impl Table {
    pub fn convert(&self, lang: Lang) -> Converted {
        let dated = self.rows.iter().filter(|r| row_date(r).is_some()).count();
        if dated * 2 > self.rows.len() {
            Converted::Entries(
                self.rows
                    .iter()
                    .flat_map(|row| self.row_entries(row, lang))
                    .collect(),
            )
        } else {
            Converted::Table(self.to_markdown())
        }
    }

    /// Every dated clause of the row's first non-empty cell (a stage such
    /// as `一审` or `终审`), each with the other cells under their headers,
    /// then every item of the other cells that opens with a date, as an
    /// entry of its own. A row without a date keeps its text as one undated
    /// paragraph.
    fn row_entries(&self, row: &Row, lang: Lang) -> Vec<(String, usize)> {
        let Some(first) = row_date(row) else {
            let text = row.cells.iter().filter(|c| !c.is_empty()).cloned();
            return vec![(text.collect::<Vec<_>>().join(" "), row.line)];
        };
        let (colon, comma, stop) = match lang {
            Lang::Zh => ("：", "，", "。"),
            Lang::En => (": ", "; ", "."),
        };
        // A dated item inside a cell (`事由 2010年5月25日，…`) would open
        // nothing after the header, or take the stage's `{date=…}` as the
        // last dated clause of the paragraph: it is an event of its own,
        // written after the row's. A bare number (`1500`) in a cell is a
        // quantity more often than a year, and stays in its cell.
        let mut dated_items = Vec::new();
        let mut others = Vec::new();
        for (i, cell) in row.cells.iter().enumerate().filter(|(i, _)| *i != first) {
            let (dated, undated): (Vec<&str>, Vec<&str>) = cell
                .split(CLAUSE_BREAK)
                .map(str::trim)
                .filter(|item| !item.is_empty())
                .partition(|item| {
                    date_prefix(item)
                        .is_some_and(|len| !item[..len].bytes().all(|b| b.is_ascii_digit()))
                });
            dated_items.extend(dated.into_iter().map(|item| ended(item, stop)));
            if undated.is_empty() {
                continue;
            }
            let text = join_items(&undated, &CLAUSE_BREAK.to_string());
            others.push(match self.header.get(i).filter(|h| !h.is_empty()) {
                Some(h) => format!("{h} {text}"),
                None => text,
            });
        }
        let others = join_items(&others, comma);
        let mut entries: Vec<(String, usize)> = stages(&row.cells[first])
            .iter()
            .filter_map(|stage| dated_clause(stage))
            .map(|clause| {
                let parts: Vec<&str> = [clause.label, clause.rest, &others]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect();
                let mut text = ended(
                    &format!("{}{colon}{}", clause.date, join_items(&parts, comma)),
                    stop,
                );
                text.push_str(&clause.markers);
                // Cells write dates as `2013-9-25` or a bare `2002`, which
                // the loader does not read in every language: the override
                // states the date the cell gives where the loader would not.
                if !super::dated::loader_reads(&text, clause.date, lang) {
                    if let Some(date) = super::dated::override_for(clause.date) {
                        text.push(' ');
                        text.push_str(&date);
                    }
                }
                (text, row.line)
            })
            .collect();
        entries.extend(dated_items.into_iter().map(|item| (item, row.line)));
        entries
    }

    fn to_markdown(&self) -> String {
        let width = self
            .rows
            .iter()
            .map(|r| r.cells.len())
            .chain([self.header.len()])
            .max()
            .unwrap_or(0);
        let line = |cells: &[String]| {
            let mut s = String::from("|");
            for i in 0..width {
                let cell = cells.get(i).map_or("", String::as_str);
                s.push_str(&format!(" {} |", cell.replace('|', "\\|")));
            }
            s
        };
        let mut out = vec![line(&self.header), format!("|{}", " --- |".repeat(width))];
        out.extend(self.rows.iter().map(|r| line(&r.cells)));
        out.join("\n")
    }
}

/// The clauses of a cell, a label standing alone (`二审：`, a paragraph
/// before a list holding its date) joined to the clause after it.
fn stages(cell: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut label = String::new();
    for clause in cell.split(CLAUSE_BREAK).map(str::trim) {
        if clause.ends_with(['：', ':']) && dated_clause(clause).is_none() {
            label.push_str(clause);
        } else {
            out.push(format!("{}{clause}", std::mem::take(&mut label)));
        }
    }
    out
}

/// Items joined by `separator`, but not after one that ends its sentence
/// or is a label (`判决：` before the items of the judgment).
fn join_items<S: AsRef<str>>(items: &[S], separator: &str) -> String {
    let mut out = String::new();
    for item in items {
        let item = item.as_ref();
        if !out.is_empty() && !out.ends_with(['。', '：']) {
            out.push_str(separator);
        }
        out.push_str(item);
    }
    out
}

/// `item` ending with a full stop, unless it ends with a stop or a marker.
fn ended(item: &str, stop: &str) -> String {
    if item.ends_with(['。', '.', '！', '？', '!', '?', ']']) {
        item.to_string()
    } else {
        format!("{item}{stop}")
    }
}

/// The index of the row's first non-empty cell, when a clause of it opens
/// with a date.
fn row_date(row: &Row) -> Option<usize> {
    let first = row.cells.iter().position(|c| !c.trim().is_empty())?;
    stages(&row.cells[first])
        .iter()
        .any(|c| dated_clause(c).is_some())
        .then_some(first)
}

/// `一审：2013-9-25[41] 补充` as label `一审`, date `2013-9-25`, markers
/// `[41]` and the rest.
#[derive(Debug, PartialEq, Eq)]
struct DatedClause<'a> {
    label: &'a str,
    date: &'a str,
    markers: String,
    rest: &'a str,
}

fn dated_clause(clause: &str) -> Option<DatedClause<'_>> {
    let clause = clause.trim();
    let (label, body) = match date_prefix(clause) {
        Some(_) => ("", clause),
        None => {
            let (label, body) = clause.split_once('：').or_else(|| clause.split_once(':'))?;
            (label.trim(), body.trim())
        }
    };
    let len = date_prefix(body)?;
    let (date, rest) = body.split_at(len);
    // Markers right after the date and those ending the clause
    // (`二审：2013年1月8日，开庭，尚未宣判[24]`) both go after the entry's text.
    let mut rest = rest.trim();
    let mut markers = String::new();
    while let Some(close) = rest
        .find(']')
        .filter(|c| rest.starts_with('[') && is_marker(&rest[1..*c]))
    {
        markers.push_str(&rest[..=close]);
        rest = rest[close + 1..].trim_start();
    }
    let mut body = rest;
    while let Some(open) = body
        .strip_suffix(']')
        .and_then(|b| b.rfind('['))
        .filter(|o| is_marker(&body[o + 1..body.len() - 1]))
    {
        body = body[..open].trim_end();
    }
    markers.push_str(rest[body.len()..].trim_start());
    Some(DatedClause {
        label,
        date,
        markers,
        rest: body.trim_start_matches(['，', ',', ' ']),
    })
}

/// The inside of a citation marker: `12`, `1-2`, `3,5`.
fn is_marker(inner: &str) -> bool {
    !inner.is_empty()
        && inner
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'-' || b == b',')
}

/// Reads a raw HTML `<table>`: rows of `<td>`/`<th>` cells, their
/// paragraphs and list items joined as clauses. `first_line` is the line
/// of the table's first byte in the article.
pub fn parse_html(html: &str, first_line: usize) -> Table {
    let mut table = Table::default();
    let mut row: Option<(Vec<String>, usize, bool)> = None;
    let mut cell: Option<String> = None;
    let mut rest = html;
    let mut line = first_line;
    while !rest.is_empty() {
        let (text, tag, after) = match rest.find('<') {
            Some(open) => {
                let close = rest[open..].find('>').map_or(rest.len(), |c| open + c + 1);
                (&rest[..open], &rest[open..close], &rest[close..])
            }
            None => (rest, "", ""),
        };
        if let Some(c) = cell.as_mut() {
            c.push_str(&decode_entities(text));
        }
        line += text.matches('\n').count();
        let name = tag_name(tag);
        match name.as_str() {
            "tr" => row = Some((Vec::new(), line, false)),
            "/tr" => {
                if let Some((cells, at, header)) = row.take() {
                    if header && table.header.is_empty() && table.rows.is_empty() {
                        table.header = cells;
                    } else {
                        table.rows.push(Row { cells, line: at });
                    }
                }
            }
            "td" | "th" => {
                if let (Some(r), true) = (row.as_mut(), name == "th") {
                    r.2 = true;
                }
                cell = Some(String::new());
            }
            "/td" | "/th" => {
                if let (Some(text), Some(r)) = (cell.take(), row.as_mut()) {
                    r.0.push(cell_text(&text));
                }
            }
            "p" | "/p" | "li" | "/li" | "br" | "br/" => {
                if let Some(c) = cell.as_mut() {
                    c.push(CLAUSE_BREAK);
                }
            }
            _ => {}
        }
        line += tag.matches('\n').count();
        rest = after;
    }
    table
}

fn tag_name(tag: &str) -> String {
    tag.trim_start_matches('<')
        .trim_end_matches('>')
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// A cell's text: clauses trimmed and empty ones dropped, leftovers
/// cleaned, Markdown escaped.
fn cell_text(raw: &str) -> String {
    let clauses: Vec<String> = raw
        .split(CLAUSE_BREAK)
        .map(|c| super::escape_inline(&wiki::clean(c)))
        .filter(|c| !c.is_empty())
        .collect();
    clauses.join(&CLAUSE_BREAK.to_string())
}

pub fn decode_entities(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(header: &[&str], rows: &[&[&str]]) -> Table {
        Table {
            header: header.iter().map(|s| s.to_string()).collect(),
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, r)| Row {
                    cells: r.iter().map(|s| s.to_string()).collect(),
                    line: i + 3,
                })
                .collect(),
        }
    }

    #[test]
    fn dated_rows_become_entries_with_their_headers() {
        let t = table(
            &["财政年度", "营业额", "纯利", "员工"],
            &[&["2002年", "175亿", "3亿", "1500"], &["2003", "", "4亿"]],
        );
        // The loader reads `2002年：` itself; a bare `2003` needs the
        // override. A bare number in another cell is no date.
        assert_eq!(
            t.convert(Lang::Zh),
            Converted::Entries(vec![
                ("2002年：营业额 175亿，纯利 3亿，员工 1500。".into(), 3),
                ("2003：纯利 4亿。 {date=2003}".into(), 4),
            ])
        );
    }

    #[test]
    fn each_stage_gets_the_other_cells_and_dated_items_are_entries_of_their_own() {
        // qihoo360.md:254–266: a stage label alone before the list holding
        // its date, a cause made of dated items, markers after the text.
        let t = table(
            &["判决时间", "原告", "事由"],
            &[&[
                "一审：2011年3月21日[11]；二审：；2013年7月22日[12][13]；终审：2014年1月8日，开庭[24]",
                "金山",
                "2010年5月25日，甲；乙。；2010年5月29日，丙",
            ]],
        );
        assert_eq!(
            t.convert(Lang::Zh),
            Converted::Entries(vec![
                ("2011年3月21日：一审，原告 金山，事由 乙。[11]".into(), 3),
                (
                    "2013年7月22日：二审，原告 金山，事由 乙。[12][13]".into(),
                    3
                ),
                (
                    "2014年1月8日：终审，开庭，原告 金山，事由 乙。[24]".into(),
                    3
                ),
                ("2010年5月25日，甲。".into(), 3),
                ("2010年5月29日，丙。".into(), 3),
            ])
        );
    }

    #[test]
    fn undated_tables_stay_tables() {
        let t = table(&["名称", "类别"], &[&["大话西游", "MMORPG|x"]]);
        assert_eq!(
            t.convert(Lang::Zh),
            Converted::Table("| 名称 | 类别 |\n| --- | --- |\n| 大话西游 | MMORPG\\|x |".into())
        );
    }

    #[test]
    fn html_tables_read_headers_rows_and_clauses() {
        let html = "<table>\n<thead>\n<tr class=\"header\">\n<th><p>时间</p></th>\n<th><p>事由</p></th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td><p>一审：2011年4月26日[14]</p>\n<p>终审：2011年9月29日[16]</p></td>\n<td><ul>\n<li>甲 &amp; 乙</li>\n<li>丙</li>\n</ul></td>\n</tr>\n</tbody>\n</table>";
        let t = parse_html(html, 10);
        assert_eq!(t.header, vec!["时间", "事由"]);
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.rows[0].line, 18);
        assert_eq!(
            t.rows[0].cells,
            vec![
                "一审：2011年4月26日[14]；终审：2011年9月29日[16]",
                "甲 & 乙；丙"
            ]
        );
    }
}
