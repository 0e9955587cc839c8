//! `zh/timeline.json`, `en/timeline.json`: the events of a language in the
//! JSON format of Knight Lab's TimelineJS, to embed the timeline elsewhere.
//!
//! Every event the language's date pages list (restatements with
//! `same_as` left out), chronologically. Dates keep their precision: a
//! month-precision event has no `day`, a year-precision one no `month`;
//! `hour`/`minute` only for a clock time. `display_date` is the date as
//! the site writes it in the language (`2025年2月上旬`, `evening of 27
//! January 2025`); `group` is the event's section title; `unique_id` its id.
//! `headline`, `text` and `group` are HTML-escaped, since TimelineJS renders
//! them as HTML (`group` too: TimelineJS sets its label with `innerHTML`);
//! the text links to the event's page only when `base_url` gives an
//! absolute address for it.

use super::urls;
use super::view::LangView;
use crate::model::{DatePoint, Lang, Site, TimeOfDay};
use crate::text::{escape, excerpt};
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct Timeline {
    pub title: Slide,
    pub events: Vec<Slide>,
}

/// A TimelineJS slide: the title slide has only `text`.
#[derive(Debug, Serialize)]
pub struct Slide {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_date: Option<TlDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_date: Option<TlDate>,
    pub text: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unique_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_date: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Text {
    pub headline: String,
    pub text: String,
}

#[derive(Debug, PartialEq, Eq, Serialize)]
pub struct TlDate {
    pub year: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub month: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub day: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hour: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minute: Option<u8>,
    pub display_date: String,
}

/// The export's path in the output: `zh/timeline.json`.
pub fn path(lang: Lang) -> String {
    format!("{}/timeline.json", lang.code())
}

/// A date point at its own precision.
pub fn tl_date(p: &DatePoint, display: String) -> TlDate {
    let (hour, minute) = match p.time {
        Some(TimeOfDay::Clock { hour, minute }) if p.day.is_some() => (
            Some(hour.min(23)),
            Some(if hour > 23 { 59 } else { minute }),
        ),
        _ => (None, None),
    };
    TlDate {
        year: p.year,
        month: p.month,
        day: p.month.and(p.day),
        hour,
        minute,
        display_date: display,
    }
}

/// The TimelineJS data of a language.
pub fn timeline(site: &Site, view: &LangView) -> Timeline {
    let lang = view.lang;
    let base = site.config.base_url();
    let events = view
        .dated()
        .map(|i| {
            let e = &site.events[i];
            let mut text = escape(&e.text.text).replace('\n', "<br>");
            if let Some(b) = base {
                let url = urls::absolute(b, urls::pretty(&urls::event(lang, &e.id)));
                text.push_str(&format!(" <a href=\"{}\">#</a>", escape(&url)));
            }
            Slide {
                start_date: Some(tl_date(&e.date.start, e.date.start.display(lang))),
                end_date: e.date.end.map(|end| tl_date(&end, end.display(lang))),
                text: Text {
                    headline: escape(&excerpt(&e.text.text, 40)),
                    text,
                },
                group: Some(escape(site.sections[e.section].title(lang))),
                unique_id: Some(e.id.clone()),
                display_date: Some(e.date.display(lang)),
            }
        })
        .collect();
    Timeline {
        title: Slide {
            start_date: None,
            end_date: None,
            text: Text {
                headline: escape(site.config.title.get(lang)),
                text: escape(site.config.description.get(lang)),
            },
            group: None,
            unique_id: None,
            display_date: None,
        },
        events,
    }
}

/// `timeline.json`'s bytes.
pub fn json(site: &Site, view: &LangView) -> Result<String, serde_json::Error> {
    let mut s = serde_json::to_string(&timeline(site, view))?;
    s.push('\n');
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Period;

    #[test]
    fn precision_is_kept() {
        let m = tl_date(&DatePoint::month(2025, 2), "February 2025".into());
        assert_eq!((m.month, m.day, m.hour), (Some(2), None, None));
        let early = DatePoint {
            period: Some(Period::Early),
            ..DatePoint::month(2025, 2)
        };
        assert_eq!(tl_date(&early, String::new()).day, None);
        let clock = DatePoint {
            time: Some(TimeOfDay::Clock {
                hour: 20,
                minute: 55,
            }),
            ..DatePoint::day(2025, 1, 27)
        };
        let c = tl_date(&clock, String::new());
        assert_eq!((c.day, c.hour, c.minute), (Some(27), Some(20), Some(55)));
        let evening = DatePoint {
            time: Some(TimeOfDay::Evening),
            ..DatePoint::day(2025, 1, 27)
        };
        assert_eq!(tl_date(&evening, String::new()).hour, None);
        let json = serde_json::to_value(tl_date(&DatePoint::year(2024), "2024".into())).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"year": 2024, "display_date": "2024"})
        );
    }
}
