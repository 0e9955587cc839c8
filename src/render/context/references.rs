//! The references page: every cited number, what the site knows of it,
//! and links back to each place citing it.

use super::*;

#[derive(Debug, Clone, Serialize)]
pub struct RefView {
    pub n: u32,
    pub title: Option<String>,
    pub publisher: Option<String>,
    /// Only `http(s)` URLs.
    pub url: Option<String>,
    pub date: Option<String>,
    /// When the source was last read, when `references.yaml` says.
    pub accessed: Option<String>,
    pub described: bool,
    pub backlinks: Vec<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReferencesPage {
    /// What the numbers are: the source article's citation markers, and
    /// how many of them `references.yaml` describes.
    pub intro: String,
    pub references: Vec<RefView>,
}

/// A place where a number is cited: the page and the superscript's id.
struct CitingPlace {
    n: u32,
    /// The citing event, fact or lead: one link per place and number.
    place: String,
    url: String,
    label: String,
}

impl<'a> Builder<'a> {
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
                    place: format!("fact-{i}"),
                    url: format!("{home}#{id}"),
                    label: f.label.get(self.lang).to_string(),
                });
            }
        }
        for s in 0..self.site.sections.len() {
            let page = urls::section(self.lang, &self.site.sections[s]);
            let title = self.section_title_trail(s);
            let shown = self.displayed_text(s);
            let headlines = self.section_lists_headlines(s);
            let push_event = |out: &mut Vec<CitingPlace>, i: EventId| {
                let e = &self.site.events[i];
                // A section of headlines shows no superscripts: the
                // event's own page or its date page does.
                let (page, whole) = if headlines {
                    self.view.event_read_at(self.site, i)
                } else {
                    (page.clone(), true)
                };
                for (n, id) in cited::uses(cited::numbers_in_order(&e.text), &e.id) {
                    out.push(CitingPlace {
                        n,
                        place: e.id.to_string(),
                        url: if whole {
                            format!("{page}#{id}")
                        } else {
                            page.clone()
                        },
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
                                    place: self.lead_prefix(s, b),
                                    url: format!("{page}#{id}"),
                                    label: title.clone(),
                                });
                            }
                        }
                        for &i in events.iter().filter(|i| self.view.shows(**i)) {
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
                        place: format!("product-{}-{k}", product.id),
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
        // One link per citing place; places sharing a label (two events of
        // one day in one section) are told apart by a count, so that no two
        // links have the same name.
        let mut seen: BTreeSet<(u32, String)> = BTreeSet::new();
        let mut names: BTreeMap<(u32, String), usize> = BTreeMap::new();
        for place in self.citing_places() {
            if !seen.insert((place.n, place.place)) {
                continue;
            }
            let k = names.entry((place.n, place.label.clone())).or_insert(0);
            *k += 1;
            let title = if *k == 1 {
                place.label
            } else {
                format!("{} ({k})", place.label)
            };
            backlinks.entry(place.n).or_default().push(Link {
                title,
                url: place.url,
            });
        }
        ReferencesPage {
            intro: references_note(self.t, "references_intro", described_references(self.site)),
            references: backlinks
                .into_iter()
                .map(|(n, backlinks)| {
                    let r = self.site.references.get(&n);
                    let described = r.is_some_and(is_described);
                    RefView {
                        n,
                        title: r.and_then(|r| r.title.clone()),
                        publisher: r.and_then(|r| r.publisher.clone()),
                        url: r
                            .and_then(|r| r.url.clone())
                            .filter(|u| crate::model::is_safe_url(u)),
                        date: r.and_then(|r| r.date.clone()),
                        accessed: r.and_then(|r| r.accessed.clone()),
                        described,
                        backlinks,
                    }
                })
                .collect(),
        }
    }
}

/// Whether `references.yaml` says anything of a reference.
fn is_described(r: &crate::model::Reference) -> bool {
    r.title.is_some()
        || r.publisher.is_some()
        || r.url.is_some()
        || r.date.is_some()
        || r.accessed.is_some()
}

/// How many references `references.yaml` describes.
pub fn described_references(site: &Site) -> usize {
    site.references.values().filter(|r| is_described(r)).count()
}

/// The intro's or footer's word on what the numbers are: `key` when none
/// is described, else `{key}_described` (`_described_one` for one) with
/// the count.
pub fn references_note(t: &BTreeMap<String, String>, key: &str, described: usize) -> String {
    let key = match described {
        0 => key.to_string(),
        1 => format!("{key}_described_one"),
        _ => format!("{key}_described"),
    };
    charts::fill(t, &key, &[("n", &described.to_string())])
}

/// Every number cited anywhere (events, lead prose and facts, all
/// languages) or described in `references.yaml`.
pub fn all_cited_numbers(site: &Site) -> BTreeSet<u32> {
    let mut all: BTreeSet<u32> = site.cited_numbers();
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

/// What a citation's preview shows of one reference; every field is left
/// out when `references.yaml` does not give it, so an undescribed
/// reference is `{}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RefPreview {
    #[serde(rename = "t", skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(rename = "p", skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    #[serde(rename = "d", skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The host of its URL (only `http(s)` URLs).
    #[serde(rename = "h", skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
}

/// One language's `L/references/refs.js`: every cited number's preview
/// and the popup's two strings, read by `static/cite.js`.
#[derive(Debug, Clone, Serialize)]
pub struct RefPreviews {
    /// Shown for a reference with no details.
    pub none: String,
    /// The popup's link to the reference's entry.
    pub open: String,
    #[serde(rename = "r")]
    pub references: BTreeMap<u32, RefPreview>,
}

/// The previews of every number the site cites, with the interface
/// strings of `t`.
pub fn ref_previews(site: &Site, t: &BTreeMap<String, String>) -> RefPreviews {
    let s = |k: &str| t.get(k).cloned().unwrap_or_else(|| k.to_string());
    let references = all_cited_numbers(site)
        .into_iter()
        .map(|n| {
            let preview = site
                .references
                .get(&n)
                .map_or_else(RefPreview::default, |r| RefPreview {
                    title: r.title.clone(),
                    publisher: r.publisher.clone(),
                    date: r.date.clone(),
                    host: (r.url.as_deref())
                        .filter(|u| crate::model::is_safe_url(u))
                        .and_then(url_host),
                });
            (n, preview)
        })
        .collect();
    RefPreviews {
        none: s("no_details"),
        open: s("cite_open"),
        references,
    }
}

/// `https://user@www.example.org:8080/a?b` → `www.example.org:8080`.
fn url_host(url: &str) -> Option<String> {
    let rest = url.trim().split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?;
    (!host.is_empty()).then(|| host.to_string())
}

#[cfg(test)]
mod preview_tests {
    use super::url_host;

    #[test]
    fn hosts_of_urls() {
        assert_eq!(
            url_host("https://user@www.example.org:8080/a?b").as_deref(),
            Some("www.example.org:8080")
        );
        assert_eq!(url_host("http://x.cn").as_deref(), Some("x.cn"));
        assert_eq!(url_host("x.cn/a"), None);
        assert_eq!(url_host("https:///a"), None);
    }
}
