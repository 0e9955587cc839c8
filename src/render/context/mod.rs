//! The values templates receive. Every `url` is relative to the output root
//! (templates write `{{ root }}{{ x.url }}`); every `html` field is markup
//! made by [`cited`] from escaped text (or the loader's own
//! Markdown rendering), so templates print it with `| safe`; every other
//! string is plain text that Tera escapes.

use super::assets::native_name;
use super::charts;
use super::cited::{self, Links};
use super::date_text::date_html;
use super::pages::Page;
use super::urls;
use super::view::LangView;
use super::{tera_message, BuildError};
use crate::model::{
    BodyBlock, DatePoint, EventId, Fact, Lang, Product, SectionId, SectionText, Site, TextKind,
};
use crate::text::excerpt;
use rustc_hash::FxHashSet;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

mod bilingual;
mod dates;
mod event_page;
mod fragments;
mod home;
mod meta;
mod navigation;
mod products;
mod references;
mod sections;
mod story;

pub use bilingual::{BilingualCell, BilingualGroup, BilingualPage, BilingualRow, Column};
pub use dates::{ArchivePage, Group, TimelinePage, YearGroup, DAY_FULL_EVENTS};
pub use event_page::{Counterpart, EventPage};
pub use fragments::{fill_root, Fragment, ROOT};
pub use home::HomePage;
pub use meta::og_locale;
pub use navigation::{Toc, TocCurrent, TocFragment, TocKey};
pub use products::{ProductCard, ProductPage, ProductsPage};
pub use references::{
    all_cited_numbers, described_references, ref_previews, references_note, RefView, ReferencesPage,
};
pub use sections::{
    ArticlePage, ArticleSection, BlockView, SectionBody, SectionPage, TextView, TreeItem,
};
pub use story::TimelineStoryPage;

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
    /// What the page is about (`<meta name="description">`, Open Graph): its
    /// event's excerpt, its section's or product's summary, else the site's
    /// description.
    pub description: String,
    /// `og:type`: `article` for an event's page, `website` for the others.
    pub og_type: &'static str,
    /// `og:locale`: `zh_CN`, `en_US`.
    pub og_locale: &'static str,
    /// The page's schema.org JSON-LD (an `Organization` on the home page,
    /// an `Event` on an event's), escaped for a `<script>` element: print
    /// it with `| safe`. Empty on the other pages.
    pub json_ld: String,
    /// The same page in every language it exists in (this one included).
    pub alternates: Vec<Alternate>,
    /// The same page in the other languages (their home when it is missing).
    pub switch: Vec<Alternate>,
    pub nav: Vec<NavItem>,
    /// The article's sections, `_toc.html` rendered (print it with
    /// `| safe`): a sidebar on wide screens, a menu on narrow ones. Empty
    /// on the pages outside the languages (the root's redirect and 404).
    pub toc_html: String,
    /// The breadcrumbs after the language's home, ending with this page
    /// (`_crumbs.html`); empty on the home page.
    pub crumbs: Vec<Link>,
    /// Absolute URL of the page when the site has a `base_url`.
    pub canonical: Option<String>,
    /// The footer's line: what the superscript numbers are, and how many
    /// references the site describes.
    pub footer: String,
    /// Whether the page may show citation superscripts, and so loads
    /// `cite.js` (their previews).
    pub cites: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Alternate {
    pub hreflang: &'static str,
    pub name: &'static str,
    pub url: String,
    /// The version's full address when the site has a `base_url`: search
    /// engines take `hreflang` links only as absolute URLs.
    pub absolute: Option<String>,
}

