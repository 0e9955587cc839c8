//! One row per date form a company history uses: what the Chinese reads as,
//! and how that date is shown in both languages.

use super::test_support::*;
use super::{parse_opener, DateContext, ParsedDate};
use crate::model::{DatePoint, Lang, Precision};

fn read(lang: Lang, text: &str, ctx: &DateContext) -> ParsedDate {
    match parse_opener(lang, text, ctx) {
        Some(Ok(parsed)) => parsed,
        other => panic!("`{text}`: expected a date, got {other:?}"),
    }
}

/// Each `(text, zh display, en display)` reads, without warnings, to a
/// date shown so.
fn all_read(lang: Lang, ctx: &DateContext, rows: &[(&str, &str, &str)]) {
    for &(text, zh, en) in rows {
        let parsed = read(lang, text, ctx);
        assert_eq!(parsed.warnings, [], "`{text}`");
        assert_eq!(
            (
                parsed.spec.display(Lang::Zh).as_str(),
                parsed.spec.display(Lang::En).as_str()
            ),
            (zh, en),
            "`{text}`"
        );
    }
}

#[test]
fn relative_years_months_and_days_count_from_the_previous_entry() {
    all_read(
        Lang::Zh,
        &after(day(2024, 12, 31)),
        &[
            ("去年，", "2023年", "2023"),
            ("今年，", "2024年", "2024"),
            ("明年，", "2025年", "2025"),
            ("前年，", "2022年", "2022"),
            ("次年，", "2025年", "2025"),
            ("翌年，", "2025年", "2025"),
            ("当年，", "2024年", "2024"),
            ("當年，", "2024年", "2024"),
            ("该年，", "2024年", "2024"),
            ("是年，", "2024年", "2024"),
            ("同年，", "2024年", "2024"),
            ("次年5月，", "2025年5月", "May 2025"),
            ("上个月，", "2024年11月", "November 2024"),
            ("本月，", "2024年12月", "December 2024"),
            ("下月，", "2025年1月", "January 2025"),
            ("次月，", "2025年1月", "January 2025"),
            ("翌月，", "2025年1月", "January 2025"),
            ("次日，", "2025年1月1日", "1 January 2025"),
            ("翌日，", "2025年1月1日", "1 January 2025"),
            ("当日，", "2024年12月31日", "31 December 2024"),
            ("当天，", "2024年12月31日", "31 December 2024"),
            ("前一天，", "2024年12月30日", "30 December 2024"),
        ],
    );
    // Day arithmetic knows leap years and month ends.
    all_read(
        Lang::Zh,
        &after(day(2024, 3, 1)),
        &[("前一天，", "2024年2月29日", "29 February 2024")],
    );
    all_read(
        Lang::Zh,
        &after(day(2025, 1, 31)),
        &[("上个月，", "2024年12月", "December 2024")],
    );
    all_read(
        Lang::En,
        &after(day(2024, 12, 31)),
        &[
            ("The following year, ", "2025年", "2025"),
            ("The previous year, ", "2023年", "2023"),
            ("The next month, ", "2025年1月", "January 2025"),
            ("The previous day, ", "2024年12月30日", "30 December 2024"),
        ],
    );
}

#[test]
fn a_relative_month_after_a_year_only_entry_is_too_coarse() {
    assert!(matches!(
        parse_opener(Lang::Zh, "次月，", &after(DatePoint::year(2024))),
        Some(Err(super::DateError::TooCoarse { .. }))
    ));
}

#[test]
fn the_day_suffix_hao() {
    all_read(
        Lang::Zh,
        &nothing_before(),
        &[
            ("2015年3月3號，", "2015年3月3日", "3 March 2015"),
            ("2015年3月3号，", "2015年3月3日", "3 March 2015"),
            ("２０１５年三月三號，", "2015年3月3日", "3 March 2015"),
        ],
    );
}

