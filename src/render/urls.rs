//! Where each page lives and how one page links to another.
//!
//! Every URL handed to templates is relative to the output folder's root
//! (`zh/events/2025-01-20-history/index.html`); a page prefixes it with its
//! own `root` (`../../../`), so the folder works at a domain root, under a
//! sub-path and from `file://`. Links name `index.html` explicitly because
//! `file://` does not resolve a folder to its index.

use crate::model::{DatePoint, Lang, Section};
use std::borrow::Cow;

/// `../` once per folder between the page and the output root:
/// `zh/timeline/index.html` → `../../`, `index.html` → ``.
pub fn root_prefix(page: &str) -> String {
    "../".repeat(page.matches('/').count())
}

/// One path segment, safe in a URL and as a folder name. Slugs and ids are
/// already ASCII; anything else is percent-encoded, and `.`/`..` never
/// escape their folder.
pub fn segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_segment(&mut out, s);
    out
}

/// [`segment`] written onto the end of `out`.
fn push_segment(out: &mut String, s: &str) {
    if s.is_empty() || s == "." || s == ".." {
        out.push('_');
        return;
    }
    let safe = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~');
    if s.bytes().all(safe) {
        out.push_str(s);
        return;
    }
    for b in s.bytes() {
        if safe(b) {
            out.push(char::from(b));
        } else {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
}

/// The file a URL names, for writing it: percent-encoding undone.
pub fn file_path(url: &str) -> String {
    if !url.contains('%') {
        return url.to_string();
    }
    let bytes = url.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && bytes[i + 1].is_ascii_hexdigit()
            && bytes[i + 2].is_ascii_hexdigit()
        {
            let hex = |b: u8| (b as char).to_digit(16).unwrap_or(0) as u8;
            out.push(hex(bytes[i + 1]) * 16 + hex(bytes[i + 2]));
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub fn home(lang: Lang) -> String {
    format!("{}/index.html", lang.code())
}

pub fn section(lang: Lang, section: &Section) -> String {
    let path: Vec<String> = section.path.iter().map(|s| segment(s)).collect();
    format!("{}/sections/{}/index.html", lang.code(), path.join("/"))
}

pub fn timeline(lang: Lang) -> String {
    format!("{}/timeline/index.html", lang.code())
}

pub fn year(lang: Lang, year: i32) -> String {
    format!("{}/dates/{year:04}/index.html", lang.code())
}

pub fn month(lang: Lang, year: i32, month: u8) -> String {
    format!("{}/dates/{year:04}/{month:02}/index.html", lang.code())
}

pub fn day(lang: Lang, year: i32, month: u8, day: u8) -> String {
    format!(
        "{}/dates/{year:04}/{month:02}/{day:02}/index.html",
        lang.code()
    )
}

/// The archive pages a date point belongs on, most precise first: the day
/// page (when the day is known), the month page, the year page.
pub fn archives(lang: Lang, p: &DatePoint) -> Vec<String> {
    let mut out = Vec::new();
    if let (Some(m), Some(d)) = (p.month, p.day) {
        out.push(day(lang, p.year, m, d));
    }
    if let Some(m) = p.month {
        out.push(month(lang, p.year, m));
    }
    out.push(year(lang, p.year));
    out
}

/// `zh/events/2025-01-20-history/index.html`. Made for every link to an
/// event (240,000 times at 10,000 events), so written straight into one
/// string: through `format!` and [`segment`] it cost 2,200 instructions a
/// call, 3% of the build.
pub fn event(lang: Lang, id: &str) -> String {
    let code = lang.code();
    let mut url =
        String::with_capacity(code.len() + EVENTS.len() + id.len() + EVENT_PAGE_FILE.len());
    url.push_str(code);
    url.push_str(EVENTS);
    push_segment(&mut url, id);
    url.push_str(EVENT_PAGE_FILE);
    url
}

/// Between a language's code and an event's id in its page's URL.
const EVENTS: &str = "/events/";
/// After an event's id in its page's URL.
const EVENT_PAGE_FILE: &str = "/index.html";

/// An event page's URL either side of its id (`zh/events/`, `/index.html`):
/// the search index gives each event's id alone, which `search.js` puts
/// between them.
pub fn event_around(lang: Lang) -> (String, &'static str) {
    (format!("{}{EVENTS}", lang.code()), EVENT_PAGE_FILE)
}

pub fn products(lang: Lang) -> String {
    format!("{}/products/index.html", lang.code())
}

pub fn product(lang: Lang, id: &str) -> String {
    format!("{}/products/{}/index.html", lang.code(), segment(id))
}

pub fn references(lang: Lang) -> String {
    format!("{}/references/index.html", lang.code())
}

/// The folder form of a page URL, for absolute links such as the sitemap:
/// `zh/timeline/index.html` → `zh/timeline/`, and
/// `zh/dates/2025/index.html#e-x` → `zh/dates/2025/#e-x`.
pub fn pretty(url: &str) -> Cow<'_, str> {
    let (page, fragment) = url.split_at(url.find('#').unwrap_or(url.len()));
    match page.strip_suffix("index.html") {
        Some(folder) if fragment.is_empty() => Cow::Borrowed(folder),
        Some(folder) => Cow::Owned(format!("{folder}{fragment}")),
        None => Cow::Borrowed(url),
    }
}

/// `base_url` joined with a root-relative URL (not through `format!`,
/// which cost 1,800 instructions a call: a page's head has two or three).
pub fn absolute(base_url: &str, url: impl AsRef<str>) -> String {
    [base_url.trim_end_matches('/'), "/", url.as_ref()].concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_prefix_follows_depth() {
        assert_eq!(root_prefix("index.html"), "");
        assert_eq!(root_prefix("zh/index.html"), "../");
        assert_eq!(root_prefix("zh/events/x/index.html"), "../../../");
    }

    #[test]
    fn segments_are_safe() {
        assert_eq!(segment("deepseek-r1"), "deepseek-r1");
        assert_eq!(segment(".."), "_");
        assert_eq!(segment("a b/c"), "a%20b%2Fc");
        assert_eq!(file_path(&segment("历史 x")), "历史 x");
        assert_eq!(file_path("50%"), "50%");
    }

    #[test]
    fn an_event_url_is_its_id_between_the_parts_search_js_joins() {
        for id in ["2025-01-20-history", "历史 x", "..", "a%b"] {
            for lang in [Lang::Zh, Lang::En] {
                let (before, after) = event_around(lang);
                assert_eq!(event(lang, id), format!("{before}{}{after}", segment(id)));
            }
        }
        assert_eq!(event(Lang::En, "a b"), "en/events/a%20b/index.html");
    }

    #[test]
    fn archives_follow_precision() {
        let d = DatePoint::day(2025, 1, 5);
        assert_eq!(
            archives(Lang::En, &d),
            vec![
                "en/dates/2025/01/05/index.html",
                "en/dates/2025/01/index.html",
                "en/dates/2025/index.html"
            ]
        );
        assert_eq!(
            archives(Lang::Zh, &DatePoint::year(2024)),
            vec!["zh/dates/2024/index.html"]
        );
        assert_eq!(pretty("zh/timeline/index.html"), "zh/timeline/");
        assert_eq!(pretty("zh/dates/2025/index.html#e-x"), "zh/dates/2025/#e-x");
        assert_eq!(absolute("https://x.org/", "zh/"), "https://x.org/zh/");
    }
}
