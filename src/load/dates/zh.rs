//! Chinese date expressions: `2025年1月27日晚`, `2月上旬`, `截至2月9日`,
//! `当地时间…`, `同日下午`, `2月6日消息`, `2024年1月5日至6月`.
//!
//! The grammar, from largest unit down: an optional prefix (`截至`,
//! `…当地时间`), a point (`年` → `月` → `日` → time of day) or a relative word
//! (`同年` / `同月` / `同日` / `次日`) that continues at its level, an optional
//! range end after `至`/`到`/dashes, then trailing words (`消息`, `不久前`)
//! and one connecting comma.

use super::{
    clock_in, digit_value, finish, Cursor, DateContext, DateError, DateWarning, Found, ParsedDate,
    Relation, Written,
};
use crate::model::{Lang, Period, Qualifier, TimeOfDay};

pub fn parse_opener(text: &str, ctx: &DateContext) -> Option<Result<ParsedDate, DateError>> {
    let mut parser = Parser {
        cur: Cursor::new(text),
        qualifiers: Vec::new(),
        warnings: Vec::new(),
    };
    let found = parser.opener()?;
    Some(finish(found, ctx, text, Lang::Zh))
}

const AS_OF: &[&str] = &["截至", "截止到", "截止"];
const LOCAL_TIME: &[&str] = &["当地时间", "當地時間"];
/// A place name before `当地时间` (`美国当地时间`) is at most this long.
const MAX_PLACE_CHARS: usize = 4;

const SAME_DAY: &[&str] = &["同日", "同天", "当日", "當日", "当天", "當天"];
const SAME_MONTH: &[&str] = &["同月", "当月", "當月"];
const SAME_YEAR: &[&str] = &["同年", "当年", "當年"];
const NEXT_DAY: &[&str] = &["次日", "翌日", "第二天"];

const RANGE_SEPARATORS: &[&str] = &["至", "到", "——", "—", "–", "-", "~", "～"];
const CONNECTORS: &[&str] = &["，", ",", "、"];
const REPORTED: &[&str] = &["消息", "讯"];
const SHORTLY_BEFORE: &[&str] = &["的不久前", "不久前", "前不久"];
/// `2月5日当天`: the day itself, said again.
const SAME_DAY_FILLER: &[&str] = &["当天", "当日", "當天", "當日"];

/// Words after a date that make it modify something else (`2025年的收入`,
/// `2月5日以来`, `2月5日起`) rather than open a clause.
const NOT_OPENER_FOLLOWERS: &[&str] = &[
    "的", "以来", "以來", "以后", "以後", "之后", "之後", "后", "後", "以前", "之前", "前", "起",
    "至今", "到今",
];

/// `初` after a year or month is a period (`2月初`) unless it starts a word
/// (`初步`, `初次`, `初版`).
const NOT_EARLY_AFTER_CHU: &[char] = &[
    '步', '次', '创', '中', '版', '代', '衷', '心', '始', '级', '赛', '稿', '选', '审',
];

const NAMED_TIMES: &[(&str, TimeOfDay)] = &[
    ("凌晨", TimeOfDay::EarlyMorning),
    ("清晨", TimeOfDay::Morning),
    ("早晨", TimeOfDay::Morning),
    ("早上", TimeOfDay::Morning),
    ("早间", TimeOfDay::Morning),
    ("上午", TimeOfDay::Morning),
    ("中午", TimeOfDay::Noon),
    ("午间", TimeOfDay::Noon),
    ("午后", TimeOfDay::Afternoon),
    ("下午", TimeOfDay::Afternoon),
    ("傍晚", TimeOfDay::Evening),
    ("晚间", TimeOfDay::Evening),
    ("晚上", TimeOfDay::Evening),
    ("夜晚", TimeOfDay::Evening),
    ("夜间", TimeOfDay::Night),
    ("夜里", TimeOfDay::Night),
    ("深夜", TimeOfDay::Night),
];

struct Parser<'a> {
    cur: Cursor<'a>,
    qualifiers: Vec<Qualifier>,
    warnings: Vec<DateWarning>,
}

