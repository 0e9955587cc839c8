//! Segmentation: a paragraph becomes undated lead prose followed by dated
//! entries. An entry starts wherever a date expression opens a sentence or a
//! clause: at the paragraph start, after `。！？；` (or `. ! ? ;` in English),
//! or right after a citation marker. A date inside a sentence opens nothing.

use crate::load::citations::{self, Stripped};
use crate::load::dates::{self, DateContext};
use crate::model::{CitationRun, CitedText, DateSpec, Lang};

/// A dated entry found in a paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub date: DateSpec,
    pub text: CitedText,
    /// Byte offset of the entry in the paragraph as written (markers in).
    pub offset: usize,
    pub explicit_id: Option<String>,
    pub same_as: Option<String>,
}

/// Something wrong at a byte span of the paragraph as written.
#[derive(Debug, Clone, PartialEq)]
pub struct SegmentProblem {
    pub offset: usize,
    pub len: usize,
    pub message: String,
    pub hint: Option<String>,
    pub is_error: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Segmented {
    pub lead: Option<CitedText>,
    pub entries: Vec<Entry>,
    pub problems: Vec<SegmentProblem>,
}

/// Splits one paragraph's merged text into entries. `ctx` carries the dates
/// of earlier entries in the section and is updated for the next paragraph.
pub fn segment(lang: Lang, paragraph: &str, ctx: &mut DateContext) -> Segmented {
    let mut out = Segmented::default();
    let scan = citations::scan(paragraph);
    for p in &scan.problems {
        out.problems.push(SegmentProblem {
            offset: p.offset,
            len: p.len,
            message: p.kind.to_string(),
            hint: Some(p.kind.hint().to_string()),
            is_error: p.kind.is_error(),
        });
    }
    let stripped = citations::strip(paragraph, &scan.markers);
    let text = stripped.text.as_str();

    // (start of entry, its date) in stripped-text offsets.
    let mut starts: Vec<(usize, DateSpec)> = Vec::new();
    let mut resume_at = 0;
    for candidate in clause_starts(lang, &stripped) {
        if candidate < resume_at || candidate >= text.len() {
            continue;
        }
        let Some(parsed) = dates::parse_opener(lang, &text[candidate..], ctx) else {
            continue;
        };
        match parsed {
            Ok(parsed) => {
                for w in parsed.warnings {
                    out.problems.push(SegmentProblem {
                        offset: stripped.source_offset(candidate + w.offset),
                        len: w.len,
                        message: w.message,
                        hint: None,
                        is_error: false,
                    });
                }
                ctx.anchor = Some(parsed.spec.start);
                ctx.previous = Some(parsed.spec.clone());
                starts.push((candidate, parsed.spec));
                resume_at = candidate + parsed.len.max(1);
            }
            Err(e) => {
                let (offset, len) = e.span();
                let hint = match e {
                    dates::DateError::NoYear { .. } => {
                        "write the year in the first date of the paragraph or section, e.g. 2025年2月5日"
                    }
                    dates::DateError::NoPrevious { .. } => {
                        "a relative date needs a dated entry before it in the same section"
                    }
                    _ => "check the date against the source; annals never guesses a date",
                };
                out.problems.push(SegmentProblem {
                    offset: stripped.source_offset(candidate + offset),
                    len,
                    message: e.to_string(),
                    hint: Some(hint.to_string()),
                    is_error: true,
                });
            }
        }
    }

    let first = starts.first().map_or(text.len(), |(s, _)| *s);
    let lead = cited_slice(&stripped, 0, first);
    if !lead.text.is_empty() {
        out.lead = Some(lead);
    }
    for (i, (start, date)) in starts.iter().enumerate() {
        let end = starts.get(i + 1).map_or(text.len(), |(s, _)| *s);
        let mut cited = cited_slice(&stripped, *start, end);
        let (explicit_id, same_as) = take_attributes(&mut cited);
        out.entries.push(Entry {
            date: date.clone(),
            text: cited,
            offset: stripped.source_offset(*start),
            explicit_id,
            same_as,
        });
    }
    out
}

/// Offsets where a clause may begin: the start, after a sentence or clause
/// terminator (and any closing quotes and blanks), after a citation run.
fn clause_starts(lang: Lang, stripped: &Stripped) -> Vec<usize> {
    let text = stripped.text.as_str();
    let mut starts = vec![skip_blanks(text, 0)];
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let ends_clause = match lang {
            Lang::Zh => matches!(c, '。' | '！' | '？' | '；' | '.' | '!' | '?' | ';'),
            Lang::En => {
                matches!(c, '.' | '!' | '?' | ';' | '。' | '；')
                    && chars
                        .peek()
                        .is_none_or(|(_, n)| n.is_whitespace() || is_closing(*n))
            }
        };
        if ends_clause {
            let mut j = i + c.len_utf8();
            while let Some(n) = text[j..].chars().next().filter(|n| is_closing(*n)) {
                j += n.len_utf8();
            }
            starts.push(skip_blanks(text, j));
        }
    }
    starts.extend(stripped.runs.iter().map(|(at, _)| skip_blanks(text, *at)));
    starts.sort_unstable();
    starts.dedup();
    starts
}

