//! Side-by-side pages: a section's or the timeline's events in every
//! language.

use super::*;

/// A page showing events in every language side by side: a section's or
/// the whole timeline's.
#[derive(Debug, Clone, Serialize)]
pub struct BilingualPage {
    pub heading: String,
    /// The side-by-side pages of the sections, in place of `groups` on a
    /// timeline of more than `list_limit` events.
    pub parts: Vec<CountedLink>,
    /// The page in one language this one mirrors.
    pub single: Link,
    /// One per language, the page's own first.
    pub columns: Vec<Column>,
    pub groups: Vec<BilingualGroup>,
    /// How many events, with the restatements folded in on the timeline's
    /// page (a section's counts the entries it holds).
    pub event_count: String,
    pub has_events: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Column {
    pub name: &'static str,
    pub hreflang: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct BilingualGroup {
    pub id: String,
    /// A heading (the year on the timeline); none on a section page.
    pub label: Option<String>,
    pub rows: Vec<BilingualRow>,
}

/// One event: a cell per column.
#[derive(Debug, Clone, Serialize)]
pub struct BilingualRow {
    pub id: String,
    pub cells: Vec<BilingualCell>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BilingualCell {
    /// The column's language, by its own name.
    pub name: &'static str,
    pub hreflang: &'static str,
    /// Whether the event is written in this column's language; when not,
    /// the cell shows a marker.
    pub present: bool,
    /// The event's page in this language.
    pub url: Option<String>,
    pub date_html: String,
    pub html: String,
}

impl<'a> Builder<'a> {
    /// The languages of the side-by-side columns, this page's first.
    fn columns(&self) -> Vec<Lang> {
        let mut langs = vec![self.lang];
        langs.extend(
            self.site
                .config
                .languages
                .iter()
                .copied()
                .filter(|&l| l != self.lang),
        );
        langs
    }

    fn bilingual_row(&self, i: EventId, root: &str) -> BilingualRow {
        let e = &self.site.events[i];
        let cells = self
            .columns()
            .into_iter()
            .map(|l| {
                let written = if e.lang == l {
                    Some(i)
                } else {
                    e.counterpart.filter(|&c| self.site.events[c].lang == l)
                };
                let refs = urls::references(l);
                let (date_html, html) = match written {
                    Some(w) => {
                        let ev = &self.site.events[w];
                        (
                            date_html(&ev.date, l),
                            cited::html(&ev.text, &ev.id, self.links(root, &refs, false)),
                        )
                    }
                    None => (String::new(), String::new()),
                };
                BilingualCell {
                    name: native_name(l),
                    hreflang: l.html_tag(),
                    present: written.is_some(),
                    url: self.existing_url(urls::event(l, &e.id)),
                    date_html,
                    html,
                }
            })
            .collect();
        BilingualRow {
            id: e.id.clone(),
            cells,
        }
    }

    fn column_heads(&self) -> Vec<Column> {
        self.columns()
            .into_iter()
            .map(|l| Column {
                name: native_name(l),
                hreflang: l.html_tag(),
            })
            .collect()
    }

    /// A section's events side by side, in the order its page shows them.
    pub fn section_bilingual(&self, s: SectionId, root: &str) -> BilingualPage {
        let shown = self.displayed_text(s);
        let mut events: Vec<EventId> = Vec::new();
        if let Some((_, text)) = shown {
            for block in &text.body {
                if let BodyBlock::Text { events: evs, .. } = block {
                    events.extend(evs.iter().copied().filter(|i| self.view.shows(*i)));
                }
            }
        }
        events.extend(self.extra_events(s, shown.map(|(_, t)| t)));
        let single = self.section_link(s);
        BilingualPage {
            heading: single.title.clone(),
            parts: Vec::new(),
            single,
            columns: self.column_heads(),
            event_count: self.count_text(events.len(), 0),
            has_events: !events.is_empty(),
            groups: vec![BilingualGroup {
                id: "events".to_string(),
                label: None,
                rows: events
                    .into_iter()
                    .map(|i| self.bilingual_row(i, root))
                    .collect(),
            }],
        }
    }

    /// Every event of the timeline side by side, by year; past
    /// `list_limit` events, links to each section's side-by-side
    /// page instead.
    pub fn timeline_bilingual(&self, root: &str) -> BilingualPage {
        let single = Link {
            title: self.s("timeline"),
            url: urls::timeline(self.lang),
        };
        let count = self.site.timeline_count(self.lang);
        let mut page = BilingualPage {
            heading: self.s("timeline"),
            parts: Vec::new(),
            single,
            columns: self.column_heads(),
            event_count: self.count_text(count.events, count.restatements),
            has_events: count.events > 0,
            groups: Vec::new(),
        };
        if self.view.order.len() > self.list_limit() {
            let mut counts = vec![0; self.site.sections.len()];
            for &i in &self.view.order {
                counts[self.site.events[i].section] += 1;
            }
            page.parts = (counts.into_iter().enumerate())
                .filter(|&(_, n)| n > 0)
                .map(|(s, count)| CountedLink {
                    title: self.section_title_trail(s),
                    url: Page::SectionBilingual(s).url(self.site, self.lang),
                    count,
                })
                .collect();
            return page;
        }
        let mut years: BTreeMap<i32, Vec<EventId>> = BTreeMap::new();
        for &i in &self.view.order {
            years
                .entry(self.site.events[i].date.start.year)
                .or_default()
                .push(i);
        }
        page.groups = years
            .into_iter()
            .map(|(y, events)| BilingualGroup {
                id: format!("y-{y:04}"),
                label: Some(DatePoint::year(y).display(self.lang)),
                rows: events
                    .into_iter()
                    .map(|i| self.bilingual_row(i, root))
                    .collect(),
            })
            .collect();
        page
    }
}
