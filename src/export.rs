//! The structured form of events that `annals events` prints and the site's
//! `events.json` holds. Other tools read it: keep field names stable.

use crate::model::{Event, Lang, Precision, Qualifier, Site};
use serde::Serialize;
use std::path::Path;

#[derive(Debug, Serialize)]
pub struct EventRecord<'a> {
    pub id: &'a str,
    pub lang: Lang,
    /// Section titles, outermost first.
    pub section: Vec<String>,
    pub date: DateRecord,
    pub citations: Vec<u32>,
    pub products: &'a [String],
    /// Plain text without citation markers.
    pub text: &'a str,
    pub source: SourceRecord<'a>,
    /// Whether the event is paired with its translation (which shares `id`).
    pub paired: bool,
    pub same_as: Option<&'a str>,
}

#[derive(Debug, Serialize)]
pub struct DateRecord {
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub start: String,
    pub end: Option<String>,
    pub precision: Precision,
    pub qualifiers: Vec<Qualifier>,
    /// The date as the site shows it in the event's language.
    pub display: String,
}

#[derive(Debug, Serialize)]
pub struct SourceRecord<'a> {
    pub path: &'a Path,
    pub line: usize,
}

pub fn record<'a>(site: &'a Site, e: &'a Event) -> EventRecord<'a> {
    EventRecord {
        id: &e.id,
        lang: e.lang,
        section: site.section_titles(e.section, e.lang),
        date: DateRecord {
            start: e.date.start.iso(),
            end: e.date.end.map(|d| d.iso()),
            precision: e.date.precision(),
            qualifiers: e.date.qualifiers.clone(),
            display: e.date.display(e.lang),
        },
        citations: e.text.numbers(),
        products: &e.products,
        text: &e.text.text,
        source: SourceRecord {
            path: &e.source.path,
            line: e.source.line,
        },
        paired: e.counterpart.is_some(),
        same_as: e.same_as.as_deref(),
    }
}

/// Records of the events in `lang` (all languages when `None`), in source order.
pub fn records(site: &Site, lang: Option<Lang>) -> Vec<EventRecord<'_>> {
    site.events
        .iter()
        .filter(|e| lang.is_none_or(|l| e.lang == l))
        .map(|e| record(site, e))
        .collect()
}
