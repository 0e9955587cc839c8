//! Date expressions that open an entry, in Chinese (`2025年1月27日晚`,
//! `同日`, `截至2月9日`, `2月6日消息`) and in English (`On 27 January 2025,`,
//! `In early February 2025,`, `On the same day,`).
//!
//! The segmenter calls [`parse_opener`] at every place a clause may start;
//! the parser decides whether a date expression stands there, how far it
//! reaches, and what it means given the dates stated before it.

mod en;
#[cfg(test)]
mod forms;
mod zh;

use crate::model::{DatePoint, DateSpec, InvalidDate, Lang};

/// What earlier entries said, for dates that leave parts out.
#[derive(Debug, Clone, Default)]
pub struct DateContext {
    /// The nearest earlier explicit date point (in the paragraph, then in the
    /// section): where `2月5日` takes its year and `18日` its month and year.
    pub anchor: Option<DatePoint>,
    /// The previous entry's whole date: what `同日` / `on the same day` and
    /// `同月` / `that month` refer to, and what `次日` counts from.
    pub previous: Option<DateSpec>,
    /// A date with nothing to inherit from (no year, no earlier entry) has
    /// been reported since the last date that resolved: the dates after it
    /// fail for the same reason and are not reported again.
    pub unanchored_reported: bool,
}

/// A date expression found at the start of the text.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedDate {
    pub spec: DateSpec,
    /// Bytes of the input the expression (with its connecting words such as
    /// `消息` or `On … ,`) occupies.
    pub len: usize,
    /// Problems that do not stop the date from being understood, such as the
    /// missing `日` in `2月11消息`.
    pub warnings: Vec<DateWarning>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DateWarning {
    /// Byte offset in the input.
    pub offset: usize,
    pub len: usize,
    pub message: String,
}

/// A date expression stands at the start of the text but cannot be a date.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DateError {
    #[error("impossible date: {source}")]
    Impossible {
        offset: usize,
        len: usize,
        source: InvalidDate,
    },
    #[error("`{text}` states no year and there is no earlier date to take it from")]
    NoYear {
        offset: usize,
        len: usize,
        text: String,
    },
    #[error("`{text}` refers to an earlier date but no entry before it has one")]
    NoPrevious {
        offset: usize,
        len: usize,
        text: String,
    },
    #[error("`{text}` counts from the day of the entry before it, but that entry is dated only {previous}")]
    TooCoarse {
        offset: usize,
        len: usize,
        text: String,
        previous: String,
    },
    /// A full date whose year is not written with four digits, 0001–9999
    /// (`10000年1月1日`, `1年1月`, `-5年1月1日`, `On 1 January 10000,`). An
    /// error, as an impossible day is: skipping the date would fold the
    /// event into the one before it, and reading around the year would
    /// date it in another year, both in silence.
    #[error("`{text}` is not a year annals can read")]
    Year {
        offset: usize,
        len: usize,
        text: String,
    },
    #[error("the range ends ({end}) before it starts ({start})")]
    EndBeforeStart {
        offset: usize,
        len: usize,
        start: String,
        end: String,
    },
}

impl DateError {
    /// The byte span of the offending expression in the parsed text.
    pub fn span(&self) -> (usize, usize) {
        match self {
            DateError::Impossible { offset, len, .. }
            | DateError::NoYear { offset, len, .. }
            | DateError::NoPrevious { offset, len, .. }
            | DateError::TooCoarse { offset, len, .. }
            | DateError::Year { offset, len, .. }
            | DateError::EndBeforeStart { offset, len, .. } => (*offset, *len),
        }
    }
}

/// Parses the date expression that opens `text`, if one does.
///
/// Returns `None` when the text does not open with a date expression (or
/// opens with one that only modifies a noun, like `2025年的收入`), `Some(Err)`
/// when it opens with a date that cannot exist, and `Some(Ok)` otherwise.
pub fn parse_opener(
    lang: Lang,
    text: &str,
    ctx: &DateContext,
) -> Option<Result<ParsedDate, DateError>> {
    match lang {
        Lang::Zh => zh::parse_opener(text, ctx),
        Lang::En => en::parse_opener(text, ctx),
    }
}

