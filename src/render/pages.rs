//! The pages of one language, and where each is written.

use super::urls;
use super::view::LangView;
use crate::model::{Lang, SectionId, Site};
use std::collections::BTreeSet;

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
    /// A product, by index in `site.products`.
    Product(usize),
    References,
}

impl Page {
    /// The page's URL relative to the output root, which is also the path
    /// of the file written (after percent-decoding).
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
            Page::References => urls::references(lang),
        }
    }
}

/// Every page of a language, in a fixed order.
pub fn list(site: &Site, view: &LangView) -> Vec<Page> {
    let mut pages = vec![Page::Home, Page::Timeline, Page::Products, Page::References];
    pages.extend((0..site.sections.len()).map(Page::Section));
    let mut dates: BTreeSet<Page> = BTreeSet::new();
    for i in view.dated() {
        let p = site.events[i].date.start;
        dates.insert(Page::Year(p.year));
        if let Some(m) = p.month {
            dates.insert(Page::Month(p.year, m));
            if let Some(d) = p.day {
                dates.insert(Page::Day(p.year, m, d));
            }
        }
    }
    pages.extend(dates);
    pages.extend(
        view.order
            .iter()
            .map(|&i| Page::Event(site.events[i].id.clone())),
    );
    pages.extend((0..site.products.len()).map(Page::Product));
    pages
}