#[test]
fn periods_of_a_year_and_of_a_month() {
    all_read(
        Lang::Zh,
        &nothing_before(),
        &[
            ("2019年上半年，", "2019年上半年", "the first half of 2019"),
            ("2019年下半年，", "2019年下半年", "the second half of 2019"),
            ("2019年第一季度，", "2019年第一季度", "Q1 2019"),
            ("2019年第2季度，", "2019年第二季度", "Q2 2019"),
            ("2019年三季度，", "2019年第三季度", "Q3 2019"),
            ("2019年Q4，", "2019年第四季度", "Q4 2019"),
            ("2019年初，", "2019年初", "early 2019"),
            ("2019年年初，", "2019年初", "early 2019"),
            ("2019年年中，", "2019年年中", "mid-2019"),
            ("2019年年底，", "2019年底", "late 2019"),
            ("2019年年末，", "2019年底", "late 2019"),
            ("2019年岁末，", "2019年底", "late 2019"),
            ("2019年3月初，", "2019年3月上旬", "early March 2019"),
            ("2019年3月中，", "2019年3月中旬", "mid-March 2019"),
            ("2019年3月底，", "2019年3月下旬", "late March 2019"),
            ("2019年春季，", "2019年春季", "spring 2019"),
            ("2019年夏季，", "2019年夏季", "summer 2019"),
            ("2019年秋天，", "2019年秋季", "autumn 2019"),
            ("2019年冬季，", "2019年冬季", "winter 2019"),
        ],
    );
    all_read(
        Lang::En,
        &nothing_before(),
        &[
            (
                "In the first half of 2019, ",
                "2019年上半年",
                "the first half of 2019",
            ),
            ("In H2 2019, ", "2019年下半年", "the second half of 2019"),
            (
                "In the first quarter of 2019, ",
                "2019年第一季度",
                "Q1 2019",
            ),
            ("In Q3 2019, ", "2019年第三季度", "Q3 2019"),
            ("In spring 2019, ", "2019年春季", "spring 2019"),
            ("In the autumn of 2019, ", "2019年秋季", "autumn 2019"),
            ("In early 2019, ", "2019年初", "early 2019"),
            ("In mid-2019, ", "2019年年中", "mid-2019"),
        ],
    );
    // Alone, before a comma, a part of the previous entry's year or month.
    all_read(
        Lang::Zh,
        &after(day(2019, 3, 5)),
        &[
            ("年底，", "2019年底", "late 2019"),
            ("年初，", "2019年初", "early 2019"),
            ("下半年，", "2019年下半年", "the second half of 2019"),
            ("第三季度，", "2019年第三季度", "Q3 2019"),
            ("月底，", "2019年3月下旬", "late March 2019"),
            ("月中，", "2019年3月中旬", "mid-March 2019"),
        ],
    );
    for text in ["年中无休", "月底前完成", "年底的计划"] {
        assert_eq!(parse_opener(Lang::Zh, text, &in_2025()), None, "`{text}`");
    }
    all_read(
        Lang::Zh,
        &after(day(2019, 3, 5)),
        &[
            (
                "2019年前三季度，",
                "2019年第一季度至2019年第三季度",
                "Q1 2019 – Q3 2019",
            ),
            (
                "同年前两季度，",
                "2019年第一季度至2019年第二季度",
                "Q1 2019 – Q2 2019",
            ),
        ],
    );
    let precision = |text| read(Lang::Zh, text, &nothing_before()).spec.precision();
    assert_eq!(precision("2019年上半年，"), Precision::Half);
    assert_eq!(precision("2019年第一季度，"), Precision::Quarter);
    assert_eq!(precision("2019年春季，"), Precision::Season);
    // `2月中国…` is February and a word, so a lone month in a sentence.
    assert_eq!(parse_opener(Lang::Zh, "2月中国发布", &in_2025()), None);
}

#[test]
fn periods_sort_by_where_they_fall() {
    let key = |text| read(Lang::Zh, text, &nothing_before()).spec.sort_key();
    assert!(key("2019年第一季度，") < key("2019年春季，"));
    assert!(key("2019年春季，") < key("2019年下半年，"));
    assert!(key("2019年下半年，") < key("2019年第四季度，"));
    assert!(key("2019年第四季度，") < key("2019年冬季，"));
}

