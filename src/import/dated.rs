//! The shallow look at dates the importer needs before the loader reads
//! them: whether a table cell opens with a date, and which heading names a
//! year. The loader's date parser stays the judge of what a date means.

use crate::load::dates::{parse_opener, DateContext};
use crate::model::{DatePoint, Lang};

/// The length in bytes of the date that opens `text`: `2013年`, `2013年9月`,
/// `2013年9月25日`, `2013-9-25`, `2012-12` or a bare `2001`.
pub fn date_prefix(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let digits = |from: usize| {
        b[from.min(b.len())..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count()
    };
    if digits(0) != 4 {
        return None;
    }
    let mut end = 4;
    if text[end..].starts_with('年') {
        end += '年'.len_utf8();
        for unit in ['月', '日'] {
            let n = digits(end);
            if (1..=2).contains(&n) && text[end + n..].starts_with(unit) {
                end += n + unit.len_utf8();
            } else {
                break;
            }
        }
        return Some(end);
    }
    for _ in 0..2 {
        let n = digits(end + 1);
        if text[end..].starts_with('-') && (1..=2).contains(&n) {
            end += 1 + n;
        } else {
            break;
        }
    }
    // A bare number runs on (`20011`) or is a quantity (`2001万`): not a year.
    let next = text[end..].chars().next();
    match next {
        Some(c) if c.is_ascii_alphanumeric() || c == '万' || c == '亿' || c == '.' => None,
        _ => Some(end),
    }
}

/// `2014年3月11日`, `2013-9-5` and `2012年` as ISO dates (`2014-03-11`,
/// `2013-09-05`, `2012`); `None` for any other form.
pub fn iso(date: &str) -> Option<String> {
    let parts: Vec<u32> = date
        .split(['年', '月', '日', '-'])
        .filter(|p| !p.is_empty())
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    match parts[..] {
        [y, m, d] => Some(format!("{y:04}-{m:02}-{d:02}")),
        [y, m] => Some(format!("{y:04}-{m:02}")),
        [y] => Some(format!("{y:04}")),
        _ => None,
    }
}

/// The `{date=…}` attribute for a written date, if it is a real date: an
/// impossible one (`2013-2-30`) is left to the loader to report and mend.
pub fn override_for(date: &str) -> Option<String> {
    let iso = iso(date)?;
    DatePoint::from_iso(&iso).ok()?;
    Some(format!("{{date={iso}}}"))
}

/// Whether the loader, reading `entry` with no date before it, opens it
/// with the date written `date` (`2011年3月21日`), at that date's
/// precision or finer (`2015年5月底` for `2015年5月`): such an entry needs no
/// `{date=…}`, which would only be a second place stating its date.
pub fn loader_reads(entry: &str, date: &str, lang: Lang) -> bool {
    let Some(written) = iso(date) else {
        return false;
    };
    matches!(
        parse_opener(lang, entry, &DateContext::default()),
        Some(Ok(p)) if p.spec.start.iso() == written && p.spec.end.is_none()
    )
}

/// A line that holds only a date with a year (`2023年1月`, `2023年1月27日：`):
/// the date as written, without the punctuation after it, and its year.
pub fn date_line(line: &str, lang: Lang) -> Option<(&str, i32)> {
    let line = line.trim();
    let Some(Ok(parsed)) = parse_opener(lang, line, &DateContext::default()) else {
        return None;
    };
    let rest = line.get(parsed.len..)?;
    let date = line.trim_end_matches(['：', ':', '，', ',', ' ']);
    rest.trim_matches(['：', ':', '，', ',', ' '])
        .is_empty()
        .then_some((date, parsed.spec.start.year))
}

/// `text` (a paragraph under a line that holds only `date`) with that date
/// written into its opening: before it when it opens with no date
/// (`公司发布新品。` is `2023年1月，公司发布新品。`), as the year of a month and
/// day (`3月5日，…` is `2023年3月5日，…`); `None` when it states its own.
pub fn with_date_line(text: &str, date: &str, year: i32, lang: Lang) -> Option<String> {
    if parse_opener(lang, text, &DateContext::default()).is_some() {
        return with_heading_year(text, &year.to_string(), lang);
    }
    Some(match lang {
        Lang::Zh => format!("{date}，{text}"),
        Lang::En => format!("{date}, {text}"),
    })
}

/// The year a heading names when it names nothing else: `2012年`, `2012`.
pub fn heading_year(title: &str) -> Option<&str> {
    let t = title.trim();
    let year = t.strip_suffix('年').unwrap_or(t);
    (year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit())).then_some(year)
}

