//! English date expressions: `On 27 January 2025,`, `In early February 2025,`,
//! `On the evening of …`, `As of 9 February,`, `On the same day,`,
//! `From 5 January to June 2024,`, `27–28 January 2025,`.
//!
//! The grammar: an optional qualifier (`As of`, `Shortly before`,
//! `Reported on`), an optional preposition (`On`/`In`/`At`/`During`, or
//! `From`/`Between` for ranges), then one or two endpoints, each an optional
//! time of day (`the evening of`, `19:46 on`) and a date (relative, ISO,
//! day–month–year in either order, a period of a month or year, a year);
//! then `local time` and one connecting comma.

use super::{
    clock_in, finish, Cursor, DateContext, DateError, Found, ParsedDate, Relation, Written,
};
use crate::model::{Lang, Period, Qualifier, TimeOfDay};

pub fn parse_opener(text: &str, ctx: &DateContext) -> Option<Result<ParsedDate, DateError>> {
    let mut parser = Parser {
        cur: Cursor::new(text),
        qualifiers: Vec::new(),
    };
    let found = parser.opener()?;
    Some(finish(found, ctx, text, Lang::En))
}

const QUALIFIER_LEADS: &[(&str, Qualifier)] = &[
    ("as of", Qualifier::AsOf),
    ("shortly before", Qualifier::ShortlyBefore),
    ("reported on", Qualifier::Reported),
];
const PREPOSITIONS: &[&str] = &["on", "in", "at", "during"];
const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

const DASHES: &[&str] = &["–", "—", "-"];
const FROM_SEPARATORS: &[&str] = &["to", "until", "till", "through", "–", "—", "-"];
const BETWEEN_SEPARATORS: &[&str] = &["and", "–", "—", "-"];

const RELATIVES: &[(&str, Relation)] = &[
    ("later that day", Relation::SameDay),
    ("earlier that day", Relation::SameDay),
    ("that same day", Relation::SameDay),
    ("the same day", Relation::SameDay),
    ("that day", Relation::SameDay),
    ("later that month", Relation::SameMonth),
    ("earlier that month", Relation::SameMonth),
    ("that same month", Relation::SameMonth),
    ("the same month", Relation::SameMonth),
    ("that month", Relation::SameMonth),
    ("later that year", Relation::SameYear),
    ("earlier that year", Relation::SameYear),
    ("that same year", Relation::SameYear),
    ("the same year", Relation::SameYear),
    ("that year", Relation::SameYear),
    ("the next day", Relation::NextDay),
    ("the following day", Relation::NextDay),
];

/// `In May of the same year`: a month whose year is the previous entry's.
const OF_THE_SAME_YEAR: &[&str] = &[
    "of the same year",
    "of that year",
    "in the same year",
    "the same year",
    "that year",
];

const TIME_PHRASES: &[(&str, TimeOfDay)] = &[
    ("the evening of", TimeOfDay::Evening),
    ("the night of", TimeOfDay::Night),
    ("the afternoon of", TimeOfDay::Afternoon),
    ("the morning of", TimeOfDay::Morning),
    ("the early morning of", TimeOfDay::EarlyMorning),
    ("the early hours of", TimeOfDay::EarlyMorning),
    ("the small hours of", TimeOfDay::EarlyMorning),
    ("midday on", TimeOfDay::Noon),
    ("noon on", TimeOfDay::Noon),
    ("lunchtime on", TimeOfDay::Noon),
];

const PERIODS: &[(&str, Period)] = &[
    ("the beginning of", Period::Early),
    ("the start of", Period::Early),
    ("the middle of", Period::Mid),
    ("the end of", Period::Late),
    ("early", Period::Early),
    ("mid", Period::Mid),
    ("late", Period::Late),
];

