//! Citation markers as encyclopedias write them: `[40]`, ranges `[1-2]`,
//! lists `[3,5]`, and runs `[122] [143]` separated by spaces or NBSP.
//!
//! Markers are found on the merged text of a paragraph (pulldown-cmark splits
//! text at brackets, so scanning its events one by one would miss them).

/// The widest range a marker may span; `[1-100000]` is a typo, not a
/// citation. Articles write `[1-2]`, `[3-5]`; each number of a range is a
/// superscript on every page that shows its entry, so a 7-character marker
/// must not stand for hundreds of them.
pub const MAX_RANGE: u32 = 50;
/// Bracketed text longer than this is prose, not a malformed marker.
const MAX_MARKER_CHARS: usize = 16;
/// How many numbers the ranges of one paragraph may add beyond the ones
/// written: `[1-500]` written 1,000 times (7 KB) made 84 MB pages. With
/// this bound a paragraph's superscripts are at most the numbers written in
/// it plus 100, so they grow with the text.
pub const MAX_RANGE_GROWTH: usize = 2 * MAX_RANGE as usize;

/// One bracketed marker in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    /// Byte range of the marker, brackets included.
    pub start: usize,
    pub end: usize,
    /// The reference numbers it cites, ranges expanded, in written order.
    pub numbers: Vec<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MarkerProblem {
    #[error("citation number 0 does not exist; references are numbered from 1")]
    Zero,
    #[error("citation range `{0}-{1}` runs backwards")]
    Reversed(u32, u32),
    #[error("citation range `{0}-{1}` spans more than {MAX_RANGE} references")]
    TooWide(u32, u32),
    #[error("citation marker is not closed with `]`")]
    Unclosed,
    #[error("citation number `{0}` is too large to be a reference number")]
    TooLarge(String),
    #[error("citation ranges in this paragraph stand for more than {MAX_RANGE_GROWTH} numbers besides the ones written")]
    RangesTooMany,
    #[error("`{0}` is not a citation marker")]
    NotANumber(String),
    /// Digits, dashes and commas that do not make a marker (`[1-]`, `[1--3]`,
    /// a number too large): a broken citation, not prose in brackets.
    #[error("`{0}` is not a well-formed citation marker")]
    Malformed(String),
}

