//! Segmentation: a paragraph becomes undated lead prose followed by dated
//! entries. An entry starts wherever a date expression opens a sentence or a
//! clause: at the paragraph start, after `。！？；` (or `. ! ? ;` in English),
//! or right after a citation marker. A date inside a sentence opens nothing.

use crate::load::citations::{self, Stripped};
use crate::load::dates::{self, DateContext};
use crate::load::files::MAX_FILE_NAME;
use crate::model::{CitationRun, CitedText, DatePoint, DateSpec, InvalidDate, Lang};
use std::collections::{HashMap, HashSet};

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
    let groups = attribute_groups(text);
    for group in &groups {
        if let Some(Err(e)) = &group.attribute.date {
            out.problems.push(SegmentProblem {
                offset: stripped.source_offset(group.open),
                len: group.end - group.open,
                message: format!("`{}`: {e}", &text[group.open..group.end]),
                hint: Some(
                    "write {date=YYYY-MM-DD}, {date=YYYY-MM}, {date=YYYY} or {date=none}"
                        .to_string(),
                ),
                is_error: true,
            });
        }
    }
    let candidates = clause_starts(lang, &stripped);
    // `……企业 [1]，2011年在上海上市`: after a marker and a comma the sentence
    // may go on, so a date there opens a clause only with its own comma.
    let after_marker_commas: HashSet<usize> = after_runs_with_commas(&stripped)
        .filter_map(|(at, comma)| comma.then_some(at))
        .collect();
    let overrides = override_targets(lang, &stripped, &candidates, &groups);

    // (start of entry, its date) in stripped-text offsets.
    let mut starts: Vec<(usize, DateSpec)> = Vec::new();
    let mut resume_at = 0;
    for candidate in candidates {
        if candidate < resume_at || candidate >= text.len() {
            continue;
        }
        // `● 2019年，…`, `（1）2019年，…`: a list marker left in the text
        // (as imported articles keep them) comes before the date.
        let at = candidate + list_marker_len(&text[candidate..]);
        let parsed = dates::parse_opener(lang, &text[at..], ctx);
        if let Some(date) = overrides.get(&candidate) {
            // The override replaces whatever the opener says, errors included.
            let Some(point) = date else { continue };
            let spec = DateSpec::at(*point);
            ctx.anchor = Some(spec.start);
            ctx.previous = Some(spec.clone());
            ctx.unanchored_reported = false;
            let len = match parsed {
                Some(Ok(p)) => p.len,
                _ => 0,
            };
            starts.push((candidate, spec));
            resume_at = (at + len).max(candidate + 1);
            continue;
        }
        let Some(parsed) = parsed else {
            continue;
        };
        if let Ok(p) = &parsed {
            let own_comma = text[at..at + p.len].trim_end().ends_with(['，', ',']);
            if after_marker_commas.contains(&candidate) && !own_comma {
                continue;
            }
        }
        match parsed {
            Ok(parsed) => {
                for w in parsed.warnings {
                    out.problems.push(SegmentProblem {
                        offset: stripped.source_offset(at + w.offset),
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
                resume_at = (at + parsed.len).max(candidate + 1);
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
                    (dates::DateError::Year { .. }, _) => {
                        "years are written with four digits, 0001–9999; if this is no date, end the entry with {date=none}"
                    }
                    _ => "check the date against the source; annals never guesses a date",
                };
                out.problems.push(SegmentProblem {
                    offset: stripped.source_offset(at + offset),
                    len,
                    message: e.to_string(),
                    hint: Some(hint.to_string()),
                    is_error: true,
                });
            }
        }
    }

    let first = starts.first().map_or(text.len(), |(s, _)| *s);
    let mut lead = cited_slice(&stripped, 0, first);
    // A `{date=none}` entry before the first date is lead prose; an id there
    // would name nothing.
    let named = take_attributes(&mut lead);
    if named.id.is_some() || named.same.is_some() {
        out.problems.push(SegmentProblem {
            offset: 0,
            len: first,
            message: "an id on undated text names no event".to_string(),
            hint: Some("put the id at the end of a dated entry".to_string()),
            is_error: false,
        });
    }
    if !lead.text.is_empty() {
        out.lead = Some(lead);
    }
    for (i, (start, date)) in starts.iter().enumerate() {
        let end = starts.get(i + 1).map_or(text.len(), |(s, _)| *s);
        let mut cited = cited_slice(&stripped, *start, end);
        let attribute = take_attributes(&mut cited);
        out.entries.push(Entry {
            date: date.clone(),
            text: cited,
            offset: stripped.source_offset(*start),
            explicit_id: attribute.id,
            same_as: attribute.same,
        });
    }
    out
}

/// Attributes in the stripped text, those written side by side
/// (`{#id} {date=2018}`) joined into one group.
struct AttributeGroup {
    open: usize,
    end: usize,
    attribute: Attribute,
}

fn attribute_groups(text: &str) -> Vec<AttributeGroup> {
    let mut groups: Vec<AttributeGroup> = Vec::new();
    for (open, end, attribute) in attribute_spans(text) {
        match groups.last_mut() {
            Some(last) if text[last.end..open].trim().is_empty() => {
                last.end = end;
                last.attribute.merge(attribute);
            }
            _ => groups.push(AttributeGroup {
                open,
                end,
                attribute,
            }),
        }
    }
    groups
}

/// The clause start each `{date=…}` applies to, and the date it sets there
/// (`None` for `{date=none}`). An override ends an entry like `{#id}`; it
/// looks at the clause starts between the previous attribute (or the
/// paragraph start) and itself. `{date=none}` applies to the last of them
/// where a date expression stands; a date applies to the last where a date
/// stands or that follows a citation marker (`…。 [2] 那年夏天，…`, a date the
/// parser cannot read), or else to the first of them.
fn override_targets(
    lang: Lang,
    stripped: &Stripped,
    candidates: &[usize],
    groups: &[AttributeGroup],
) -> HashMap<usize, Option<DatePoint>> {
    let text = stripped.text.as_str();
    let mut targets = HashMap::new();
    if groups.iter().all(|g| g.attribute.date.is_none()) {
        return targets;
    }
    let after_markers: HashSet<usize> = after_runs(stripped).collect();
    let mut from = 0;
    for group in groups {
        let span = from..group.open;
        from = group.end;
        let Some(Ok(date)) = group.attribute.date else {
            continue;
        };
        let inside: Vec<usize> = (candidates.iter().copied())
            .filter(|c| span.contains(c))
            .collect();
        // Whether a date stands is a matter of syntax: any context will do.
        let dated = |c: usize| {
            let at = c + list_marker_len(&text[c..]);
            dates::parse_opener(lang, &text[at..], &dates::DateContext::default()).is_some()
        };
        let target = match date {
            DateOverride::Undated => inside.iter().rev().copied().find(|&c| dated(c)),
            DateOverride::At(_) => inside
                .iter()
                .rev()
                .copied()
                .find(|&c| dated(c) || after_markers.contains(&c))
                .or(inside.first().copied()),
        };
        if let Some(target) = target {
            targets.insert(
                target,
                match date {
                    DateOverride::Undated => None,
                    DateOverride::At(point) => Some(point),
                },
            );
        }
    }
    targets
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
    starts.extend(after_runs(stripped));
    // After an attribute (`。 [1] {#id}2月5日，…`) the next entry may start.
    starts.extend(attribute_ends(text).map(|at| skip_blanks(text, at)));
    starts.sort_unstable();
    starts.dedup();
    starts
}

/// Where a clause may start after each citation run. `[166]，2月24日，…`: a
/// stray comma after a marker opens the next clause too; `宣判[24]。`: the
/// stop after a marker ends the clause the marker is in, and opens nothing.
fn after_runs(stripped: &Stripped) -> impl Iterator<Item = usize> + '_ {
    after_runs_with_commas(stripped).map(|(at, _)| at)
}