impl Alternate {
    pub fn new(lang: Lang, url: String, base_url: Option<&str>) -> Alternate {
        Alternate {
            hreflang: lang.html_tag(),
            name: native_name(lang),
            absolute: base_url.map(|b| urls::absolute(b, urls::pretty(&url))),
            url,
        }
    }
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
    /// Whether the date links to `date_url`: not on a headline whose own
    /// link leads to the same place (events without pages of their own).
    pub date_linked: bool,
    /// Whether a whole event shows a permalink (`#`) to `url`: not where it
    /// would repeat the date's link.
    pub permalink: bool,
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
    /// On a list with a filter (the timeline, a year): the keys it
    /// matches the event by.
    pub filter: Option<dates::FilterKeys>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FactView {
    pub label: String,
    pub value: String,
    pub cites: String,
}

/// A neighbouring event: where it is read, its date, its headline.
#[derive(Debug, Clone, Serialize)]
pub struct EventLink {
    pub url: String,
    pub date: String,
    pub excerpt: String,
}

/// What every page of a language shares, made on first use: each event's
/// headline view, anchored text and fragments, the footer. The tables of views and
/// fragments are made on first use too: `serve` makes a `LangShared` on
/// every save and may render no list before the next one (at 10,000
/// events the two tables take some 12 MB a language).
pub struct LangShared {
    events: usize,
    headlines: OnceLock<Vec<OnceLock<EventView>>>,
    /// Whether fragments are kept (see [`LangShared::new`]).
    keeps_fragments: bool,
    fragments: OnceLock<Vec<FragmentCells>>,
    /// Each event's text as HTML, its citations anchored (with [`ROOT`]
    /// for `root`): the same on its page, its day's and its section's,
    /// so made once, and kept as the fragments are.
    texts: OnceLock<Vec<OnceLock<String>>>,
    footer: OnceLock<String>,
}

/// An event's fragments, by kind (in the order of [`Fragment::KEPT`]).
type FragmentCells = [OnceLock<tera::Value>; Fragment::KEPT.len()];

impl LangShared {
    /// Keeping every fragment rendered takes about 3 KB an event: at
    /// 10,000 events 30 MB, at 100,000 more than the build's limit of
    /// 1 GiB allows. So fragments are kept while the language's events
    /// have pages of their own (`view.event_pages`, at most
    /// `event_page_limit`); past that each page renders its own.
    pub fn new(site: &Site, view: &LangView) -> LangShared {
        LangShared {
            events: site.events.len(),
            headlines: OnceLock::new(),
            keeps_fragments: view.event_pages,
            fragments: OnceLock::new(),
            texts: OnceLock::new(),
            footer: OnceLock::new(),
        }
    }

    fn headline(&self, i: EventId) -> &OnceLock<EventView> {
        &self.table(&self.headlines)[i]
    }

    /// Event `i`'s fragments, if they are kept.
    fn fragments(&self, i: EventId) -> Option<&FragmentCells> {
        self.keeps_fragments
            .then(|| &self.table(&self.fragments)[i])
    }

    /// Event `i`'s anchored text, if it is kept.
    fn text(&self, i: EventId) -> Option<&OnceLock<String>> {
        self.keeps_fragments.then(|| &self.table(&self.texts)[i])
    }

    /// A table of one empty cell an event, made on first use.
    fn table<'t, T: Default>(&self, table: &'t OnceLock<Vec<T>>) -> &'t [T] {
        table.get_or_init(|| (0..self.events).map(|_| T::default()).collect())
    }
}

/// Builds the contexts of one language's pages.
pub struct Builder<'a> {
    pub site: &'a Site,
    pub view: &'a LangView,
    pub lang: Lang,
    /// The URL of every page written, all languages.
    pub existing: &'a FxHashSet<String>,
    /// The interface strings of the language.
    pub t: &'a BTreeMap<String, String>,
    /// `t` as a template value.
    strings: &'a tera::Value,
    shared: &'a LangShared,
    /// Renders the fragments (`_entry.html`, `_event.html`).
    tera: &'a tera::Tera,
}