// ---------------------------------------------------------------------------
// Shared machinery for the language parsers. Each parser reads the text into
// `Written` points (what the prose states), and `finish` fills in what they
// leave out from the context and checks that the result can exist.

use crate::model::{Period, Qualifier, TimeOfDay};

/// How a relative expression takes its date from the previous entry's: so
/// many days (`同日` 0, `次日` 1, `前一天` -1), months (`同月`, `次月`,
/// `上个月`) or years (`同年`, `次年`, `去年`) from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Relation {
    Days(i32),
    Months(i32),
    Years(i32),
}

/// One end of a date as written, before inheritance fills in what it leaves
/// out. Numbers are kept loose (`u32`, `i64`) so impossible values survive
/// until [`DatePoint::checked`] can report them.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Written {
    year: Option<i64>,
    month: Option<u32>,
    day: Option<u32>,
    period: Option<Period>,
    time: Option<TimeOfDay>,
    relation: Option<Relation>,
    /// The year was written with two digits (`98年`): its century is the one
    /// that puts it nearest the anchor.
    short_year: bool,
    /// Byte offset and length of a year written as no year can be: not with
    /// four digits (nor, in Chinese, two before a month), or as 0000. It is
    /// reported, never read.
    bad_year: Option<(usize, usize)>,
    /// Byte range of the expression in the parsed text, for error spans.
    start: usize,
    end: usize,
}

impl Written {
    fn at(start: usize) -> Self {
        Written {
            start,
            end: start,
            ..Written::default()
        }
    }

    /// A month or a year standing alone (`2月`, `In 2025`), which reads as a
    /// date only when the clause visibly continues after it.
    fn is_lone_month_or_year(&self) -> bool {
        self.relation.is_none()
            && self.day.is_none()
            && self.period.is_none()
            && self.time.is_none()
            && (self.month.is_some() != self.year.is_some())
    }

    /// Whether the start of a range takes its missing parts from the end
    /// (`From 27 to 28 January 2025`) rather than from the anchor.
    fn borrows_from(&self, end: &Written) -> bool {
        self.relation.is_none()
            && end.relation.is_none()
            && self.year.is_none()
            && (end.year.is_some() || (self.month.is_none() && end.month.is_some()))
    }
}

/// What a language parser found at the start of the text.
#[derive(Debug)]
struct Found {
    start: Written,
    end: Option<Written>,
    qualifiers: Vec<Qualifier>,
    /// Bytes consumed, connecting words included.
    len: usize,
    warnings: Vec<DateWarning>,
}

/// Resolves what a parser found against the context into a checked spec.
fn finish(
    found: Found,
    ctx: &DateContext,
    text: &str,
    lang: Lang,
) -> Result<ParsedDate, DateError> {
    let (start, end) = resolve_range(&found.start, found.end.as_ref(), ctx, text, lang)?;
    let mut qualifiers = found.qualifiers;
    if found.start.relation.is_some() {
        qualifiers.push(Qualifier::Relative);
    }
    // One canonical order, so equal dates compare equal however they were written.
    qualifiers.sort();
    qualifiers.dedup();
    Ok(ParsedDate {
        spec: DateSpec {
            start,
            end,
            qualifiers,
        },
        len: found.len,
        warnings: found.warnings,
    })
}

fn resolve_range(
    start: &Written,
    end: Option<&Written>,
    ctx: &DateContext,
    text: &str,
    lang: Lang,
) -> Result<(DatePoint, Option<DatePoint>), DateError> {
    let anchor = ctx.anchor.as_ref();
    let previous = ctx.previous.as_ref().map(|spec| spec.start);
    let Some(end) = end else {
        return Ok((
            resolve_point(start, anchor, previous.as_ref(), text, lang)?,
            None,
        ));
    };
    let (start_point, end_point) = if start.borrows_from(end) {
        let end_point = resolve_point(end, anchor, previous.as_ref(), text, lang)?;
        (
            resolve_point(start, Some(&end_point), previous.as_ref(), text, lang)?,
            end_point,
        )
    } else {
        // The end counts from the start: `至6月` keeps the start's year, and
        // `至次日凌晨` is the day after the start, not after the previous entry.
        let start_point = resolve_point(start, anchor, previous.as_ref(), text, lang)?;
        let end_point = resolve_point(end, Some(&start_point), Some(&start_point), text, lang)?;
        (start_point, end_point)
    };
    if ends_before(&end_point, &start_point) {
        return Err(DateError::EndBeforeStart {
            offset: start.start,
            len: end.end.saturating_sub(start.start),
            start: start_point.display(lang),
            end: end_point.display(lang),
        });
    }
    Ok((start_point, Some(end_point)))
}

