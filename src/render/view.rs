//! What a language's pages show: its own events, plus every event of
//! another language that has no counterpart in it (shown in the original,
//! marked untranslated), in chronological order.

use super::urls;
use crate::model::{EventId, Lang, Site};
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, BTreeSet};

pub struct LangView {
    pub lang: Lang,
    /// Events shown, chronologically (`date.sort_key()`, then the end of a
    /// range, then source order).
    pub order: Vec<EventId>,
    /// Position in `order` of each event of the site, if shown.
    positions: Vec<Option<usize>>,
    /// Shown events by their id.
    pub by_id: FxHashMap<String, EventId>,
    /// Shown events that restate another shown event (`{same=id}`): listed
    /// once on date pages, under the event they restate.
    pub restated: BTreeSet<EventId>,
    /// Whether each event has a page of its own: while the language shows
    /// at most `event_page_limit` events. Every language shows each pair
    /// and each unpaired event once, so all decide alike and links between
    /// languages (an event page's translation) never lead to a missing page.
    pub event_pages: bool,
    /// The events of `dated()` by the year, month and day they start on.
    by_day: BTreeMap<DayKey, Vec<EventId>>,
}

pub type DayKey = (i32, Option<u8>, Option<u8>);

impl LangView {
    pub fn new(site: &Site, lang: Lang) -> LangView {
        let mut order: Vec<EventId> = (0..site.events.len())
            .filter(|&i| site.shows(lang, &site.events[i]))
            .collect();
        // Each key made once, not at each of the n log n comparisons.
        order.sort_by_cached_key(|&i| {
            let d = &site.events[i].date;
            (d.sort_key(), d.end.map(|e| e.sort_key()), i)
        });
        let mut positions = vec![None; site.events.len()];
        for (p, &i) in order.iter().enumerate() {
            positions[i] = Some(p);
        }
        let by_id: FxHashMap<String, EventId> = order
            .iter()
            .map(|&i| (site.events[i].id.clone(), i))
            .collect();
        let restated = site.restatements(lang);
        let mut by_day: BTreeMap<DayKey, Vec<EventId>> = BTreeMap::new();
        for &i in order.iter().filter(|i| !restated.contains(*i)) {
            let p = site.events[i].date.start;
            by_day.entry((p.year, p.month, p.day)).or_default().push(i);
        }
        LangView {
            lang,
            event_pages: order.len() <= site.config.event_page_limit,
            order,
            positions,
            by_id,
            restated,
            by_day,
        }
    }

    /// Where event `i` stands in `order`, if this language shows it.
    pub fn position(&self, i: EventId) -> Option<usize> {
        self.positions[i]
    }

    /// Whether this language shows event `i`.
    pub fn shows(&self, i: EventId) -> bool {
        self.positions[i].is_some()
    }

    /// Whether an event shown here is in another language.
    pub fn untranslated(&self, site: &Site, id: EventId) -> bool {
        site.events[id].lang != self.lang
    }

    /// Where a link to a shown event leads, relative to the output root:
    /// its page, or without event pages its place on the most precise date
    /// page listing it (a restatement's, the event it restates).
    pub fn event_url(&self, site: &Site, i: EventId) -> String {
        let (page, _) = self.event_read_at(site, i);
        if self.event_pages {
            return page;
        }
        format!("{page}#e-{}", site.events[self.listed_as(site, i)].id)
    }

    /// The page where event `i` is read in full, and whether its own text
    /// is there: not for a restatement without event pages, which its
    /// date page folds into the event it restates.
    pub fn event_read_at(&self, site: &Site, i: EventId) -> (String, bool) {
        if self.event_pages {
            return (urls::event(self.lang, &site.events[i].id), true);
        }
        let listed = self.listed_as(site, i);
        let start = &site.events[listed].date.start;
        (urls::archives(self.lang, start).swap_remove(0), listed == i)
    }

    /// The event date pages list in place of `i`: the event it restates,
    /// else itself.
    fn listed_as(&self, site: &Site, i: EventId) -> EventId {
        match site.events[i].same_as.as_deref() {
            Some(same) if self.restated.contains(&i) => self.by_id.get(same).copied().unwrap_or(i),
            _ => i,
        }
    }

    /// The year, month and day (as far as known) that events of `dated()`
    /// start on, each once, in order.
    pub fn start_days(&self) -> impl Iterator<Item = DayKey> + '_ {
        self.by_day.keys().copied()
    }

    /// The shown events in chronological order that date pages list.
    pub fn dated(&self) -> impl Iterator<Item = EventId> + '_ {
        self.order
            .iter()
            .copied()
            .filter(|i| !self.restated.contains(i))
    }
}

impl LangView {
    /// The shown events that mention product `id`, chronologically; a
    /// restatement is the same event, listed once.
    pub fn product_events(&self, site: &Site, id: &str) -> Vec<EventId> {
        (self.order.iter().copied())
            .filter(|&i| site.events[i].products.iter().any(|p| p == id))
            .filter(|i| !self.restated.contains(i))
            .collect()
    }

    /// The events of `dated()` that start in a year, a month of it (`month`)
    /// or a day of that (`day` too), in the same order.
    pub fn dated_in(&self, year: i32, month: Option<u8>, day: Option<u8>) -> Vec<EventId> {
        let (first, last) = match (month, day) {
            (Some(m), Some(d)) => ((year, Some(m), Some(d)), (year, Some(m), Some(d))),
            (Some(m), None) => ((year, Some(m), None), (year, Some(m), Some(u8::MAX))),
            (None, _) => ((year, None, None), (year, Some(u8::MAX), Some(u8::MAX))),
        };
        let mut events: Vec<EventId> = (self.by_day.range(first..=last))
            .flat_map(|(_, ids)| ids.iter().copied())
            .collect();
        events.sort_by_key(|&i| self.positions[i]);
        events
    }
}