impl Parser<'_> {
    fn opener(&mut self) -> Option<Found> {
        self.prefixes();
        let start = self.relative().or_else(|| self.point())?;
        let end = self.range_end(&start);
        self.trailing_words();
        if self.starts_with_any(NOT_OPENER_FOLLOWERS) {
            return None;
        }
        if self.is_loose(&start) && end.is_none() && !self.at_clause_boundary() {
            return None;
        }
        self.connector();
        Some(Found {
            start,
            end,
            qualifiers: std::mem::take(&mut self.qualifiers),
            len: self.cur.pos,
            warnings: std::mem::take(&mut self.warnings),
        })
    }

    // --- prefixes -------------------------------------------------------

    /// `截至`, `当地时间` and `美国当地时间`, in either order. Whether a date
    /// follows is checked by the caller: without one there is no opener.
    fn prefixes(&mut self) {
        for _ in 0..2 {
            if self.cur.eat_any(AS_OF).is_some() {
                self.qualifiers.push(Qualifier::AsOf);
            } else if self.local_time_prefix() {
                self.qualifiers.push(Qualifier::LocalTime);
            } else {
                break;
            }
            self.cur.skip_spaces();
        }
    }

    fn local_time_prefix(&mut self) -> bool {
        let saved = self.cur;
        for _ in 0..=MAX_PLACE_CHARS {
            if self.cur.eat_any(LOCAL_TIME).is_some() {
                return true;
            }
            if self.cur.eat_char(is_han).is_none() {
                break;
            }
        }
        self.cur = saved;
        false
    }

    // --- the date itself ----------------------------------------------

    /// `同日下午`, `同月`, `同年5月`, `次日凌晨`: the relative word stands for
    /// the units down to its own, and the written units below it follow.
    fn relative(&mut self) -> Option<Written> {
        let mut written = Written::at(self.cur.pos);
        let relation = if self.cur.eat_any(SAME_DAY).is_some() {
            Relation::SameDay
        } else if self.cur.eat_any(SAME_MONTH).is_some() {
            Relation::SameMonth
        } else if self.cur.eat_any(SAME_YEAR).is_some() {
            Relation::SameYear
        } else if self.cur.eat_any(NEXT_DAY).is_some() {
            Relation::NextDay
        } else {
            return None;
        };
        written.relation = Some(relation);
        match relation {
            Relation::SameYear => self.after_year(&mut written),
            Relation::SameMonth => self.after_month(&mut written),
            Relation::SameDay | Relation::NextDay => self.after_day(&mut written),
        }
        written.end = self.cur.pos;
        Some(written)
    }

    /// `2025年1月27日晚`, `2025年初`, `2月`, `18日`: a point starting at its
    /// largest written unit.
    fn point(&mut self) -> Option<Written> {
        let mut written = Written::at(self.cur.pos);
        if let Some(year) = self.year() {
            written.year = Some(year);
            self.after_year(&mut written);
        } else if let Some(month) = self.month() {
            written.month = Some(month);
            self.after_month(&mut written);
        } else if let Some(day) = self.day(false) {
            written.day = Some(day);
            self.after_day(&mut written);
        } else {
            return None;
        }
        written.end = self.cur.pos;
        Some(written)
    }

    fn after_year(&mut self, written: &mut Written) {
        if let Some(period) = self.year_period() {
            written.period = Some(period);
        } else if let Some(month) = self.spaced(Self::month) {
            written.month = Some(month);
            self.after_month(written);
        }
    }

    fn after_month(&mut self, written: &mut Written) {
        if let Some(period) = self.month_period() {
            written.period = Some(period);
        } else if let Some(day) = self.spaced(|p| p.day(true)) {
            written.day = Some(day);
            self.after_day(written);
        }
    }

    fn after_day(&mut self, written: &mut Written) {
        written.time = self.spaced(Self::time_of_day);
    }

    /// Runs `part` after optional spaces, leaving the spaces alone if it
    /// finds nothing (they then belong to whatever follows the date).
    fn spaced<T>(&mut self, part: impl FnOnce(&mut Self) -> Option<T>) -> Option<T> {
        let saved = self.cur;
        self.cur.skip_spaces();
        let found = part(self);
        if found.is_none() {
            self.cur = saved;
        }
        found
    }

    /// `2025年`, `２０２５年`, `二〇二五年`, but not `2025年度` or `1990年代`.
    fn year(&mut self) -> Option<i64> {
        let saved = self.cur;
        let year = self.four_digit_year();
        self.cur.skip_spaces();
        let is_year = year.is_some() && self.cur.eat("年") && !self.starts_with_any(&["度", "代"]);
        if !is_year {
            self.cur = saved;
            return None;
        }
        year.map(i64::from)
    }

    fn four_digit_year(&mut self) -> Option<u32> {
        if let Some(number) = self.cur.number(4) {
            return (number.digits == 4).then_some(number.value);
        }
        let mut value = 0;
        for _ in 0..4 {
            value = value * 10 + self.cur.peek().and_then(han_digit)?;
            self.cur.bump();
        }
        // A fifth numeral means this is no year.
        match self.cur.peek().and_then(han_digit) {
            Some(_) => None,
            None => Some(value),
        }
    }

    /// `2月`, `十二月`, `2月份`. A month number out of range is kept so that
    /// `13月` is reported as impossible rather than skipped.
    fn month(&mut self) -> Option<u32> {
        let saved = self.cur;
        let month = self.small_number();
        self.cur.skip_spaces();
        if month.is_none() || !self.cur.eat("月") {
            self.cur = saved;
            return None;
        }
        self.cur.eat("份");
        month
    }

    /// `5日`, `二十日`, or after a month also `5号`, and `11` directly before
    /// `消息` (the article's `2月11消息`), which is read with a warning.
    fn day(&mut self, after_month: bool) -> Option<u32> {
        let saved = self.cur;
        let day = self.small_number();
        let digits_end = self.cur.pos;
        self.cur.skip_spaces();
        let Some(day) = day else {
            self.cur = saved;
            return None;
        };
        if self.cur.eat("日") || (after_month && self.cur.eat("号")) {
            return Some(day);
        }
        if after_month && self.starts_with_any(REPORTED) {
            self.cur.pos = digits_end;
            self.warnings.push(DateWarning {
                offset: saved.pos,
                len: digits_end - saved.pos,
                message: format!(
                    "`日` is missing after the day `{}`; read as {day}日",
                    &self.cur.text[saved.pos..digits_end]
                ),
            });
            return Some(day);
        }
        self.cur = saved;
        None
    }

    /// A month or day number: 1–2 digits, or Chinese numerals up to 三十九.
    fn small_number(&mut self) -> Option<u32> {
        match self.cur.number(2) {
            Some(number) => Some(number.value),
            None => self.han_small_number(),
        }
    }

    /// `五`, `十`, `十五`, `二十`, `三十一`, `廿三`.
    fn han_small_number(&mut self) -> Option<u32> {
        let saved = self.cur;
        let tens = match self.cur.peek() {
            Some('十') => Some(1),
            Some('廿') => Some(2),
            Some('卅') => Some(3),
            _ => None,
        };
        let value = if let Some(tens) = tens {
            self.cur.bump();
            tens * 10 + self.han_unit().unwrap_or(0)
        } else {
            let first = self.han_unit()?;
            if self.cur.eat("十") {
                first * 10 + self.han_unit().unwrap_or(0)
            } else {
                first
            }
        };
        // `一二三` or `十十` is no month or day.
        if self
            .cur
            .peek()
            .is_some_and(|c| han_digit(c).is_some() || c == '十')
        {
            self.cur = saved;
            return None;
        }
        Some(value)
    }

    /// A Chinese numeral from 一 to 九.
    fn han_unit(&mut self) -> Option<u32> {
        let value = self.cur.peek().and_then(han_digit).filter(|&v| v > 0)?;
        self.cur.bump();
        Some(value)
    }

    /// `初` (early), `底`/`末` (late) directly after `年`.
    fn year_period(&mut self) -> Option<Period> {
        self.early_or_late()
    }

    /// `上旬`/`中旬`/`下旬`, `初`, `底`/`末` directly after `月`.
    fn month_period(&mut self) -> Option<Period> {
        match self.cur.eat_any(&["上旬", "中旬", "下旬"]) {
            Some("上旬") => Some(Period::Early),
            Some("中旬") => Some(Period::Mid),
            Some(_) => Some(Period::Late),
            None => self.early_or_late(),
        }
    }

    fn early_or_late(&mut self) -> Option<Period> {
        let saved = self.cur;
        match self.cur.bump() {
            Some('底' | '末') => Some(Period::Late),
            Some('初')
                if !self
                    .cur
                    .peek()
                    .is_some_and(|c| NOT_EARLY_AFTER_CHU.contains(&c)) =>
            {
                Some(Period::Early)
            }
            _ => {
                self.cur = saved;
                None
            }
        }
    }

    /// `晚`, `凌晨`, `下午`, a clock time (`19时46分`, `20点`), or both
    /// (`晚上8点` is 20:00).
    fn time_of_day(&mut self) -> Option<TimeOfDay> {
        let named = self.named_time();
        let clock = self.spaced(|p| p.clock(named));
        clock.or(named)
    }

    fn named_time(&mut self) -> Option<TimeOfDay> {
        if let Some(&(_, time)) = NAMED_TIMES.iter().find(|(word, _)| self.cur.eat(word)) {
            return Some(time);
        }
        // A lone `晚` is evening, but `晚些时候` is "later".
        let saved = self.cur;
        if self.cur.eat("晚") && !self.cur.rest().starts_with('些') {
            return Some(TimeOfDay::Evening);
        }
        self.cur = saved;
        None
    }

    /// `20点55分`, `21点05分`, `19时46分`, `20时`, `8点半`, `20:55`, with an
    /// optional `许`/`左右` (about). The hour is kept even when out of range
    /// so that validation reports it.
    fn clock(&mut self, named: Option<TimeOfDay>) -> Option<TimeOfDay> {
        let saved = self.cur;
        let Some(hour) = self.cur.number(2) else {
            self.cur = saved;
            return None;
        };
        let minute = if self.cur.eat_any(&["点", "时", "點", "時"]).is_some() {
            self.clock_minutes()
        } else if self.cur.eat_any(&[":", "："]).is_some() {
            match self.cur.number(2) {
                Some(m) if m.digits == 2 => m.value,
                _ => {
                    self.cur = saved;
                    return None;
                }
            }
        } else {
            self.cur = saved;
            return None;
        };
        self.cur.eat_any(&["许", "左右"]);
        Some(TimeOfDay::Clock {
            hour: clock_in(named, hour.value as u8),
            minute: minute as u8,
        })
    }

    /// The part after `点`/`时`: `55分`, `5分`, `半`, or nothing (on the hour).
    fn clock_minutes(&mut self) -> u32 {
        if self.cur.eat("半") {
            return 30;
        }
        let saved = self.cur;
        match self.cur.number(2) {
            Some(minute) if self.cur.eat("分") => minute.value,
            _ => {
                self.cur = saved;
                0
            }
        }
    }

    // --- after the date -----------------------------------------------

    /// `至6月`, `至1月28日凌晨`, `至次日凌晨`, `至8日`, `至22时`. Without a date
    /// after it the separator is not part of the date (`2月5日到访`).
    fn range_end(&mut self, start: &Written) -> Option<Written> {
        let saved = self.cur;
        self.cur.skip_spaces();
        if self.cur.eat_any(RANGE_SEPARATORS).is_none() {
            self.cur = saved;
            return None;
        }
        self.cur.skip_spaces();
        let end = self
            .relative()
            .or_else(|| self.point())
            .or_else(|| self.time_only_end(start));
        if end.is_none() {
            self.cur = saved;
        }
        end
    }

    /// `20时至22时`: an end that is only a time, on the start's day.
    fn time_only_end(&mut self, start: &Written) -> Option<Written> {
        if start.day.is_none() && start.relation.is_none() {
            return None;
        }
        let mut written = Written::at(self.cur.pos);
        written.time = Some(self.clock(None)?);
        written.end = self.cur.pos;
        Some(written)
    }

    /// `（当地时间）`, `当天`, `的不久前`/`不久前`, `消息`, and `为止` after
    /// `截至`, in the order they are written.
    fn trailing_words(&mut self) {
        let saved = self.cur;
        self.cur.skip_spaces();
        if self.cur.eat_any(&["（当地时间）", "(当地时间)"]).is_some() {
            self.qualifiers.push(Qualifier::LocalTime);
        } else {
            self.cur = saved;
        }
        self.cur.eat_any(SAME_DAY_FILLER);
        if self.cur.eat_any(SHORTLY_BEFORE).is_some() {
            self.qualifiers.push(Qualifier::ShortlyBefore);
        }
        if self.cur.eat_any(REPORTED).is_some() {
            self.qualifiers.push(Qualifier::Reported);
        }
        if self.qualifiers.contains(&Qualifier::AsOf) {
            self.cur.eat("为止");
        }
    }

    /// A lone month (`2月`, `七月`) or a day in Chinese numerals only
    /// (`二十日`) opens a clause only before a comma: `七月流火`, `十月革命`,
    /// `一日千里` are not dates.
    fn is_loose(&self, start: &Written) -> bool {
        let written_text = self
            .cur
            .text
            .get(start.start..start.end)
            .unwrap_or_default();
        let only_numerals = !written_text.chars().any(|c| digit_value(c).is_some());
        let lone_month = start.is_lone_month_or_year() && start.month.is_some();
        let lone_day = start.relation.is_none()
            && start.year.is_none()
            && start.month.is_none()
            && start.time.is_none();
        lone_month || (lone_day && only_numerals)
    }

    fn at_clause_boundary(&self) -> bool {
        let mut cur = self.cur;
        cur.skip_spaces();
        cur.at_end()
            || self.qualifiers.contains(&Qualifier::Reported)
            || self.qualifiers.contains(&Qualifier::ShortlyBefore)
            || CONNECTORS.iter().any(|c| cur.rest().starts_with(c))
    }

    /// One connecting comma and the spaces around it.
    fn connector(&mut self) {
        let saved = self.cur;
        self.cur.skip_spaces();
        if self.cur.eat_any(CONNECTORS).is_some() {
            self.cur.skip_spaces();
        } else {
            self.cur = saved;
        }
    }

    fn starts_with_any(&self, words: &[&str]) -> bool {
        words.iter().any(|w| self.cur.rest().starts_with(w))
    }
}

fn han_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' | '○' | 'Ｏ' => 0,
        '一' => 1,
        '二' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// A CJK ideograph, as in a place name before `当地时间`.
fn is_han(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{f900}'..='\u{faff}')
}