impl MarkerProblem {
    pub fn hint(&self) -> &'static str {
        match self {
            MarkerProblem::Zero
            | MarkerProblem::Reversed(..)
            | MarkerProblem::TooWide(..)
            | MarkerProblem::Malformed(_) => "write citations as [n], [a-b] with a <= b, or [a,b]",
            MarkerProblem::Unclosed => "close the marker, e.g. [12]",
            MarkerProblem::TooLarge(_) => "a reference number that large is a typo; check the marker",
            MarkerProblem::RangesTooMany => {
                "a range like [3-7] stands for 3, 4, 5, 6 and 7; cite only the references each entry uses"
            }
            MarkerProblem::NotANumber(_) => {
                "citation markers hold numbers like [12] or [3-5]; write \\[ … \\] if the brackets are meant as text"
            }
        }
    }

    /// Bracketed words are usually deliberate text, so they only warn.
    pub fn is_error(&self) -> bool {
        !matches!(self, MarkerProblem::NotANumber(_))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub offset: usize,
    pub len: usize,
    pub kind: MarkerProblem,
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Scan {
    pub markers: Vec<Marker>,
    pub problems: Vec<Problem>,
}

/// Finds every citation marker in `text`.
pub fn scan(text: &str) -> Scan {
    scan_with_literals(text, &[])
}

/// Finds every citation marker in `text`, except at the offsets in
/// `literal` (ascending): brackets the Markdown writes as text (`\[12]`).
pub fn scan_with_literals(text: &str, literal: &[usize]) -> Scan {
    let mut scan = Scan::default();
    let mut pos = 0;
    // Numbers the ranges added so far beyond the ones written.
    let mut growth = 0;
    while let Some(rel) = text[pos..].find('[') {
        let start = pos + rel;
        let body_start = start + 1;
        if literal.binary_search(&start).is_ok() {
            pos = body_start;
            continue;
        }
        let window: String = text[body_start..]
            .chars()
            .take(MAX_MARKER_CHARS + 1)
            .collect();
        let numeric = looks_numeric_start(&window);
        // Where the marker closes: within the window, or, for digits,
        // dashes and commas running past it (a long list, a number too
        // large), at the `]` that ends the run.
        let close = window.find(']').map(|c| body_start + c).or_else(|| {
            let run = numeric.then(|| {
                text[body_start..]
                    .find(|c| !is_marker_char(c))
                    .map_or(text.len(), |i| body_start + i)
            })?;
            text[run..].starts_with(']').then_some(run)
        });
        let Some(close) = close else {
            if numeric {
                let len = 1 + window
                    .char_indices()
                    .find(|(_, c)| !is_marker_char(*c))
                    .map_or(window.len(), |(i, _)| i);
                scan.problems.push(Problem {
                    offset: start,
                    len,
                    kind: MarkerProblem::Unclosed,
                });
            }
            pos = body_start;
            continue;
        };
        let end = close + 1;
        let parsed = parse_body(&text[body_start..close]).and_then(|(numbers, added)| {
            // A marker past the bound is left out, so it is not counted.
            if growth + added > MAX_RANGE_GROWTH {
                Err(MarkerProblem::RangesTooMany)
            } else {
                growth += added;
                Ok(numbers)
            }
        });
        match parsed {
            Ok(numbers) => scan.markers.push(Marker {
                start,
                end,
                numbers,
            }),
            Err(kind) => scan.problems.push(Problem {
                offset: start,
                len: end - start,
                kind,
            }),
        }
        pos = end;
    }
    scan
}

fn is_marker_char(c: char) -> bool {
    normalize_digit(c).is_ascii_digit() || matches!(c, '-' | '–' | '—' | ',' | '，' | ' ')
}

fn looks_numeric_start(s: &str) -> bool {
    s.chars()
        .next()
        .is_some_and(|c| normalize_digit(c).is_ascii_digit())
}

/// Full-width digits (`１２`) are accepted as their ASCII twins.
fn normalize_digit(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        _ => c,
    }
}

/// The numbers a marker's body cites, and how many of them its ranges
/// added beyond the ones written.
fn parse_body(body: &str) -> Result<(Vec<u32>, usize), MarkerProblem> {
    let normalized: String = body.chars().map(normalize_digit).collect();
    let trimmed = normalized.trim();
    let numeric =
        trimmed.chars().all(is_marker_char) && trimmed.bytes().any(|b| b.is_ascii_digit());
    if !numeric {
        return Err(MarkerProblem::NotANumber(format!("[{body}]")));
    }
    let malformed = || MarkerProblem::Malformed(format!("[{}]", shortened(body)));
    let number = |s: Option<&str>| match (parse_number(s), s) {
        (Some(0), _) => Err(MarkerProblem::Zero),
        (Some(n), _) => Ok(n),
        (None, Some(s)) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => {
            Err(MarkerProblem::TooLarge(shortened(s)))
        }
        (None, _) => Err(malformed()),
    };
    let mut numbers = Vec::new();
    let mut written = 0;
    for part in trimmed.split([',', '，']) {
        let part = part.trim();
        let mut ends = part.split(['-', '–', '—']).map(str::trim);
        let first = number(ends.next())?;
        match ends.next() {
            None => {
                numbers.push(first);
                written += 1;
            }
            Some(last) => {
                let last = number(Some(last))?;
                if ends.next().is_some() {
                    return Err(malformed());
                }
                if last < first {
                    return Err(MarkerProblem::Reversed(first, last));
                }
                if last - first >= MAX_RANGE {
                    return Err(MarkerProblem::TooWide(first, last));
                }
                numbers.extend(first..=last);
                written += 2;
            }
        }
    }
    let added = numbers.len().saturating_sub(written);
    Ok((numbers, added))
}

/// `s`, or its start and `…` when it is too long to quote in a message
/// (a marker may now run on past the usual window).
fn shortened(s: &str) -> String {
    const SHOWN: usize = 24;
    match s.char_indices().nth(SHOWN) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s.to_string(),
    }
}

