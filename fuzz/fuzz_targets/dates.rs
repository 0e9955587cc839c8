//! Shared by `dates_zh` and `dates_en`: the first input byte picks what the
//! earlier entries said (the context), the rest is the text after a clause
//! start. Whatever the text, the parser must not panic, and what it returns
//! must hold together.

use annals::load::dates::{parse_opener, DateContext};
use annals::model::{DatePoint, DateSpec, Lang};

fn context(selector: u8) -> DateContext {
    let day = DatePoint::day(2024, 2, 29);
    let points = [
        None,
        Some(DatePoint::year(2025)),
        Some(DatePoint::month(2025, 2)),
        Some(day),
        Some(DatePoint::day(2025, 12, 31)),
        Some(DatePoint::day(9999, 12, 31)),
    ];
    let point = points[usize::from(selector) % points.len()];
    DateContext {
        anchor: point,
        previous: point.filter(|_| selector & 0x80 == 0).map(DateSpec::at),
        unanchored_reported: selector & 0x40 != 0,
    }
}

pub fn check(lang: Lang, data: &[u8]) {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let ctx = context(selector);
    match parse_opener(lang, text, &ctx) {
        None => {}
        Some(Ok(parsed)) => {
            assert!(parsed.len <= text.len() && text.is_char_boundary(parsed.len));
            for w in &parsed.warnings {
                assert!(text.get(w.offset..w.offset + w.len).is_some());
            }
            let spec = parsed.spec;
            assert_eq!(spec.start.validate(), Ok(()), "{text:?}");
            if let Some(end) = spec.end {
                assert_eq!(end.validate(), Ok(()), "{text:?}");
                assert!(end.year >= spec.start.year, "{text:?}: {spec:?}");
            }
            // Everything downstream formats the date: that must not panic.
            let _ = (spec.display(lang), spec.start.iso(), spec.sort_key());
        }
        Some(Err(error)) => {
            let (offset, len) = error.span();
            assert!(
                text.get(offset..offset + len).is_some(),
                "{text:?}: {error:?}"
            );
            let _ = error.to_string();
        }
    }
}
