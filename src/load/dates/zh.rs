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

/// Relative words, by the unit they count in and how many of it from the
/// previous entry's date (longer words before their prefixes).
const RELATIVE_WORDS: &[(&str, Relation)] = &[
    ("同日", Relation::Days(0)),
    ("同天", Relation::Days(0)),
    ("当日", Relation::Days(0)),
    ("當日", Relation::Days(0)),
    ("当天", Relation::Days(0)),
    ("當天", Relation::Days(0)),
    ("次日", Relation::Days(1)),
    ("翌日", Relation::Days(1)),
    ("第二天", Relation::Days(1)),
    ("前一天", Relation::Days(-1)),
    ("前一日", Relation::Days(-1)),
    ("同月", Relation::Months(0)),
    ("当月", Relation::Months(0)),
    ("當月", Relation::Months(0)),
    ("本月", Relation::Months(0)),
    ("次月", Relation::Months(1)),
    ("翌月", Relation::Months(1)),
    ("下个月", Relation::Months(1)),
    ("下個月", Relation::Months(1)),
    ("下月", Relation::Months(1)),
    ("上个月", Relation::Months(-1)),
    ("上個月", Relation::Months(-1)),
    ("上月", Relation::Months(-1)),
    ("同年", Relation::Years(0)),
    ("当年", Relation::Years(0)),
    ("當年", Relation::Years(0)),
    ("该年", Relation::Years(0)),
    ("該年", Relation::Years(0)),
    ("是年", Relation::Years(0)),
    ("今年", Relation::Years(0)),
    ("次年", Relation::Years(1)),
    ("翌年", Relation::Years(1)),
    ("明年", Relation::Years(1)),
    ("第二年", Relation::Years(1)),
    ("去年", Relation::Years(-1)),
    ("前年", Relation::Years(-2)),
];

const BEIJING_TIME: &[&str] = &["北京时间", "北京時間"];
const US_EASTERN_TIME: &[&str] = &[
    "美国东部时间",
    "美国东岸时间",
    "美國東部時間",
    "美國東岸時間",
    "美东时间",
    "美東時間",
];
/// Words before a date that leave it as it is (`于2019年`, `从2017年7月`,
/// `早在2005年`: as early as, `直到2011年`: not until, `公元2000年`).
const PLAIN_PREFIXES: &[&str] = &[
    "早在", "直到", "直至", "公元", "在", "于", "於", "自", "从", "從", "到", "至",
];
/// `2月5日起，`, `2017年以来，`, `2017年至今，`, `2016年3月起至今，`,
/// `2010年后，`: from the date on (`后`, after it, is read as from it: the
/// nearest the model says). Only before a comma: `2月5日起实施` is a date
/// inside a clause. Longer words before their prefixes.
const SINCE: &[&str] = &[
    "以来",
    "以來",
    "开始",
    "開始",
    "起至今",
    "起迄今",
    "起",
    "至今",
    "迄今",
    "以后",
    "以後",
    "之后",
    "之後",
    "后",
    "後",
];
const APPROXIMATE: &[&str] = &["前后", "前後", "左右"];
const DURING: &[&str] = &["期间", "期間"];
/// `2015年12月18日 - …`: a dash after a space ends the date like a comma.
const DASH_CONNECTORS: &[&str] = &["——", "—", "–", "-"];

/// Parts of a year written after `年` (longer words before their prefixes).
const YEAR_PERIODS: &[(&str, Period)] = &[
    ("上半年", Period::FirstHalf),
    ("下半年", Period::SecondHalf),
    ("第一季度", Period::Quarter(1)),
    ("第二季度", Period::Quarter(2)),
    ("第三季度", Period::Quarter(3)),
    ("第四季度", Period::Quarter(4)),
    ("第1季度", Period::Quarter(1)),
    ("第2季度", Period::Quarter(2)),
    ("第3季度", Period::Quarter(3)),
    ("第4季度", Period::Quarter(4)),
    ("一季度", Period::Quarter(1)),
    ("二季度", Period::Quarter(2)),
    ("三季度", Period::Quarter(3)),
    ("四季度", Period::Quarter(4)),
    ("Q1", Period::Quarter(1)),
    ("Q2", Period::Quarter(2)),
    ("Q3", Period::Quarter(3)),
    ("Q4", Period::Quarter(4)),
    ("H1", Period::FirstHalf),
    ("H2", Period::SecondHalf),
    ("春季", Period::Spring),
    ("春天", Period::Spring),
    ("夏季", Period::Summer),
    ("夏天", Period::Summer),
    ("秋季", Period::Autumn),
    ("秋天", Period::Autumn),
    ("冬季", Period::Winter),
    ("冬天", Period::Winter),
    ("年初", Period::Early),
    ("年中", Period::Mid),
    ("年底", Period::Late),
    ("年末", Period::Late),
    ("岁末", Period::Late),
    ("歲末", Period::Late),
];

/// A season in one character, read only before a comma.
const LONE_SEASONS: &[(&str, Period)] = &[
    ("春", Period::Spring),
    ("夏", Period::Summer),
    ("秋", Period::Autumn),
    ("冬", Period::Winter),
];

/// Words after a date that state more than the parser reads (`第五季度`,
/// `财年`, `春节`): the date is read coarser than written, which is said.
const UNREAD_TAILS: &[&str] = &[
    "季度", "财年", "財年", "财季", "財季", "半年", "年代", "世纪", "世紀", "春节", "春節",
];
/// How far after a date an unread tail is looked for, in characters.
const MAX_TAIL_CHARS: usize = 8;
/// How many characters may stand between the date and an unread tail word.
const MAX_TAIL_LEAD_CHARS: usize = 2;
/// `2019年4月的一天，`: words after `的` that leave the date as it is.
const SOME_DAY: &[&str] = &["的一天", "的某一天", "的某天", "的一日"];

const RANGE_SEPARATORS: &[&str] = &["至", "到", "——", "—", "–", "-", "~", "～"];
/// `7、8月`, `5、6日`: a list of two, read as a range only when the first
/// number's unit is written once, after the last.
const LIST_SEPARATOR: &str = "、";
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

/// How a year before `年` is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum YearForm {
    /// `2025`, `二〇二五`.
    Four,
    /// `98`, `零七`: its century is the one nearest the dates around it.
    Two,
    /// Any other number of digits, or a sign: no year annals can read.
    Unreadable,
}

struct Parser<'a> {
    cur: Cursor<'a>,
    qualifiers: Vec<Qualifier>,
    warnings: Vec<DateWarning>,
}