/// A reference number; `None` when it is empty, not digits, or too large
/// for a `u32`. (`0` is returned: the caller reports it more precisely.)
fn parse_number(s: Option<&str>) -> Option<u32> {
    s.filter(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|s| s.parse().ok())
}

/// Text with its markers taken out, and where each run of markers stood.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Stripped {
    pub text: String,
    /// `(offset in text, numbers)` for each run of adjacent markers.
    pub runs: Vec<(usize, Vec<u32>)>,
    /// For mapping back: `(offset in text, offset in the input)` at every
    /// place the two diverge.
    pub offsets: Vec<(usize, usize)>,
}

impl Stripped {
    /// The input offset a text offset came from.
    pub fn source_offset(&self, text_offset: usize) -> usize {
        let i = self.offsets.partition_point(|(t, _)| *t <= text_offset);
        match i {
            0 => text_offset,
            _ => {
                let (t, s) = self.offsets[i - 1];
                s + (text_offset - t)
            }
        }
    }
}

fn is_gap(c: char) -> bool {
    c.is_whitespace() || c == '\u{a0}' || c == '\u{3000}'
}

/// Removes markers and the blanks around them. Where the removal joins two
/// Latin words, one space is kept so `model [9] and` reads `model and`.
pub fn strip(text: &str, markers: &[Marker]) -> Stripped {
    let mut out = Stripped::default();
    let mut pos = 0;
    let mut i = 0;
    while i < markers.len() {
        // A run: markers separated only by blanks.
        let mut numbers = markers[i].numbers.clone();
        let run_start = markers[i].start;
        let mut run_end = markers[i].end;
        while i + 1 < markers.len() && text[run_end..markers[i + 1].start].chars().all(is_gap) {
            i += 1;
            numbers.extend(markers[i].numbers.iter().copied());
            run_end = markers[i].end;
        }
        i += 1;
        let before = text[pos..run_start].trim_end_matches(is_gap);
        out.text.push_str(before);
        let after_gap = text[run_end..].len() - text[run_end..].trim_start_matches(is_gap).len();
        let resume = run_end + after_gap;
        let prev = before
            .chars()
            .next_back()
            .or_else(|| out.text.chars().next_back());
        let next = text[resume..].chars().next();
        let here = out.text.len();
        out.runs.push((here, numbers));
        let joins_latin = matches!((prev, next), (Some(p), Some(n)) if needs_space_between(p, n));
        if joins_latin {
            out.text.push(' ');
        }
        out.offsets.push((out.text.len(), resume));
        pos = resume;
    }
    out.text.push_str(&text[pos..]);
    out
}

