//! The pages of one language, and where each is written.

use super::view::LangView;
use super::{timelinejs, urls};
use crate::model::{Lang, Section, SectionId, Site};
use std::collections::{BTreeSet, HashMap};

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Page {
    Home,
    Section(SectionId),
    Timeline,
    Year(i32),
    Month(i32, u8),
    Day(i32, u8, u8),
    /// An event's permalink, by event id.
    Event(String),
    Products,
    /// A product, by index in `site.products`: the first part of its page.
    Product(usize),
    /// A further part (2, 3, …) of a product's page, when it mentions more
    /// events than `list_limit`.
    ProductPart(usize, usize),
    References,
    /// The search page (`search.html`, results drawn by `search.js`).
    Search,
    /// A section's events in every language side by side. It holds every
    /// language's text, so it is written once, under the default language
    /// (see [`Page::url`]), and every language links to that one.
    SectionBilingual(SectionId),
    /// The timeline's events in every language side by side.
    TimelineBilingual,
    /// Every section's text in order, on one page.
    Article,
    /// The timeline drawn by TimelineJS, one slide per event.
    TimelineStory,
}

// A new kind of page is added in: this enum and `Page::url`; `list` below
// (to write it); `template_of`, `Prepared::page_context` and `size_rank` in
// `render/mod.rs` (its template, title and context); a context in
// `context/` with its template in `templates/`, built in through
// `TEMPLATES` in `assets.rs`; `Builder::crumbs` in
// `context/navigation.rs`. Then regenerate docs/templates.md (see
// `template_docs.rs`), which documents what its template receives. The
// sitemap lists every page `list` gives.

impl Page {
    /// Part `k` (from 1) of product `p`'s page.
    pub fn product_part(p: usize, k: usize) -> Page {
        match k {
            0 | 1 => Page::Product(p),
            k => Page::ProductPart(p, k),
        }
    }

    /// Where a reader switching to a language this page is not written in
    /// lands: a section's side by side on the section, others at home.
    pub fn nearest(&self) -> Page {
        match self {
            Page::SectionBilingual(s) => Page::Section(*s),
            Page::TimelineStory => Page::Timeline,
            _ => Page::Home,
        }
    }

    /// The page's URL relative to the output root, which is also the path
    /// of the file written (after percent-decoding). A section's
    /// side-by-side page has the same URL in every language.
    pub fn url(&self, site: &Site, lang: Lang) -> String {
        match self {
            Page::Home => urls::home(lang),
            Page::Section(s) => urls::section(lang, &site.sections[*s]),
            Page::Timeline => urls::timeline(lang),
            Page::Year(y) => urls::year(lang, *y),
            Page::Month(y, m) => urls::month(lang, *y, *m),
            Page::Day(y, m, d) => urls::day(lang, *y, *m, *d),
            Page::Event(id) => urls::event(lang, id),
            Page::Products => urls::products(lang),
            Page::Product(p) => urls::product(lang, &site.products[*p].id),
            Page::ProductPart(p, k) => format!(
                "{}page/{k}/index.html",
                urls::pretty(&urls::product(lang, &site.products[*p].id))
            ),
            Page::References => urls::references(lang),
            Page::Search => super::search::url(lang),
            Page::SectionBilingual(s) => {
                section_bilingual(site.config.default_language, &site.sections[*s])
            }
            Page::TimelineBilingual => timeline_bilingual(lang),
            Page::Article => format!("{}/article/index.html", lang.code()),
            Page::TimelineStory => timelinejs::story(lang),
        }
    }
}

/// `zh/sections/history/bilingual.html`: a file beside the section's
/// `index.html`, so that it never meets a subsection's folder.
pub fn section_bilingual(lang: Lang, section: &Section) -> String {
    let url = urls::section(lang, section);
    format!("{}bilingual.html", urls::pretty(&url))
}

/// `zh/timeline/side-by-side/index.html`.
pub fn timeline_bilingual(lang: Lang) -> String {
    format!("{}/timeline/side-by-side/index.html", lang.code())
}

/// Every page of a language, in a fixed order.
pub fn list(site: &Site, view: &LangView) -> Vec<Page> {
    let mut pages = vec![
        Page::Home,
        Page::Article,
        Page::Timeline,
        Page::Products,
        Page::References,
        Page::Search,
    ];
    pages.extend((0..site.sections.len()).map(Page::Section));
    if timelinejs::has_story(site, view) {
        pages.push(Page::TimelineStory);
    }
    // Side by side needs a second language.
    if site.config.languages.len() > 1 {
        pages.push(Page::TimelineBilingual);
        if view.lang == site.config.default_language {
            pages.extend((0..site.sections.len()).map(Page::SectionBilingual));
        }
    }
    let mut dates: BTreeSet<Page> = BTreeSet::new();
    for (year, month, day) in view.start_days() {
        dates.insert(Page::Year(year));
        if let Some(m) = month {
            dates.insert(Page::Month(year, m));
            if let Some(d) = day {
                dates.insert(Page::Day(year, m, d));
            }
        }
    }
    pages.extend(dates);
    if view.event_pages {
        pages.extend(
            view.order
                .iter()
                .map(|&i| Page::Event(site.events[i].id.clone())),
        );
    }
    let limit = site.config.list_limit.get();
    for (p, mentions) in product_mentions(site, view).into_iter().enumerate() {
        let parts = mentions.div_ceil(limit);
        pages.extend((1..=parts.max(1)).map(|k| Page::product_part(p, k)));
    }
    pages
}

/// How many of the events date pages list mention each product (by index
/// in `site.products`): the lengths of `LangView::product_events`, in one
/// pass over the events rather than one per product.
fn product_mentions(site: &Site, view: &LangView) -> Vec<usize> {
    let index: HashMap<&str, usize> = (site.products.iter().enumerate())
        .map(|(p, product)| (product.id.as_str(), p))
        .collect();
    let mut mentions = vec![0; site.products.len()];
    for i in view.dated() {
        let products = &site.events[i].products;
        for (k, id) in products.iter().enumerate() {
            // An event names a product once, however often it is listed.
            if products[..k].contains(id) {
                continue;
            }
            if let Some(&p) = index.get(id.as_str()) {
                mentions[p] += 1;
            }
        }
    }
    mentions
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// The one-pass counts are the lengths of each product's event list, on
    /// the DeepSeek site (products mentioned by many events, by few, by
    /// none, and restatements).
    #[test]
    fn product_mentions_count_each_products_events() {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let loaded = crate::load::load_site(repo, &crate::load::LoadOptions::default());
        let site = loaded.site.expect("the DeepSeek site loads");
        for &lang in &site.config.languages {
            let view = LangView::new(&site, lang);
            let counted = product_mentions(&site, &view);
            let listed: Vec<usize> = (site.products.iter())
                .map(|p| view.product_events(&site, &p.id).len())
                .collect();
            assert_eq!(counted, listed, "{lang}");
            assert!(
                listed.iter().any(|&n| n > 1),
                "{lang}: a product of many events"
            );
        }
    }
}