const MONTH_NAMES: [&[&str]; 12] = [
    &["january", "jan"],
    &["february", "feb"],
    &["march", "mar"],
    &["april", "apr"],
    &["may"],
    &["june", "jun"],
    &["july", "jul"],
    &["august", "aug"],
    &["september", "sept", "sep"],
    &["october", "oct"],
    &["november", "nov"],
    &["december", "dec"],
];

/// Words after a date that make it modify something else.
const NOT_OPENER_FOLLOWERS: &[&str] = &["onwards", "onward", "'s", "’s"];

/// Words after the opener that mark the clause as reported news; they stay
/// in the clause, the date only records the qualifier.
const REPORTED_CLAUSES: &[&str] = &[
    "it was reported",
    "it is reported",
    "it has been reported",
    "reports said",
    "reports say",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lead {
    /// Nothing before the date: it must be followed by a comma.
    Bare,
    Preposition,
    From,
    Between,
}

struct Parser<'a> {
    cur: Cursor<'a>,
    qualifiers: Vec<Qualifier>,
}

impl Parser<'_> {
    fn opener(&mut self) -> Option<Found> {
        self.qualifier_lead();
        let lead = self.lead();
        // `As of 9 February the app…` is led as clearly as `On 9 February`.
        let led = lead != Lead::Bare || !self.qualifiers.is_empty();
        self.weekday();
        let mut start = self.endpoint()?;
        let end = match lead {
            Lead::From => Some(self.range_end(FROM_SEPARATORS)?),
            Lead::Between => Some(self.range_end(BETWEEN_SEPARATORS)?),
            Lead::Bare | Lead::Preposition => self.range_end(DASHES),
        };
        if is_bare_day(&start) && end.is_none() {
            return None;
        }
        if end.is_none() {
            self.clock_after(&mut start);
        }
        self.local_time_after();
        if NOT_OPENER_FOLLOWERS
            .iter()
            .any(|w| self.starts_with_word(w))
        {
            return None;
        }
        let has_connector = self.connector();
        let needs_connector =
            (!led && start.relation.is_none()) || (start.is_lone_month_or_year() && end.is_none());
        if needs_connector && !has_connector {
            return None;
        }
        if REPORTED_CLAUSES.iter().any(|p| self.starts_with_phrase(p)) {
            self.qualifiers.push(Qualifier::Reported);
        }
        Some(Found {
            start,
            end,
            qualifiers: std::mem::take(&mut self.qualifiers),
            len: self.cur.pos,
            warnings: Vec::new(),
        })
    }

    // --- leading words --------------------------------------------------

    fn qualifier_lead(&mut self) {
        if let Some(&(_, qualifier)) = QUALIFIER_LEADS.iter().find(|(p, _)| self.phrase(p)) {
            self.qualifiers.push(qualifier);
            self.cur.skip_spaces();
        }
    }

    fn lead(&mut self) -> Lead {
        let lead = if self.word("from") {
            Lead::From
        } else if self.word("between") {
            Lead::Between
        } else if self.any_word(PREPOSITIONS) {
            Lead::Preposition
        } else {
            return Lead::Bare;
        };
        self.cur.skip_spaces();
        lead
    }

    /// `On Monday, 27 January 2025`: a weekday before the date is skipped
    /// (a weekday alone is no date, and `endpoint` then finds nothing).
    fn weekday(&mut self) {
        if self.any_word(WEEKDAYS) {
            self.cur.skip_spaces();
            if self.cur.eat(",") {
                self.cur.skip_spaces();
            }
        }
    }

    // --- endpoints --------------------------------------------------------

    /// An optional time of day and a date.
    fn endpoint(&mut self) -> Option<Written> {
        let saved = self.cur;
        let time = self.time_phrase();
        let Some(mut written) = self.relative().or_else(|| self.absolute()) else {
            self.cur = saved;
            return None;
        };
        if time.is_some() {
            written.time = time;
        }
        written.start = saved.pos;
        written.end = self.cur.pos;
        Some(written)
    }

    /// `the evening of`, `midday on`, `19:46 on`, `19:46 local time on`.
    fn time_phrase(&mut self) -> Option<TimeOfDay> {
        if let Some(&(_, time)) = TIME_PHRASES.iter().find(|(p, _)| self.phrase(p)) {
            self.cur.skip_spaces();
            return Some(time);
        }
        let saved = self.cur;
        let clock = self.clock()?;
        self.cur.skip_spaces();
        if self.local_time() {
            self.cur.skip_spaces();
        }
        if !self.word("on") {
            self.cur = saved;
            return None;
        }
        self.cur.skip_spaces();
        Some(clock)
    }

    fn relative(&mut self) -> Option<Written> {
        let start = self.cur.pos;
        let &(_, relation) = RELATIVES.iter().find(|(p, _)| self.phrase(p))?;
        Some(Written {
            relation: Some(relation),
            end: self.cur.pos,
            ..Written::at(start)
        })
    }

    fn absolute(&mut self) -> Option<Written> {
        let mut written = Written::at(self.cur.pos);
        let found = self.iso(&mut written)
            || self.period_of_month_or_year(&mut written)
            || self.day_first(&mut written)
            || self.month_first(&mut written)
            || self.year_into(&mut written);
        if !found {
            return None;
        }
        self.of_the_same_year(&mut written);
        written.end = self.cur.pos;
        Some(written)
    }

    /// `2025-01-27`.
    fn iso(&mut self, written: &mut Written) -> bool {
        let saved = self.cur;
        let year = self.exact_digits(4).filter(|_| self.cur.eat("-"));
        let month = year.and_then(|_| self.exact_digits(2).filter(|_| self.cur.eat("-")));
        let day = month.and_then(|_| self.exact_digits(2));
        match (year, month, day) {
            (Some(year), Some(month), Some(day)) if self.at_word_end() => {
                written.year = Some(year.into());
                written.month = Some(month);
                written.day = Some(day);
                true
            }
            _ => {
                self.cur = saved;
                false
            }
        }
    }

    /// `early February 2025`, `mid-February`, `late January`, `early 2025`,
    /// `the end of February 2025`.
    fn period_of_month_or_year(&mut self, written: &mut Written) -> bool {
        let saved = self.cur;
        let Some(&(_, period)) = PERIODS.iter().find(|(p, _)| self.phrase(p)) else {
            return false;
        };
        if !self.cur.eat("-") {
            self.cur.skip_spaces();
        }
        if let Some(month) = self.month_name() {
            written.month = Some(month);
            written.year = self.spaced(Self::year);
        } else if let Some(year) = self.year() {
            written.year = Some(year);
        } else {
            self.cur = saved;
            return false;
        }
        written.period = Some(period);
        true
    }

    /// `27 January 2025`, `27th of January`, `5 February`, and a bare day
    /// (`27` in `27–28 January 2025`), which only a range end can complete.
    fn day_first(&mut self, written: &mut Written) -> bool {
        let saved = self.cur;
        let with_the = self.word("the") && self.cur.skip_spaces();
        if !with_the {
            self.cur = saved;
        }
        let Some(day) = self.day() else {
            self.cur = saved;
            return false;
        };
        let before_month = self.cur;
        self.cur.skip_spaces();
        if self.word("of") {
            self.cur.skip_spaces();
        }
        match self.month_name() {
            Some(month) => {
                written.month = Some(month);
                written.year = self.year_after_month();
            }
            None if with_the => {
                self.cur = saved;
                return false;
            }
            None => self.cur = before_month,
        }
        written.day = Some(day);
        true
    }

    /// `January 27, 2025`, `Jan. 27`, `February 2025`, `February`.
    fn month_first(&mut self, written: &mut Written) -> bool {
        let Some(month) = self.month_name() else {
            return false;
        };
        written.month = Some(month);
        if let Some(day) = self.spaced(Self::day) {
            written.day = Some(day);
            written.year = self.year_after_month();
        } else {
            written.year = self.spaced(Self::year);
        }
        true
    }

    fn year_into(&mut self, written: &mut Written) -> bool {
        written.year = self.year();
        written.year.is_some()
    }

    /// `2025` or `, 2025` after a month or a day and month.
    fn year_after_month(&mut self) -> Option<i64> {
        let saved = self.cur;
        self.cur.skip_spaces();
        if self.cur.eat(",") {
            self.cur.skip_spaces();
        }
        let year = self.year();
        if year.is_none() {
            self.cur = saved;
        }
        year
    }

    /// `May of the same year`, `5 May that year`: the year is the previous
    /// entry's.
    fn of_the_same_year(&mut self, written: &mut Written) {
        if written.year.is_some() || written.month.is_none() {
            return;
        }
        let saved = self.cur;
        self.cur.skip_spaces();
        if OF_THE_SAME_YEAR.iter().any(|p| self.phrase(p)) {
            written.relation = Some(Relation::SameYear);
        } else {
            self.cur = saved;
        }
    }

    // --- numbers and names --------------------------------------------------

    /// Exactly `digits` digits (`01`, `2025`).
    fn exact_digits(&mut self, digits: usize) -> Option<u32> {
        let saved = self.cur;
        match self.cur.number(digits) {
            Some(number) if number.digits == digits => Some(number.value),
            _ => {
                self.cur = saved;
                None
            }
        }
    }

    /// A day of the month: one or two digits, optionally `st`/`nd`/`rd`/`th`.
    fn day(&mut self) -> Option<u32> {
        let saved = self.cur;
        let day = self.cur.number(2)?;
        self.any_word(&["st", "nd", "rd", "th"]);
        if !self.at_word_end() {
            self.cur = saved;
            return None;
        }
        Some(day.value)
    }

    /// A four-digit year standing as its own word.
    fn year(&mut self) -> Option<i64> {
        let saved = self.cur;
        match self.cur.number(4) {
            Some(number) if number.digits == 4 && self.at_word_end() => Some(number.value.into()),
            _ => {
                self.cur = saved;
                None
            }
        }
    }

    /// A month name, full or abbreviated (`Jan`, `Feb.`, `Sept`).
    fn month_name(&mut self) -> Option<u32> {
        for (index, names) in MONTH_NAMES.iter().enumerate() {
            if let Some(name) = names.iter().find(|name| self.word(name)) {
                // `Feb.`, but not the full stop after `In May.`
                if *name != names[0] {
                    self.cur.eat(".");
                }
                return Some(index as u32 + 1);
            }
        }
        None
    }

    /// `19:46`, `7:46 pm`, `7:46 p.m.`.
    fn clock(&mut self) -> Option<TimeOfDay> {
        let saved = self.cur;
        let hour = self.cur.number(2);
        let minute = hour
            .filter(|_| self.cur.eat(":"))
            .and_then(|_| self.cur.number(2))
            .filter(|m| m.digits == 2);
        let (Some(hour), Some(minute)) = (hour, minute) else {
            self.cur = saved;
            return None;
        };
        let mut hour = hour.value as u8;
        let before_suffix = self.cur;
        self.cur.skip_spaces();
        if self.any_word(&["pm", "p.m."]) {
            hour = clock_in(Some(TimeOfDay::Afternoon), hour);
        } else if self.any_word(&["am", "a.m."]) {
            hour = if hour == 12 { 0 } else { hour };
        } else {
            self.cur = before_suffix;
        }
        Some(TimeOfDay::Clock {
            hour,
            minute: minute.value as u8,
        })
    }

    // --- after the date -----------------------------------------------

    /// `to June 2024`, `and June 2024`, `–28 January 2025`. The end must name
    /// a month or year: `2-3 times` is no range.
    fn range_end(&mut self, separators: &[&str]) -> Option<Written> {
        let saved = self.cur;
        self.cur.skip_spaces();
        let separated = separators.iter().any(|s| {
            if s.chars().all(|c| c.is_ascii_alphabetic()) {
                self.word(s)
            } else {
                self.cur.eat(s)
            }
        });
        if separated {
            self.cur.skip_spaces();
            if let Some(end) = self.endpoint().filter(|e| !is_bare_day(e)) {
                return Some(end);
            }
        }
        self.cur = saved;
        None
    }

    /// `On 6 February 2025 at 19:46,`.
    fn clock_after(&mut self, start: &mut Written) {
        if start.time.is_some() {
            return;
        }
        let saved = self.cur;
        self.cur.skip_spaces();
        if self.word("at") {
            self.cur.skip_spaces();
            if let Some(clock) = self.clock() {
                start.time = Some(clock);
                start.end = self.cur.pos;
                return;
            }
        }
        self.cur = saved;
    }

    /// `local time`, `(local time)` or `, local time` after the date.
    fn local_time_after(&mut self) {
        let saved = self.cur;
        self.cur.skip_spaces();
        if self.cur.eat(",") {
            self.cur.skip_spaces();
        }
        if !self.local_time() {
            self.cur = saved;
        }
    }

    /// `local time` or `(local time)`, recorded as a qualifier.
    fn local_time(&mut self) -> bool {
        let saved = self.cur;
        let in_parens = self.cur.eat("(");
        let found = self.phrase("local time") && (!in_parens || self.cur.eat(")"));
        if found {
            self.qualifiers.push(Qualifier::LocalTime);
        } else {
            self.cur = saved;
        }
        found
    }

    /// One `,` or `:` and the spaces around it; says whether there was one.
    fn connector(&mut self) -> bool {
        let saved = self.cur;
        self.cur.skip_spaces();
        if self.cur.eat(",") || self.cur.eat(":") {
            self.cur.skip_spaces();
            return true;
        }
        self.cur = saved;
        false
    }

    // --- words ----------------------------------------------------------

    /// Eats `word` (ASCII, any case) if it stands as a whole word here.
    fn word(&mut self, word: &str) -> bool {
        let found = self.starts_with_word(word);
        if found {
            self.cur.pos += word.len();
        }
        found
    }

    fn any_word(&mut self, words: &[&str]) -> bool {
        words.iter().any(|w| self.word(w))
    }

    fn starts_with_word(&self, word: &str) -> bool {
        let rest = self.cur.rest();
        let same = rest
            .get(..word.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(word));
        same && !rest[word.len()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() && word.ends_with(|w: char| w.is_alphanumeric()))
    }

    /// Eats the words of `phrase` separated by any spaces.
    fn phrase(&mut self, phrase: &str) -> bool {
        let saved = self.cur;
        for (index, word) in phrase.split(' ').enumerate() {
            let spaced = index == 0 || self.cur.skip_spaces();
            if !spaced || !self.word(word) {
                self.cur = saved;
                return false;
            }
        }
        true
    }

    fn starts_with_phrase(&mut self, phrase: &str) -> bool {
        let saved = self.cur;
        let found = self.phrase(phrase);
        self.cur = saved;
        found
    }

    fn at_word_end(&self) -> bool {
        !self.cur.peek().is_some_and(char::is_alphanumeric)
    }

    /// Runs `part` after optional spaces, leaving the spaces alone if it
    /// finds nothing.
    fn spaced<T>(&mut self, part: impl FnOnce(&mut Self) -> Option<T>) -> Option<T> {
        let saved = self.cur;
        self.cur.skip_spaces();
        let found = part(self);
        if found.is_none() {
            self.cur = saved;
        }
        found
    }
}

/// A day number alone (`27` of `27–28 January`), only good as a range start.
fn is_bare_day(written: &Written) -> bool {
    written.day.is_some() && written.month.is_none() && written.relation.is_none()
}