/// Fills in what `written` leaves out and checks that the date exists.
///
/// `inherit` supplies the parts above the largest one written (`2月5日` takes
/// the year, `18日` the year and month); `related` is what a relation
/// (`同日`, `the next day`) counts from.
fn resolve_point(
    written: &Written,
    inherit: Option<&DatePoint>,
    related: Option<&DatePoint>,
    text: &str,
    lang: Lang,
) -> Result<DatePoint, DateError> {
    if let Some((offset, len)) = written.bad_year {
        return Err(DateError::Year {
            offset,
            len,
            text: text
                .get(offset..offset + len)
                .unwrap_or_default()
                .to_string(),
        });
    }
    let span = (written.start, written.end.saturating_sub(written.start));
    let snippet = || {
        text.get(written.start..written.end)
            .unwrap_or_default()
            .to_string()
    };
    let filled = match written.relation {
        Some(relation) => {
            let point = related.ok_or_else(|| DateError::NoPrevious {
                offset: span.0,
                len: span.1,
                text: snippet(),
            })?;
            let base = related_point(relation, point).ok_or_else(|| DateError::TooCoarse {
                offset: span.0,
                len: span.1,
                text: snippet(),
                previous: point.display(lang),
            })?;
            overlay(written, &base)
        }
        None if written.short_year => Written {
            year: written.year.map(|y| full_year(y, inherit)),
            ..*written
        },
        None if written.year.is_some() => *written,
        None => {
            let base = inherit.ok_or_else(|| DateError::NoYear {
                offset: span.0,
                len: span.1,
                text: snippet(),
            })?;
            let inherited = inherited_part(written, base).ok_or_else(|| DateError::NoYear {
                offset: span.0,
                len: span.1,
                text: snippet(),
            })?;
            overlay(written, &inherited)
        }
    };
    let impossible = |source| DateError::Impossible {
        offset: span.0,
        len: span.1,
        source,
    };
    let year = filled.year.unwrap_or_default();
    let mut point = DatePoint::checked(year, filled.month, filled.day).map_err(impossible)?;
    if point.day.is_none() {
        point.period = filled.period;
    }
    point.time = filled.time;
    point.validate().map_err(impossible)?;
    Ok(point)
}

/// The year a two-digit year stands for: in the century that puts it
/// nearest the anchor's year, or without one, 1950–2049.
fn full_year(short: i64, anchor: Option<&DatePoint>) -> i64 {
    let near = anchor.map_or(2000, |a| i64::from(a.year));
    let century = near.div_euclid(100) * 100;
    [century - 100, century, century + 100]
        .map(|c| c + short)
        .into_iter()
        .min_by_key(|y| (y - near).abs())
        .unwrap_or(short)
}

/// The written parts on top of a base point's parts.
fn overlay(written: &Written, base: &DatePoint) -> Written {
    Written {
        year: written.year.or(Some(base.year.into())),
        month: written.month.or(base.month.map(u32::from)),
        day: written.day.or(base.day.map(u32::from)),
        period: written.period.or(base.period),
        ..*written
    }
}

/// The part of `base` above the largest unit `written` states: its year for
/// `2月`, year and month for `18日` or a lone `下旬`, the whole day for a
/// lone time of day.
/// `None` when the base lacks that part (`18日` after a year-only anchor).
fn inherited_part(written: &Written, base: &DatePoint) -> Option<DatePoint> {
    if written.month.is_some() {
        Some(DatePoint::year(base.year))
    } else if written.day.is_some() {
        Some(DatePoint::month(base.year, base.month?))
    } else if written.time.is_some() && written.period.is_none() {
        Some(DatePoint::day(base.year, base.month?, base.day?))
    } else if written.period.is_some() && base.month.is_some() {
        // `至下旬` after `2月中旬`: a part of the same month.
        Some(DatePoint::month(base.year, base.month?))
    } else {
        Some(DatePoint::year(base.year))
    }
}