impl Parser<'_> {
    fn opener(&mut self) -> Option<Found> {
        self.prefixes();
        let mut start = self.relative().or_else(|| self.point())?;
        let end = self
            .first_quarters(&mut start)
            .or_else(|| self.range_end(&start));
        self.unread_tail(&start, end.as_ref());
        self.since_or_about();
        self.trailing_words();
        if self.starts_with_any(NOT_OPENER_FOLLOWERS) {
            return None;
        }
        if self.is_loose(&start) && end.is_none() && !self.at_clause_boundary() {
            return None;
        }
        // `截至当天收盘，`: a state of the event's own day, which continues it.
        let as_of_itself = start.relation.is_some() && self.qualifiers.contains(&Qualifier::AsOf);
        if as_of_itself && end.is_none() && !self.comma_follows() {
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
        let mut plain = false;
        for _ in 0..3 {
            if self.cur.eat_any(AS_OF).is_some() {
                self.qualifiers.push(Qualifier::AsOf);
            } else if let Some(zone) = self.time_zone() {
                self.qualifiers.push(zone);
            } else if !plain && self.cur.eat_any(PLAIN_PREFIXES).is_some() {
                plain = true;
            } else {
                break;
            }
            self.cur.skip_spaces();
        }
    }

    /// `北京时间`, `美国东部时间`, `当地时间` or `美国当地时间`.
    fn time_zone(&mut self) -> Option<Qualifier> {
        if self.cur.eat_any(BEIJING_TIME).is_some() {
            Some(Qualifier::BeijingTime)
        } else if self.cur.eat_any(US_EASTERN_TIME).is_some() {
            Some(Qualifier::UsEasternTime)
        } else {
            self.local_time_prefix().then_some(Qualifier::LocalTime)
        }
    }

    fn local_time_prefix(&mut self) -> bool {
        let saved = self.cur;
        for _ in 0..=MAX_PLACE_CHARS {
            if self.cur.eat_any(LOCAL_TIME).is_some() {
                return true;
            }
            if self.cur.eat_char(crate::text::is_cjk).is_none() {
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
        let Some(&(_, relation)) = RELATIVE_WORDS.iter().find(|(word, _)| self.cur.eat(word))
        else {
            return self.lone_period();
        };
        written.relation = Some(relation);
        match relation {
            Relation::Years(_) => self.after_year(&mut written),
            Relation::Months(_) => self.after_month(&mut written),
            Relation::Days(_) => self.after_day(&mut written),
        }
        written.end = self.cur.pos;
        Some(written)
    }

    /// `年底，`, `上半年，`, `月初，`: a part of the previous entry's year or
    /// month, like `同年年底`. Only before a comma: `年中无休` is no date.
    fn lone_period(&mut self) -> Option<Written> {
        let saved = self.cur;
        let mut written = Written::at(self.cur.pos);
        let found =
            if let Some(&(_, period)) = YEAR_PERIODS.iter().find(|(word, _)| self.cur.eat(word)) {
                Some((Relation::Years(0), period))
            } else {
                match self.cur.eat_any(&["月初", "月中", "月底", "月末"]) {
                    Some("月初") => Some((Relation::Months(0), Period::Early)),
                    Some("月中") => Some((Relation::Months(0), Period::Mid)),
                    Some(_) => Some((Relation::Months(0), Period::Late)),
                    None => None,
                }
            };
        match found {
            Some((relation, period)) if self.comma_follows() => {
                written.relation = Some(relation);
                written.period = Some(period);
                written.end = self.cur.pos;
                Some(written)
            }
            _ => {
                self.cur = saved;
                None
            }
        }
    }

    /// `2025年1月27日晚`, `2025年初`, `2月`, `18日`: a point starting at its
    /// largest written unit.
    fn point(&mut self) -> Option<Written> {
        let saved = self.cur;
        let mut written = Written::at(self.cur.pos);
        if let Some((year, period)) = self.decade() {
            written.year = Some(year);
            written.period = Some(period);
        } else if self.numeric(&mut written) {
            match written.day {
                Some(_) => self.after_day(&mut written),
                None => self.after_month(&mut written),
            }
        } else if let Some((year, form, digits_end)) = self.year() {
            written.year = Some(year);
            written.short_year = form == YearForm::Two;
            // `0000年` is four digits but no year (`00年` is 2000).
            if form == YearForm::Unreadable || (form == YearForm::Four && year == 0) {
                written.bad_year = Some((written.start, digits_end - written.start));
            }
            self.after_year(&mut written);
            // `98年` alone could be anything, and `10年`, `1年` and `10000年`
            // are as likely counts (`10年后，`, `成立1年`); `98年4月` and
            // `10000年1月1日` are dates.
            if form != YearForm::Four && written.month.is_none() && written.period.is_none() {
                self.cur = saved;
                return None;
            }
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

    /// `1990年代`, `90年代初`, `上世纪80年代`, `20世纪90年代末`: a decade,
    /// standing on its first year.
    fn decade(&mut self) -> Option<(i64, Period)> {
        let saved = self.cur;
        let century = if self
            .cur
            .eat_any(&["上世纪", "上世紀", "上个世纪", "上個世紀"])
            .is_some()
        {
            Some(1900)
        } else {
            let number = self
                .cur
                .number(2)
                .map(|n| n.value)
                .or_else(|| self.han_small_number());
            match number {
                Some(n) if n > 0 && self.cur.eat_any(&["世纪", "世紀"]).is_some() => {
                    Some(i64::from(n - 1) * 100)
                }
                _ => {
                    self.cur = saved;
                    None
                }
            }
        };
        let year = match self.cur.number(4) {
            Some(n) if n.digits == 4 && century.is_none() => i64::from(n.value),
            Some(n) if n.digits == 2 => {
                i64::from(n.value) + century.unwrap_or(if n.value >= 30 { 1900 } else { 2000 })
            }
            Some(_) => {
                self.cur = saved;
                return None;
            }
            None => {
                let n = self.han_small_number()?;
                i64::from(n) + century.unwrap_or(if n >= 30 { 1900 } else { 2000 })
            }
        };
        if year % 10 != 0 || !self.cur.eat("年代") {
            self.cur = saved;
            return None;
        }
        let period = match self
            .cur
            .eat_any(&["初期", "初", "中期", "末期", "末", "后期", "後期"])
        {
            Some("初期" | "初") => Period::EarlyDecade,
            Some("中期") => Period::MidDecade,
            Some(_) => Period::LateDecade,
            None => Period::Decade,
        };
        Some((year, period))
    }

    /// `2013-11-29`, `2013-9-25`, `2012-12`, `2019/04/19`, `2019.04.19`. A
    /// unit or digit after it (`2019.5亿`) makes it a number, not a date.
    fn numeric(&mut self, written: &mut Written) -> bool {
        let saved = self.cur;
        let parts = (|| {
            let year = self.cur.number(4).filter(|n| n.digits == 4)?;
            let separator = self.cur.eat_any(&["-", "/", "."])?;
            let month = self.cur.number(2)?;
            let day = match self.cur.eat(separator) {
                true => Some(self.cur.number(2)?.value),
                false if separator == "." || month.value > 12 => return None,
                false => None,
            };
            let followed = self.cur.peek().is_some_and(|c| {
                digit_value(c).is_some()
                    || "年月日号號亿万%.-/".contains(c)
                    || c.is_ascii_alphabetic()
            });
            (!followed).then_some((year.value, month.value, day))
        })();
        let Some((year, month, day)) = parts else {
            self.cur = saved;
            return false;
        };
        written.year = Some(year.into());
        written.month = Some(month);
        written.day = day;
        true
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
        written.time = self.spaced(Self::time_of_day).or_else(|| self.of_time());
    }

    /// `2月5日的晚上`: a time of day after `的`.
    fn of_time(&mut self) -> Option<TimeOfDay> {
        let saved = self.cur;
        let time = self.cur.eat("的").then(|| self.time_of_day()).flatten();
        if time.is_none() {
            self.cur = saved;
        }
        time
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

    /// `2025年`, `２０２５年`, `二〇二五年`, or with two digits (`98年`,
    /// `零七年`), or with digits no year is written with (`10000年`, `1年`,
    /// `-5年`), said by the form; and `2025年度，` (the year's business),
    /// but not `2025年度报告` or `1990年代`. Also where the year's digits end.
    fn year(&mut self) -> Option<(i64, YearForm, usize)> {
        let saved = self.cur;
        let year = self
            .four_digit_year()
            .map(|y| (i64::from(y), YearForm::Four))
            .or_else(|| {
                self.cur = saved;
                self.two_digit_year().map(|y| (i64::from(y), YearForm::Two))
            })
            .or_else(|| {
                self.cur = saved;
                self.unreadable_year().map(|y| (y, YearForm::Unreadable))
            });
        let digits_end = self.cur.pos;
        self.cur.skip_spaces();
        let is_year = year.is_some()
            && self.cur.eat("年")
            && (self.eat_before_comma("度") || !self.starts_with_any(&["度", "代"]));
        if !is_year {
            self.cur = saved;
            return None;
        }
        year.map(|(y, form)| (y, form, digits_end))
    }

    /// `10000`, `1`, `123`, `-5`, `-2025`: digits no year is written with,
    /// read so that a date with such a year is reported, not skipped.
    fn unreadable_year(&mut self) -> Option<i64> {
        let saved = self.cur;
        let negative = self.cur.eat_any(&["-", "−", "－"]).is_some();
        match self.cur.digit_run() {
            Some(n) if negative => Some(-i64::from(n.value)),
            Some(n) if n.digits != 2 && n.digits != 4 => Some(n.value.into()),
            _ => {
                self.cur = saved;
                None
            }
        }
    }

    /// `98`, `19`, `零七`: exactly two digits or two numerals.
    fn two_digit_year(&mut self) -> Option<u32> {
        let saved = self.cur;
        if let Some(number) = self.cur.number(2) {
            return (number.digits == 2).then_some(number.value);
        }
        let mut value = 0;
        for _ in 0..2 {
            let Some(d) = self.cur.peek().and_then(han_digit) else {
                self.cur = saved;
                return None;
            };
            value = value * 10 + d;
            self.cur.bump();
        }
        if self.cur.peek().and_then(han_digit).is_some() {
            self.cur = saved;
            return None;
        }
        Some(value)
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
        let digits_end = self.cur.pos;
        self.cur.skip_spaces();
        if month.is_some() && self.ranges_to(&["月"]) {
            // `2——4月`: the unit is written once, after the range's end.
            self.cur.pos = digits_end;
            return month;
        }
        if month.is_none() || !self.cur.eat("月") {
            self.cur = saved;
            return None;
        }
        self.cur.eat("份");
        month
    }

    /// Whether a range separator (or `、`) and a number with one of `units`
    /// come next (`-19日` after `4月12`, `——4月` after `2018年2`, `、8月`
    /// after `2013年7`).
    fn ranges_to(&self, units: &[&str]) -> bool {
        let mut ahead = Parser {
            cur: self.cur,
            qualifiers: Vec::new(),
            warnings: Vec::new(),
        };
        (ahead.cur.eat_any(RANGE_SEPARATORS).is_some() || ahead.cur.eat(LIST_SEPARATOR))
            && ahead.small_number().is_some()
            && ahead.cur.eat_any(units).is_some()
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
        if self.cur.eat("日") || (after_month && self.cur.eat_any(&["号", "號"]).is_some()) {
            return Some(day);
        }
        if after_month && self.ranges_to(&["日", "号", "號"]) {
            self.cur.pos = digits_end;
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

    /// `初` (early), `底`/`末` (late), `年底`, `上半年`, `第一季度`, `春季`
    /// directly after `年`.
    fn year_period(&mut self) -> Option<Period> {
        match YEAR_PERIODS.iter().find(|(word, _)| self.cur.eat(word)) {
            Some(&(_, period)) => Some(period),
            None => self.early_or_late().or_else(|| self.lone_season()),
        }
    }

    /// `2019年春，`: but `2019年春节` is a holiday and `2019年秋冬` two seasons.
    fn lone_season(&mut self) -> Option<Period> {
        LONE_SEASONS
            .iter()
            .find(|(word, _)| self.eat_before_comma(word))
            .map(|&(_, period)| period)
    }

    /// Eats `word` if a comma follows it; else leaves the cursor where it was.
    fn eat_before_comma(&mut self, word: &str) -> bool {
        let saved = self.cur;
        if self.cur.eat(word) && self.comma_follows() {
            return true;
        }
        self.cur = saved;
        false
    }

    /// `上旬`/`中旬`/`下旬`, `初`, `底`/`末`, and `中` before a comma,
    /// directly after `月`.
    fn month_period(&mut self) -> Option<Period> {
        match self.cur.eat_any(&["上旬", "中旬", "下旬"]) {
            Some("上旬") => Some(Period::Early),
            Some("中旬") => Some(Period::Mid),
            Some(_) => Some(Period::Late),
            None => self.early_or_late().or_else(|| self.mid_of_month()),
        }
    }

    /// `2月中，`: but `2月中国…` is February and a word.
    fn mid_of_month(&mut self) -> Option<Period> {
        self.eat_before_comma("中").then_some(Period::Mid)
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
        // `2013年7、8月`: a list whose unit is written once, after its last
        // number, is read as the span from its first to its last; written
        // with its unit (`2月5日、2月8日`) the first date is the clause's.
        let unit_deferred = self.cur.text[..self.cur.pos]
            .chars()
            .next_back()
            .is_some_and(|c| digit_value(c).is_some() || han_digit(c).is_some());
        self.cur.skip_spaces();
        if self.cur.eat_any(RANGE_SEPARATORS).is_none()
            && !(unit_deferred && self.cur.eat(LIST_SEPARATOR))
        {
            self.cur = saved;
            return None;
        }
        self.cur.skip_spaces();
        let end = self
            .relative()
            .or_else(|| self.point())
            .or_else(|| self.period_only_end(start))
            .or_else(|| self.time_only_end(start));
        if end.is_none() {
            self.cur = saved;
        }
        end
    }

    /// `2019年前三季度`: the year's first quarters, a range from Q1.
    fn first_quarters(&mut self, start: &mut Written) -> Option<Written> {
        let whole_year = start.month.is_none() && start.period.is_none() && start.day.is_none();
        let is_year = start.year.is_some() || matches!(start.relation, Some(Relation::Years(_)));
        if !whole_year || !is_year {
            return None;
        }
        let saved = self.cur;
        let last = match self.cur.eat_any(&[
            "前两个季度",
            "前兩個季度",
            "前两季度",
            "前二季度",
            "前三季度",
        ]) {
            Some("前三季度") => 3,
            Some(_) => 2,
            None => return None,
        };
        start.period = Some(Period::Quarter(1));
        let mut end = *start;
        end.relation = None;
        end.start = saved.pos;
        end.end = self.cur.pos;
        start.end = self.cur.pos;
        end.period = Some(Period::Quarter(last));
        // The end counts from the start's year, so it states none itself.
        end.year = None;
        end.short_year = false;
        Some(end)
    }

    /// `2月中旬至下旬`: an end that is only a part of the start's month.
    fn period_only_end(&mut self, start: &Written) -> Option<Written> {
        if start.period.is_none() || start.month.is_none() {
            return None;
        }
        let mut written = Written::at(self.cur.pos);
        written.period = Some(self.month_period()?);
        written.end = self.cur.pos;
        Some(written)
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

    /// `起`/`以来`/`至今` before a comma (since), `前后`/`左右` (about),
    /// `期间` (during) and `的一天` before a comma, which change nothing.
    fn since_or_about(&mut self) {
        let saved = self.cur;
        if self.cur.eat_any(SINCE).is_some() && self.comma_follows() {
            self.qualifiers.push(Qualifier::Since);
            return;
        }
        self.cur = saved;
        if self.cur.eat_any(APPROXIMATE).is_some() {
            self.qualifiers.push(Qualifier::Approximate);
        } else if self.cur.eat_any(SOME_DAY).is_none() || !self.comma_follows() {
            self.cur = saved;
            self.cur.eat_any(DURING);
        }
    }

    /// Warns when the words right after the date state more than was read
    /// (`2019年第五季度`: read as 2019年; `第五季度` not understood).
    fn unread_tail(&mut self, start: &Written, end: Option<&Written>) {
        let rest = self.cur.rest();
        let chunk_end = rest
            .char_indices()
            .take(MAX_TAIL_CHARS)
            .find(|&(_, c)| {
                !crate::text::is_cjk(c) && !c.is_ascii_alphanumeric() && digit_value(c).is_none()
            })
            .map_or_else(
                || {
                    rest.char_indices()
                        .nth(MAX_TAIL_CHARS)
                        .map_or(rest.len(), |(i, _)| i)
                },
                |(i, _)| i,
            );
        let chunk = &rest[..chunk_end];
        // Only right after the date, give or take a numeral (`第五季度`,
        // `前三季度`): `2019年公司上半年营收` reads its date in full.
        let Some(tail_end) = UNREAD_TAILS
            .iter()
            .filter_map(|t| chunk.find(t).map(|at| (at, at + t.len())))
            .filter(|&(at, _)| chunk[..at].chars().count() <= MAX_TAIL_LEAD_CHARS)
            .map(|(_, end)| end)
            .min()
        else {
            return;
        };
        let read = &self.cur.text[start.start..end.map_or(start.end, |e| e.end)];
        self.warnings.push(DateWarning {
            offset: start.start,
            len: self.cur.pos + tail_end - start.start,
            message: format!(
                "`{read}{}`: read as {read}; `{}` not understood",
                &chunk[..tail_end],
                &chunk[..tail_end]
            ),
        });
    }

    /// `（当地时间）`, `当天`, `的不久前`/`不久前`, `消息`, and `为止` after
    /// `截至`, in the order they are written.
    fn trailing_words(&mut self) {
        let saved = self.cur;
        self.cur.skip_spaces();
        let zone = self
            .cur
            .eat_any(&["（", "("])
            .and_then(|_| self.time_zone())
            .filter(|_| self.cur.eat_any(&["）", ")"]).is_some());
        match zone {
            Some(zone) => self.qualifiers.push(zone),
            None => self.cur = saved,
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
            || self.comma_follows()
    }

    /// A comma (or ` - `) comes next: the date is its clause's opener.
    fn comma_follows(&self) -> bool {
        let mut cur = self.cur;
        cur.skip_spaces();
        CONNECTORS.iter().any(|c| cur.rest().starts_with(c)) || self.spaced_dash_follows()
    }

    /// ` - ` after the date (`2015年12月18日 - …`).
    fn spaced_dash_follows(&self) -> bool {
        let mut cur = self.cur;
        cur.skip_spaces()
            && cur.eat_any(DASH_CONNECTORS).is_some()
            && cur.peek().is_none_or(super::is_space)
    }

    /// One connecting comma (or a dash between spaces) and the spaces around
    /// it, or just the spaces, so that the rest of the clause starts at its
    /// first word.
    fn connector(&mut self) {
        let dash = self.spaced_dash_follows();
        self.cur.skip_spaces();
        let connectors = if dash { DASH_CONNECTORS } else { CONNECTORS };
        if self.cur.eat_any(connectors).is_some() {
            self.cur.skip_spaces();
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

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use crate::model::{DatePoint, DateSpec, InvalidDate};

    /// Parses `text`, checks the whole spec, and that the opener is exactly
    /// `consumed` (a prefix of `text`).
    fn parses(text: &str, ctx: &DateContext, consumed: &str, expected: DateSpec) -> ParsedDate {
        let parsed = match parse_opener(text, ctx) {
            Some(Ok(parsed)) => parsed,
            other => panic!("`{text}`: expected a date, got {other:?}"),
        };
        assert_eq!(parsed.spec, expected, "`{text}`");
        assert_eq!(&text[..parsed.len], consumed, "`{text}`");
        parsed
    }

    fn no_warnings(parsed: ParsedDate) {
        assert_eq!(parsed.warnings, vec![]);
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

    #[test]
    fn full_date() {
        let parsed = parses(
            "2025年1月27日，受DeepSeek影响",
            &nothing_before(),
            "2025年1月27日，",
            plain(day(2025, 1, 27)),
        );
        no_warnings(parsed);
        parses(
            "2023年8月2日，公司",
            &nothing_before(),
            "2023年8月2日，",
            plain(day(2023, 8, 2)),
        );
    }

    #[test]
    fn month_and_day_take_the_anchor_year() {
        parses(
            "2月5日，发布",
            &in_2025(),
            "2月5日，",
            plain(day(2025, 2, 5)),
        );
    }

    #[test]
    fn year_and_month() {
        parses(
            "2025年2月，用户",
            &nothing_before(),
            "2025年2月，",
            plain(DatePoint::month(2025, 2)),
        );
    }

    #[test]
    fn year_alone() {
        parses(
            "2025年，公司",
            &nothing_before(),
            "2025年，",
            plain(DatePoint::year(2025)),
        );
    }

    #[test]
    fn month_alone_takes_the_anchor_year() {
        parses(
            "2月，用户",
            &in_2025(),
            "2月，",
            plain(DatePoint::month(2025, 2)),
        );
        parses(
            "4月，用户",
            &in_2025(),
            "4月，",
            plain(DatePoint::month(2025, 4)),
        );
        parses(
            "2月份，用户",
            &in_2025(),
            "2月份，",
            plain(DatePoint::month(2025, 2)),
        );
    }

    #[test]
    fn parts_of_a_month() {
        let feb = DatePoint::month(2025, 2);
        for (text, period) in [
            ("2025年2月上旬，据", Period::Early),
            ("2025年2月中旬，据", Period::Mid),
            ("2025年2月下旬，据", Period::Late),
        ] {
            let consumed = &text[..text.find('据').unwrap()];
            parses(text, &nothing_before(), consumed, plain(part(feb, period)));
        }
        let jan = DatePoint::month(2025, 1);
        parses(
            "1月下旬，",
            &in_2025(),
            "1月下旬，",
            plain(part(jan, Period::Late)),
        );
    }

    #[test]
    fn beginning_and_end_of_a_month() {
        let feb = DatePoint::month(2025, 2);
        parses(
            "2月初，",
            &in_2025(),
            "2月初，",
            plain(part(feb, Period::Early)),
        );
        parses(
            "2月底，",
            &in_2025(),
            "2月底，",
            plain(part(feb, Period::Late)),
        );
        parses(
            "2月末，",
            &in_2025(),
            "2月末，",
            plain(part(feb, Period::Late)),
        );
    }

    #[test]
    fn beginning_and_end_of_a_year() {
        let year = DatePoint::year(2025);
        parses(
            "2025年初，",
            &nothing_before(),
            "2025年初，",
            plain(part(year, Period::Early)),
        );
        parses(
            "2025年底，",
            &nothing_before(),
            "2025年底，",
            plain(part(year, Period::Late)),
        );
        parses(
            "2025年末，",
            &nothing_before(),
            "2025年末，",
            plain(part(year, Period::Late)),
        );
    }

    #[test]
    fn chu_starting_a_word_is_no_period() {
        // `初步` (preliminary) is a word: the date is the month alone, and a
        // lone month needs a comma to open a clause.
        not_opener("2月初步完成", &in_2025());
        parses(
            "2025年初步完成",
            &nothing_before(),
            "2025年",
            plain(DatePoint::year(2025)),
        );
    }

    #[test]
    fn named_times_of_day() {
        let d = day(2025, 1, 27);
        for (word, time) in [
            ("晚", TimeOfDay::Evening),
            ("晚间", TimeOfDay::Evening),
            ("晚上", TimeOfDay::Evening),
            ("傍晚", TimeOfDay::Evening),
            ("凌晨", TimeOfDay::EarlyMorning),
            ("午间", TimeOfDay::Noon),
            ("中午", TimeOfDay::Noon),
            ("下午", TimeOfDay::Afternoon),
            ("上午", TimeOfDay::Morning),
            ("早上", TimeOfDay::Morning),
            ("早间", TimeOfDay::Morning),
            ("夜间", TimeOfDay::Night),
            ("深夜", TimeOfDay::Night),
        ] {
            let consumed = format!("2025年1月27日{word}，");
            let text = format!("{consumed}DeepSeek");
            parses(&text, &nothing_before(), &consumed, plain(at(d, time)));
        }
    }

    #[test]
    fn later_that_day_is_not_evening() {
        parses(
            "1月27日晚些时候",
            &in_2025(),
            "1月27日",
            plain(day(2025, 1, 27)),
        );
    }

    #[test]
    fn clock_times() {
        let d = day(2025, 2, 6);
        for (time, expected) in [
            ("20点55分", clock(20, 55)),
            ("21点05分", clock(21, 5)),
            ("10点5分", clock(10, 5)),
            ("19时46分", clock(19, 46)),
            ("20时", clock(20, 0)),
            ("20点", clock(20, 0)),
            ("8点半", clock(8, 30)),
            ("20:55", clock(20, 55)),
            ("晚上8点", clock(20, 0)),
            ("下午3时许", clock(15, 0)),
        ] {
            let consumed = format!("2025年2月6日{time}，");
            let text = format!("{consumed}DeepSeek");
            parses(&text, &nothing_before(), &consumed, plain(at(d, expected)));
        }
    }

    #[test]
    fn impossible_clock_time() {
        let error = fails("2025年2月6日25点，", &nothing_before());
        assert!(matches!(
            error,
            DateError::Impossible {
                source: InvalidDate::Clock { hour: 25, .. },
                ..
            }
        ));
    }

    #[test]
    fn local_time_prefix() {
        let local = [Qualifier::LocalTime];
        parses(
            "当地时间2025年1月27日，美国",
            &nothing_before(),
            "当地时间2025年1月27日，",
            spec(day(2025, 1, 27), None, &local),
        );
        parses(
            "美国当地时间2025年1月27日，受中国",
            &nothing_before(),
            "美国当地时间2025年1月27日，",
            spec(day(2025, 1, 27), None, &local),
        );
        parses(
            "当地时间2025年1月27日晚，美国总统",
            &nothing_before(),
            "当地时间2025年1月27日晚，",
            spec(at(day(2025, 1, 27), TimeOfDay::Evening), None, &local),
        );
    }

    #[test]
    fn local_time_needs_a_date_and_a_short_place() {
        not_opener("当地时间不详，", &nothing_before());
        not_opener("美国当地时间", &nothing_before());
        not_opener("中华人民共和国当地时间2025年1月27日，", &nothing_before());
    }

    #[test]
    fn local_time_in_brackets_after_the_date() {
        parses(
            "2025年1月27日（当地时间），",
            &nothing_before(),
            "2025年1月27日（当地时间），",
            spec(day(2025, 1, 27), None, &[Qualifier::LocalTime]),
        );
    }

    #[test]
    fn any_time_zone_in_brackets_after_the_date() {
        for (zone, qualifier) in [
            ("（北京时间）", Qualifier::BeijingTime),
            ("(美国东部时间)", Qualifier::UsEasternTime),
            ("（美国当地时间）", Qualifier::LocalTime),
        ] {
            let text = format!("2014年6月16日{zone}，");
            parses(
                &text,
                &nothing_before(),
                &text,
                spec(day(2014, 6, 16), None, &[qualifier]),
            );
        }
        // Other words in brackets are the clause's, not the date's.
        parses(
            "2012年3月3日（星期六），",
            &nothing_before(),
            "2012年3月3日",
            plain(day(2012, 3, 3)),
        );
    }

    #[test]
    fn as_of() {
        let as_of = [Qualifier::AsOf];
        parses(
            "截至2月9日，DeepSeek App",
            &in_2025(),
            "截至2月9日，",
            spec(day(2025, 2, 9), None, &as_of),
        );
        parses(
            "截至2025年3月16日，",
            &nothing_before(),
            "截至2025年3月16日，",
            spec(day(2025, 3, 16), None, &as_of),
        );
        parses(
            "截止2月9日，",
            &in_2025(),
            "截止2月9日，",
            spec(day(2025, 2, 9), None, &as_of),
        );
        parses(
            "截至2月9日为止，",
            &in_2025(),
            "截至2月9日为止，",
            spec(day(2025, 2, 9), None, &as_of),
        );
    }

    #[test]
    fn as_of_needs_a_date() {
        not_opener("截至目前，", &in_2025());
    }

    #[test]
    fn shortly_before() {
        let shortly = [Qualifier::ShortlyBefore];
        parses(
            "2月16日的不久前，",
            &in_2025(),
            "2月16日的不久前，",
            spec(day(2025, 2, 16), None, &shortly),
        );
        parses(
            "2月16日不久前，有",
            &in_2025(),
            "2月16日不久前，",
            spec(day(2025, 2, 16), None, &shortly),
        );
    }

    #[test]
    fn reported() {
        let reported = [Qualifier::Reported];
        parses(
            "2025年1月29日消息，",
            &nothing_before(),
            "2025年1月29日消息，",
            spec(day(2025, 1, 29), None, &reported),
        );
        parses(
            "2月6日消息，据",
            &in_2025(),
            "2月6日消息，",
            spec(day(2025, 2, 6), None, &reported),
        );
        parses(
            "2025年2月消息，",
            &nothing_before(),
            "2025年2月消息，",
            spec(DatePoint::month(2025, 2), None, &reported),
        );
        parses(
            "同日消息，",
            &after(day(2025, 2, 6)),
            "同日消息，",
            spec(
                day(2025, 2, 6),
                None,
                &[Qualifier::Reported, Qualifier::Relative],
            ),
        );
    }

    #[test]
    fn reported_with_the_day_sign_missing() {
        let parsed = parses(
            "2月11消息，",
            &in_2025(),
            "2月11消息，",
            spec(day(2025, 2, 11), None, &[Qualifier::Reported]),
        );
        assert_eq!(parsed.warnings.len(), 1);
        let warning = &parsed.warnings[0];
        assert_eq!((warning.offset, warning.len), ("2月".len(), 2));
        assert!(warning.message.contains('日'), "{}", warning.message);
    }

    #[test]
    fn range_to_a_month() {
        parses(
            "2024年1月5日至6月，相继发布",
            &nothing_before(),
            "2024年1月5日至6月，",
            spec(day(2024, 1, 5), Some(DatePoint::month(2024, 6)), &[]),
        );
    }

    #[test]
    fn range_with_times_at_both_ends() {
        parses(
            "2025年1月27日晚至1月28日凌晨，DeepSeek",
            &nothing_before(),
            "2025年1月27日晚至1月28日凌晨，",
            spec(
                at(day(2025, 1, 27), TimeOfDay::Evening),
                Some(at(day(2025, 1, 28), TimeOfDay::EarlyMorning)),
                &[],
            ),
        );
    }

    #[test]
    fn range_separators() {
        for sep in ["至", "到", "-", "—", "–", "~", "～", " — "] {
            let consumed = format!("2025年1月5日{sep}8日，");
            let text = format!("{consumed}公司");
            parses(
                &text,
                &nothing_before(),
                &consumed,
                spec(day(2025, 1, 5), Some(day(2025, 1, 8)), &[]),
            );
        }
    }

    #[test]
    fn range_to_the_next_day_and_to_a_time() {
        parses(
            "1月27日晚至次日凌晨，",
            &in_2025(),
            "1月27日晚至次日凌晨，",
            spec(
                at(day(2025, 1, 27), TimeOfDay::Evening),
                Some(at(day(2025, 1, 28), TimeOfDay::EarlyMorning)),
                &[],
            ),
        );
        parses(
            "2月6日20时至22时，",
            &in_2025(),
            "2月6日20时至22时，",
            spec(
                at(day(2025, 2, 6), clock(20, 0)),
                Some(at(day(2025, 2, 6), clock(22, 0))),
                &[],
            ),
        );
    }

    #[test]
    fn range_within_a_month() {
        let feb = DatePoint::month(2025, 2);
        parses(
            "2月中旬至下旬，",
            &in_2025(),
            "2月中旬至下旬，",
            spec(part(feb, Period::Mid), Some(part(feb, Period::Late)), &[]),
        );
    }

    #[test]
    fn range_ending_before_it_starts() {
        let error = fails("2025年6月至1月5日，", &nothing_before());
        assert!(
            matches!(error, DateError::EndBeforeStart { .. }),
            "{error:?}"
        );
        assert_eq!(error.span(), (0, "2025年6月至1月5日".len()));
        let error = fails("1月27日晚至1月27日凌晨，", &in_2025());
        assert!(
            matches!(error, DateError::EndBeforeStart { .. }),
            "{error:?}"
        );
    }

    #[test]
    fn separator_without_an_end_is_not_part_of_the_date() {
        parses(
            "2月5日到访北京",
            &in_2025(),
            "2月5日",
            plain(day(2025, 2, 5)),
        );
    }

    #[test]
    fn same_day() {
        let previous = at(day(2025, 2, 6), clock(19, 46));
        let relative = [Qualifier::Relative];
        parses(
            "同日，DeepSeek",
            &after(previous),
            "同日，",
            spec(day(2025, 2, 6), None, &relative),
        );
        parses(
            "同日下午，DeepSeek在其API",
            &after(previous),
            "同日下午，",
            spec(at(day(2025, 2, 6), TimeOfDay::Afternoon), None, &relative),
        );
    }

    #[test]
    fn same_month_year_and_next_day() {
        let previous = day(2025, 2, 28);
        let relative = [Qualifier::Relative];
        parses(
            "同月，",
            &after(previous),
            "同月，",
            spec(DatePoint::month(2025, 2), None, &relative),
        );
        parses(
            "同年5月，",
            &after(previous),
            "同年5月，",
            spec(DatePoint::month(2025, 5), None, &relative),
        );
        parses(
            "同年，",
            &after(previous),
            "同年，",
            spec(DatePoint::year(2025), None, &relative),
        );
        parses(
            "次日，",
            &after(previous),
            "次日，",
            spec(day(2025, 3, 1), None, &relative),
        );
        parses(
            "次日，",
            &after(day(2024, 12, 31)),
            "次日，",
            spec(day(2025, 1, 1), None, &relative),
        );
    }

    #[test]
    fn next_day_needs_a_previous_day() {
        let error = fails("次日，", &after(DatePoint::month(2025, 2)));
        assert_eq!(
            error,
            DateError::TooCoarse {
                offset: 0,
                len: "次日".len(),
                text: "次日".into(),
                previous: "2025年2月".into(),
            }
        );
    }

    #[test]
    fn same_day_variants() {
        let previous = day(2025, 2, 6);
        let relative = [Qualifier::Relative];
        for word in ["当日", "當日", "当天", "當天", "同天"] {
            let consumed = format!("{word}，");
            parses(
                &format!("{consumed}公司"),
                &after(previous),
                &consumed,
                spec(previous, None, &relative),
            );
        }
        for word in ["当月", "當月"] {
            let consumed = format!("{word}，");
            parses(
                &format!("{consumed}公司"),
                &after(previous),
                &consumed,
                spec(DatePoint::month(2025, 2), None, &relative),
            );
        }
    }

    #[test]
    fn chinese_numerals() {
        let none = nothing_before();
        parses(
            "二〇二五年三月，",
            &none,
            "二〇二五年三月，",
            plain(DatePoint::month(2025, 3)),
        );
        parses(
            "二零二五年，",
            &none,
            "二零二五年，",
            plain(DatePoint::year(2025)),
        );
        parses(
            "七月，",
            &in_2025(),
            "七月，",
            plain(DatePoint::month(2025, 7)),
        );
        parses(
            "三月十五日，",
            &in_2025(),
            "三月十五日，",
            plain(day(2025, 3, 15)),
        );
        parses(
            "十二月三十一日，",
            &in_2025(),
            "十二月三十一日，",
            plain(day(2025, 12, 31)),
        );
        parses("二十日，", &in_2025(), "二十日，", plain(day(2025, 1, 20)));
    }

    #[test]
    fn chinese_numerals_in_words_are_no_dates() {
        not_opener("十月革命后", &in_2025());
        not_opener("七月流火", &in_2025());
        not_opener("一日千里", &in_2025());
    }

    #[test]
    fn full_width_digits() {
        parses(
            "２０２５年２月５日，",
            &nothing_before(),
            "２０２５年２月５日，",
            plain(day(2025, 2, 5)),
        );
    }

    #[test]
    fn day_alone_takes_month_and_year() {
        parses("18日，", &in_2025(), "18日，", plain(day(2025, 1, 18)));
    }

    #[test]
    fn day_alone_needs_a_month_in_the_anchor() {
        let ctx = DateContext {
            anchor: Some(DatePoint::year(2025)),
            previous: None,
            ..DateContext::default()
        };
        let error = fails("18日，", &ctx);
        assert!(matches!(error, DateError::NoYear { .. }), "{error:?}");
    }

    #[test]
    fn date_directly_followed_by_text() {
        parses(
            "2025年2月16日新闻联播报道：",
            &nothing_before(),
            "2025年2月16日",
            plain(day(2025, 2, 16)),
        );
        parses(
            "2月12日行业首发量产搭载上市",
            &in_2025(),
            "2月12日",
            plain(day(2025, 2, 12)),
        );
    }

    #[test]
    fn connectors_and_spaces() {
        for connector in ["，", ",", "、", " ， ", ", "] {
            let consumed = format!("2月5日{connector}");
            parses(
                &format!("{consumed}公司"),
                &in_2025(),
                &consumed,
                plain(day(2025, 2, 5)),
            );
        }
        // Only one connector belongs to the date.
        parses(
            "2月5日，，公司",
            &in_2025(),
            "2月5日，",
            plain(day(2025, 2, 5)),
        );
        parses(
            "2025年 2月 5日，",
            &in_2025(),
            "2025年 2月 5日，",
            plain(day(2025, 2, 5)),
        );
    }

    #[test]
    fn dates_modifying_what_follows_are_not_openers() {
        for text in [
            "2025年的收入",
            "2月5日以来",
            "2月5日以后",
            "2月5日之后",
            "2月5日后",
            "2月5日前",
            "2月5日起",
            "2024年1月5日至今",
            "2025年以来",
            "1月27日之前",
        ] {
            not_opener(text, &in_2025());
        }
    }

    #[test]
    fn bare_numbers_are_not_openers() {
        for text in [
            "2.3海洋",
            "3分钟",
            "360集团",
            "1000万元",
            "3年后",
            "12345年",
        ] {
            not_opener(text, &in_2025());
        }
    }

    #[test]
    fn year_as_an_attribute_is_not_an_opener() {
        not_opener("2025年度报告", &nothing_before());
    }

    #[test]
    fn the_years_business_before_a_comma_is_the_year() {
        let parsed = parses(
            "2016年度，公司营收",
            &nothing_before(),
            "2016年度，",
            plain(DatePoint::year(2016)),
        );
        no_warnings(parsed);
    }

    #[test]
    fn as_early_as_and_not_until_lead_a_date() {
        for (text, consumed) in [
            ("早在2005年，创始人", "早在2005年，"),
            ("直到2011年，公司", "直到2011年，"),
            ("直至2011年3月，公司", "直至2011年3月，"),
        ] {
            let year = parse_opener(text, &nothing_before()).unwrap().unwrap();
            assert_eq!(&text[..year.len], consumed);
            assert!(year.spec.qualifiers.is_empty(), "`{text}`");
        }
        // Inside a sentence they still open nothing.
        not_opener("早在两年前，", &nothing_before());
    }

    #[test]
    fn a_list_with_its_unit_written_once_is_a_span() {
        parses(
            "2013年7、8月，公司",
            &nothing_before(),
            "2013年7、8月，",
            spec(
                DatePoint::month(2013, 7),
                Some(DatePoint::month(2013, 8)),
                &[],
            ),
        );
        parses(
            "2014年5月5、6日，",
            &nothing_before(),
            "2014年5月5、6日，",
            spec(day(2014, 5, 5), Some(day(2014, 5, 6)), &[]),
        );
        // Each date written whole: the first is the clause's.
        parses(
            "2月5日、2月8日，",
            &in_2025(),
            "2月5日、",
            plain(day(2025, 2, 5)),
        );
    }

    #[test]
    fn from_a_date_until_now() {
        let since = spec(DatePoint::month(2016, 3), None, &[Qualifier::Since]);
        for text in ["2016年3月起至今，", "2016年3月起迄今，"] {
            parses(text, &nothing_before(), text, since.clone());
        }
    }

    #[test]
    fn common_era_before_a_year() {
        parses(
            "公元2000年，",
            &nothing_before(),
            "公元2000年，",
            plain(DatePoint::year(2000)),
        );
    }

    #[test]
    fn after_a_date_before_a_comma_is_from_it() {
        let since = spec(DatePoint::year(2010), None, &[Qualifier::Since]);
        for text in ["2010年后，", "2010年之后，", "2010年以后，"] {
            parses(text, &nothing_before(), text, since.clone());
        }
        // A count of years, and a date modifying what follows, are no dates.
        for text in ["10年后，", "10年之后，", "19年后，", "2010年后公司"] {
            not_opener(text, &nothing_before());
        }
    }

    #[test]
    fn a_season_in_one_character_before_a_comma() {
        let parsed = parses(
            "2019年春，公司",
            &nothing_before(),
            "2019年春，",
            plain(part(DatePoint::year(2019), Period::Spring)),
        );
        no_warnings(parsed);
        parses(
            "2019年秋，",
            &nothing_before(),
            "2019年秋，",
            plain(part(DatePoint::year(2019), Period::Autumn)),
        );
        // `春节` is the holiday, and `秋冬` two seasons: not read as spring
        // or autumn.
        for text in ["2019年春节，", "2019年秋冬，"] {
            let parsed = parse_opener(text, &nothing_before());
            assert!(
                !matches!(parsed, Some(Ok(p)) if p.spec.start.period.is_some()),
                "`{text}`"
            );
        }
    }

    #[test]
    fn halves_written_h1_and_h2() {
        parses(
            "2021年H1，",
            &nothing_before(),
            "2021年H1，",
            plain(part(DatePoint::year(2021), Period::FirstHalf)),
        );
        parses(
            "2021年H2，",
            &nothing_before(),
            "2021年H2，",
            plain(part(DatePoint::year(2021), Period::SecondHalf)),
        );
    }

    #[test]
    fn words_starting_like_relative_dates_are_not_openers() {
        let ctx = after(day(2025, 2, 6));
        for text in ["同时，", "同一时段内", "同比增长", "两天后，"] {
            not_opener(text, &ctx);
        }
    }

    #[test]
    fn time_alone_is_not_an_opener() {
        not_opener("21点05分，", &in_2025());
        not_opener("晚间，", &in_2025());
    }

    #[test]
    fn impossible_day() {
        let error = fails("2025年2月30日，", &nothing_before());
        assert_eq!(
            error,
            DateError::Impossible {
                offset: 0,
                len: "2025年2月30日".len(),
                source: InvalidDate::Day {
                    year: 2025,
                    month: 2,
                    day: 30
                },
            }
        );
    }

    #[test]
    fn leap_day_in_a_common_year() {
        let error = fails("2月29日，", &in_2025());
        assert!(
            matches!(error, DateError::Impossible { offset: 0, .. }),
            "{error:?}"
        );
        let leap = DateContext {
            anchor: Some(day(2024, 1, 1)),
            previous: None,
            ..DateContext::default()
        };
        parses("2月29日，", &leap, "2月29日，", plain(day(2024, 2, 29)));
    }

    #[test]
    fn impossible_month() {
        let error = fails("2025年13月，", &nothing_before());
        assert_eq!(
            error,
            DateError::Impossible {
                offset: 0,
                len: "2025年13月".len(),
                source: InvalidDate::Month(13),
            }
        );
    }

    /// A full date whose year is not four digits is reported at the year,
    /// whatever the context: never skipped, never read with another year.
    #[test]
    fn a_full_date_with_a_year_of_other_than_four_digits_is_an_error() {
        for (text, year_at, year) in [
            ("10000年1月1日，", 0, "10000"),
            ("１００００年1月1日，", 0, "１００００"),
            ("1年1月，", 0, "1"),
            ("0年1月1日，", 0, "0"),
            ("999年底，", 0, "999"),
            ("12345年上半年，", 0, "12345"),
            ("-5年1月1日，", 0, "-5"),
            ("-2025年1月，", 0, "-2025"),
            ("0000年，", 0, "0000"),
            ("0000年1月1日，", 0, "0000"),
            ("于10000年1月1日，", "于".len(), "10000"),
            ("截至10000年1月1日，", "截至".len(), "10000"),
            ("2019年至10000年1月，", "2019年至".len(), "10000"),
        ] {
            for ctx in [nothing_before(), in_2025()] {
                assert_eq!(
                    fails(text, &ctx),
                    DateError::Year {
                        offset: year_at,
                        len: year.len(),
                        text: year.into(),
                    },
                    "`{text}`"
                );
            }
        }
    }

    /// Without a month or part of the year after it, a number before `年`
    /// that is not four digits is a count as often as a year, and opens
    /// nothing; two digits before a month are still a year.
    #[test]
    fn counts_of_years_open_nothing() {
        for text in [
            "10年后，",
            "19年后，",
            "1年后，",
            "1年，",
            "10000年，",
            "10000年后，",
            "1年多来，",
            "3年2个月后，",
            "100年间，",
            "成立1年，",
        ] {
            not_opener(text, &in_2025());
        }
        parses(
            "98年4月，",
            &nothing_before(),
            "98年4月，",
            plain(DatePoint::month(1998, 4)),
        );
        parses(
            "00年4月，",
            &nothing_before(),
            "00年4月，",
            plain(DatePoint::month(2000, 4)),
        );
    }

    #[test]
    fn impossible_date_after_a_prefix_points_at_the_date() {
        let error = fails("截至2025年2月30日，", &nothing_before());
        assert_eq!(error.span(), ("截至".len(), "2025年2月30日".len()));
    }

    #[test]
    fn no_year() {
        let error = fails("2月5日，", &nothing_before());
        assert_eq!(
            error,
            DateError::NoYear {
                offset: 0,
                len: "2月5日".len(),
                text: "2月5日".into(),
            }
        );
    }

    #[test]
    fn no_previous() {
        let error = fails("同日，", &in_2025());
        assert_eq!(
            error,
            DateError::NoPrevious {
                offset: 0,
                len: "同日".len(),
                text: "同日".into(),
            }
        );
    }

    /// The openers of the real article, each with the context it has there.
    #[test]
    fn article_openers() {
        let none = nothing_before();
        let feb = in_2025();
        let cases: Vec<(&str, DateContext, &str, DateSpec)> = vec![
            (
                "2024年1月5日至6月，相继发布",
                none.clone(),
                "2024年1月5日至6月，",
                spec(day(2024, 1, 5), Some(DatePoint::month(2024, 6)), &[]),
            ),
            (
                "2025年1月27日晚至1月28日凌晨，DeepSeek",
                none.clone(),
                "2025年1月27日晚至1月28日凌晨，",
                spec(
                    at(day(2025, 1, 27), TimeOfDay::Evening),
                    Some(at(day(2025, 1, 28), TimeOfDay::EarlyMorning)),
                    &[],
                ),
            ),
            (
                "当地时间2025年1月27日晚，美国总统",
                none.clone(),
                "当地时间2025年1月27日晚，",
                spec(
                    at(day(2025, 1, 27), TimeOfDay::Evening),
                    None,
                    &[Qualifier::LocalTime],
                ),
            ),
            (
                "美国当地时间2025年1月27日，受中国",
                none.clone(),
                "美国当地时间2025年1月27日，",
                spec(day(2025, 1, 27), None, &[Qualifier::LocalTime]),
            ),
            (
                "2025年2月6日19时46分，DeepSeek",
                none.clone(),
                "2025年2月6日19时46分，",
                plain(at(day(2025, 2, 6), clock(19, 46))),
            ),
            (
                "2025年2月21日午间，DeepSeek",
                none.clone(),
                "2025年2月21日午间，",
                plain(at(day(2025, 2, 21), TimeOfDay::Noon)),
            ),
            (
                "截至2月9日，DeepSeek App",
                feb.clone(),
                "截至2月9日，",
                spec(day(2025, 2, 9), None, &[Qualifier::AsOf]),
            ),
            (
                "2月11消息，",
                feb.clone(),
                "2月11消息，",
                spec(day(2025, 2, 11), None, &[Qualifier::Reported]),
            ),
            (
                "2025年2月上旬，据国内",
                none.clone(),
                "2025年2月上旬，",
                plain(part(DatePoint::month(2025, 2), Period::Early)),
            ),
            (
                "同日下午，DeepSeek在其API",
                after(at(day(2025, 2, 6), clock(19, 46))),
                "同日下午，",
                spec(
                    at(day(2025, 2, 6), TimeOfDay::Afternoon),
                    None,
                    &[Qualifier::Relative],
                ),
            ),
            (
                "2025年2月16日新闻联播报道：",
                none.clone(),
                "2025年2月16日",
                plain(day(2025, 2, 16)),
            ),
        ];
        for (text, ctx, consumed, expected) in cases {
            parses(text, &ctx, consumed, expected);
        }
    }

    /// Every prefix and suffix of long mixed strings, in every context: the
    /// parser never panics, and what it reports stays inside the text.
    #[test]
    fn never_panics_and_stays_in_bounds() {
        let texts = [
            "美国当地时间2025年1月27日晚至1月28日凌晨消息，截至2月9日，同日下午20点55分，2月11消息、十二月三十一日的不久前（当地时间）2025年2月30日至13月",
            "二〇二五年三月十五日晚上8点半至次日凌晨，２０２５年２月５日～６日，On 27 January 2025 (local time), 2.3海洋 360集团 同年底 当年的 21点05分",
            "🎉2025年\u{3000}2月\u{a0}5日 ,，、x\u{301}年月日至到—–~～-消息讯初底末上旬中旬下旬99年99月99日99时99分",
        ];
        let contexts = [nothing_before(), in_2025(), after(day(2025, 2, 6))];
        for text in texts {
            let cuts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
            for &cut in &cuts {
                for piece in [&text[cut..], &text[..cut]] {
                    for ctx in &contexts {
                        check_in_bounds(piece, parse_opener(piece, ctx));
                        check_in_bounds(piece, super::super::en::parse_opener(piece, ctx));
                    }
                }
            }
        }
    }

    fn check_in_bounds(text: &str, result: Option<Result<ParsedDate, DateError>>) {
        match result {
            None => {}
            Some(Ok(parsed)) => {
                assert!(text.is_char_boundary(parsed.len), "`{text}`");
                for w in &parsed.warnings {
                    assert!(text.get(w.offset..w.offset + w.len).is_some(), "`{text}`");
                }
            }
            Some(Err(error)) => {
                let (offset, len) = error.span();
                assert!(
                    text.get(offset..offset + len).is_some(),
                    "`{text}`: {error:?}"
                );
            }
        }
    }

    #[test]
    fn very_long_input_is_fine() {
        let long = "2".repeat(200_000) + "年";
        not_opener(&long, &in_2025());
        let spaces = format!("2025年{}2月", " ".repeat(200_000));
        // Spaces after a date belong to it, but only so many are looked at.
        let consumed = format!("2025年{}", " ".repeat(super::super::MAX_SPACES));
        parses(&spaces, &in_2025(), &consumed, plain(DatePoint::year(2025)));
        let date_then_text = format!("2月5日{}", "字".repeat(200_000));
        parses(
            &date_then_text,
            &in_2025(),
            "2月5日",
            plain(day(2025, 2, 5)),
        );
    }
}
