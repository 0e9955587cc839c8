//! Infobox facts marked `event:` in `site.yaml` become events of the
//! overview section, one per language, so that a date the article states
//! only in the infobox (the founding) is on the timeline like any other.

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::load::checks::EntryChecks;
use crate::load::data::CONFIG;
use crate::load::markdown::TextKind;
use crate::model::{
    BodyBlock, CitationRun, CitedText, DateSpec, Event, Fact, FactEvent, SectionId, Site, SourcePos,
};
use std::path::Path;

/// Adds the events of the infobox facts to the overview (`content/_index.md`),
/// each in a paragraph of its own before the overview's first dated entries.
/// `source` is the text of `site.yaml`, for locations.
pub fn add(site: &mut Site, source: &str, checks: &EntryChecks, diags: &mut Diagnostics) {
    let lines = event_lines(source);
    let facts: Vec<(Fact, FactEvent)> = (site.config.company.iter())
        .filter_map(|f| Some((f.clone(), f.event.clone()?)))
        .collect();
    if facts.is_empty() {
        return;
    }
    let at = |k: usize| Location::new(CONFIG, lines.get(k).copied().unwrap_or(1), 1);
    let Some(overview) = overview(site) else {
        diags.push(
            Diagnostic::error(
                Some(at(0)),
                "an infobox fact with `event:` needs an overview to hold its event",
            )
            .with_hint("write content/_index.md (the overview), or remove `event:`"),
        );
        return;
    };
    for (k, (fact, event)) in facts.into_iter().enumerate() {
        let location = at(k);
        for lang in site.config.languages.clone() {
            let Some(text) = event.text.0.get(&lang) else {
                diags.push(
                    Diagnostic::error(
                        Some(location.clone()),
                        format!(
                            "the event of the fact `{}` has no {lang} text",
                            fact.label.get(lang)
                        ),
                    )
                    .with_hint(format!("add `{}: …` to its `text:`", lang.code())),
                );
                continue;
            };
            let id = site.events.len();
            site.events.push(Event {
                id: String::new(),
                lang,
                section: overview,
                date: DateSpec::at(event.date),
                text: CitedText {
                    text: text.clone(),
                    citations: match fact.cite.is_empty() {
                        true => Vec::new(),
                        false => vec![CitationRun {
                            offset: text.len(),
                            numbers: fact.cite.clone(),
                        }],
                    },
                },
                products: checks.products(text),
                source: SourcePos {
                    path: location.path.clone(),
                    line: location.line,
                    col: location.col,
                },
                counterpart: None,
                explicit_id: None,
                same_as: None,
            });
            if let Some(body) = site.sections[overview]
                .texts
                .get_mut(&lang)
                .map(|t| &mut t.body)
            {
                let first_dated = body
                    .iter()
                    .position(|b| matches!(b, BodyBlock::Text { events, .. } if !events.is_empty()))
                    .unwrap_or(body.len());
                body.insert(
                    first_dated,
                    BodyBlock::Text {
                        kind: TextKind::Paragraph,
                        lead: None,
                        events: vec![id],
                    },
                );
            }
        }
    }
}

/// The section of `content/_index.md`.
fn overview(site: &Site) -> Option<SectionId> {
    let file = Path::new(CONFIG).with_file_name("_index.md");
    site.sections
        .iter()
        .position(|s| s.parent.is_none() && s.texts.values().any(|t| t.source == file))
}

/// The lines of the `event:` keys of `site.yaml`, in order: the facts'
/// events, since no other setting has that key.
fn event_lines(source: &str) -> Vec<usize> {
    source
        .lines()
        .enumerate()
        .filter(|(_, l)| {
            l.trim_start()
                .trim_start_matches("- ")
                .starts_with("event:")
        })
        .map(|(i, _)| i + 1)
        .collect()
}
