//! The timeline and the date pages (years, months, days), and the chart of
//! events per month.

use super::*;

#[derive(Debug, Clone, Serialize)]
pub struct Group {
    pub id: String,
    pub label: String,
    /// The group's own date page, if it has one.
    pub url: Option<String>,
    /// Its events, each `_entry.html` rendered: print them with `| safe`.
    /// On a timeline of months, none (see `count`).
    pub events: Vec<tera::Value>,
    pub count: usize,
}

/// What `filter.js` matches an entry by; short, as every entry of the
/// timeline carries them.
#[derive(Debug, Clone, Serialize)]
pub struct FilterKeys {
    /// The section's path of slugs, `history/early-years`: choosing
    /// `history` keeps the entries of its subsections too.
    pub s: String,
    /// The product ids, space-separated.
    pub p: String,
}

/// The timeline's filter: the sections and products its entries have.
#[derive(Debug, Clone, Serialize)]
pub struct Filter {
    pub sections: Vec<FilterOption>,
    pub products: Vec<FilterOption>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FilterOption {
    /// What entries carry in `data-s` or `data-p`.
    pub value: String,
    pub title: String,
    /// How deep a section is nested (0 for a top section).
    pub depth: usize,
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
    /// How many events, and restatements folded in (`Site::timeline_count`).
    pub event_count: String,
    /// Whether each month lists its events, or only counts them (past
    /// `list_limit` events).
    pub listed: bool,
    /// The bar chart of events per month (drawn by `_charts.html`).
    pub chart: Option<charts::MonthChart>,
    /// The side-by-side variant of the page, when there is one.
    pub bilingual_url: Option<String>,
    /// The TimelineJS export of the language's events, while there is
    /// one (at most `list_limit` events).
    pub timeline_json: Option<String>,
    /// The filter by section and product, on a timeline that lists events.
    pub filter: Option<Filter>,
    /// The page showing that export with TimelineJS, when there is one.
    pub story_url: Option<String>,
}

/// The most events a day page shows in full while events have pages of
/// their own; a day of more lists their headlines, each linking to the
/// event's page.
pub const DAY_FULL_EVENTS: usize = 30;

#[derive(Debug, Clone, Serialize)]
pub struct ArchivePage {
    /// `year`, `month` or `day`.
    pub level: &'static str,
    pub heading: String,
    /// The months of a year page, the days of a month page.
    pub children: Vec<CountedLink>,
    /// The events by month or day; none on a year or month page of more
    /// than `list_limit` events, which lists only `children`.
    pub groups: Vec<Group>,
    /// False on a year or month page of more than `list_limit` events
    /// (it lists only `children`) and on a day page of more than
    /// [`DAY_FULL_EVENTS`] (it lists headlines).
    pub listed: bool,
    pub prev: Option<Link>,
    pub next: Option<Link>,
    pub event_count: String,
    /// The filter by section and product, on a year page listing its
    /// events' headlines.
    pub filter: Option<Filter>,
}

impl<'a> Builder<'a> {
    /// The bar chart of events per month, links prefixed with `root`.
    pub fn month_chart(&self, root: &str) -> Option<charts::MonthChart> {
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

    fn month_label(&self, year: i32, month: Option<u8>) -> String {
        match month {
            Some(m) => DatePoint::month(year, m).display(self.lang),
            None => DatePoint::year(year).display(self.lang),
        }
    }

    pub fn timeline(&self, root: &str) -> Result<TimelinePage, BuildError> {
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
        let count = self.site.timeline_count(self.lang);
        let listed = count.events <= self.list_limit();
        let shown: Vec<EventId> = years
            .values()
            .flat_map(|m| m.values().flatten().copied())
            .collect();
        Ok(TimelinePage {
            filter: listed.then(|| self.filter(&shown)),
            event_count: self.count_text(count.events, count.restatements),
            listed,
            chart: self.month_chart(root),
            bilingual_url: self.existing_url(Page::TimelineBilingual.url(self.site, self.lang)),
            timeline_json: crate::render::timelinejs::has_export(self.site, self.view)
                .then(|| crate::render::timelinejs::path(self.lang)),
            story_url: self.existing_url(Page::TimelineStory.url(self.site, self.lang)),
            years: years
                .into_iter()
                .map(|(y, months)| {
                    Ok(YearGroup {
                        id: format!("y-{y:04}"),
                        label: DatePoint::year(y).display(self.lang),
                        url: self.existing_url(urls::year(self.lang, y)),
                        months: months
                            .into_iter()
                            .map(|(m, events)| {
                                Ok(Group {
                                    id: match m {
                                        Some(m) => format!("m-{y:04}-{m:02}"),
                                        None => format!("m-{y:04}"),
                                    },
                                    label: self.month_label(y, m),
                                    url: m.and_then(|m| {
                                        self.existing_url(urls::month(self.lang, y, m))
                                    }),
                                    count: events.len(),
                                    events: if listed {
                                        self.fragments(events, Fragment::FilteredHeadline)?
                                    } else {
                                        Vec::new()
                                    },
                                })
                            })
                            .collect::<Result<_, BuildError>>()?,
                    })
                })
                .collect::<Result<_, BuildError>>()?,
        })
    }

    /// A headline of the timeline, with the keys its filter matches.
    pub(super) fn filtered_headline(&self, i: EventId) -> EventView {
        let e = &self.site.events[i];
        EventView {
            filter: Some(FilterKeys {
                s: self.site.sections[e.section].path.join("/"),
                p: e.products.join(" "),
            }),
            ..self.event_headline(i)
        }
    }

    /// The options of the filter of a list of `events`: the sections they
    /// are in (and those sections' parents), outer before inner, and the
    /// products they mention, in the site's order.
    fn filter(&self, events: &[EventId]) -> Filter {
        let mut sections = BTreeSet::new();
        let mut products = BTreeSet::new();
        for &i in events {
            let e = &self.site.events[i];
            let mut s = Some(e.section);
            while let Some(id) = s {
                sections.insert(self.site.sections[id].path.clone());
                s = self.site.sections[id].parent;
            }
            products.extend(e.products.iter().map(String::as_str));
        }
        let mut section_options: Vec<(usize, FilterOption)> =
            (self.site.sections.iter().enumerate())
                .filter(|(_, s)| sections.contains(&s.path))
                .map(|(i, s)| {
                    (
                        i,
                        FilterOption {
                            value: s.path.join("/"),
                            title: s.title(self.lang).to_string(),
                            depth: s.path.len() - 1,
                        },
                    )
                })
                .collect();
        // A section's subsections follow it: by the path of the sections'
        // positions, outer first.
        let position_path = |mut id: SectionId| {
            let mut path = vec![id];
            while let Some(p) = self.site.sections[id].parent {
                path.push(p);
                id = p;
            }
            path.reverse();
            path.iter()
                .map(|&i| (self.site.sections[i].order, i))
                .collect::<Vec<_>>()
        };
        section_options.sort_by_cached_key(|(i, _)| position_path(*i));
        Filter {
            sections: section_options.into_iter().map(|(_, o)| o).collect(),
            products: (self.site.products.iter())
                .filter(|p| products.contains(p.id.as_str()))
                .map(|p| FilterOption {
                    value: p.id.clone(),
                    title: p.name.get(self.lang).to_string(),
                    depth: 0,
                })
                .collect(),
        }
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
    pub fn archive(&self, all: &[Page], at: usize) -> Result<ArchivePage, BuildError> {
        let page = &all[at];
        let (year, month, day) = match page {
            Page::Year(y) => (*y, None, None),
            Page::Month(y, m) => (*y, Some(*m), None),
            Page::Day(y, m, d) => (*y, Some(*m), Some(*d)),
            _ => unreachable!("archive() is called for date pages"),
        };
        let events = self.view.dated_in(year, month, day);
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
        // A crowded day lists headlines: each event's text is on its own
        // page and its section's already. Without event pages a date page
        // is where an event is read, so it shows every event in full.
        let day_headlines =
            day.is_some() && events.len() > DAY_FULL_EVENTS && self.view.event_pages;
        // A year lists headlines only: the timeline's filter fits it.
        let filtered = month.is_none() && !summarized;
        let headline = if filtered {
            Fragment::FilteredHeadline
        } else {
            Fragment::Headline
        };
        Ok(ArchivePage {
            filter: filtered.then(|| self.filter(&events)),
            listed: !summarized && !day_headlines,
            level: match (month, day) {
                (None, _) => "year",
                (Some(_), None) => "month",
                _ => "day",
            },
            heading: self.archive_label(page),
            children,
            event_count: self.count_text(events.len(), 0),
            groups: groups
                .into_iter()
                .map(|(k, evs)| {
                    // An event is shown in full on one date page only: its
                    // day's. Where a group has a page of its own (a year's
                    // months, a month's days) it lists headlines.
                    let events = match (summarized, group_url(k)) {
                        (true, Some(_)) => Vec::new(),
                        (false, Some(_)) => self.fragments(evs.iter().copied(), headline)?,
                        (_, None) => {
                            // A year's events of no stated month are read
                            // on their pages while there are any.
                            let full = match month {
                                Some(_) => !day_headlines,
                                None => !self.view.event_pages,
                            };
                            let kind = if full { Fragment::Whole } else { headline };
                            self.fragments(evs.iter().copied(), kind)?
                        }
                    };
                    Ok(Group {
                        id: match k {
                            Some(k) => format!("g-{k:02}"),
                            None => "g-0".to_string(),
                        },
                        label: group_label(k),
                        count: evs.len(),
                        events,
                        url: group_url(k),
                    })
                })
                .collect::<Result<_, BuildError>>()?,
            prev,
            next,
        })
    }
}
