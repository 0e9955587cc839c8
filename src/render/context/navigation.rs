//! What every page shows to find one's way: the contents (the article's
//! sections, as a sidebar or a menu) and the breadcrumbs.

use super::*;

/// The contents every page of a language shows (`_toc.html`).
#[derive(Debug, Clone, Serialize)]
pub struct Toc {
    /// The top-level sections. The home and article pages list every
    /// subsection; the others only those around their own section, as
    /// the contents are repeated on every page.
    pub sections: Vec<TreeItem>,
    /// The page reading every section in order.
    pub article: Link,
    /// The entry standing for this page, if any: its URL, and
    /// `aria-current`'s value: `page` on the section's (or the article's)
    /// own page, `location` on a page inside it (an event's).
    pub current: Option<TocCurrent>,
}

/// What `_toc.html` receives besides `t`. It is rendered once for all the
/// pages showing the same contents, so it sees nothing else of a page.
#[derive(Debug, Clone, Serialize)]
pub struct TocFragment<'r> {
    pub lang: &'static str,
    pub root: &'r str,
    pub toc: Toc,
}

#[derive(Debug, Clone, Serialize)]
pub struct TocCurrent {
    pub url: String,
    pub aria: &'static str,
}

/// What a page's contents depend on besides its language and `root`:
/// the pages with the same key show the same contents, rendered once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TocKey {
    /// The section the page stands for or in, if any.
    section: Option<SectionId>,
    aria: &'static str,
    /// The article's own page.
    article: bool,
    /// Every subsection listed, not only those around `section`.
    everything: bool,
}

impl<'a> Builder<'a> {
    pub fn toc_key(&self, page: &Page) -> TocKey {
        let (section, aria) = match page {
            Page::Section(s) => (Some(*s), "page"),
            Page::Event(id) => (
                Some(self.site.events[self.view.by_id[id.as_str()]].section),
                "location",
            ),
            Page::SectionBilingual(s) => (Some(*s), "location"),
            _ => (None, "page"),
        };
        TocKey {
            section,
            aria,
            article: matches!(page, Page::Article),
            everything: matches!(page, Page::Home | Page::Article),
        }
    }

    pub fn toc_fragment<'r>(&self, key: TocKey, root: &'r str) -> TocFragment<'r> {
        TocFragment {
            lang: self.lang.code(),
            root,
            toc: self.toc(key),
        }
    }

    fn toc(&self, key: TocKey) -> Toc {
        let roots: Vec<SectionId> = (0..self.site.sections.len())
            .filter(|&s| self.site.sections[s].parent.is_none())
            .collect();
        let article = Page::Article.url(self.site, self.lang);
        let current = match (key.article, key.section) {
            (true, _) => Some((article.clone(), key.aria)),
            (_, Some(s)) => Some((self.section_link(s).url, key.aria)),
            _ => None,
        };
        let mut around: BTreeSet<SectionId> = BTreeSet::new();
        let mut cur = key.section;
        while let Some(s) = cur {
            around.insert(s);
            cur = self.site.sections[s].parent;
        }
        Toc {
            sections: self.tree(&roots, &|s| key.everything || around.contains(&s)),
            article: Link {
                title: self.s("article"),
                url: article,
            },
            current: current.map(|(url, aria)| TocCurrent { url, aria }),
        }
    }

    /// The trail from the language's home (which the template writes
    /// first) down to `page`, whose own link comes last.
    pub(super) fn crumbs(&self, page: &Page, title: &str) -> Vec<Link> {
        let site = self.site;
        let link = |p: &Page, title: String| Link {
            title,
            url: p.url(site, self.lang),
        };
        let sections = |s: SectionId| -> Vec<Link> {
            let mut trail = Vec::new();
            let mut cur = Some(s);
            while let Some(p) = cur {
                trail.push(self.section_link(p));
                cur = site.sections[p].parent;
            }
            trail.reverse();
            trail
        };
        let dates = |year: i32, month: Option<u8>, day: Option<u8>| -> Vec<Link> {
            let mut trail = vec![link(&Page::Timeline, self.s("timeline"))];
            trail.push(link(
                &Page::Year(year),
                DatePoint::year(year).display(self.lang),
            ));
            if let Some(m) = month {
                trail.push(link(
                    &Page::Month(year, m),
                    DatePoint::month(year, m).display(self.lang),
                ));
                if let Some(d) = day {
                    trail.push(link(
                        &Page::Day(year, m, d),
                        DatePoint::day(year, m, d).display(self.lang),
                    ));
                }
            }
            trail
        };
        let side_by_side = || link(page, self.s("side_by_side"));
        match page {
            Page::Home => Vec::new(),
            Page::Section(s) => sections(*s),
            Page::Year(y) => dates(*y, None, None),
            Page::Month(y, m) => dates(*y, Some(*m), None),
            Page::Day(y, m, d) => dates(*y, Some(*m), Some(*d)),
            Page::Event(id) => {
                let e = &site.events[self.view.by_id[id.as_str()]];
                let mut trail = sections(e.section);
                if let Some(own) = trail.last_mut() {
                    own.url = format!("{}#e-{}", own.url, e.id);
                }
                trail.push(link(page, e.date.display(self.lang)));
                trail
            }
            Page::Product(_) | Page::ProductPart(..) => vec![
                link(&Page::Products, self.s("products")),
                link(page, title.to_string()),
            ],
            Page::SectionBilingual(s) => {
                let mut trail = sections(*s);
                trail.push(side_by_side());
                trail
            }
            Page::TimelineBilingual => {
                vec![link(&Page::Timeline, self.s("timeline")), side_by_side()]
            }
            Page::TimelineStory => vec![
                link(&Page::Timeline, self.s("timeline")),
                link(page, self.s("timeline_story")),
            ],
            Page::Timeline | Page::Products | Page::References | Page::Search | Page::Article => {
                vec![link(page, title.to_string())]
            }
        }
    }
}