/// Whether removing a marker between `prev` and `next` must leave a space:
/// between Latin words (`model [9] and`), not before punctuation
/// (`one [1].`) and never next to Chinese.
pub fn needs_space_between(prev: char, next: char) -> bool {
    use crate::text::is_wide;
    let prev_ok = !is_wide(prev) && !matches!(prev, '(' | '[' | '“' | '‘' | '"');
    let next_ok = (next.is_alphanumeric() && !is_wide(next)) || matches!(next, '(' | '“' | '"');
    prev_ok && next_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(text: &str) -> Vec<Vec<u32>> {
        scan(text).markers.into_iter().map(|m| m.numbers).collect()
    }

    #[test]
    fn finds_single_range_and_list_markers() {
        assert_eq!(numbers("开源 [1-2]。"), vec![vec![1, 2]]);
        assert_eq!(numbers("a [40] b [3,5]"), vec![vec![40], vec![3, 5]]);
        assert_eq!(numbers("号 [74-75]"), vec![vec![74, 75]]);
        assert_eq!(numbers("全角［1］不算，但 [１２] 算"), vec![vec![12]]);
    }

    #[test]
    fn reports_bad_markers_with_their_span() {
        let s = scan("x [0] y [5-3] z [12");
        let kinds: Vec<_> = s.problems.iter().map(|p| p.kind.clone()).collect();
        assert_eq!(
            kinds,
            vec![
                MarkerProblem::Zero,
                MarkerProblem::Reversed(5, 3),
                MarkerProblem::Unclosed
            ]
        );
        assert_eq!(s.problems[0].offset, 2);
        assert_eq!(s.problems[0].len, 3);
        assert_eq!(s.problems[2].len, 3);
        let words = scan("see [abc] here");
        assert_eq!(
            words.problems[0].kind,
            MarkerProblem::NotANumber("[abc]".into())
        );
        assert!(!words.problems[0].kind.is_error());
        assert!(scan("[a long bracketed aside that is clearly prose]")
            .problems
            .is_empty());
    }

    #[test]
    fn malformed_numeric_markers_are_errors_and_ranges_are_bounded() {
        for text in ["[1-]", "[1--3]", "[-2]", "[1,]"] {
            let s = scan(text);
            assert_eq!(s.problems.len(), 1, "{text}");
            assert_eq!(
                s.problems[0].kind,
                MarkerProblem::Malformed(text.into()),
                "{text}"
            );
            assert!(s.problems[0].kind.is_error());
        }
        assert_eq!(numbers("[1-50]")[0].len(), 50);
        assert_eq!(
            scan("[1-51]").problems[0].kind,
            MarkerProblem::TooWide(1, 51)
        );
        assert_eq!(scan("[0-3]").problems[0].kind, MarkerProblem::Zero);
        // Brackets holding no digit are prose, however they look.
        assert!(!scan("[—]").problems[0].kind.is_error());
    }

    #[test]
    fn strip_groups_runs_and_removes_blanks() {
        let text = "接入。 [122] [143]2月12日，发布 [9]。";
        let s = scan(text);
        let st = strip(text, &s.markers);
        assert_eq!(st.text, "接入。2月12日，发布。");
        assert_eq!(st.runs.len(), 2);
        assert_eq!(st.runs[0].1, vec![122, 143]);
        assert_eq!(&st.text[..st.runs[0].0], "接入。");
        let nbsp = "模型。\u{a0}[9]\u{a0}[10] 下";
        let st = strip(nbsp, &scan(nbsp).markers);
        assert_eq!(st.text, "模型。下");
        assert_eq!(st.runs[0].1, vec![9, 10]);
    }

    #[test]
    fn strip_keeps_a_space_between_latin_words() {
        let text = "the model [9] and the app.[10] On 5 May (2025 [11]) one [1].";
        let st = strip(text, &scan(text).markers);
        assert_eq!(st.text, "the model and the app. On 5 May (2025) one.");
        let back = st.source_offset(st.text.find("On").unwrap());
        assert_eq!(&text[back..back + 2], "On");
    }

    #[test]
    fn numbers_too_large_are_told_as_such_however_long() {
        for (text, number) in [
            ("[99999999999]", "99999999999"),
            ("[3, 12345678901234567890]", "12345678901234567890"),
            (
                "[1234567890123456789012345678901234567890]",
                "123456789012345678901234…",
            ),
        ] {
            let s = scan(text);
            assert_eq!(s.problems.len(), 1, "{text}");
            assert_eq!(
                s.problems[0].kind,
                MarkerProblem::TooLarge(number.into()),
                "{text}"
            );
            assert_eq!(s.problems[0].len, text.len());
        }
        // A list longer than the usual marker is still a marker.
        assert_eq!(numbers("[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]")[0].len(), 10);
        assert_eq!(
            scan("[12345 and more").problems[0].kind,
            MarkerProblem::Unclosed
        );
    }

    #[test]
    fn ranges_of_a_paragraph_add_a_bounded_count_of_numbers() {
        // Two of the widest ranges fit (48 numbers added each); a third is
        // past the bound, and only it is reported.
        let s = scan("[1-50] [1-50]");
        assert!(s.problems.is_empty());
        let s = scan("[1-50] [1-50] [1-50] [1-50] [7]");
        assert_eq!(s.markers.len(), 3);
        assert_eq!(s.problems.len(), 2);
        assert_eq!(s.problems[0].kind, MarkerProblem::RangesTooMany);
        assert_eq!(s.problems[0].offset, "[1-50] ".len() * 2);
        // Written numbers are not counted: the markers of a paragraph are
        // bounded by its length already.
        let many: String = (1..=5000).map(|n| format!("[{n}-{}]", n + 1)).collect();
        assert!(scan(&many).problems.is_empty());
    }
}
