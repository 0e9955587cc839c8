//! Events the article states more than once. An encyclopedia restates key
//! events in its overview and again in the sections (the Australian ban on
//! DeepSeek appears three times in the DeepSeek article). Both statements
//! stay in their sections; `same_as` links the restatement to the fullest
//! one, so date pages and feeds show the event once.

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::model::{DatePoint, Event, EventId, Lang};

type DateKey = (Lang, DatePoint, Option<DatePoint>, Vec<u32>);
use rustc_hash::{FxHashMap, FxHashSet};

/// Links restatements: events of one language, in different sections, with
/// the same date and the same (non-empty) citations are linked
/// automatically; `{same=id}` links others explicitly and must name an event.
pub fn link(events: &mut [Event], default: Lang, diags: &mut Diagnostics) {
    // Most sites name no restatement: the ids are gathered only for one.
    let named = events.iter().any(|e| e.same_as.is_some());
    let ids: FxHashSet<(Lang, &str)> = events
        .iter()
        .filter(|_| named)
        .map(|e| (e.lang, e.id.as_str()))
        .collect();
    for e in events.iter() {
        if let Some(target) = &e.same_as {
            if !ids.contains(&(e.lang, target.as_str())) {
                diags.push(
                    Diagnostic::error(
                        Some(Location::new(&e.source.path, e.source.line, e.source.col)),
                        format!("`{{same={target}}}` names no event"),
                    )
                    .with_hint("give the event it restates an id with {#id}, and use that id here"),
                );
            }
        }
    }

    // Canonical statements are chosen among originals (and unpaired
    // translations); paired translations follow their originals below.
    let chooses = |e: &Event| e.counterpart.is_none() || e.lang == default;
    // Each map's groups are disjoint, so the order they are taken in does
    // not matter; all dated groups go before those of the same text.
    let mut by_date: FxHashMap<DateKey, Vec<EventId>> = FxHashMap::default();
    let mut by_text: FxHashMap<(Lang, &str), Vec<EventId>> = FxHashMap::default();
    for (i, e) in events.iter().enumerate() {
        if e.same_as.is_some() || !chooses(e) {
            continue;
        }
        by_text
            .entry((e.lang, e.text.text.as_str()))
            .or_default()
            .push(i);
        let mut cites = e.text.numbers();
        if cites.is_empty() {
            continue;
        }
        cites.sort_unstable();
        let key = (
            e.lang,
            e.date.start.without_time(),
            e.date.end.map(|d| d.without_time()),
            cites,
        );
        by_date.entry(key).or_default().push(i);
    }
    let groups: Vec<Vec<EventId>> = by_date.into_values().chain(by_text.into_values()).collect();
    for members in groups {
        let spans_sections = members
            .iter()
            .any(|i| events[*i].section != events[members[0]].section);
        if members.len() < 2
            || !spans_sections
            || members.iter().any(|i| events[*i].same_as.is_some())
        {
            continue;
        }
        // The fullest statement is the one the others point to.
        let canonical = *members
            .iter()
            .max_by_key(|i| {
                (
                    events[**i].text.text.chars().count(),
                    std::cmp::Reverse(**i),
                )
            })
            .unwrap_or(&members[0]);
        let id = events[canonical].id.clone();
        for &i in &members {
            if i != canonical && events[i].section != events[canonical].section {
                events[i].same_as = Some(id.clone());
            }
        }
    }
    // A translation restates what its original restates.
    for i in 0..events.len() {
        if let (Some(c), false) = (events[i].counterpart, events[i].lang == default) {
            events[i].same_as = events[c].same_as.clone();
        }
    }
}
