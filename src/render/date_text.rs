//! A date as a language writes it, in parts: the qualifiers' words before
//! and after, the start, and the end of a range with the word joining it.
//! Pages mark each end up (`<time datetime="2025-02">`) from the parts,
//! rather than looking for it in the formatted string.

use crate::model::date::range_join;
use crate::model::{DateSpec, Lang};
use crate::text::{escape, push_escaped};

/// [`DateSpec::display`] in parts; [`DateParts::text`] is the same string.
#[derive(Debug, PartialEq, Eq)]
pub struct DateParts {
    pub before: String,
    pub start: String,
    /// The end of a range, and the words before it (`至`, ` – `).
    pub end: Option<(&'static str, String)>,
    pub after: String,
}

impl DateParts {
    pub fn new(date: &DateSpec, lang: Lang) -> DateParts {
        let (before, after) = date.qualifier_words(lang);
        DateParts {
            before,
            start: date.start.display(lang),
            end: date.end.map(|end| (range_join(lang), end.display(lang))),
            after,
        }
    }

    pub fn text(&self) -> String {
        let mut s = self.before.clone();
        s.push_str(&self.start);
        if let Some((join, end)) = &self.end {
            s.push_str(join);
            s.push_str(end);
        }
        s.push_str(&self.after);
        s
    }
}

/// A date as `lang` writes it (`2025年2月上旬`, `evening of 27 January
/// 2025`), escaped, with each end in a `<time>` whose `datetime` is its ISO
/// form at its precision (`2025-02`).
pub fn date_html(date: &DateSpec, lang: Lang) -> String {
    let parts = DateParts::new(date, lang);
    let mut out = escape(&parts.before);
    push_time(&mut out, &date.start.iso(), &parts.start);
    if let (Some(end), Some((join, text))) = (date.end, &parts.end) {
        push_escaped(&mut out, join);
        push_time(&mut out, &end.iso(), text);
    }
    push_escaped(&mut out, &parts.after);
    out
}

fn push_time(out: &mut String, iso: &str, text: &str) {
    out.push_str("<time datetime=\"");
    out.push_str(iso);
    out.push_str("\">");
    push_escaped(out, text);
    out.push_str("</time>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DatePoint, Qualifier, TimeOfDay};

    #[test]
    fn the_parts_make_the_displayed_date_with_any_qualifiers() {
        let qualifiers = [
            Qualifier::LocalTime,
            Qualifier::AsOf,
            Qualifier::ShortlyBefore,
            Qualifier::Reported,
            Qualifier::Relative,
        ];
        let evening = DatePoint {
            time: Some(TimeOfDay::Evening),
            ..DatePoint::day(2025, 1, 27)
        };
        for end in [None, Some(DatePoint::month(2025, 6))] {
            for a in qualifiers {
                for b in qualifiers {
                    let date = DateSpec {
                        start: evening,
                        end,
                        qualifiers: vec![a, b],
                    };
                    for lang in [Lang::Zh, Lang::En] {
                        assert_eq!(DateParts::new(&date, lang).text(), date.display(lang));
                    }
                }
            }
        }
    }

    #[test]
    fn each_end_is_a_time_element() {
        let date = DateSpec {
            start: DatePoint::day(2024, 1, 5),
            end: Some(DatePoint::month(2024, 6)),
            qualifiers: vec![Qualifier::AsOf],
        };
        assert_eq!(
            date_html(&date, Lang::Zh),
            "截至<time datetime=\"2024-01-05\">2024年1月5日</time>至<time datetime=\"2024-06\">2024年6月</time>"
        );
    }
}