/// The point a relation refers to, or `None` if `base` is too coarse for it
/// (`次日` after an entry dated only to the month) or the count leaves the
/// calendar (caught later as an impossible year).
fn related_point(relation: Relation, base: &DatePoint) -> Option<DatePoint> {
    use chrono::{Datelike, Days, NaiveDate};
    match relation {
        Relation::Days(0) => Some(base.without_time()),
        Relation::Days(n) => {
            let date = NaiveDate::from_ymd_opt(base.year, base.month?.into(), base.day?.into())?;
            let days = Days::new(n.unsigned_abs().into());
            let moved = if n > 0 {
                date.checked_add_days(days)
            } else {
                date.checked_sub_days(days)
            }?;
            Some(DatePoint::day(
                moved.year(),
                moved.month() as u8,
                moved.day() as u8,
            ))
        }
        Relation::Months(n) => {
            let index = base.year * 12 + i32::from(base.month?) - 1 + n;
            Some(DatePoint::month(
                index.div_euclid(12),
                (index.rem_euclid(12) + 1) as u8,
            ))
        }
        Relation::Years(n) => Some(DatePoint::year(base.year + n)),
    }
}

/// Whether `end` is certainly earlier than `start`, comparing only the units
/// both state (`2月5日至2月` is not reversed: the month contains the day).
fn ends_before(end: &DatePoint, start: &DatePoint) -> bool {
    use std::cmp::Ordering::{Equal, Less};
    let order = end
        .year
        .cmp(&start.year)
        .then_with(|| compare_stated(end.month, start.month))
        .then_with(|| match (end.day, start.day) {
            (Some(a), Some(b)) => a.cmp(&b),
            (None, None) => compare_stated(end.period, start.period),
            _ => Equal,
        })
        .then_with(|| match (end.time, start.time) {
            (Some(a), Some(b)) if is_clock(a) == is_clock(b) => {
                end.sort_key().3.cmp(&start.sort_key().3)
            }
            _ => Equal,
        });
    order == Less
}

fn compare_stated<T: Ord>(a: Option<T>, b: Option<T>) -> std::cmp::Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.cmp(&b),
        _ => std::cmp::Ordering::Equal,
    }
}

fn is_clock(time: TimeOfDay) -> bool {
    matches!(time, TimeOfDay::Clock { .. })
}

/// A named time of day read as a clock hour: `晚上8点` and `8 pm` are 20:00.
fn clock_in(named: Option<TimeOfDay>, hour: u8) -> u8 {
    match named {
        Some(TimeOfDay::Afternoon | TimeOfDay::Evening) if hour < 12 => hour + 12,
        Some(TimeOfDay::Night) if (6..12).contains(&hour) => hour + 12,
        Some(TimeOfDay::Noon) if hour < 3 => hour + 12,
        _ => hour,
    }
}

/// Whitespace may separate parts of a date, but only this much of it: the
/// parsers look at a bounded prefix of the text, whatever follows.
const MAX_SPACES: usize = 8;

fn is_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\n' | '\r' | '\u{a0}' | '\u{2009}' | '\u{202f}' | '\u{3000}'
    )
}

/// A digit, ASCII or full-width (`２０２５`).
fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

