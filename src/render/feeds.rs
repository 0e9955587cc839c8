//! The Atom feed of each language (`zh/feed.xml`, `en/feed.xml`): the 50
//! latest events, newest first.
//!
//! - **Which events**: those the language's date pages list (an event that
//!   restates another with `same_as` is left out), latest by date, ties by
//!   id (both descending).
//! - **Dates**: an entry's `updated` is derived from the event's own date
//!   (its start, at the first instant of what it names, in UTC: `2025-02`
//!   → `2025-02-01T00:00:00Z`, `2025年2月中旬` → the 11th, `evening` →
//!   19:00), never from the build time, so a rebuild changes nothing. The
//!   feed's `updated` is that of its newest entry.
//! - **Addresses**: Atom wants absolute URLs. With `base_url` set, ids and
//!   links are absolute URLs under it. Without it, the feed is still
//!   written: ids are `tag:` URIs (RFC 4151) made of the site title as an
//!   ASCII slug, the event's date and its id
//!   (`tag:deepseek-da-shi-ji,2025-01-20:zh/events/2025-01-20-history`),
//!   and links are relative to the feed, which Atom resolves against the
//!   feed's own address.
//! - The feed is written by the `atom.xml` template, which a site may
//!   replace; everything is XML-escaped and characters XML cannot carry
//!   are dropped ([`crate::text::escape`]).

use super::cited::{self, Links};
use super::urls;
use super::view::LangView;
use crate::model::date::days_in_month;
use crate::model::{DatePoint, EventId, Lang, Site};
use crate::text::{excerpt, slugify};
use serde::Serialize;

/// How many events a feed holds.
pub const FEED_SIZE: usize = 50;

/// The feed's path in the output: `zh/feed.xml`.
pub fn path(lang: Lang) -> String {
    format!("{}/feed.xml", lang.code())
}

/// The `limit` latest events date pages list: by date, ties by id, newest
/// first.
pub fn latest(site: &Site, view: &LangView, limit: usize) -> Vec<EventId> {
    let mut events: Vec<EventId> = view.dated().collect();
    events.sort_by(|&a, &b| {
        let (ea, eb) = (&site.events[a], &site.events[b]);
        (eb.date.sort_key(), &eb.id).cmp(&(ea.date.sort_key(), &ea.id))
    });
    events.truncate(limit);
    events
}

/// The first instant of what a date point names, as an RFC 3339 UTC
/// timestamp.
pub fn timestamp(p: &DatePoint) -> String {
    let (year, month, day, minutes) = p.sort_key();
    let month = month.clamp(1, 12);
    let day = day.clamp(1, days_in_month(year, month).max(1));
    let minutes = minutes.min(23 * 60 + 59);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:00Z",
        minutes / 60,
        minutes % 60
    )
}

/// The authority of the feed's `tag:` URIs: the site title in its default
/// language as a DNS-style slug (pinyin for Chinese), `annals` when that
/// leaves nothing.
pub fn tag_authority(site: &Site) -> String {
    let title = site.config.title.get(site.config.default_language);
    let slug = slugify(title);
    let mut out = String::new();
    for c in slug.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= 63 {
            break;
        }
    }
    let out = out.trim_matches('-').to_string();
    if out.is_empty() || title.trim().is_empty() {
        "annals".to_string()
    } else {
        out
    }
}

fn sep(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "：",
        Lang::En => ": ",
    }
}

/// What `atom.xml` receives as `feed`: every string is plain text, which
/// the template escapes.
#[derive(Debug, Serialize)]
pub struct Feed {
    /// The language's tag (`zh-Hans`).
    pub lang: &'static str,
    pub id: String,
    pub title: String,
    /// The site's description; absent when blank.
    pub subtitle: Option<String>,
    /// RFC 3339 UTC: that of the newest entry.
    pub updated: String,
    /// The feed's own address.
    pub self_href: String,
    /// The language's home page.
    pub home_href: String,
    pub entries: Vec<FeedEntry>,
}

