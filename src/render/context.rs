//! The values templates receive. Every `url` is relative to the output root
//! (templates write `{{ root }}{{ x.url }}`); every `html` field is markup
//! made by [`cited`] from escaped text (or the loader's own
//! Markdown rendering), so templates print it with `| safe`; every other
//! string is plain text that Tera escapes.

use super::assets::native_name;
use super::charts;
use super::cited::{self, Links};
use super::pages::Page;
use super::urls;
use super::view::LangView;
use crate::load::markdown::TextKind;
use crate::model::{
    BodyBlock, DatePoint, DateSpec, EventId, Fact, Lang, Product, SectionId, SectionText, Site,
};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashSet};

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub title: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CountedLink {
    pub title: String,
    pub url: String,
    pub count: usize,
}

/// What every page has: language, root prefix, navigation.
#[derive(Debug, Clone, Serialize)]
pub struct Common {
    pub lang: &'static str,
    pub html_lang: &'static str,
    /// `../` per folder between this page and the output root.
    pub root: String,
    pub page_url: String,
    /// The page's own title; empty on the home page.
    pub title: String,
    pub site_title: String,
    pub site_description: String,
    /// The same page in every language it exists in (this one included).
    pub alternates: Vec<Alternate>,
    /// The same page in the other languages (their home when it is missing).
    pub switch: Vec<Alternate>,
    pub nav: Vec<NavItem>,
    /// Absolute URL of the page when the site has a `base_url`.
    pub canonical: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Alternate {
    pub hreflang: &'static str,
    pub name: &'static str,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct NavItem {
    pub title: String,
    pub url: String,
    pub current: bool,
}

/// One event, as any page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct EventView {
    pub id: String,
    /// Whether the event carries its `id="e-…"` (and its citations theirs):
    /// off where it may be shown twice on one page.
    pub anchor: bool,
    pub url: String,
    /// The date as the page's language writes it.
    pub date: String,
    /// `2025-01-20`, `2025-01`, `2024 – 2025-06`: the ISO form.
    pub date_short: String,
    /// The date as the page's language writes it, each end in a
    /// `<time datetime="…">` holding its ISO form: the badge.
    pub date_html: String,
    /// The most precise date page listing the event.
    pub date_url: String,
    /// The text with its citations, as HTML; empty for a headline.
    pub html: String,
    /// A headline: the start of the text, plain, for long lists that link
    /// each event to its page rather than repeat it in full.
    pub excerpt: String,
    pub compact: bool,
    /// Shown in its original language, the page's having no translation.
    pub untranslated: bool,
    /// `lang` attribute of the text.
    pub text_lang: &'static str,
    /// The event in its section's page.
    pub section: Link,
    pub products: Vec<Link>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BlockView {
    Heading { level: u8, text: String },
    Html { html: String },
    Paragraph { item: TextView },
    Quote { item: TextView },
    List { ordered: bool, items: Vec<TextView> },
}

/// A paragraph or list item: lead prose, then its events.
#[derive(Debug, Clone, Serialize)]
pub struct TextView {
    pub lead: Option<String>,
    pub events: Vec<EventView>,
}

/// A section's text as a page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct SectionBody {
    pub title: String,
    pub url: String,
    /// No text in the page's language: the original is shown.
    pub untranslated: bool,
    pub text_lang: &'static str,
    pub blocks: Vec<BlockView>,
    /// Events of the section in other languages that have no translation
    /// in the body shown.
    pub extra: Vec<EventView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FactView {
    pub label: String,
    pub value: String,
    pub cites: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TreeItem {
    pub title: String,
    pub url: String,
    pub children: Vec<TreeItem>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HomePage {
    pub infobox: Vec<FactView>,
    pub overview: Option<SectionBody>,
    pub featured: Vec<ProductCard>,
    pub latest: Vec<EventView>,
    pub sections: Vec<TreeItem>,
    pub event_count: usize,
    /// The bar chart of events per month (inline SVG), empty when no
    /// event has a month.
    pub chart: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionPage {
    pub body: SectionBody,
    pub summary: Option<String>,
    pub crumbs: Vec<Link>,
    pub children: Vec<Link>,
    pub prev: Option<Link>,
    pub next: Option<Link>,
    pub event_count: usize,
    /// The side-by-side variant of the page, when there is one.
    pub bilingual_url: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Group {
    pub id: String,
    pub label: String,
    /// The group's own date page, if it has one.
    pub url: Option<String>,
    /// Its events; on a timeline of months, none (see `count`).
    pub events: Vec<EventView>,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct YearGroup {
    pub id: String,
    pub label: String,
    /// The year's date page, if it has one.
    pub url: Option<String>,
    pub months: Vec<Group>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TimelinePage {
    pub years: Vec<YearGroup>,
    pub event_count: usize,
    /// Whether each month lists its events, or only counts them (past
    /// `list_limit` events).
    pub listed: bool,
    /// The bar chart of events per month (inline SVG).
    pub chart: String,
    /// The side-by-side variant of the page, when there is one.
    pub bilingual_url: Option<String>,
    /// The TimelineJS export of the language's events.
    pub timeline_json: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ArchivePage {
    /// `year`, `month` or `day`.
    pub level: &'static str,
    pub heading: String,
    pub crumbs: Vec<Link>,
    /// The months of a year page, the days of a month page.
    pub children: Vec<CountedLink>,
    /// The events by month or day; none on a year or month page of more
    /// than `list_limit` events, which lists only `children`.
    pub groups: Vec<Group>,
    pub listed: bool,
    pub prev: Option<Link>,
    pub next: Option<Link>,
    pub event_count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct EventLink {
    pub url: String,
    pub date: String,
    pub excerpt: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Counterpart {
    pub url: String,
    pub name: &'static str,
    pub hreflang: &'static str,
    /// `translation` (the event written in another language) or `original`
    /// (this page shows an untranslated event; the original is there).
    pub kind: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct EventPage {
    pub event: EventView,
    pub excerpt: String,
    pub crumbs: Vec<Link>,
    pub counterparts: Vec<Counterpart>,
    /// The languages with no translation of this event.
    pub missing: Vec<&'static str>,
    pub prev: Option<EventLink>,
    pub next: Option<EventLink>,
    pub same_as: Option<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProductCard {
    pub id: String,
    pub name: String,
    pub url: String,
    pub kind: Option<String>,
    pub released: Option<String>,
    pub released_url: Option<String>,
    pub summary: String,
    pub featured: bool,
    pub event_count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProductsPage {
    pub products: Vec<ProductCard>,
    /// Products on a time axis (inline SVG), empty when none has a date.
    pub chart: String,
}

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
    pub crumbs: Vec<Link>,
    /// One per language, the page's own first.
    pub columns: Vec<Column>,
    pub groups: Vec<BilingualGroup>,
    pub event_count: usize,
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

#[derive(Debug, Clone, Serialize)]
pub struct ProductPage {
    pub product: ProductCard,
    /// On the first part only.
    pub facts: Vec<FactView>,
    pub aliases: Vec<String>,
    /// The events of this part: `list_limit` at most.
    pub events: Vec<EventView>,
    pub event_count: usize,
    /// This part of the page, from 1, of `parts`.
    pub part: usize,
    pub parts: usize,
    pub prev: Option<Link>,
    pub next: Option<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RefView {
    pub n: u32,
    pub title: Option<String>,
    pub publisher: Option<String>,
    /// Only `http(s)` URLs.
    pub url: Option<String>,
    pub date: Option<String>,
    pub described: bool,
    pub backlinks: Vec<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReferencesPage {
    pub references: Vec<RefView>,
}

/// A place where a number is cited: the page and the superscript's id.
struct CitingPlace {
    n: u32,
    url: String,
    label: String,
}

/// Builds the contexts of one language's pages.
pub struct Builder<'a> {
    pub site: &'a Site,
    pub view: &'a LangView,
    pub lang: Lang,
    /// The URL of every page written, all languages.
    pub existing: &'a HashSet<String>,
    /// The interface strings of the language.
    pub t: &'a BTreeMap<String, String>,
}

impl<'a> Builder<'a> {
    pub fn new(
        site: &'a Site,
        view: &'a LangView,
        existing: &'a HashSet<String>,
        t: &'a BTreeMap<String, String>,
    ) -> Self {
        Builder {
            site,
            view,
            lang: view.lang,
            existing,
            t,
        }
    }

    /// The most events a list page shows one by one (`list_limit`).
    fn list_limit(&self) -> usize {
        self.site.config.list_limit.get()
    }

    /// An interface string (its key when the table lacks it).
    fn s(&self, key: &str) -> String {
        self.t.get(key).cloned().unwrap_or_else(|| key.to_string())
    }

    fn links<'r>(&self, refs: &'r str, ids: bool) -> Links<'r> {
        Links { refs, ids }
    }

    fn refs_url(&self, root: &str) -> String {
        format!("{root}{}", urls::references(self.lang))
    }

    pub fn common(&self, page: &Page, title: String, nav_current: Option<&Page>) -> Common {
        let site = self.site;
        let url = page.url(site, self.lang);
        let root = urls::root_prefix(&url);
        let mut alternates = Vec::new();
        let mut switch = Vec::new();
        for &l in &site.config.languages {
            let there = page.url(site, l);
            let exists = self.existing.contains(&there);
            if exists {
                alternates.push(Alternate {
                    hreflang: l.html_tag(),
                    name: native_name(l),
                    url: there.clone(),
                });
            }
            if l != self.lang {
                switch.push(Alternate {
                    hreflang: l.html_tag(),
                    name: native_name(l),
                    url: if exists { there } else { urls::home(l) },
                });
            }
        }
        let nav = [
            (Page::Home, "home"),
            (Page::Timeline, "timeline"),
            (Page::Products, "products"),
            (Page::References, "references"),
        ]
        .into_iter()
        .map(|(p, key)| NavItem {
            title: self.s(key),
            url: p.url(site, self.lang),
            current: nav_current == Some(&p),
        })
        .collect();
        Common {
            lang: self.lang.code(),
            html_lang: self.lang.html_tag(),
            root,
            canonical: site
                .config
                .base_url()
                .map(|b| urls::absolute(b, urls::pretty(&url))),
            page_url: url,
            title,
            site_title: site.config.title.get(self.lang).to_string(),
            site_description: site.config.description.get(self.lang).to_string(),
            alternates,
            switch,
            nav,
        }
    }

    // ---- events ------------------------------------------------------

    fn date_short(&self, i: EventId) -> String {
        let d = &self.site.events[i].date;
        match &d.end {
            Some(end) => format!("{} – {}", d.start.iso(), end.iso()),
            None => d.start.iso(),
        }
    }

    /// The most precise date page listing the event, at its anchor.
    fn date_url(&self, i: EventId) -> String {
        let e = &self.site.events[i];
        let listed = !self.view.restated.contains(&i);
        for url in urls::archives(self.lang, &e.date.start) {
            if self.existing.contains(&url) {
                return if listed {
                    format!("{url}#e-{}", e.id)
                } else {
                    url
                };
            }
        }
        format!("{}#e-{}", urls::timeline(self.lang), e.id)
    }

    fn section_title_trail(&self, s: SectionId) -> String {
        self.site.section_titles(s, self.lang).join(" › ")
    }

    fn product_links(&self, i: EventId) -> Vec<Link> {
        self.site.events[i]
            .products
            .iter()
            .filter_map(|id| self.site.product_index(id))
            .map(|p| Link {
                title: self.site.products[p].name.get(self.lang).to_string(),
                url: urls::product(self.lang, &self.site.products[p].id),
            })
            .collect()
    }

    /// An event in a long list (the timeline, a year, a product): its date
    /// and the start of its text, linking to its page.
    pub fn event_headline(&self, i: EventId) -> EventView {
        let e = &self.site.events[i];
        EventView {
            html: String::new(),
            excerpt: excerpt(&e.text.text, HEADLINE_CHARS),
            compact: true,
            ..self.event_fields(i, true)
        }
    }

    pub fn event_view(&self, i: EventId, root: &str, anchor: bool) -> EventView {
        let e = &self.site.events[i];
        let refs = self.refs_url(root);
        EventView {
            html: cited::html(&e.text, &e.id, self.links(&refs, anchor)),
            ..self.event_fields(i, anchor)
        }
    }

    /// Everything of an event's view but its text.
    fn event_fields(&self, i: EventId, anchor: bool) -> EventView {
        let e = &self.site.events[i];
        EventView {
            id: e.id.clone(),
            anchor,
            url: urls::event(self.lang, &e.id),
            date: e.date.display(self.lang),
            date_short: self.date_short(i),
            date_html: date_html(&e.date, self.lang),
            date_url: self.date_url(i),
            html: String::new(),
            excerpt: String::new(),
            compact: false,
            untranslated: self.view.untranslated(self.site, i),
            text_lang: e.lang.html_tag(),
            section: Link {
                title: self.section_title_trail(e.section),
                url: format!(
                    "{}#e-{}",
                    urls::section(self.lang, &self.site.sections[e.section]),
                    e.id
                ),
            },
            products: self.product_links(i),
        }
    }

    fn event_link(&self, i: EventId) -> EventLink {
        let e = &self.site.events[i];
        EventLink {
            url: urls::event(self.lang, &e.id),
            date: e.date.display(self.lang),
            excerpt: excerpt(&e.text.text, 60),
        }
    }

    // ---- sections ----------------------------------------------------

    /// The text a section's page shows in this language: its own, else the
    /// original (default language first).
    pub fn displayed_text(&self, s: SectionId) -> Option<(Lang, &'a SectionText)> {
        let texts = &self.site.sections[s].texts;
        if let Some(t) = texts.get(&self.lang) {
            return Some((self.lang, t));
        }
        let default = self.site.config.default_language;
        texts
            .get(&default)
            .map(|t| (default, t))
            .or_else(|| texts.iter().next().map(|(l, t)| (*l, t)))
    }

    /// Events of the section shown in this language but not in its body.
    fn extra_events(&self, s: SectionId, body: Option<&SectionText>) -> Vec<EventId> {
        let in_body: BTreeSet<EventId> = body
            .map(|t| {
                t.body
                    .iter()
                    .flat_map(|b| match b {
                        BodyBlock::Text { events, .. } => events.clone(),
                        _ => Vec::new(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let mut extra: Vec<EventId> = self
            .view
            .order
            .iter()
            .copied()
            .filter(|&i| self.site.events[i].section == s && !in_body.contains(&i))
            .collect();
        // Source order, like the body.
        extra.sort_unstable();
        extra
    }

    fn lead_prefix(&self, s: SectionId, block: usize) -> String {
        format!("lead-{}-{block}", self.site.sections[s].path.join("-"))
    }

    pub fn section_body(&self, s: SectionId, root: &str) -> SectionBody {
        let section = &self.site.sections[s];
        let refs = self.refs_url(root);
        let links = self.links(&refs, true);
        let shown = self.displayed_text(s);
        let mut blocks: Vec<BlockView> = Vec::new();
        if let Some((_, text)) = shown {
            for (b, block) in text.body.iter().enumerate() {
                let view = match block {
                    BodyBlock::Heading { level, text } => BlockView::Heading {
                        level: (*level).clamp(2, 6),
                        text: text.clone(),
                    },
                    BodyBlock::Html { html } => BlockView::Html { html: html.clone() },
                    BodyBlock::Text { kind, lead, events } => {
                        let item = TextView {
                            lead: lead
                                .as_ref()
                                .map(|l| cited::html(l, &self.lead_prefix(s, b), links)),
                            events: events
                                .iter()
                                .filter(|i| self.view.pos.contains_key(i))
                                .map(|&i| self.event_view(i, root, true))
                                .collect(),
                        };
                        match kind {
                            TextKind::Paragraph => BlockView::Paragraph { item },
                            TextKind::Quote => BlockView::Quote { item },
                            TextKind::ListItem { ordered } => {
                                if let Some(BlockView::List { ordered: o, items }) =
                                    blocks.last_mut()
                                {
                                    if *o == *ordered {
                                        items.push(item);
                                        continue;
                                    }
                                }
                                BlockView::List {
                                    ordered: *ordered,
                                    items: vec![item],
                                }
                            }
                        }
                    }
                };
                blocks.push(view);
            }
        }
        let extra = self
            .extra_events(s, shown.map(|(_, t)| t))
            .into_iter()
            .map(|i| self.event_view(i, root, true))
            .collect();
        let text_lang = shown.map_or(self.lang, |(l, _)| l);
        SectionBody {
            title: section.title(self.lang).to_string(),
            url: urls::section(self.lang, section),
            untranslated: text_lang != self.lang,
            text_lang: text_lang.html_tag(),
            blocks,
            extra,
        }
    }

    fn section_link(&self, s: SectionId) -> Link {
        Link {
            title: self.site.sections[s].title(self.lang).to_string(),
            url: urls::section(self.lang, &self.site.sections[s]),
        }
    }

    fn tree(&self, ids: &[SectionId]) -> Vec<TreeItem> {
        ids.iter()
            .map(|&s| {
                let link = self.section_link(s);
                TreeItem {
                    title: link.title,
                    url: link.url,
                    children: self.tree(&self.site.sections[s].children),
                }
            })
            .collect()
    }

    pub fn section_page(&self, s: SectionId, root: &str) -> SectionPage {
        let section = &self.site.sections[s];
        let mut crumbs = Vec::new();
        let mut cur = section.parent;
        while let Some(p) = cur {
            crumbs.push(self.section_link(p));
            cur = self.site.sections[p].parent;
        }
        crumbs.reverse();
        let n = self.site.sections.len();
        SectionPage {
            body: self.section_body(s, root),
            summary: self.displayed_text(s).and_then(|(_, t)| t.summary.clone()),
            crumbs,
            children: section
                .children
                .iter()
                .map(|&c| self.section_link(c))
                .collect(),
            prev: (s > 0).then(|| self.section_link(s - 1)),
            next: (s + 1 < n).then(|| self.section_link(s + 1)),
            event_count: self
                .view
                .order
                .iter()
                .filter(|&&i| self.site.events[i].section == s)
                .count(),
            bilingual_url: self.existing_url(Page::SectionBilingual(s).url(self.site, self.lang)),
        }
    }

    // ---- home --------------------------------------------------------

    fn facts(&self, facts: &[Fact], prefix: impl Fn(usize) -> String, root: &str) -> Vec<FactView> {
        let refs = self.refs_url(root);
        facts
            .iter()
            .enumerate()
            .map(|(i, f)| FactView {
                label: f.label.get(self.lang).to_string(),
                value: f.value.get(self.lang).to_string(),
                cites: cited::sups(&f.cite, &prefix(i), self.links(&refs, true)),
            })
            .collect()
    }

    pub fn overview_section(&self) -> Option<SectionId> {
        self.site
            .sections
            .iter()
            .position(|s| s.slug() == "overview")
    }

    pub fn home(&self, root: &str) -> HomePage {
        let roots: Vec<SectionId> = (0..self.site.sections.len())
            .filter(|&s| self.site.sections[s].parent.is_none())
            .collect();
        HomePage {
            infobox: self.facts(&self.site.config.company, |i| format!("fact-{i}"), root),
            overview: self.overview_section().map(|s| self.section_body(s, root)),
            featured: (0..self.site.products.len())
                .filter(|&p| self.site.products[p].featured)
                .map(|p| self.product_card(p))
                .collect(),
            latest: self
                .view
                .order
                .iter()
                .rev()
                .take(10)
                .map(|&i| self.event_view(i, root, false))
                .collect(),
            sections: self.tree(&roots),
            event_count: self.view.order.len(),
            chart: self.month_chart(root),
        }
    }

    /// The bar chart of events per month, links prefixed with `root`.
    pub fn month_chart(&self, root: &str) -> String {
        let bars: Vec<charts::MonthBar> = charts::month_counts(self.site, self.view)
            .into_iter()
            .map(|(year, month, count)| charts::MonthBar {
                year,
                month,
                count,
                url: (count > 0)
                    .then(|| self.existing_url(urls::month(self.lang, year, month)))
                    .flatten(),
            })
            .collect();
        charts::month_chart(&bars, self.lang, self.t, root, "chart-months")
    }

    // ---- timeline and date pages ---------------------------------------

    fn month_label(&self, year: i32, month: Option<u8>) -> String {
        match month {
            Some(m) => DatePoint::month(year, m).display(self.lang),
            None => DatePoint::year(year).display(self.lang),
        }
    }

    fn existing_url(&self, url: String) -> Option<String> {
        self.existing.contains(&url).then_some(url)
    }

    pub fn timeline(&self, root: &str) -> TimelinePage {
        let mut years: BTreeMap<i32, BTreeMap<Option<u8>, Vec<EventId>>> = BTreeMap::new();
        for &i in self
            .view
            .order
            .iter()
            .filter(|i| !self.view.restated.contains(i))
        {
            let p = self.site.events[i].date.start;
            years
                .entry(p.year)
                .or_default()
                .entry(p.month)
                .or_default()
                .push(i);
        }
        let event_count = self.view.order.len() - self.view.restated.len();
        let listed = event_count <= self.list_limit();
        TimelinePage {
            event_count,
            listed,
            chart: self.month_chart(root),
            bilingual_url: self.existing_url(Page::TimelineBilingual.url(self.site, self.lang)),
            timeline_json: super::timelinejs::path(self.lang),
            years: years
                .into_iter()
                .map(|(y, months)| YearGroup {
                    id: format!("y-{y:04}"),
                    label: DatePoint::year(y).display(self.lang),
                    url: self.existing_url(urls::year(self.lang, y)),
                    months: months
                        .into_iter()
                        .map(|(m, events)| Group {
                            id: match m {
                                Some(m) => format!("m-{y:04}-{m:02}"),
                                None => format!("m-{y:04}"),
                            },
                            label: self.month_label(y, m),
                            url: m.and_then(|m| self.existing_url(urls::month(self.lang, y, m))),
                            count: events.len(),
                            events: if listed {
                                events.into_iter().map(|i| self.event_headline(i)).collect()
                            } else {
                                Vec::new()
                            },
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    // ---- side by side ----------------------------------------------------

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
                let refs = format!("{root}{}", urls::references(l));
                let (date_html, html) = match written {
                    Some(w) => {
                        let ev = &self.site.events[w];
                        (
                            date_html(&ev.date, l),
                            cited::html(&ev.text, &ev.id, self.links(&refs, false)),
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
                    events.extend(
                        evs.iter()
                            .copied()
                            .filter(|i| self.view.pos.contains_key(i)),
                    );
                }
            }
        }
        events.extend(self.extra_events(s, shown.map(|(_, t)| t)));
        let mut crumbs = Vec::new();
        let mut cur = self.site.sections[s].parent;
        while let Some(p) = cur {
            crumbs.push(self.section_link(p));
            cur = self.site.sections[p].parent;
        }
        crumbs.reverse();
        let single = self.section_link(s);
        BilingualPage {
            heading: single.title.clone(),
            parts: Vec::new(),
            single,
            crumbs,
            columns: self.column_heads(),
            event_count: events.len(),
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
        let mut page = BilingualPage {
            heading: self.s("timeline"),
            parts: Vec::new(),
            single,
            crumbs: Vec::new(),
            columns: self.column_heads(),
            event_count: self.view.order.len(),
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

    /// The pages before and after `all[at]` when they are of its kind
    /// (`pages::list` lists the pages of a kind together, in order).
    fn neighbours(
        &self,
        all: &[Page],
        at: usize,
        label: impl Fn(&Page) -> String,
    ) -> (Option<Link>, Option<Link>) {
        let kind = std::mem::discriminant(&all[at]);
        let link = |p: &Page| Link {
            title: label(p),
            url: p.url(self.site, self.lang),
        };
        let same = |p: &&Page| std::mem::discriminant(*p) == kind;
        (
            at.checked_sub(1).map(|j| &all[j]).filter(same).map(link),
            all.get(at + 1).filter(same).map(link),
        )
    }

    fn archive_label(&self, page: &Page) -> String {
        match page {
            Page::Year(y) => DatePoint::year(*y).display(self.lang),
            Page::Month(y, m) => DatePoint::month(*y, *m).display(self.lang),
            Page::Day(y, m, d) => DatePoint::day(*y, *m, *d).display(self.lang),
            _ => String::new(),
        }
    }

    /// The date page `all[at]`.
    pub fn archive(&self, all: &[Page], at: usize, root: &str) -> ArchivePage {
        let page = &all[at];
        let (year, month, day) = match page {
            Page::Year(y) => (*y, None, None),
            Page::Month(y, m) => (*y, Some(*m), None),
            Page::Day(y, m, d) => (*y, Some(*m), Some(*d)),
            _ => unreachable!("archive() is called for date pages"),
        };
        let events = self.view.dated_in(year, month, day);
        let mut crumbs = vec![Link {
            title: self.s("timeline"),
            url: urls::timeline(self.lang),
        }];
        if month.is_some() {
            crumbs.push(Link {
                title: DatePoint::year(year).display(self.lang),
                url: urls::year(self.lang, year),
            });
        }
        if let (Some(m), Some(_)) = (month, day) {
            crumbs.push(Link {
                title: DatePoint::month(year, m).display(self.lang),
                url: urls::month(self.lang, year, m),
            });
        }
        // Sub-groups: by month on a year page, by day on a month page.
        let mut groups: BTreeMap<Option<u8>, Vec<EventId>> = BTreeMap::new();
        for &i in &events {
            let p = self.site.events[i].date.start;
            let key = match (month, day) {
                (None, _) => p.month,
                (Some(_), None) => p.day,
                _ => None,
            };
            groups.entry(key).or_default().push(i);
        }
        let group_url = |k: Option<u8>| -> Option<String> {
            let url = match (month, day, k) {
                (None, _, Some(m)) => urls::month(self.lang, year, m),
                (Some(m), None, Some(d)) => urls::day(self.lang, year, m, d),
                _ => return None,
            };
            self.existing.contains(&url).then_some(url)
        };
        let group_label = |k: Option<u8>| -> String {
            match (month, day, k) {
                (None, _, Some(m)) => DatePoint::month(year, m).display(self.lang),
                (Some(m), None, Some(d)) => DatePoint::day(year, m, d).display(self.lang),
                (Some(m), None, None) => DatePoint::month(year, m).display(self.lang),
                (Some(m), Some(d), _) => DatePoint::day(year, m, d).display(self.lang),
                (None, _, None) => DatePoint::year(year).display(self.lang),
            }
        };
        let children = groups
            .iter()
            .filter_map(|(k, evs)| {
                group_url(*k).map(|url| CountedLink {
                    title: group_label(*k),
                    url,
                    count: evs.len(),
                })
            })
            .collect();
        let (prev, next) = self.neighbours(all, at, |p| self.archive_label(p));
        // A long year or month lists its months or days; events whose
        // month or day is not stated have no page of their own, so they
        // are listed still.
        let summarized = day.is_none() && events.len() > self.list_limit();
        ArchivePage {
            listed: !summarized,
            level: match (month, day) {
                (None, _) => "year",
                (Some(_), None) => "month",
                _ => "day",
            },
            heading: self.archive_label(page),
            crumbs,
            children,
            event_count: events.len(),
            groups: groups
                .into_iter()
                .map(|(k, evs)| Group {
                    id: match k {
                        Some(k) => format!("g-{k:02}"),
                        None => "g-0".to_string(),
                    },
                    label: group_label(k),
                    count: evs.len(),
                    events: if summarized && group_url(k).is_some() {
                        Vec::new()
                    } else {
                        evs.into_iter()
                            .map(|i| match month {
                                None => self.event_headline(i),
                                Some(_) => self.event_view(i, root, true),
                            })
                            .collect()
                    },
                    url: group_url(k),
                })
                .collect(),
            prev,
            next,
        }
    }

    // ---- event pages -----------------------------------------------------

    pub fn event_page(&self, id: &str, root: &str) -> EventPage {
        let i = self.view.by_id[id];
        let e = &self.site.events[i];
        let mut crumbs = Vec::new();
        let mut cur = Some(e.section);
        while let Some(s) = cur {
            crumbs.push(self.section_link(s));
            cur = self.site.sections[s].parent;
        }
        crumbs.reverse();
        if let Some(last) = crumbs.last_mut() {
            last.url = format!("{}#e-{}", last.url, e.id);
        }
        let mut counterparts = Vec::new();
        let mut missing = Vec::new();
        for &l in self
            .site
            .config
            .languages
            .iter()
            .filter(|l| **l != self.lang)
        {
            let written_in_l =
                e.lang == l || e.counterpart.is_some_and(|c| self.site.events[c].lang == l);
            if written_in_l {
                counterparts.push(Counterpart {
                    url: urls::event(l, &e.id),
                    name: native_name(l),
                    hreflang: l.html_tag(),
                    kind: if e.lang == l {
                        "original"
                    } else {
                        "translation"
                    },
                });
            } else {
                missing.push(native_name(l));
            }
        }
        let p = self.view.pos[&i];
        let same_as = e
            .same_as
            .as_ref()
            .and_then(|s| self.view.by_id.get(s))
            .filter(|&&j| j != i)
            .map(|&j| {
                let l = self.event_link(j);
                Link {
                    title: format!("{} {}", l.date, l.excerpt),
                    url: l.url,
                }
            });
        EventPage {
            event: self.event_view(i, root, true),
            excerpt: excerpt(&e.text.text, 40),
            crumbs,
            counterparts,
            missing,
            prev: p
                .checked_sub(1)
                .map(|q| self.event_link(self.view.order[q])),
            next: self.view.order.get(p + 1).map(|&q| self.event_link(q)),
            same_as,
        }
    }

    // ---- products --------------------------------------------------------

    fn product_events(&self, p: usize) -> Vec<EventId> {
        self.view
            .product_events(self.site, &self.site.products[p].id)
    }

    fn product_card(&self, p: usize) -> ProductCard {
        let product: &Product = &self.site.products[p];
        let released = product.released.as_deref().and_then(DatePoint::parse_iso);
        ProductCard {
            id: product.id.clone(),
            name: product.name.get(self.lang).to_string(),
            url: urls::product(self.lang, &product.id),
            kind: product.kind.clone(),
            released: released.map(|d| d.display(self.lang)),
            released_url: released.and_then(|d| {
                urls::archives(self.lang, &d)
                    .into_iter()
                    .find(|u| self.existing.contains(u))
            }),
            summary: product.summary.get(self.lang).to_string(),
            featured: product.featured,
            event_count: self.product_events(p).len(),
        }
    }

    pub fn products_page(&self) -> ProductsPage {
        let root = urls::root_prefix(&urls::products(self.lang));
        let dots: Vec<charts::ProductDot> = self
            .site
            .products
            .iter()
            .filter_map(|p| {
                let released = DatePoint::parse_iso(p.released.as_deref()?)?;
                Some(charts::ProductDot {
                    name: p.name.get(self.lang).to_string(),
                    url: urls::product(self.lang, &p.id),
                    released,
                })
            })
            .collect();
        ProductsPage {
            products: (0..self.site.products.len())
                .map(|p| self.product_card(p))
                .collect(),
            chart: charts::product_chart(&dots, self.lang, self.t, &root, "chart-products"),
        }
    }

    /// Part `part` (from 1) of product `p`'s page: its card and facts on
    /// the first, and `list_limit` of its events on each.
    pub fn product_page(&self, p: usize, part: usize, root: &str) -> ProductPage {
        let product = &self.site.products[p];
        let events = self.product_events(p);
        let limit = self.list_limit();
        let parts = events.len().div_ceil(limit).max(1);
        let link = |k: usize| Link {
            title: k.to_string(),
            url: Page::product_part(p, k).url(self.site, self.lang),
        };
        ProductPage {
            product: self.product_card(p),
            facts: if part == 1 {
                self.facts(
                    &product.facts,
                    |i| format!("product-{}-{i}", product.id),
                    root,
                )
            } else {
                Vec::new()
            },
            aliases: product.aliases.clone(),
            event_count: events.len(),
            events: (events.iter().skip((part - 1) * limit).take(limit))
                .map(|&i| self.event_headline(i))
                .collect(),
            part,
            parts,
            prev: (part > 1).then(|| link(part - 1)),
            next: (part < parts).then(|| link(part + 1)),
        }
    }

    // ---- references ------------------------------------------------------

    /// Every superscript of this language's pages that carries an id, where
    /// the references page links back to: the home page's infobox, section
    /// pages (lead prose and events, in reading order), product facts.
    fn citing_places(&self) -> Vec<CitingPlace> {
        let mut out = Vec::new();
        let home = urls::home(self.lang);
        for (i, f) in self.site.config.company.iter().enumerate() {
            for (n, id) in cited::uses(f.cite.iter().copied(), &format!("fact-{i}")) {
                out.push(CitingPlace {
                    n,
                    url: format!("{home}#{id}"),
                    label: f.label.get(self.lang).to_string(),
                });
            }
        }
        for s in 0..self.site.sections.len() {
            let page = urls::section(self.lang, &self.site.sections[s]);
            let title = self.site.sections[s].title(self.lang).to_string();
            let shown = self.displayed_text(s);
            let push_event = |out: &mut Vec<CitingPlace>, i: EventId| {
                let e = &self.site.events[i];
                for (n, id) in cited::uses(cited::numbers_in_order(&e.text), &e.id) {
                    out.push(CitingPlace {
                        n,
                        url: format!("{page}#{id}"),
                        label: format!("{} · {title}", e.date.display(self.lang)),
                    });
                }
            };
            if let Some((_, text)) = shown {
                for (b, block) in text.body.iter().enumerate() {
                    if let BodyBlock::Text { lead, events, .. } = block {
                        if let Some(lead) = lead {
                            for (n, id) in
                                cited::uses(cited::numbers_in_order(lead), &self.lead_prefix(s, b))
                            {
                                out.push(CitingPlace {
                                    n,
                                    url: format!("{page}#{id}"),
                                    label: title.clone(),
                                });
                            }
                        }
                        for &i in events.iter().filter(|i| self.view.pos.contains_key(i)) {
                            push_event(&mut out, i);
                        }
                    }
                }
            }
            for i in self.extra_events(s, shown.map(|(_, t)| t)) {
                push_event(&mut out, i);
            }
        }
        for (p, product) in self.site.products.iter().enumerate() {
            let page = urls::product(self.lang, &product.id);
            for (k, f) in product.facts.iter().enumerate() {
                for (n, id) in cited::uses(
                    f.cite.iter().copied(),
                    &format!("product-{}-{k}", product.id),
                ) {
                    out.push(CitingPlace {
                        n,
                        url: format!("{page}#{id}"),
                        label: format!(
                            "{} · {}",
                            self.site.products[p].name.get(self.lang),
                            f.label.get(self.lang)
                        ),
                    });
                }
            }
        }
        out
    }

    pub fn references_page(&self) -> ReferencesPage {
        let mut backlinks: BTreeMap<u32, Vec<Link>> = all_cited_numbers(self.site)
            .into_iter()
            .map(|n| (n, Vec::new()))
            .collect();
        for place in self.citing_places() {
            backlinks.entry(place.n).or_default().push(Link {
                title: place.label,
                url: place.url,
            });
        }
        ReferencesPage {
            references: backlinks
                .into_iter()
                .map(|(n, backlinks)| {
                    let r = self.site.references.get(&n);
                    let described = r.is_some_and(|r| {
                        r.title.is_some()
                            || r.publisher.is_some()
                            || r.url.is_some()
                            || r.date.is_some()
                    });
                    RefView {
                        n,
                        title: r.and_then(|r| r.title.clone()),
                        publisher: r.and_then(|r| r.publisher.clone()),
                        url: r
                            .and_then(|r| r.url.clone())
                            .filter(|u| crate::load::data::is_safe_url(u)),
                        date: r.and_then(|r| r.date.clone()),
                        described,
                        backlinks,
                    }
                })
                .collect(),
        }
    }
}

/// Every number cited anywhere (events, lead prose and facts, all
/// languages) or described in `references.yaml`.
pub fn all_cited_numbers(site: &Site) -> BTreeSet<u32> {
    let mut all: BTreeSet<u32> = crate::load::checks::cited_numbers(site);
    all.extend(
        site.config
            .company
            .iter()
            .flat_map(|f| f.cite.iter().copied()),
    );
    all.extend(
        site.products
            .iter()
            .flat_map(|p| p.facts.iter().flat_map(|f| f.cite.iter().copied())),
    );
    all.extend(site.references.keys().copied());
    all
}

/// A date as `lang` writes it (`2025年2月上旬`, `evening of 27 January
/// 2025`), escaped, with each end in a `<time>` whose `datetime` is its ISO
/// form at its precision (`2025-02`).
pub fn date_html(date: &DateSpec, lang: Lang) -> String {
    let shown = date.display(lang);
    let time = |p: &DatePoint, text: &str| {
        format!(
            "<time datetime=\"{}\">{}</time>",
            p.iso(),
            cited::escape(text)
        )
    };
    let start = date.start.display(lang);
    let Some(at) = shown.find(&start) else {
        return time(&date.start, &shown);
    };
    let after = at + start.len();
    let mut out = cited::escape(&shown[..at]);
    out.push_str(&time(&date.start, &start));
    let rest = &shown[after..];
    match date.end.map(|end| (end, end.display(lang))) {
        Some((end, text)) if rest.contains(&text) => {
            let k = rest.find(&text).unwrap_or(0);
            out.push_str(&cited::escape(&rest[..k]));
            out.push_str(&time(&end, &text));
            out.push_str(&cited::escape(&rest[k + text.len()..]));
        }
        _ => out.push_str(&cited::escape(rest)),
    }
    out
}

/// The first `max` characters of a text, `…` when cut.
/// Characters of text a headline shows.
const HEADLINE_CHARS: usize = 120;

pub fn excerpt(text: &str, max: usize) -> String {
    let text = text.trim();
    let mut out: String = text.chars().take(max).collect();
    if text.chars().nth(max).is_some() {
        out = out.trim_end().to_string();
        out.push('…');
    }
    out
}