#[test]
fn decades_and_centuries() {
    all_read(
        Lang::Zh,
        &nothing_before(),
        &[
            ("1990年代，", "1990年代", "the 1990s"),
            ("90年代初，", "1990年代初", "the early 1990s"),
            ("上世纪80年代，", "1980年代", "the 1980s"),
            ("20世纪90年代末，", "1990年代末", "the late 1990s"),
            ("二十世纪九十年代中期，", "1990年代中期", "the mid-1990s"),
        ],
    );
    all_read(
        Lang::En,
        &nothing_before(),
        &[
            ("In the 1990s, ", "1990年代", "the 1990s"),
            ("In the early 1990s, ", "1990年代初", "the early 1990s"),
            ("In the mid-1990s, ", "1990年代中期", "the mid-1990s"),
            ("In the late 1990s, ", "1990年代末", "the late 1990s"),
        ],
    );
    let spec = read(Lang::Zh, "90年代初，", &nothing_before()).spec;
    assert_eq!(spec.precision(), Precision::Decade);
    // Listed under its first year.
    assert_eq!(spec.start.year, 1990);
    assert_eq!(
        parse_opener(Lang::Zh, "1995年代，", &nothing_before()),
        None
    );
}

#[test]
fn two_digit_years_where_a_month_or_part_follows() {
    all_read(
        Lang::Zh,
        &nothing_before(),
        &[
            ("98年4月，", "1998年4月", "April 1998"),
            ("零七年3月，", "2007年3月", "March 2007"),
            ("19年底，", "2019年底", "late 2019"),
        ],
    );
    // The century nearest the dates around it.
    all_read(
        Lang::Zh,
        &after(day(1999, 6, 1)),
        &[("01年5月，", "2001年5月", "May 2001")],
    );
    for text in ["98年，", "10年间，", "20年前"] {
        assert_eq!(
            parse_opener(Lang::Zh, text, &nothing_before()),
            None,
            "`{text}`"
        );
    }
}

#[test]
fn open_and_closed_ranges() {
    all_read(
        Lang::Zh,
        &in_2025(),
        &[
            ("2017年7月起，", "2017年7月起", "since July 2017"),
            ("2017年以来，", "2017年起", "since 2017"),
            ("自2017年以來，", "2017年起", "since 2017"),
            ("从2017年7月开始，", "2017年7月起", "since July 2017"),
            ("2017年7月至今，", "2017年7月起", "since July 2017"),
            ("2017年迄今，", "2017年起", "since 2017"),
            (
                "2月15日下午6时起，",
                "2025年2月15日18时00分起",
                "since 15 February 2025, 18:00",
            ),
            (
                "从2017年7月至2017年8月，",
                "2017年7月至2017年8月",
                "July 2017 – August 2017",
            ),
            (
                "4月12日至19日，",
                "2025年4月12日至2025年4月19日",
                "12 April 2025 – 19 April 2025",
            ),
            (
                "4月12-19日，",
                "2025年4月12日至2025年4月19日",
                "12 April 2025 – 19 April 2025",
            ),
            (
                "2018年2——4月，",
                "2018年2月至2018年4月",
                "February 2018 – April 2018",
            ),
        ],
    );
    all_read(
        Lang::En,
        &in_2025(),
        &[
            ("Since July 2017, ", "2017年7月起", "since July 2017"),
            (
                "From 18:00 on 15 February onwards, ",
                "2025年2月15日18时00分起",
                "since 15 February 2025, 18:00",
            ),
        ],
    );
    // Without a comma the date modifies what follows: no opener.
    for text in [
        "2017年7月起实施",
        "2017年以来的发展",
        "2017年至今的",
        "2019年4月的一天里",
    ] {
        assert_eq!(parse_opener(Lang::Zh, text, &in_2025()), None, "`{text}`");
    }
}