#[derive(Debug, Serialize)]
pub struct FeedEntry {
    /// The event's language when it is not the feed's (an untranslated
    /// event), for `xml:lang`.
    pub lang: Option<&'static str>,
    pub id: String,
    pub title: String,
    pub updated: String,
    pub href: String,
    /// The section's path (`history/early-years`).
    pub category_term: String,
    /// The section's titles (`历史 › 早期`).
    pub category_label: String,
    /// The event's text with its citations as HTML, in a `<p>`: Atom's
    /// `type="html"` content, escaped once more by the template.
    pub content: String,
}

/// The feed of a language, ready for `atom.xml`.
pub fn feed(site: &Site, view: &LangView) -> Feed {
    let lang = view.lang;
    let base = site.config.base_url();
    let lang_dir = format!("{}/", lang.code());
    // A page's address in the feed: absolute under base_url, else relative
    // to the feed (which sits in the language's folder).
    let href = |url: &str| -> String {
        match base {
            Some(b) => urls::absolute(b, urls::pretty(url)),
            None => url.strip_prefix(&lang_dir).unwrap_or(url).to_string(),
        }
    };
    let authority = tag_authority(site);
    let events = latest(site, view, FEED_SIZE);
    let title = site.config.title.get(lang);

    let first_year = site
        .events
        .iter()
        .map(|e| e.date.start.year)
        .min()
        .unwrap_or(2000);
    let refs = href(&urls::references(lang));
    let entries = (events.iter())
        .map(|&i| {
            let e = &site.events[i];
            let page = view.event_url(site, i);
            let date = e.date.display(lang);
            let short = excerpt(&e.text.text, 60);
            let html = cited::html(
                &e.text,
                &e.id,
                Links {
                    root: "",
                    refs: &refs,
                    ids: false,
                },
            );
            FeedEntry {
                lang: (e.lang != lang).then(|| e.lang.html_tag()),
                id: match base {
                    Some(_) => href(&page),
                    None => format!(
                        "tag:{authority},{}:{}/events/{}",
                        e.date.start.iso(),
                        lang.code(),
                        urls::segment(&e.id)
                    ),
                },
                title: if short.contains(&date) {
                    short
                } else {
                    format!("{date}{}{short}", sep(lang))
                },
                updated: timestamp(&e.date.start),
                href: href(&page),
                category_term: site.sections[e.section].path.join("/"),
                category_label: site.section_titles(e.section, lang).join(" › "),
                content: format!("<p>{html}</p>"),
            }
        })
        .collect();
    let description = site.config.description.get(lang);
    Feed {
        lang: lang.html_tag(),
        id: match base {
            Some(b) => urls::absolute(b, path(lang)),
            None => format!("tag:{authority},{first_year:04}:{}", path(lang)),
        },
        title: title.to_string(),
        subtitle: (!description.trim().is_empty()).then(|| description.to_string()),
        updated: events
            .first()
            .map(|&i| timestamp(&site.events[i].date.start))
            .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string()),
        self_href: match base {
            Some(b) => urls::absolute(b, path(lang)),
            None => "feed.xml".to_string(),
        },
        home_href: href(&urls::home(lang)),
        entries,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Period, TimeOfDay};

    #[test]
    fn timestamps_follow_the_date() {
        assert_eq!(timestamp(&DatePoint::year(2025)), "2025-01-01T00:00:00Z");
        assert_eq!(
            timestamp(&DatePoint::month(2025, 2)),
            "2025-02-01T00:00:00Z"
        );
        let mid = DatePoint {
            period: Some(Period::Mid),
            ..DatePoint::month(2025, 2)
        };
        assert_eq!(timestamp(&mid), "2025-02-11T00:00:00Z");
        let evening = DatePoint {
            time: Some(TimeOfDay::Evening),
            ..DatePoint::day(2025, 1, 27)
        };
        assert_eq!(timestamp(&evening), "2025-01-27T19:00:00Z");
        let clock = DatePoint {
            time: Some(TimeOfDay::Clock {
                hour: 24,
                minute: 0,
            }),
            ..DatePoint::day(2025, 1, 27)
        };
        assert_eq!(timestamp(&clock), "2025-01-27T23:59:00Z");
    }
}