fn is_closing(c: char) -> bool {
    matches!(c, '”' | '’' | '」' | '』' | '）' | ')' | '"' | '\'' | '》')
}

fn skip_blanks(text: &str, from: usize) -> usize {
    from + text[from..].len() - text[from..].trim_start().len()
}

/// The text between two offsets, trimmed, with the citation runs it holds.
/// A run at `start` belongs to the text before it, a run at `end` to this.
fn cited_slice(stripped: &Stripped, start: usize, end: usize) -> CitedText {
    let raw = &stripped.text[start..end];
    let trimmed_start = start + (raw.len() - raw.trim_start().len());
    let text = stripped.text[trimmed_start..end].trim_end().to_string();
    let citations = stripped
        .runs
        .iter()
        .filter(|(at, _)| (*at > start || (start == 0 && *at == 0)) && *at <= end)
        .map(|(at, numbers)| CitationRun {
            offset: (at.saturating_sub(trimmed_start)).min(text.len()),
            numbers: numbers.clone(),
        })
        .collect();
    CitedText { text, citations }
}

/// Takes `{#id}`, `{same=id}` or `{#id same=other}` out of an entry's text.
fn take_attributes(cited: &mut CitedText) -> (Option<String>, Option<String>) {
    let Some(open) = cited.text.rfind('{') else {
        return (None, None);
    };
    let Some(close_rel) = cited.text[open..].find('}') else {
        return (None, None);
    };
    let close = open + close_rel + 1;
    let body = &cited.text[open + 1..close - 1];
    let mut id = None;
    let mut same = None;
    for word in body.split_whitespace() {
        if let Some(v) = word.strip_prefix('#').filter(|v| is_slug(v)) {
            id = Some(v.to_string());
        } else if let Some(v) = word.strip_prefix("same=").filter(|v| is_slug(v)) {
            same = Some(v.to_string());
        } else {
            return (None, None);
        }
    }
    if id.is_none() && same.is_none() {
        return (None, None);
    }
    // Remove the attribute with the blanks around it; keep one space only
    // where it separated two Latin words.
    let before = cited.text[..open].trim_end();
    let after = cited.text[close..].trim_start();
    let joint = match (before.chars().next_back(), after.chars().next()) {
        (Some(p), Some(n)) if citations::needs_space_between(p, n) => " ",
        _ => "",
    };
    let cut_start = before.len();
    let cut_end = cited.text.len() - after.len();
    let shift = cut_end - cut_start - joint.len();
    let text = format!("{before}{joint}{after}");
    for run in &mut cited.citations {
        if run.offset >= cut_end {
            run.offset -= shift;
        } else if run.offset > cut_start {
            run.offset = cut_start;
        }
    }
    cited.text = text.trim_end().to_string();
    for run in &mut cited.citations {
        run.offset = run.offset.min(cited.text.len());
    }
    (id, same)
}

/// Slugs are lowercase ASCII letters, digits and inner hyphens.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}
