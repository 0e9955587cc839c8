//! `zh/timeline.json`, `en/timeline.json`: the events of a language in the
//! JSON format of Knight Lab's TimelineJS, to embed the timeline elsewhere.
//!
//! Every event the language's date pages list (restatements with
//! `same_as` left out), chronologically. Dates keep their precision: a
//! month-precision event has no `day`, a year-precision one no `month`;
//! `hour`/`minute` only for a clock time. `display_date` is the date as
//! the site writes it in the language (`2025年2月上旬`, `evening of 27
//! January 2025`); `group` is the title of the event's top-level section
//! (TimelineJS gives each group a row of its navigation strip: a row per
//! subsection would leave each row too thin to read); `unique_id` its id.
//! An event has no `headline`: its text is one or two sentences, which a
//! headline would only repeat; TimelineJS shows the start of the text in
//! the navigation strip instead. The title slide has the site's title and
//! description, and an id no event can have ([`TITLE_ID`]).
//! `headline`, `text` and `group` are HTML-escaped, since TimelineJS renders
//! them as HTML (`group` too: TimelineJS sets its label with `innerHTML`);
//! the text links to the event's page only when `base_url` gives an
//! absolute address for it.
//!
//! The story page (`L/timeline/story/index.html`, [`story`]) shows this
//! data with TimelineJS itself, shipped in the binary
//! ([`super::assets::TIMELINEJS`]) and written beside the pages only when
//! a language has the page ([`has_story`]).

use super::urls;
use super::view::LangView;
use crate::model::{DatePoint, Lang, SectionId, Site, TimeOfDay};
use crate::text::escape;
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
    #[serde(skip_serializing_if = "Option::is_none")]
    pub headline: Option<String>,
    pub text: String,
}

/// The title slide's `unique_id`: event ids are slugs (`a-z`, `0-9`, `-`),
/// so one with `_` is never an event's.
pub const TITLE_ID: &str = "_title";

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

/// The story page's path: `zh/timeline/story/index.html`.
pub fn story(lang: Lang) -> String {
    format!("{}/timeline/story/index.html", lang.code())
}

/// Whether a language has `timeline.json`: while it has no more than
/// `list_limit` events. TimelineJS draws every slide and marker at once,
/// so a longer export is more than it can show (100,000 events made
/// 70 MB of it per language).
pub fn has_export(site: &Site, view: &LangView) -> bool {
    dated_up_to_limit(site, view) <= site.config.list_limit.get()
}

/// Whether a language has the story page: when it has the export and
/// events in it (the page carries the whole export).
pub fn has_story(site: &Site, view: &LangView) -> bool {
    has_export(site, view) && dated_up_to_limit(site, view) > 0
}

/// The language's dated events, counted up to one past `list_limit`.
fn dated_up_to_limit(site: &Site, view: &LangView) -> usize {
    view.dated().take(site.config.list_limit.get() + 1).count()
}

/// TimelineJS's Chinese strings (month names, date formats, buttons),
/// from its `locale/zh-cn.json`.
const ZH_LOCALE: &str = include_str!("../../third_party/timelinejs/js/locale/zh-cn.json");

/// The story page's `language` option. TimelineJS knows English; any other
/// language it fetches as a JSON file, which a page opened from `file://`
/// may not. It also takes the address of any file ending in `.json`, and
/// the browser reads a `data:` address without asking the network or the
/// disk: the locale travels in the page (the `#….json` fragment is only
/// for TimelineJS's test; the request leaves it out).
pub fn language_option(lang: Lang) -> String {
    match lang {
        Lang::En => "en".to_string(),
        Lang::Zh => {
            let compact = serde_json::from_str::<serde_json::Value>(ZH_LOCALE)
                .expect("the bundled locale is JSON")
                .to_string();
            format!(
                "data:application/json,{}#zh-cn.json",
                urls::segment(&compact)
            )
        }
    }
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
                let url = urls::absolute(b, urls::pretty(&view.event_url(site, i)));
                text.push_str(&format!(" <a href=\"{}\">#</a>", escape(&url)));
            }
            Slide {
                start_date: Some(tl_date(&e.date.start, e.date.start.display(lang))),
                end_date: e.date.end.map(|end| tl_date(&end, end.display(lang))),
                text: Text {
                    headline: None,
                    text,
                },
                group: Some(escape(
                    site.sections[top_section(site, e.section)].title(lang),
                )),
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
                headline: Some(escape(site.config.title.get(lang))),
                text: escape(site.config.description.get(lang)),
            },
            group: None,
            unique_id: Some(TITLE_ID.to_string()),
            display_date: None,
        },
        events,
    }
}

/// The outermost section holding `section`.
fn top_section(site: &Site, mut section: SectionId) -> SectionId {
    while let Some(parent) = site.sections[section].parent {
        section = parent;
    }
    section
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
    fn chinese_travels_in_the_page_as_a_json_address() {
        assert_eq!(language_option(Lang::En), "en");
        let zh = language_option(Lang::Zh);
        // TimelineJS takes a language ending in `.json` for the address of
        // its strings.
        let (body, fragment) = zh
            .strip_prefix("data:application/json,")
            .and_then(|rest| rest.split_once('#'))
            .expect("a data address with a fragment");
        assert!(fragment.ends_with(".json"));
        let decoded = urls::file_path(body);
        let strings: serde_json::Value = serde_json::from_str(&decoded).unwrap();
        assert_eq!(strings["lang"], "zh-cn");
        assert_eq!(strings["date"]["month_abbr"][0], "1月");
        assert!(!body.contains(['#', ' ', '"', '<']), "{body}");
    }

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
