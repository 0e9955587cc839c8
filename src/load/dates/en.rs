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
        bad_year: None,
    };
    let found = parser.opener()?;
    Some(finish(found, ctx, text, Lang::En))
}

const QUALIFIER_LEADS: &[(&str, Qualifier)] = &[
    ("as of", Qualifier::AsOf),
    ("since", Qualifier::Since),
    ("around", Qualifier::Approximate),
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
    ("later that day", Relation::Days(0)),
    ("earlier that day", Relation::Days(0)),
    ("that same day", Relation::Days(0)),
    ("the same day", Relation::Days(0)),
    ("that day", Relation::Days(0)),
    ("later that month", Relation::Months(0)),
    ("earlier that month", Relation::Months(0)),
    ("that same month", Relation::Months(0)),
    ("the same month", Relation::Months(0)),
    ("that month", Relation::Months(0)),
    ("later that year", Relation::Years(0)),
    ("earlier that year", Relation::Years(0)),
    ("that same year", Relation::Years(0)),
    ("the same year", Relation::Years(0)),
    ("that year", Relation::Years(0)),
    ("the next day", Relation::Days(1)),
    ("the following day", Relation::Days(1)),
    ("the day before", Relation::Days(-1)),
    ("the previous day", Relation::Days(-1)),
    ("the next month", Relation::Months(1)),
    ("the following month", Relation::Months(1)),
    ("the previous month", Relation::Months(-1)),
    ("last month", Relation::Months(-1)),
    ("this month", Relation::Months(0)),
    ("the next year", Relation::Years(1)),
    ("the following year", Relation::Years(1)),
    ("the previous year", Relation::Years(-1)),
    ("the year before", Relation::Years(-1)),
    ("last year", Relation::Years(-1)),
    ("this year", Relation::Years(0)),
    ("next year", Relation::Years(1)),
    ("two years earlier", Relation::Years(-2)),
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

/// Parts of a year written before it (`the first half of 2019`, `Q1 2019`).
const YEAR_PARTS: &[(&str, Period)] = &[
    ("the first half of", Period::FirstHalf),
    ("the second half of", Period::SecondHalf),
    ("the first quarter of", Period::Quarter(1)),
    ("the second quarter of", Period::Quarter(2)),
    ("the third quarter of", Period::Quarter(3)),
    ("the fourth quarter of", Period::Quarter(4)),
    ("h1", Period::FirstHalf),
    ("h2", Period::SecondHalf),
    ("q1", Period::Quarter(1)),
    ("q2", Period::Quarter(2)),
    ("q3", Period::Quarter(3)),
    ("q4", Period::Quarter(4)),
    ("the spring of", Period::Spring),
    ("the summer of", Period::Summer),
    ("the autumn of", Period::Autumn),
    ("the fall of", Period::Autumn),
    ("the winter of", Period::Winter),
    ("spring", Period::Spring),
    ("summer", Period::Summer),
    ("autumn", Period::Autumn),
    ("fall", Period::Autumn),
    ("winter", Period::Winter),
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

/// Words after a date that make it modify something else (`'s` and `’s`
/// are checked directly after the date).
const NOT_OPENER_FOLLOWERS: &[&str] = &["onwards", "onward"];

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
    /// A year no date can have, where [`Parser::year`] last read one; the
    /// endpoint being read takes it.
    bad_year: Option<(usize, usize)>,
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
            // `From 18:00 on 15 February onwards,`: a range open at its end.
            Lead::From if self.followed_by_any(NOT_OPENER_FOLLOWERS) => {
                self.cur.skip_spaces();
                self.any_word(NOT_OPENER_FOLLOWERS);
                self.qualifiers.push(Qualifier::Since);
                None
            }
            Lead::From => Some(self.range_end(FROM_SEPARATORS)?),
            Lead::Between => Some(self.range_end(BETWEEN_SEPARATORS)?),
            Lead::Bare | Lead::Preposition => self.range_end(DASHES),
        };
        if is_bare_day(&start) && end.is_none() {
            return None;
        }
        // `10000, 20000 and 30000 units…`: a number no year is written with
        // is taken for one only after `On`, `In` and the like.
        let bad_year = start.bad_year.is_some() || end.is_some_and(|e| e.bad_year.is_some());
        if bad_year && !led {
            return None;
        }
        if end.is_none() {
            self.clock_after(&mut start);
        }
        self.local_time_after();
        if self.followed_by_any(NOT_OPENER_FOLLOWERS) {
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
        self.bad_year = None;
        let Some(mut written) = self.relative().or_else(|| self.absolute()) else {
            self.cur = saved;
            return None;
        };
        written.bad_year = self.bad_year.take();
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
            || self.decade(&mut written)
            || self.part_of_year(&mut written)
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

    /// `the 1990s`, `the early 1990s`, `the mid-1990s`, `the late 1990s`.
    fn decade(&mut self, written: &mut Written) -> bool {
        let saved = self.cur;
        if self.word("the") {
            self.cur.skip_spaces();
        }
        let period = if self.word("early") {
            Period::EarlyDecade
        } else if self.word("mid") {
            Period::MidDecade
        } else if self.word("late") {
            Period::LateDecade
        } else {
            Period::Decade
        };
        if period != Period::Decade && !self.cur.eat("-") {
            self.cur.skip_spaces();
        }
        let year = self.exact_digits(4).filter(|y| y % 10 == 0);
        match year {
            Some(year) if self.cur.eat("s") && self.at_word_end() => {
                written.year = Some(year.into());
                written.period = Some(period);
                true
            }
            _ => {
                self.cur = saved;
                false
            }
        }
    }

    /// `the first half of 2019`, `Q1 2019`, `the third quarter of 2019`,
    /// `spring 2019`.
    fn part_of_year(&mut self, written: &mut Written) -> bool {
        let saved = self.cur;
        let Some(&(_, period)) = YEAR_PARTS.iter().find(|(p, _)| self.phrase(p)) else {
            return false;
        };
        match self.spaced(Self::year) {
            Some(year) => {
                written.year = Some(year);
                written.period = Some(period);
                true
            }
            None => {
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
            written.relation = Some(Relation::Years(0));
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

    /// A four-digit year standing as its own word; or, right before the
    /// clause's comma, digits no year is written with (`On 1 January
    /// 10000,`, `In 999,`), read so that the date is reported instead of
    /// read without its year. Without the comma such a number is as likely
    /// a count (`On 1 January 10000 people…`, `In 10,000 cases`).
    fn year(&mut self) -> Option<i64> {
        let saved = self.cur;
        let number = self.cur.digit_run().filter(|_| self.at_word_end());
        let unreadable = match number {
            Some(n) if n.digits == 4 => n.value == 0,
            Some(_) if self.clause_comma_follows() => true,
            _ => {
                self.cur = saved;
                return None;
            }
        };
        if unreadable {
            self.bad_year = Some((saved.pos, self.cur.pos - saved.pos));
        }
        number.map(|n| n.value.into())
    }

    /// A comma that ends the opener: not one inside a number (`10,000`) or
    /// a list of numbers (`500, 600 and 700`).
    fn clause_comma_follows(&self) -> bool {
        let mut ahead = self.cur;
        if !ahead.eat(",") {
            return false;
        }
        ahead.skip_spaces();
        ahead.peek().and_then(super::digit_value).is_none()
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

    /// `19:46`, `7:46 pm`, `7:46 p.m.`, `7 pm`: a bare hour needs `am`/`pm`
    /// to be a time at all.
    fn clock(&mut self) -> Option<TimeOfDay> {
        let saved = self.cur;
        let hour = self.cur.number(2)?;
        let minute = if self.cur.eat(":") {
            let Some(minute) = self.exact_digits(2) else {
                self.cur = saved;
                return None;
            };
            Some(minute)
        } else {
            None
        };
        let mut hour = hour.value as u8;
        let before_suffix = self.cur;
        self.cur.skip_spaces();
        if self.any_word(&["pm", "p.m."]) {
            hour = clock_in(Some(TimeOfDay::Afternoon), hour);
        } else if self.any_word(&["am", "a.m."]) {
            hour = if hour == 12 { 0 } else { hour };
        } else if minute.is_some() {
            self.cur = before_suffix;
        } else {
            self.cur = saved;
            return None;
        }
        Some(TimeOfDay::Clock {
            hour,
            minute: minute.unwrap_or(0) as u8,
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

    /// One `,` or `:` and the spaces around it, or just the spaces, so
    /// that the rest of the clause starts at its first word; says whether
    /// there was a comma or colon.
    fn connector(&mut self) -> bool {
        self.cur.skip_spaces();
        let found = self.cur.eat(",") || self.cur.eat(":");
        if found {
            self.cur.skip_spaces();
        }
        found
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
        // Nearly every phrase tried is turned down on its first letter:
        // look at that before cutting the phrase into words (a clause
        // start is tried against some sixty phrases).
        let (Some(wanted), Some(here)) = (phrase.bytes().next(), self.cur.rest().bytes().next())
        else {
            return false;
        };
        if !here.eq_ignore_ascii_case(&wanted) {
            return false;
        }
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

    /// Whether one of `words` comes next, after any spaces (`'s` comes
    /// directly).
    fn followed_by_any(&self, words: &[&str]) -> bool {
        let mut ahead = Parser {
            cur: self.cur,
            qualifiers: Vec::new(),
            bad_year: None,
        };
        if ahead.starts_with_word("'s") || ahead.starts_with_word("’s") {
            return true;
        }
        ahead.cur.skip_spaces();
        words.iter().any(|w| ahead.starts_with_word(w))
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

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use crate::model::{DatePoint, DateSpec, InvalidDate};

    /// Parses `text`, checks the whole spec, and that the opener is exactly
    /// `consumed` (a prefix of `text`).
    fn parses(text: &str, ctx: &DateContext, consumed: &str, expected: DateSpec) {
        let parsed = match parse_opener(text, ctx) {
            Some(Ok(parsed)) => parsed,
            other => panic!("`{text}`: expected a date, got {other:?}"),
        };
        assert_eq!(parsed.spec, expected, "`{text}`");
        assert_eq!(&text[..parsed.len], consumed, "`{text}`");
        assert_eq!(parsed.warnings, vec![], "`{text}`");
    }

    /// Like `parses` for openers `"{consumed}{rest}"` in one context.
    fn all_parse(ctx: &DateContext, rest: &str, cases: &[(&str, DateSpec)]) {
        for (consumed, expected) in cases {
            parses(
                &format!("{consumed}{rest}"),
                ctx,
                consumed,
                expected.clone(),
            );
        }
    }

    fn not_opener(text: &str, ctx: &DateContext) {
        assert_eq!(parse_opener(text, ctx), None, "`{text}`");
    }

    fn fails(text: &str, ctx: &DateContext) -> DateError {
        match parse_opener(text, ctx) {
            Some(Err(error)) => error,
            other => panic!("`{text}`: expected an error, got {other:?}"),
        }
    }

    const REST: &str = "DeepSeek released R1.";

    #[test]
    fn day_month_year() {
        let d = plain(day(2025, 1, 27));
        all_parse(
            &nothing_before(),
            REST,
            &[
                ("On 27 January 2025, ", d.clone()),
                ("On 27 Jan 2025,", d.clone()),
                ("On 27th January 2025, ", d.clone()),
                ("On the 27th of January 2025, ", d.clone()),
                ("on 27 january 2025, ", d),
            ],
        );
    }

    #[test]
    fn month_day_year() {
        let d = plain(day(2025, 1, 27));
        all_parse(
            &nothing_before(),
            REST,
            &[
                ("On January 27, 2025, ", d.clone()),
                ("On Jan. 27, 2025, ", d.clone()),
                ("On January 27th 2025, ", d),
            ],
        );
    }

    #[test]
    fn abbreviated_month_names() {
        for (name, month) in [
            ("Feb.", 2),
            ("Mar", 3),
            ("Apr.", 4),
            ("Jun", 6),
            ("Jul.", 7),
            ("Aug", 8),
            ("Sep", 9),
            ("Sept", 9),
            ("Sept.", 9),
            ("Oct.", 10),
            ("Nov", 11),
            ("Dec.", 12),
        ] {
            let consumed = format!("On 3 {name} 2025, ");
            parses(
                &format!("{consumed}{REST}"),
                &nothing_before(),
                &consumed,
                plain(day(2025, month, 3)),
            );
        }
    }

    #[test]
    fn day_and_month_take_the_anchor_year() {
        all_parse(
            &in_2025(),
            REST,
            &[
                ("On 5 February, ", plain(day(2025, 2, 5))),
                ("On 18 January,", plain(day(2025, 1, 18))),
                ("On February 5, ", plain(day(2025, 2, 5))),
            ],
        );
    }

    #[test]
    fn date_without_on_before_a_comma() {
        all_parse(
            &in_2025(),
            REST,
            &[
                ("27 January 2025, ", plain(day(2025, 1, 27))),
                ("5 February, ", plain(day(2025, 2, 5))),
                ("January 27, 2025, ", plain(day(2025, 1, 27))),
            ],
        );
    }

    #[test]
    fn date_without_on_needs_a_comma() {
        not_opener("27 January 2025 was a Monday.", &in_2025());
    }

    #[test]
    fn date_after_on_needs_no_comma() {
        parses(
            "On 27 January 2025 DeepSeek",
            &nothing_before(),
            "On 27 January 2025 ",
            plain(day(2025, 1, 27)),
        );
    }

    #[test]
    fn iso_dates() {
        let d = plain(day(2025, 1, 27));
        all_parse(
            &nothing_before(),
            REST,
            &[("On 2025-01-27, ", d.clone()), ("2025-01-27: ", d)],
        );
    }

    #[test]
    fn month_and_year() {
        all_parse(
            &in_2025(),
            REST,
            &[
                ("In February 2025, ", plain(DatePoint::month(2025, 2))),
                ("In February, ", plain(DatePoint::month(2025, 2))),
                ("In 2025, ", plain(DatePoint::year(2025))),
            ],
        );
    }

    #[test]
    fn parts_of_months_and_years() {
        let feb = DatePoint::month(2025, 2);
        all_parse(
            &in_2025(),
            REST,
            &[
                ("In early February 2025, ", plain(part(feb, Period::Early))),
                ("In mid-February 2025, ", plain(part(feb, Period::Mid))),
                ("In mid February 2025,", plain(part(feb, Period::Mid))),
                (
                    "In late January, ",
                    plain(part(DatePoint::month(2025, 1), Period::Late)),
                ),
                (
                    "In early 2025,",
                    plain(part(DatePoint::year(2025), Period::Early)),
                ),
                (
                    "At the end of February 2025,",
                    plain(part(feb, Period::Late)),
                ),
                (
                    "At the beginning of March 2025,",
                    plain(part(DatePoint::month(2025, 3), Period::Early)),
                ),
            ],
        );
    }

    #[test]
    fn times_of_day() {
        let d = day(2025, 1, 27);
        all_parse(
            &nothing_before(),
            REST,
            &[
                (
                    "On the evening of 27 January 2025, ",
                    plain(at(d, TimeOfDay::Evening)),
                ),
                (
                    "On the night of 27 January 2025, ",
                    plain(at(d, TimeOfDay::Night)),
                ),
                (
                    "On the morning of 27 January 2025, ",
                    plain(at(d, TimeOfDay::Morning)),
                ),
                (
                    "In the early hours of 28 January 2025, ",
                    plain(at(day(2025, 1, 28), TimeOfDay::EarlyMorning)),
                ),
                (
                    "At midday on 21 February 2025, ",
                    plain(at(day(2025, 2, 21), TimeOfDay::Noon)),
                ),
                (
                    "At noon on 27 January 2025, ",
                    plain(at(d, TimeOfDay::Noon)),
                ),
            ],
        );
        parses(
            "On the afternoon of 26 February, DeepSeek",
            &in_2025(),
            "On the afternoon of 26 February, ",
            plain(at(day(2025, 2, 26), TimeOfDay::Afternoon)),
        );
    }

    #[test]
    fn clock_times() {
        let d = day(2025, 2, 6);
        let clock = |hour, minute| at(d, TimeOfDay::Clock { hour, minute });
        all_parse(
            &nothing_before(),
            REST,
            &[
                ("At 19:46 on 6 February 2025, ", plain(clock(19, 46))),
                ("At 7:46 pm on 6 February 2025, ", plain(clock(19, 46))),
                ("At 12:05 a.m. on 6 February 2025, ", plain(clock(0, 5))),
                ("On 6 February 2025 at 19:46, ", plain(clock(19, 46))),
                ("On 6 February 2025 at 7 pm, ", plain(clock(19, 0))),
                ("At 7 p.m. on 6 February 2025, ", plain(clock(19, 0))),
                (
                    "At 19:46 local time on 6 February 2025, ",
                    spec(clock(19, 46), None, &[Qualifier::LocalTime]),
                ),
            ],
        );
    }

    #[test]
    fn local_time() {
        let local = [Qualifier::LocalTime];
        all_parse(
            &nothing_before(),
            REST,
            &[
                (
                    "On 27 January 2025 local time, ",
                    spec(day(2025, 1, 27), None, &local),
                ),
                (
                    "On 27 January 2025 (local time), ",
                    spec(day(2025, 1, 27), None, &local),
                ),
                (
                    "On the evening of 27 January 2025, local time, ",
                    spec(at(day(2025, 1, 27), TimeOfDay::Evening), None, &local),
                ),
            ],
        );
    }

    #[test]
    fn as_of() {
        let as_of = [Qualifier::AsOf];
        all_parse(
            &in_2025(),
            REST,
            &[
                ("As of 9 February, ", spec(day(2025, 2, 9), None, &as_of)),
                (
                    "As of 16 March 2025, ",
                    spec(day(2025, 3, 16), None, &as_of),
                ),
                // A qualifier leads the date as clearly as `On` does.
                ("As of 9 February ", spec(day(2025, 2, 9), None, &as_of)),
            ],
        );
    }

    #[test]
    fn shortly_before() {
        parses(
            "Shortly before 16 February, DeepSeek",
            &in_2025(),
            "Shortly before 16 February, ",
            spec(day(2025, 2, 16), None, &[Qualifier::ShortlyBefore]),
        );
    }

    #[test]
    fn reported() {
        let reported = [Qualifier::Reported];
        parses(
            "On 6 February, it was reported that DeepSeek",
            &in_2025(),
            "On 6 February, ",
            spec(day(2025, 2, 6), None, &reported),
        );
        parses(
            "On 6 February, reports said that DeepSeek",
            &in_2025(),
            "On 6 February, ",
            spec(day(2025, 2, 6), None, &reported),
        );
        parses(
            "Reported on 6 February 2025, DeepSeek",
            &in_2025(),
            "Reported on 6 February 2025, ",
            spec(day(2025, 2, 6), None, &reported),
        );
    }

    #[test]
    fn same_day() {
        let previous = at(
            day(2025, 2, 6),
            TimeOfDay::Clock {
                hour: 19,
                minute: 46,
            },
        );
        let same_day = spec(day(2025, 2, 6), None, &[Qualifier::Relative]);
        all_parse(
            &after(previous),
            REST,
            &[
                ("On the same day, ", same_day.clone()),
                ("The same day, ", same_day.clone()),
                ("That same day, ", same_day.clone()),
                ("That day, ", same_day.clone()),
                ("Later that day, ", same_day.clone()),
                ("The same day ", same_day),
            ],
        );
    }

    #[test]
    fn same_month() {
        let same_month = spec(DatePoint::month(2025, 2), None, &[Qualifier::Relative]);
        all_parse(
            &after(day(2025, 2, 6)),
            REST,
            &[
                ("That month, ", same_month.clone()),
                ("The same month, ", same_month.clone()),
                ("In the same month, ", same_month.clone()),
                ("Later that month, ", same_month),
            ],
        );
    }

    #[test]
    fn next_day() {
        let next = spec(day(2025, 3, 1), None, &[Qualifier::Relative]);
        all_parse(
            &after(day(2025, 2, 28)),
            REST,
            &[
                ("The next day, ", next.clone()),
                ("The following day, ", next.clone()),
                ("On the following day, ", next),
            ],
        );
    }

    #[test]
    fn same_year() {
        let relative = [Qualifier::Relative];
        let same_year = spec(DatePoint::year(2025), None, &relative);
        all_parse(
            &after(day(2025, 2, 6)),
            REST,
            &[
                ("In the same year, ", same_year.clone()),
                ("Later that year, ", same_year),
                (
                    "In May of the same year, ",
                    spec(DatePoint::month(2025, 5), None, &relative),
                ),
                (
                    "On 5 May that year, ",
                    spec(day(2025, 5, 5), None, &relative),
                ),
            ],
        );
    }

    #[test]
    fn relative_with_time_and_report() {
        let previous = day(2025, 2, 6);
        parses(
            "On the afternoon of the same day, DeepSeek",
            &after(previous),
            "On the afternoon of the same day, ",
            spec(
                at(previous, TimeOfDay::Afternoon),
                None,
                &[Qualifier::Relative],
            ),
        );
        parses(
            "On the same day, it was reported that DeepSeek",
            &after(previous),
            "On the same day, ",
            spec(previous, None, &[Qualifier::Reported, Qualifier::Relative]),
        );
    }

    #[test]
    fn range_from_day_to_month() {
        let expected = spec(day(2024, 1, 5), Some(DatePoint::month(2024, 6)), &[]);
        all_parse(
            &in_2025(),
            REST,
            &[
                ("From 5 January to June 2024, ", expected.clone()),
                ("Between 5 January and June 2024,", expected),
            ],
        );
    }

    #[test]
    fn range_end_takes_the_start_year() {
        parses(
            "From 5 January 2024 to June, ",
            &in_2025(),
            "From 5 January 2024 to June, ",
            spec(day(2024, 1, 5), Some(DatePoint::month(2024, 6)), &[]),
        );
    }

    #[test]
    fn range_with_times() {
        parses(
            "From the evening of 27 January to the early hours of 28 January 2025, DeepSeek",
            &nothing_before(),
            "From the evening of 27 January to the early hours of 28 January 2025, ",
            spec(
                at(day(2025, 1, 27), TimeOfDay::Evening),
                Some(at(day(2025, 1, 28), TimeOfDay::EarlyMorning)),
                &[],
            ),
        );
    }

    #[test]
    fn range_of_days() {
        let expected = spec(day(2025, 1, 27), Some(day(2025, 1, 28)), &[]);
        all_parse(
            &nothing_before(),
            REST,
            &[
                ("From 27 to 28 January 2025,", expected.clone()),
                ("27–28 January 2025,", expected.clone()),
                ("On 27-28 January 2025, ", expected),
            ],
        );
    }

    #[test]
    fn range_needs_an_end() {
        not_opener("From 5 January, the app", &in_2025());
        not_opener("Between 5 January, the app", &in_2025());
        not_opener("2-3 times, the app", &in_2025());
    }

    #[test]
    fn range_ending_before_it_starts() {
        let error = fails("From June to 5 January 2024, ", &in_2025());
        assert!(
            matches!(error, DateError::EndBeforeStart { .. }),
            "{error:?}"
        );
        assert_eq!(
            error.span(),
            ("From ".len(), "June to 5 January 2024".len())
        );
    }

    #[test]
    fn weekday_before_the_date() {
        parses(
            "On Monday, 27 January 2025, DeepSeek",
            &nothing_before(),
            "On Monday, 27 January 2025, ",
            plain(day(2025, 1, 27)),
        );
    }

    #[test]
    fn not_openers() {
        let ctx = after(day(2025, 2, 6));
        for text in [
            "On Monday, the app",
            "In the same period, the app",
            "In 2025 terms, the app",
            "2.3 million users",
            "360 Group said",
            "Two days later, the app",
            "In a statement, the company",
            "May Day celebrations",
            "March Madness",
            "In May the company",
            "Meanwhile, the app",
            "On 5 February onwards, the app",
            "In 2025's first quarter",
            "That day's events",
            "Later, the app",
            "The same period",
            "At 7 on 5 February, ",
        ] {
            not_opener(text, &ctx);
        }
    }

    #[test]
    fn impossible_day() {
        let error = fails("On 30 February 2025, ", &nothing_before());
        assert_eq!(
            error,
            DateError::Impossible {
                offset: "On ".len(),
                len: "30 February 2025".len(),
                source: InvalidDate::Day {
                    year: 2025,
                    month: 2,
                    day: 30
                },
            }
        );
        let error = fails("2025-13-01: ", &nothing_before());
        assert!(matches!(
            error,
            DateError::Impossible {
                source: InvalidDate::Month(13),
                ..
            }
        ));
    }

    /// A full date whose year is not four digits is reported at the year:
    /// `On 1 January 10000,` was read as 1 January of the year before it,
    /// leaving `10000,` in the text.
    #[test]
    fn a_full_date_with_a_year_of_other_than_four_digits_is_an_error() {
        for (text, year) in [
            ("On 1 January 10000, ", "10000"),
            ("On January 1, 10000, ", "10000"),
            ("On 1 January 99, ", "99"),
            ("In May 999, ", "999"),
            ("In 10000, ", "10000"),
            ("In 999, ", "999"),
            ("In early 10000, ", "10000"),
            ("In Q1 10000, ", "10000"),
            ("On 1 January 0000, ", "0000"),
            ("On 1 January 0000 the", "0000"),
            ("From 1 January to 5 March 10000, ", "10000"),
        ] {
            for ctx in [nothing_before(), in_2025()] {
                let error = fails(text, &ctx);
                let offset = text.rfind(year).unwrap_or_default();
                assert_eq!(
                    error,
                    DateError::Year {
                        offset,
                        len: year.len(),
                        text: year.into(),
                    },
                    "`{text}`"
                );
            }
        }
    }

    /// A number no year is written with, not followed by the clause's
    /// comma, or with no `On`/`In` before it, is a count, not a year.
    #[test]
    fn numbers_that_are_not_years_stay_in_the_text() {
        parses(
            "On 1 January 10000 people marched",
            &in_2025(),
            "On 1 January ",
            plain(day(2025, 1, 1)),
        );
        parses(
            "On 1 January, 500 employees left",
            &in_2025(),
            "On 1 January, ",
            plain(day(2025, 1, 1)),
        );
        for text in [
            "In 10000 tests, the app",
            "In 10,000 cases, the app",
            "10000, 20000 and 30000 units",
            "In 999 BC, the",
        ] {
            not_opener(text, &in_2025());
        }
    }

    #[test]
    fn no_year() {
        let error = fails("On 5 February, ", &nothing_before());
        assert_eq!(
            error,
            DateError::NoYear {
                offset: "On ".len(),
                len: "5 February".len(),
                text: "5 February".into(),
            }
        );
    }

    #[test]
    fn no_previous() {
        let error = fails("On the same day, ", &in_2025());
        assert_eq!(
            error,
            DateError::NoPrevious {
                offset: "On ".len(),
                len: "the same day".len(),
                text: "the same day".into(),
            }
        );
    }

    /// Every prefix and suffix of long mixed strings: neither parser panics.
    #[test]
    fn never_panics() {
        let texts = [
            "From the evening of 27 January to the early hours of 28 January 2025, local time, it was reported that 2月11消息，",
            "At 7:46 p.m. (local time) on Monday, Sept. 30th, 2025-02-30: As of 同日下午 Shortly before the same day – 27–28 Jan",
            "On 2025-01-27T12, 99:99 on 99 Smarch 99999, Between ２０２５ and 🎉, mid-, the end of ’s In May of that year",
        ];
        let contexts = [nothing_before(), in_2025(), after(day(2025, 2, 6))];
        for text in texts {
            for (cut, _) in text.char_indices() {
                for piece in [&text[cut..], &text[..cut]] {
                    for ctx in &contexts {
                        if let Some(Ok(parsed)) = parse_opener(piece, ctx) {
                            assert!(piece.is_char_boundary(parsed.len), "`{piece}`");
                        }
                        let _ =
                            crate::load::dates::parse_opener(crate::model::Lang::Zh, piece, ctx);
                    }
                }
            }
        }
    }

    #[test]
    fn very_long_input_is_fine() {
        let spaces = format!("On{}27 January 2025,", " ".repeat(200_000));
        not_opener(&spaces, &nothing_before());
        let long = format!("On 27 January 2025, {}", "word ".repeat(100_000));
        parses(
            &long,
            &nothing_before(),
            "On 27 January 2025, ",
            plain(day(2025, 1, 27)),
        );
    }
}
