//! An event's own page: its text, where it stands, its other languages.

use super::*;

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
    pub counterparts: Vec<Counterpart>,
    /// The languages with no translation of this event.
    pub missing: Vec<&'static str>,
    pub prev: Option<EventLink>,
    pub next: Option<EventLink>,
    pub same_as: Option<Link>,
}

impl<'a> Builder<'a> {
    pub fn event_page(&self, id: &str) -> EventPage {
        let i = self.view.by_id[id];
        let e = &self.site.events[i];
        let mut counterparts = Vec::new();
        let mut missing = Vec::new();
        for &l in self
            .site
            .config
            .languages
            .iter()
            .filter(|l| **l != self.lang)
        {
            let written_in_l = if e.lang == l {
                Some(e)
            } else {
                (e.counterpart.map(|c| &self.site.events[c])).filter(|c| c.lang == l)
            };
            if let Some(there) = written_in_l {
                // The default language's text is the original; so is an
                // event written only in another.
                let original =
                    there.lang == self.site.config.default_language || there.counterpart.is_none();
                counterparts.push(Counterpart {
                    url: urls::event(l, &e.id),
                    name: native_name(l),
                    hreflang: l.html_tag(),
                    kind: if original { "original" } else { "translation" },
                });
            } else {
                missing.push(native_name(l));
            }
        }
        // Every event with a page is shown, so it has a position.
        let p = self.view.position(i);
        let same_as = e
            .same_as
            .as_ref()
            .and_then(|s| self.view.by_id.get(s))
            .filter(|&&j| j != i)
            .map(|&j| {
                let restated = &self.site.events[j];
                Link {
                    title: format!(
                        "{} {}",
                        restated.date.display(self.lang),
                        excerpt(&restated.text.text, 60)
                    ),
                    url: self.view.event_url(self.site, j),
                }
            });
        EventPage {
            event: self.event_view(i, true),
            excerpt: excerpt(&e.text.text, 40),
            counterparts,
            missing,
            prev: (p.and_then(|p| p.checked_sub(1))).map(|q| self.event_link(self.view.order[q])),
            next: (p.and_then(|p| self.view.order.get(p + 1))).map(|&q| self.event_link(q)),
            same_as,
        }
    }
}