/// [`after_runs`], each saying whether a comma stood between the marker and
/// the clause.
fn after_runs_with_commas(stripped: &Stripped) -> impl Iterator<Item = (usize, bool)> + '_ {
    let text = stripped.text.as_str();
    stripped.runs.iter().map(move |(at, _)| {
        let at = skip_blanks(text, *at);
        let punctuation = ['，', ',', '。', '；', '！', '？', '.', ';', '!', '?'];
        match text[at..].strip_prefix(punctuation) {
            Some(rest) => (
                skip_blanks(text, text.len() - rest.len()),
                text[at..].starts_with(['，', ',']),
            ),
            None => (at, false),
        }
    })
}

/// Offsets just past each `{#id}`, `{same=id}`, `{date=…}` or a mix.
fn attribute_ends(text: &str) -> impl Iterator<Item = usize> + '_ {
    attribute_spans(text).map(|(_, end, _)| end)
}

/// Each attribute in the text: where it opens, where it ends, what it says.
fn attribute_spans(text: &str) -> impl Iterator<Item = (usize, usize, Attribute)> + '_ {
    text.match_indices('{').filter_map(|(open, _)| {
        // The body runs to the next brace; an opening one means there is no
        // attribute here (and stopping there keeps the scan linear).
        let close = open + 1 + text[open + 1..].find(['{', '}'])?;
        if text.as_bytes()[close] != b'}' {
            return None;
        }
        parse_attribute(&text[open + 1..close]).map(|a| (open, close + 1, a))
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
        let words: Vec<&str> = body.split_whitespace().collect();
        let values: Vec<&str> = (words.iter())
            .filter(|w| !w.starts_with("date="))
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

/// What `{date=…}` says about the entry it ends.
#[derive(Debug, Clone, Copy, PartialEq)]
enum DateOverride {
    /// `{date=none}`: the opener is not read as a date.
    Undated,
    /// `{date=2018-05-16}`, `{date=2018-05}`, `{date=2018}`.
    At(DatePoint),
}

/// The body of an attribute: `#id`, `same=other`, `date=…`, in any mix.
#[derive(Debug, Clone, Default, PartialEq)]
struct Attribute {
    id: Option<String>,
    same: Option<String>,
    date: Option<Result<DateOverride, InvalidDate>>,
}

impl Attribute {
    /// Adds what a later attribute of the same entry says; the later wins.
    fn merge(&mut self, later: Attribute) {
        self.id = later.id.or(self.id.take());
        self.same = later.same.or(self.same.take());
        self.date = later.date.or(self.date.take());
    }
}

/// The attribute an attribute's body states; `None` when the body is not
/// one. A `date=` value that is no date still makes an attribute, whose
/// error is reported.
fn parse_attribute(body: &str) -> Option<Attribute> {
    let mut attribute = Attribute::default();
    for word in body.split_whitespace() {
        if let Some(v) = word.strip_prefix('#').filter(|v| is_slug(v)) {
            attribute.id = Some(v.to_string());
        } else if let Some(v) = word.strip_prefix("same=").filter(|v| is_slug(v)) {
            attribute.same = Some(v.to_string());
        } else if let Some(v) = word.strip_prefix("date=").filter(|v| !v.is_empty()) {
            attribute.date = Some(match v {
                "none" => Ok(DateOverride::Undated),
                _ => DatePoint::from_iso(v).map(DateOverride::At),
            });
        } else {
            return None;
        }
    }
    (attribute != Attribute::default()).then_some(attribute)
}

/// Bullets that open a list item written as text.
const BULLETS: &[char] = &[
    '●', '•', '·', '■', '□', '◆', '◇', '▪', '○', '★', '☆', '※', '►', '▶',
];

/// The length of the list marker that opens `text` (`● `, `（1）`, `(2)`,
/// `3、`, `4. `, `一、`, `①`), with the blanks after it; 0 if none. A number
/// is a marker only where no digits follow it but a year's four: `12、13日`
/// is two days, not item 12.
fn list_marker_len(text: &str) -> usize {
    // At most two digits or three numerals (`十二`): a longer number is a
    // year or an amount.
    let numbered = |rest: &str| -> Option<usize> {
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits > 0 {
            return (digits <= 2).then_some(digits);
        }
        let han = rest.len() - rest.trim_start_matches(HAN_ITEM_NUMBERS).len();
        (han > 0 && rest[..han].chars().count() <= 3).then_some(han)
    };
    let marker = if let Some(rest) = text.strip_prefix(BULLETS) {
        Some(text.len() - rest.len())
    } else if let Some(rest) = text.strip_prefix(['（', '(']) {
        numbered(rest).and_then(|n| {
            let close = rest[n..].strip_prefix(['）', ')'])?;
            Some(text.len() - close.len())
        })
    } else if let Some(rest) = text.strip_prefix(CIRCLED_NUMBERS) {
        Some(text.len() - rest.len())
    } else {
        numbered(text).and_then(|n| {
            let after = &text[n..];
            let spaced_dot = after
                .strip_prefix(['.', '．'])
                .filter(|r| r.starts_with(char::is_whitespace));
            let rest = after.strip_prefix('、').or(spaced_dot)?;
            Some(text.len() - rest.len())
        })
    };
    let Some(len) = marker else { return 0 };
    let end = skip_blanks(text, len);
    let digits = text[end..]
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .count();
    if digits == 0 || digits == 4 {
        end
    } else {
        0
    }
}

const HAN_ITEM_NUMBERS: &[char] = &['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const CIRCLED_NUMBERS: &[char] = &[
    '①', '②', '③', '④', '⑤', '⑥', '⑦', '⑧', '⑨', '⑩', '⑪', '⑫', '⑬', '⑭', '⑮', '⑯', '⑰', '⑱', '⑲',
    '⑳',
];

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
    let mut text = stripped.text[trimmed_start..end].trim_end();
    if end < stripped.text.len() {
        // The stray comma before the next entry (`[166]，2月24日`) ends nothing.
        text = text.trim_end_matches(['，', ',']).trim_end();
    }
    let text = text.to_string();
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

/// Takes every attribute out of an entry's text (the one ending it, and a
/// `{date=none}` clause's that it absorbed); what they say, the last winning.
fn take_attributes(cited: &mut CitedText) -> Attribute {
    let spans: Vec<_> = attribute_spans(&cited.text).collect();
    let mut attribute = Attribute::default();
    for (open, end, found) in spans.into_iter().rev() {
        cut(cited, open, end);
        let mut earlier = found;
        earlier.merge(attribute);
        attribute = earlier;
    }
    attribute
}

/// Removes `[open, close)` with the blanks around it; keeps one space only
/// where it separated two Latin words.
fn cut(cited: &mut CitedText, open: usize, close: usize) {
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

    fn dates(seg: &Segmented) -> Vec<DateSpec> {
        seg.entries.iter().map(|e| e.date.clone()).collect()
    }

    #[test]
    fn a_date_override_sets_the_entry_date_at_its_precision() {
        let mut ctx = DateContext::default();
        let seg = segment(
            Lang::Zh,
            "2025年1月1日，甲。 [1] {#a date=2018-05-16}同日，乙。 [2] 2月3日，丙。{date=2018-05}次年，丁。{date=2018}同年，戊。",
            &mut ctx,
        );
        assert!(seg.problems.is_empty(), "{:?}", seg.problems);
        assert_eq!(
            dates(&seg).iter().map(|d| d.start).collect::<Vec<_>>(),
            [
                DatePoint::day(2018, 5, 16),
                DatePoint::day(2018, 5, 16),
                DatePoint::month(2018, 5),
                DatePoint::year(2018),
                DatePoint::year(2018),
            ]
        );
        assert_eq!(seg.entries[0].explicit_id.as_deref(), Some("a"));
        assert_eq!(texts(&seg)[0], "2025年1月1日，甲。");
        assert_eq!(texts(&seg)[2], "2月3日，丙。");
        assert_eq!(seg.entries[0].text.numbers(), vec![1]);
        // The override is the anchor for what follows: 同日 above is 16 May.
        assert_eq!(ctx.previous.map(|p| p.start), Some(DatePoint::year(2018)));
    }

    #[test]
    fn a_date_override_may_stand_in_its_own_braces() {
        let mut ctx = DateContext::default();
        let seg = segment(
            Lang::En,
            "In 2025, a. {#a} {date=2019-03} On the same day, b.",
            &mut ctx,
        );
        assert!(seg.problems.is_empty(), "{:?}", seg.problems);
        assert_eq!(dates(&seg)[0].start, DatePoint::month(2019, 3));
        assert_eq!(seg.entries[0].explicit_id.as_deref(), Some("a"));
        assert_eq!(texts(&seg), ["In 2025, a.", "On the same day, b."]);
        assert_eq!(dates(&seg)[1].start, DatePoint::month(2019, 3));
    }

    #[test]
    fn an_undated_override_keeps_the_entry_as_prose_without_error() {
        // Alone, the 同年 has nothing to refer to and is an error.
        let seg = segment(Lang::Zh, "同年，甲。 [1]", &mut DateContext::default());
        assert_eq!(seg.problems.len(), 1);
        let mut ctx = DateContext::default();
        let seg = segment(
            Lang::Zh,
            "同年，甲。 [1] {date=none}5月6日，乙。{date=none}2020年1月2日，丙。3月4日，丁。{date=none}",
            &mut ctx,
        );
        assert!(seg.problems.is_empty(), "{:?}", seg.problems);
        let lead = seg.lead.as_ref().unwrap();
        assert_eq!(lead.text, "同年，甲。5月6日，乙。");
        assert_eq!(lead.numbers(), vec![1]);
        // After an event, the undated clause continues it.
        assert_eq!(texts(&seg), ["2020年1月2日，丙。3月4日，丁。"]);
        assert_eq!(
            ctx.previous.map(|p| p.start),
            Some(DatePoint::day(2020, 1, 2))
        );
    }

    #[test]
    fn a_year_not_of_four_digits_is_an_error_at_the_year_that_an_override_settles() {
        let text = "2025年1月1日，甲。10000年1月1日，乙。成立1年，丙。";
        let seg = segment(Lang::Zh, text, &mut DateContext::default());
        let problems: Vec<(&str, usize, bool)> = (seg.problems.iter())
            .map(|p| (p.message.as_str(), p.offset, p.is_error))
            .collect();
        assert_eq!(
            problems,
            [(
                "`10000` is not a year annals can read",
                text.find("10000").unwrap(),
                true
            )]
        );
        assert!(seg.problems[0].hint.as_ref().unwrap().contains("0001–9999"));
        for (en, overridden) in [
            (
                "On 1 January 2025, A. On 1 January 10000, B. {date=none}",
                None,
            ),
            (
                "On 1 January 2025, A. On 1 January 10000, B. {date=2025-02}",
                Some(DatePoint::month(2025, 2)),
            ),
        ] {
            let seg = segment(Lang::En, en, &mut DateContext::default());
            assert!(seg.problems.is_empty(), "{:?}", seg.problems);
            let second = dates(&seg).get(1).map(|d| d.start);
            assert_eq!(second, overridden, "{en}");
        }
    }

    #[test]
    fn an_id_on_undated_prose_is_reported() {
        let text = "同年，甲。 {#a date=none}2020年，乙。";
        let seg = segment(Lang::Zh, text, &mut DateContext::default());
        assert_eq!(seg.lead.as_ref().unwrap().text, "同年，甲。");
        assert_eq!(texts(&seg), ["2020年，乙。"]);
        let messages: Vec<&str> = seg.problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(messages, ["an id on undated text names no event"]);
        assert!(!seg.problems[0].is_error);
    }

    #[test]
    fn an_override_reads_a_clause_the_parser_cannot() {
        // The entry starts after the attribute before it: a date standing
        // in between would be the one overridden.
        let seg = segment(
            Lang::Zh,
            "2018年，甲。 {#a}那年夏天，乙。丙。 [2] {date=2018-07}",
            &mut DateContext::default(),
        );
        assert_eq!(texts(&seg), ["2018年，甲。", "那年夏天，乙。丙。"]);
        assert_eq!(dates(&seg)[0].start, DatePoint::year(2018));
        assert_eq!(dates(&seg)[1].start, DatePoint::month(2018, 7));
    }

    #[test]
    fn an_invalid_override_is_a_located_error() {
        let text = "2018年，甲。 {date=2018-13} 2019年，乙。{date=May}";
        let seg = segment(Lang::Zh, text, &mut DateContext::default());
        let problems: Vec<(&str, usize, bool)> = (seg.problems.iter())
            .map(|p| (p.message.as_str(), p.offset, p.is_error))
            .collect();
        assert_eq!(
            problems,
            [
                (
                    "`{date=2018-13}`: month 13 does not exist",
                    text.find("{date=2018").unwrap(),
                    true
                ),
                (
                    "`{date=May}`: `May` is not YYYY, YYYY-MM or YYYY-MM-DD",
                    text.find("{date=May").unwrap(),
                    true
                ),
            ]
        );
        assert!(seg.problems[0]
            .hint
            .as_ref()
            .unwrap()
            .contains("{date=none}"));
        // The parsed dates stand, and the attribute leaves the text.
        assert_eq!(texts(&seg), ["2018年，甲。", "2019年，乙。"]);
        assert_eq!(dates(&seg)[1].start, DatePoint::year(2019));
    }

    #[test]
    fn a_coarsened_date_is_a_warning_where_it_is_written() {
        let text = "2018年，甲。 [1] 2019年第五季度，乙。";
        let seg = segment(Lang::Zh, text, &mut DateContext::default());
        assert_eq!(seg.entries.len(), 2);
        let problems: Vec<(&str, usize, bool)> = (seg.problems.iter())
            .map(|p| (p.message.as_str(), p.offset, p.is_error))
            .collect();
        assert_eq!(
            problems,
            [(
                "`2019年第五季度`: read as 2019年; `第五季度` not understood",
                text.find("2019").unwrap(),
                false
            )]
        );
    }

    #[test]
    fn a_comma_after_a_marker_opens_the_next_entry() {
        let seg = segment(
            Lang::Zh,
            "2025年2月24日，甲。 [166]，2月24日，乙。",
            &mut DateContext::default(),
        );
        assert_eq!(texts(&seg), ["2025年2月24日，甲。", "2月24日，乙。"]);
        assert_eq!(seg.entries[0].text.numbers(), vec![166]);
    }

    #[test]
    fn a_list_marker_before_the_date_opens_the_entry() {
        let seg = segment(
            Lang::Zh,
            "● 2019年，甲 [1]。（2）2020年，乙 [2]。3、同年5月，丙 [3]。4. 2021年，丁。①2022年，戊。",
            &mut DateContext::default(),
        );
        assert_eq!(
            texts(&seg),
            [
                "● 2019年，甲。",
                "（2）2020年，乙。",
                "3、同年5月，丙。",
                "4. 2021年，丁。",
                "①2022年，戊。"
            ]
        );
        let starts: Vec<String> = seg.entries.iter().map(|e| e.date.start.iso()).collect();
        assert_eq!(starts, ["2019", "2020", "2020-05", "2021", "2022"]);
        assert_eq!(seg.entries[1].text.numbers(), vec![2]);
    }

    #[test]
    fn numbers_that_are_no_list_markers_open_nothing() {
        let mut ctx = DateContext::default();
        let seg = segment(Lang::Zh, "2025年3月1日，甲。12、13日，乙。", &mut ctx);
        // `12、13日` is two days, not item 12 on the 13th.
        assert_eq!(texts(&seg), ["2025年3月1日，甲。12、13日，乙。"]);
        let seg = segment(Lang::Zh, "2019.04.19，甲。2019、2020年，乙。", &mut ctx);
        assert_eq!(seg.entries.len(), 1);
        assert_eq!(seg.entries[0].date.start.iso(), "2019-04-19");
    }

    #[test]
    fn a_stop_after_a_marker_is_no_clause_for_an_override() {
        let seg = segment(
            Lang::Zh,
            "2013年1月8日：二审，开庭，尚未宣判[24]。 {date=2013-01-08}",
            &mut DateContext::default(),
        );
        assert_eq!(texts(&seg), ["2013年1月8日：二审，开庭，尚未宣判。"]);
        assert_eq!(seg.entries[0].text.numbers(), vec![24]);
        assert_eq!(seg.entries[0].date.start.iso(), "2013-01-08");
        assert!(seg.lead.is_none());
    }

    #[test]
    fn after_a_marker_and_a_comma_a_date_needs_its_own_comma() {
        let seg = segment(
            Lang::Zh,
            "青山乳业是一家乳企 [1]，2011年在上海证券交易所上市 [2]。2012年，甲。",
            &mut DateContext::default(),
        );
        assert_eq!(texts(&seg), ["2012年，甲。"]);
        assert_eq!(seg.lead.as_ref().map(|l| l.numbers()), Some(vec![1, 2]));
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