impl<'a> Builder<'a> {
    pub fn new(
        site: &'a Site,
        view: &'a LangView,
        existing: &'a FxHashSet<String>,
        t: &'a BTreeMap<String, String>,
        strings: &'a tera::Value,
        shared: &'a LangShared,
        tera: &'a tera::Tera,
    ) -> Self {
        Builder {
            site,
            view,
            lang: view.lang,
            existing,
            t,
            strings,
            shared,
            tera,
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

    /// `211 条事件` / `1 event`, then the restatements folded into them
    /// when there are any.
    fn count_text(&self, events: usize, restatements: usize) -> String {
        let counted = |key: &str, n: usize| {
            let key = if n == 1 {
                format!("{key}_one")
            } else {
                key.to_string()
            };
            charts::fill(self.t, &key, &[("n", &n.to_string())])
        };
        let mut text = counted("events_count", events);
        if restatements > 0 {
            text.push_str(&counted("restatements_folded", restatements));
        }
        text
    }

    /// How superscripts link from a page whose root is `root`; `refs` is
    /// the language's references page ([`Builder::refs`]).
    fn links<'r>(&self, root: &'r str, refs: &'r str, ids: bool) -> Links<'r> {
        Links { root, refs, ids }
    }

    fn refs(&self) -> String {
        urls::references(self.lang)
    }

    pub fn common(
        &self,
        page: &Page,
        title: String,
        nav_current: Option<&Page>,
        toc_html: String,
    ) -> Common {
        let site = self.site;
        let url = page.url(site, self.lang);
        let root = urls::root_prefix(&url);
        let mut alternates = Vec::new();
        let mut switch = Vec::new();
        for &l in &site.config.languages {
            let there = page.url(site, l);
            // A page every language shares (a section's side by side) is
            // no version in another language: switching lands on the
            // nearest page of that language instead.
            let exists = self.existing.contains(&there) && (l == self.lang || there != url);
            if exists {
                alternates.push(Alternate::new(l, there.clone(), site.config.base_url()));
            }
            if l != self.lang {
                let url = if exists {
                    there
                } else {
                    page.nearest().url(site, l)
                };
                switch.push(Alternate::new(l, url, site.config.base_url()));
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
        let canonical = (site.config.base_url()).map(|b| urls::absolute(b, urls::pretty(&url)));
        let description = self.description(page);
        Common {
            lang: self.lang.code(),
            html_lang: self.lang.html_tag(),
            root,
            json_ld: self.json_ld(page, &title, &description, canonical.as_deref()),
            canonical,
            footer: (self.shared.footer)
                .get_or_init(|| {
                    let described = references::described_references(site);
                    references::references_note(self.t, "footer", described)
                })
                .clone(),
            page_url: url,
            toc_html,
            crumbs: self.crumbs(page, &title),
            title,
            site_title: site.config.title.get(self.lang).to_string(),
            site_description: site.config.description.get(self.lang).to_string(),
            description,
            og_type: if matches!(page, Page::Event(_)) {
                "article"
            } else {
                "website"
            },
            og_locale: og_locale(self.lang),
            alternates,
            switch,
            nav,
            cites: !matches!(page, Page::Search | Page::References | Page::Products),
        }
    }

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
        self.headline_view(i).clone()
    }

    /// Event `i` whole, its text with [`ROOT`] for `root` (every page
    /// puts its own in place: [`fill_root`]); `anchor`: with the ids of
    /// its citations (`cite-…`), which a page may hold once.
    pub fn event_view(&self, i: EventId, anchor: bool) -> EventView {
        let headline = self.headline_view(i);
        let html = match self.shared.text(i).filter(|_| anchor) {
            Some(kept) => kept.get_or_init(|| self.text_html(i, true)).clone(),
            None => self.text_html(i, anchor),
        };
        EventView {
            html,
            excerpt: String::new(),
            compact: false,
            anchor,
            date_linked: true,
            permalink: headline.url != headline.date_url,
            ..headline.clone()
        }
    }

    fn text_html(&self, i: EventId, anchor: bool) -> String {
        let e = &self.site.events[i];
        cited::html(&e.text, &e.id, self.links(ROOT, &self.refs(), anchor))
    }

    /// The event's headline, made once: a full view differs from it only
    /// by its text.
    fn headline_view(&self, i: EventId) -> &EventView {
        self.shared
            .headline(i)
            .get_or_init(|| self.make_headline_view(i))
    }

    fn make_headline_view(&self, i: EventId) -> EventView {
        let e = &self.site.events[i];
        let url = self.view.event_url(self.site, i);
        let date_url = self.date_url(i);
        EventView {
            id: e.id.clone(),
            anchor: true,
            date: e.date.display(self.lang),
            date_short: self.date_short(i),
            date_html: date_html(&e.date, self.lang),
            date_linked: url != date_url,
            permalink: false,
            url,
            date_url,
            html: String::new(),
            excerpt: excerpt(&e.text.text, HEADLINE_CHARS),
            compact: true,
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
            filter: None,
        }
    }

    /// A link to a neighbouring event, made from its headline (already
    /// made once for the language).
    fn event_link(&self, i: EventId) -> EventLink {
        let headline = self.headline_view(i);
        EventLink {
            url: headline.url.clone(),
            date: headline.date.clone(),
            excerpt: headline.excerpt.clone(),
        }
    }

    fn facts(&self, facts: &[Fact], prefix: impl Fn(usize) -> String, root: &str) -> Vec<FactView> {
        let refs = self.refs();
        facts
            .iter()
            .enumerate()
            .map(|(i, f)| FactView {
                label: f.label.get(self.lang).to_string(),
                value: f.value.get(self.lang).to_string(),
                cites: cited::sups(&f.cite, &prefix(i), self.links(root, &refs, true)),
            })
            .collect()
    }

    fn existing_url(&self, url: String) -> Option<String> {
        self.existing.contains(&url).then_some(url)
    }
}

/// Characters of text a headline shows.
const HEADLINE_CHARS: usize = 120;
