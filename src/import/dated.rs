//! The shallow look at dates the importer needs before the loader reads
//! them: whether a table cell opens with a date, and which heading names a
//! year. The loader's date parser stays the judge of what a date means.

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

/// The year a heading names when it names nothing else: `2012年`, `2012`.
pub fn heading_year(title: &str) -> Option<&str> {
    let t = title.trim();
    let year = t.strip_suffix('年').unwrap_or(t);
    (year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit())).then_some(year)
}

/// Whether `text` opens with a month and day and no year (`7月14日`).
pub fn opens_with_month_day(text: &str) -> bool {
    let month = text.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=2).contains(&month) || !text[month..].starts_with('月') {
        return false;
    }
    let rest = &text[month + '月'.len_utf8()..];
    let day = rest.bytes().take_while(u8::is_ascii_digit).count();
    (1..=2).contains(&day) && rest[day..].starts_with('日')
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
    }

    #[test]
    fn year_headings_and_month_days() {
        assert_eq!(heading_year("2012年"), Some("2012"));
        assert_eq!(heading_year(" 2016 "), Some("2016"));
        assert_eq!(heading_year("2005年到2010年"), None);
        assert!(opens_with_month_day("7月14日，发布"));
        assert!(!opens_with_month_day("2016年7月14日"));
        assert!(!opens_with_month_day("7月，发布"));
    }
}