/// `text` with `year` (from the heading above it) written into its
/// opening date, when that date has a month but no year: `7月14日，…` is
/// `2016年7月14日，…`, `On 14 July, …` is `On 14 July 2016, …` and
/// `On July 14, …` is `On July 14, 2016, …`.
pub fn with_heading_year(text: &str, year: &str, lang: Lang) -> Option<String> {
    match lang {
        Lang::Zh => {
            let month = text.bytes().take_while(u8::is_ascii_digit).count();
            ((1..=2).contains(&month) && text[month..].starts_with('月'))
                .then(|| format!("{year}年{text}"))
        }
        Lang::En => {
            let comma = text.find(',')?;
            let words: Vec<&str> = text[..comma].split_whitespace().collect();
            let opens = words.first().is_some_and(|w| {
                [
                    "On", "In", "By", "From", "Since", "Until", "During", "Early", "Late", "Mid",
                ]
                .contains(w)
                    || is_month(w)
            });
            let month = words.iter().position(|w| is_month(w))?;
            let has_year = words
                .iter()
                .any(|w| w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()));
            if !opens || has_year || words.len() > 5 {
                return None;
            }
            // `July 14` takes the year after a comma, `14 July` after a space.
            let separator = if month + 1 < words.len() { ", " } else { " " };
            Some(format!(
                "{}{separator}{year}{}",
                &text[..comma],
                &text[comma..]
            ))
        }
    }
}

fn is_month(word: &str) -> bool {
    crate::model::date::MONTHS_EN.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_prefixes() {
        assert_eq!(date_prefix("2013-9-25[41]"), Some(9));
        assert_eq!(date_prefix("2012-12[43]"), Some(7));
        assert_eq!(date_prefix("2013年[42]"), Some(7));
        assert_eq!(date_prefix("2011年4月26日，"), Some(16));
        assert_eq!(date_prefix("2001"), Some(4));
        assert_eq!(date_prefix("2001万元"), None);
        assert_eq!(date_prefix("201"), None);
        assert_eq!(date_prefix("一审：2013-9-25"), None);
    }

    #[test]
    fn iso_forms() {
        assert_eq!(iso("2014年3月11日").as_deref(), Some("2014-03-11"));
        assert_eq!(iso("2013-9-5").as_deref(), Some("2013-09-05"));
        assert_eq!(iso("2012年").as_deref(), Some("2012"));
        assert_eq!(iso("5 March 2010"), None);
        assert_eq!(
            override_for("2013-9-5").as_deref(),
            Some("{date=2013-09-05}")
        );
        assert_eq!(override_for("2013年2月30日"), None);
    }

    #[test]
    fn what_the_loader_reads_needs_no_override() {
        let reads = |entry, date| loader_reads(entry, date, Lang::Zh);
        assert!(reads("2011年3月21日：一审。", "2011年3月21日"));
        assert!(reads("2015年5月底：二审。", "2015年5月"));
        assert!(reads("2002年：营业额。", "2002年"));
        assert!(!reads("2002：营业额。", "2002"));
        assert!(!reads("2011年3月21日：一审。", "2011年3月"));
    }

    #[test]
    fn date_lines_date_the_paragraphs_below() {
        assert_eq!(date_line("2023年1月", Lang::Zh), Some(("2023年1月", 2023)));
        assert_eq!(
            date_line("2023年1月27日：", Lang::Zh),
            Some(("2023年1月27日", 2023))
        );
        assert_eq!(date_line("2023年1月，公司成立", Lang::Zh), None);
        assert_eq!(date_line("1月27日", Lang::Zh), None);
        assert_eq!(date_line("发展历程", Lang::Zh), None);
        let under = |t| with_date_line(t, "2023年1月", 2023, Lang::Zh);
        assert_eq!(
            under("公司发布新品 [9]。").as_deref(),
            Some("2023年1月，公司发布新品 [9]。")
        );
        assert_eq!(
            under("3月5日，发布。").as_deref(),
            Some("2023年3月5日，发布。")
        );
        assert_eq!(under("2022年5月，发布。"), None);
        assert_eq!(under("同日，发布。"), None);
    }

    #[test]
    fn year_headings_and_month_days() {
        assert_eq!(heading_year("2012年"), Some("2012"));
        assert_eq!(heading_year(" 2016 "), Some("2016"));
        assert_eq!(heading_year("2005年到2010年"), None);
        let zh = |t| with_heading_year(t, "2016", Lang::Zh);
        assert_eq!(zh("7月14日，发布").as_deref(), Some("2016年7月14日，发布"));
        assert_eq!(zh("7月，发布").as_deref(), Some("2016年7月，发布"));
        assert_eq!(zh("2016年7月14日"), None);
        assert_eq!(zh("12个月后"), None);
        let en = |t| with_heading_year(t, "2016", Lang::En);
        assert_eq!(en("On 14 July, it").as_deref(), Some("On 14 July 2016, it"));
        assert_eq!(
            en("On July 14, it").as_deref(),
            Some("On July 14, 2016, it")
        );
        assert_eq!(
            en("In early March, it").as_deref(),
            Some("In early March 2016, it")
        );
        assert_eq!(en("On 14 July 2015, it"), None);
        assert_eq!(en("In the spring of the next year, May said"), None);
    }
}
