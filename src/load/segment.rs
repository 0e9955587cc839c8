//! Segmentation: a paragraph becomes undated lead prose followed by dated
//! entries. An entry starts wherever a date expression opens a sentence or a
//! clause: at the paragraph start, after `。！？；` (or `. ! ? ;` in English),
//! or right after a citation marker. A date inside a sentence opens nothing.

use crate::load::citations::{self, Stripped};
use crate::load::dates::{self, DateContext};
use crate::load::files::MAX_FILE_NAME;
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
    segment_with_literals(lang, paragraph, &[], ctx)
}

/// [`segment`], with the offsets (ascending) of the `[` that the Markdown
/// writes as text and that therefore open no citation marker.
pub fn segment_with_literals(
    lang: Lang,
    paragraph: &str,
    literal_brackets: &[usize],
    ctx: &mut DateContext,
) -> Segmented {
    let mut out = Segmented::default();
    let scan = citations::scan_with_literals(paragraph, literal_brackets);
    for p in &scan.problems {
        out.problems.push(SegmentProblem {
            offset: p.offset,
            len: p.len,
            message: p.kind.to_string(),
            hint: Some(p.kind.hint().to_string()),
            is_error: p.kind.is_error(),
        });
    }
    out.problems.extend(malformed_attributes(paragraph));
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
                ctx.unanchored_reported = false;
                starts.push((candidate, parsed.spec));
                resume_at = candidate + parsed.len.max(1);
            }
            Err(e) => {
                // Once a date has found nothing to inherit from, the dates
                // after it that lean on it fail for the same reason: report
                // the first only, until a date resolves again.
                let unanchored = matches!(
                    e,
                    dates::DateError::NoYear { .. } | dates::DateError::NoPrevious { .. }
                );
                if unanchored && ctx.unanchored_reported {
                    continue;
                }
                ctx.unanchored_reported = unanchored;
                let (offset, len) = e.span();
                let hint = match (&e, lang) {
                    (dates::DateError::NoYear { .. }, Lang::Zh) => {
                        "write the year in the first date of the paragraph or section, e.g. 2025年2月5日"
                    }
                    (dates::DateError::NoYear { .. }, Lang::En) => {
                        "write the year in the first date of the paragraph or section, e.g. On 5 February 2025,"
                    }
                    (dates::DateError::NoPrevious { .. }, _) => {
                        "a relative date needs a dated entry before it in the same section"
                    }
                    (dates::DateError::TooCoarse { .. }, _) => {
                        "date the entry before it to the day, or write this date in full"
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
    // After an attribute (`。 [1] {#id}2月5日，…`) the next entry may start.
    starts.extend(attribute_ends(text).map(|at| skip_blanks(text, at)));
    starts.sort_unstable();
    starts.dedup();
    starts
}

/// Offsets just past each `{#id}`, `{same=id}` or `{#id same=other}`.
fn attribute_ends(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.match_indices('{').filter_map(|(open, _)| {
        // The body runs to the next brace; an opening one means there is no
        // attribute here (and stopping there keeps the scan linear).
        let close = open + 1 + text[open + 1..].find(['{', '}'])?;
        if text.as_bytes()[close] != b'}' {
            return None;
        }
        parse_attribute(&text[open + 1..close]).map(|_| close + 1)
    })
}

/// Braces shaped like an attribute whose id is not a slug (`{#DeepSeek}`,
/// `{same=v3 launch}`): they stay in the text, so they are reported rather
/// than passed over in silence.
fn malformed_attributes(paragraph: &str) -> impl Iterator<Item = SegmentProblem> + '_ {
    paragraph.match_indices('{').filter_map(|(open, _)| {
        let close = open + 1 + paragraph[open + 1..].find(['{', '}'])?;
        if paragraph.as_bytes()[close] != b'}' {
            return None;
        }
        let body = &paragraph[open + 1..close];
        let values: Vec<&str> = body
            .split_whitespace()
            .map(|w| w.strip_prefix('#').or_else(|| w.strip_prefix("same=")))
            .collect::<Option<_>>()?;
        let bad = *values.iter().find(|v| !is_slug(v))?;
        Some(SegmentProblem {
            offset: open,
            len: close + 1 - open,
            message: format!("`{{{body}}}` is kept as text: `{bad}` is not an id"),
            hint: Some(format!("{}, e.g. {{#deepseek-v3-launch}}", slug_rule(bad))),
            is_error: false,
        })
    })
}

/// The id and the restated id of an attribute's body (`#id same=other`);
/// `None` when the body is not an attribute.
fn parse_attribute(body: &str) -> Option<(Option<String>, Option<String>)> {
    let mut id = None;
    let mut same = None;
    for word in body.split_whitespace() {
        if let Some(v) = word.strip_prefix('#').filter(|v| is_slug(v)) {
            id = Some(v.to_string());
        } else if let Some(v) = word.strip_prefix("same=").filter(|v| is_slug(v)) {
            same = Some(v.to_string());
        } else {
            return None;
        }
    }
    if id.is_none() && same.is_none() {
        return None;
    }
    Some((id, same))
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
    // Runs are in text order, so the ones in `(start, end]` (or `[0, end]`
    // for the lead) are found by binary search: a paragraph of many entries
    // and many markers stays linear.
    let runs = &stripped.runs;
    let from = match start {
        0 => 0,
        _ => runs.partition_point(|(at, _)| *at <= start),
    };
    let to = runs.partition_point(|(at, _)| *at <= end).max(from);
    let citations = runs[from..to]
        .iter()
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
    let Some((id, same)) = parse_attribute(&cited.text[open + 1..close - 1]) else {
        return (None, None);
    };
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

/// Slugs are lowercase ASCII letters, digits and inner hyphens, and never a
/// name Windows keeps for a device (a slug names a folder of the output).
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        // A slug names a folder of the output, as it is.
        && s.len() <= MAX_FILE_NAME
        && !s.starts_with('-')
        && !s.ends_with('-')
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !is_device_name(s)
}

/// `con`, `prn`, `aux`, `nul`, `com1`–`com9`, `lpt1`–`lpt9` (any case):
/// Windows can make no file or folder of that name.
pub fn is_device_name(s: &str) -> bool {
    let s = s.to_ascii_lowercase();
    let numbered = |prefix: &str| {
        s.strip_prefix(prefix)
            .is_some_and(|n| n.len() == 1 && matches!(n.as_bytes()[0], b'1'..=b'9'))
    };
    matches!(s.as_str(), "con" | "prn" | "aux" | "nul") || numbered("com") || numbered("lpt")
}

/// What a slug must be, told for `slug` when it is not one.
pub fn slug_rule(slug: &str) -> String {
    if slug.len() > MAX_FILE_NAME {
        format!(
            "it names a folder of the site, and a folder name is at most {MAX_FILE_NAME} bytes; this one has {}",
            slug.len()
        )
    } else if is_device_name(slug) {
        format!(
            "`{slug}` is a device name on Windows and cannot name a folder; choose another slug"
        )
    } else {
        "slugs are lowercase ASCII letters, digits and hyphens".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(seg: &Segmented) -> Vec<&str> {
        seg.entries.iter().map(|e| e.text.text.as_str()).collect()
    }

    #[test]
    fn a_malformed_attribute_is_reported_and_kept() {
        let mut ctx = DateContext::default();
        let text = "2025年1月1日，甲。 [1] {#DeepSeek}2025年1月2日，乙 {same=V3}。{#}{note}";
        let seg = segment(Lang::Zh, text, &mut ctx);
        let messages: Vec<(&str, usize)> = (seg.problems.iter())
            .map(|p| (p.message.as_str(), p.offset))
            .collect();
        assert_eq!(
            messages,
            [
                (
                    "`{#DeepSeek}` is kept as text: `DeepSeek` is not an id",
                    text.find("{#D").unwrap()
                ),
                (
                    "`{same=V3}` is kept as text: `V3` is not an id",
                    text.find("{same").unwrap()
                ),
                (
                    "`{#}` is kept as text: `` is not an id",
                    text.find("{#}").unwrap()
                ),
            ]
        );
        assert!(seg.problems.iter().all(|p| !p.is_error));
        // Not an attribute, so it neither names the entry nor ends it.
        assert!(
            texts(&seg)[0].contains("。{#DeepSeek}2025年1月2日"),
            "{:?}",
            texts(&seg)
        );
        assert_eq!(seg.entries[0].explicit_id, None);
    }

    #[test]
    fn an_attribute_ends_an_entry() {
        let mut ctx = DateContext::default();
        let seg = segment(
            Lang::Zh,
            "2025年1月1日，甲。 [1] {#a}2025年1月2日，乙。 [2] {same=a}1月3日，丙。",
            &mut ctx,
        );
        assert_eq!(
            texts(&seg),
            vec!["2025年1月1日，甲。", "2025年1月2日，乙。", "1月3日，丙。"]
        );
        assert_eq!(seg.entries[0].explicit_id.as_deref(), Some("a"));
        assert_eq!(seg.entries[1].same_as.as_deref(), Some("a"));
        assert_eq!(seg.entries[1].text.numbers(), vec![2]);
        // Braces that are no attribute open nothing.
        let seg = segment(Lang::Zh, "2025年1月1日，甲{x}2月2日。", &mut ctx);
        assert_eq!(seg.entries.len(), 1);
    }

    #[test]
    fn a_missing_year_is_reported_once_until_a_date_resolves() {
        let mut ctx = DateContext::default();
        let first = segment(Lang::Zh, "2月5日，甲。2月6日，乙。同日，丙。", &mut ctx);
        let second = segment(Lang::Zh, "3月1日，丁。", &mut ctx);
        assert_eq!(first.problems.len(), 1, "{:?}", first.problems);
        assert_eq!(first.problems[0].offset, 0);
        assert!(second.problems.is_empty(), "{:?}", second.problems);
        // Once a date resolves, a new failure is a new problem.
        let third = segment(Lang::Zh, "2025年，戊。18日，己。", &mut ctx);
        assert_eq!(third.entries.len(), 1);
        assert_eq!(third.problems.len(), 1, "{:?}", third.problems);
        let fourth = segment(
            Lang::En,
            "On the same day, x. In 2024, y. On 5 May, z.",
            &mut { DateContext::default() },
        );
        assert_eq!(fourth.problems.len(), 1, "{:?}", fourth.problems);
        assert!(fourth.problems[0].message.contains("the same day"));
    }

    #[test]
    fn many_entries_keep_their_own_citations() {
        let paragraph = "2025年1月1日，甲 [1] [2]。".repeat(3);
        let seg = segment(Lang::Zh, &paragraph, &mut DateContext::default());
        assert_eq!(seg.entries.len(), 3);
        for e in &seg.entries {
            assert_eq!(e.text.numbers(), vec![1, 2]);
        }
    }
}