#[test]
fn prefixes_and_suffixes_that_leave_the_date() {
    all_read(
        Lang::Zh,
        &nothing_before(),
        &[
            ("在2019年4月，", "2019年4月", "April 2019"),
            ("于2019年4月，", "2019年4月", "April 2019"),
            ("於2019年4月，", "2019年4月", "April 2019"),
            ("自2019年4月，", "2019年4月", "April 2019"),
            ("从2019年4月，", "2019年4月", "April 2019"),
            ("到2019年4月，", "2019年4月", "April 2019"),
            ("至2019年4月，", "2019年4月", "April 2019"),
            ("截至2019年4月，", "截至2019年4月", "as of April 2019"),
            ("截止2019年4月，", "截至2019年4月", "as of April 2019"),
            (
                "北京时间2019年4月19日上午9时，",
                "北京时间2019年4月19日9时00分",
                "19 April 2019, 09:00 (Beijing time)",
            ),
            (
                "美国东部时间2019年4月19日，",
                "美国东部时间2019年4月19日",
                "19 April 2019 (US Eastern time)",
            ),
            (
                "美国东岸时间2019年4月19日上午9时，",
                "美国东部时间2019年4月19日9时00分",
                "19 April 2019, 09:00 (US Eastern time)",
            ),
            (
                "当地时间2019年4月19日，",
                "当地时间2019年4月19日",
                "19 April 2019 (local time)",
            ),
            ("2019年4月期间，", "2019年4月", "April 2019"),
            ("2019年4月的一天，", "2019年4月", "April 2019"),
            (
                "2019年4月5日的晚上，",
                "2019年4月5日晚",
                "evening of 5 April 2019",
            ),
            ("2019年4月前后，", "2019年4月前后", "around April 2019"),
            ("2019年4月左右，", "2019年4月前后", "around April 2019"),
        ],
    );
    all_read(
        Lang::En,
        &nothing_before(),
        &[("Around April 2019, ", "2019年4月前后", "around April 2019")],
    );
}

#[test]
fn numeric_forms() {
    all_read(
        Lang::Zh,
        &nothing_before(),
        &[
            ("2013-11-29，", "2013年11月29日", "29 November 2013"),
            ("2013-9-25，", "2013年9月25日", "25 September 2013"),
            ("2012-12，", "2012年12月", "December 2012"),
            ("2019/04/19，", "2019年4月19日", "19 April 2019"),
            ("2019.04.19，", "2019年4月19日", "19 April 2019"),
        ],
    );
    for text in ["2019.5亿元", "2012-2013年", "2019.04版本", "2019-20赛季"] {
        assert_eq!(
            parse_opener(Lang::Zh, text, &nothing_before()),
            None,
            "`{text}`"
        );
    }
}

#[test]
fn a_space_or_a_spaced_dash_ends_a_date_like_a_comma() {
    for (text, rest) in [
        ("2015年12月18日 - 公司发布", "公司发布"),
        ("2015年12月18日 公司发布", "公司发布"),
        ("2015年12月 — 公司发布", "公司发布"),
    ] {
        let parsed = read(Lang::Zh, text, &nothing_before());
        assert_eq!(&text[parsed.len..], rest, "`{text}`");
    }
}

#[test]
fn as_of_the_same_day_inside_an_event_continues_it() {
    let ctx = after(day(2025, 1, 27));
    assert_eq!(parse_opener(Lang::Zh, "截至当天收盘，股价下跌", &ctx), None);
    // With a comma right after it, it opens a clause as before.
    let parsed = read(Lang::Zh, "截至当天，股价下跌", &ctx);
    assert_eq!(parsed.spec.display(Lang::Zh), "截至2025年1月27日");
}

#[test]
fn a_date_read_coarser_than_written_is_a_warning() {
    for (text, message) in [
        (
            "2019年第五季度，",
            "`2019年第五季度`: read as 2019年; `第五季度` not understood",
        ),
        (
            "2019年春节，",
            "`2019年春节`: read as 2019年; `春节` not understood",
        ),
        (
            "2019年3月财季，",
            "`2019年3月财季`: read as 2019年3月; `财季` not understood",
        ),
    ] {
        let parsed = read(Lang::Zh, text, &nothing_before());
        let messages: Vec<&str> = parsed.warnings.iter().map(|w| w.message.as_str()).collect();
        assert_eq!(messages, [message], "`{text}`");
        assert_eq!(parsed.warnings[0].offset, 0);
    }
    // A tail word further into the clause is the clause's, not the date's.
    let parsed = read(Lang::Zh, "2019年公司上半年营收", &nothing_before());
    assert_eq!(parsed.warnings, []);
}