/// A position in the text being parsed. It only moves by whole characters or
/// matched strings, so every slice it takes is on a character boundary.
/// It is `Copy`: save it to backtrack.
#[derive(Debug, Clone, Copy)]
struct Cursor<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str) -> Self {
        Cursor { text, pos: 0 }
    }

    fn rest(&self) -> &'a str {
        &self.text[self.pos..]
    }

    fn at_end(&self) -> bool {
        self.pos >= self.text.len()
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn eat(&mut self, s: &str) -> bool {
        let found = self.rest().starts_with(s);
        if found {
            self.pos += s.len();
        }
        found
    }

    /// Eats the first of `options` the text starts with (list longer
    /// options before their prefixes).
    fn eat_any<'s>(&mut self, options: &[&'s str]) -> Option<&'s str> {
        options.iter().copied().find(|option| self.eat(option))
    }

    fn eat_char(&mut self, wanted: impl Fn(char) -> bool) -> Option<char> {
        let c = self.peek().filter(|&c| wanted(c))?;
        self.pos += c.len_utf8();
        Some(c)
    }

    /// Skips up to [`MAX_SPACES`] whitespace characters; says whether any.
    fn skip_spaces(&mut self) -> bool {
        let before = self.pos;
        for _ in 0..MAX_SPACES {
            if self.eat_char(is_space).is_none() {
                break;
            }
        }
        self.pos > before
    }

    /// Reads a run of 1 to `max_digits` digits; a longer run is not a number
    /// of that kind (`360集团` is no day), so it reads nothing.
    fn number(&mut self, max_digits: usize) -> Option<Number> {
        let saved = *self;
        let mut value = 0u32;
        let mut digits = 0;
        while let Some(d) = self.peek().and_then(digit_value) {
            if digits == max_digits {
                *self = saved;
                return None;
            }
            self.bump();
            value = value * 10 + d;
            digits += 1;
        }
        if digits == 0 {
            return None;
        }
        Some(Number { value, digits })
    }

    /// Reads a whole run of digits, however many (up to
    /// [`MAX_RUN_DIGITS`]), for a year written with too few or too many
    /// (`10000`): such a year is only reported, so its value may saturate.
    /// A longer run is a code or an amount, not a year, and reads nothing.
    fn digit_run(&mut self) -> Option<Number> {
        let saved = *self;
        let mut value = 0u32;
        let mut digits = 0;
        while let Some(d) = self.peek().and_then(digit_value) {
            if digits == MAX_RUN_DIGITS {
                *self = saved;
                return None;
            }
            self.bump();
            value = value.saturating_mul(10).saturating_add(d);
            digits += 1;
        }
        (digits > 0).then_some(Number { value, digits })
    }
}

/// The most digits [`Cursor::digit_run`] reads as one number: far more than
/// any mistyped year, and it keeps error messages short.
const MAX_RUN_DIGITS: usize = 12;

#[derive(Debug, Clone, Copy)]
struct Number {
    value: u32,
    digits: usize,
}

/// Shorthands the Chinese and English parser tests share.
#[cfg(test)]
mod test_support {
    use super::DateContext;
    use crate::model::{DatePoint, DateSpec, Period, Qualifier, TimeOfDay};

    pub fn day(year: i32, month: u8, day: u8) -> DatePoint {
        DatePoint::day(year, month, day)
    }

    pub fn at(point: DatePoint, time: TimeOfDay) -> DatePoint {
        DatePoint {
            time: Some(time),
            ..point
        }
    }

    pub fn part(point: DatePoint, period: Period) -> DatePoint {
        DatePoint {
            period: Some(period),
            ..point
        }
    }

    pub fn clock(hour: u8, minute: u8) -> TimeOfDay {
        TimeOfDay::Clock { hour, minute }
    }

    pub fn spec(start: DatePoint, end: Option<DatePoint>, qualifiers: &[Qualifier]) -> DateSpec {
        DateSpec {
            start,
            end,
            qualifiers: qualifiers.to_vec(),
        }
    }

    pub fn plain(start: DatePoint) -> DateSpec {
        DateSpec::at(start)
    }

    /// Context inside a paragraph whose last explicit date is 27 January 2025.
    pub fn in_2025() -> DateContext {
        DateContext {
            anchor: Some(day(2025, 1, 27)),
            previous: None,
            ..DateContext::default()
        }
    }

    /// Context after an entry dated `previous`, which is also the anchor.
    pub fn after(previous: DatePoint) -> DateContext {
        DateContext {
            anchor: Some(previous.without_time()),
            previous: Some(DateSpec::at(previous)),
            ..DateContext::default()
        }
    }

    pub fn nothing_before() -> DateContext {
        DateContext::default()
    }
}
