//! The built site in a real browser: headless Chromium opens pages from
//! disk (`file://`), runs their scripts and prints the resulting DOM
//! (`--dump-dom`), which the tests read. Search must find events in both
//! languages from the index files loaded by `<script>` tags; the language
//! switch and the citation links must lead where they say. Screenshots of
//! the two search pages go to `target/screenshots/`.
//!
//! Chromium must be installed (`/usr/bin/chromium`, or the path in
//! `ANNALS_CHROMIUM`); `scripts/test` installs Debian's package. Without it these
//! tests fail: they never pass silently.

mod common;

use common::run_chromium;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::OnceLock;

/// The repository's site, built once for all tests of this file (in
/// Cargo's temporary folder for tests, replaced by each run).
fn site() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| common::build_repo_site("browser-site"))
}

fn file_url(page: &str, query: Option<&str>) -> String {
    common::file_url(site(), page, query)
}

fn dom(page: &str, query: Option<&str>) -> String {
    let html = run_chromium(&file_url(page, query), &["--dump-dom".to_string()]);
    assert!(html.contains("</html>"), "no DOM for {page}: {html:.200}");
    html
}

fn screenshot(page: &str, query: &str, name: &str) {
    screenshot_at(page, Some(query), name, "1200,1600");
}

fn screenshot_at(page: &str, query: Option<&str>, name: &str, size: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    let _ = std::fs::remove_file(&path);
    run_chromium(
        &file_url(page, query),
        &[
            format!("--screenshot={}", path.display()),
            format!("--window-size={size}"),
        ],
    );
    assert!(path.is_file(), "no screenshot at {}", path.display());
}

/// The values of `name="…"` attributes of elements whose opening tag
/// contains `marker`.
fn attrs(html: &str, marker: &str, name: &str) -> Vec<String> {
    let mut out = Vec::new();
    for tag in html.split('<').filter(|t| t.contains(marker)) {
        let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
        let key = format!(" {name}=\"");
        if let Some(i) = tag.find(&key) {
            let v = &tag[i + key.len()..];
            out.push(v[..v.find('"').unwrap_or(v.len())].replace("&amp;", "&"));
        }
    }
    out
}

/// `page`'s folder joined with a relative link (fragment dropped).
fn resolve(page: &str, href: &str) -> String {
    let href = href.split('#').next().unwrap();
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for seg in href.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    let path: PathBuf = parts.iter().collect();
    assert!(
        path.components().all(|c| matches!(c, Component::Normal(_))),
        "{href} from {page}"
    );
    parts.join("/")
}

/// Event pages (`zh/events/id/index.html`) of events in `lang` whose text
/// passes `check`, from events.json.
fn events(lang: &str, check: impl Fn(&str) -> bool) -> BTreeSet<String> {
    let all: Value =
        serde_json::from_str(&std::fs::read_to_string(site().join("events.json")).unwrap())
            .unwrap();
    all.as_array()
        .unwrap()
        .iter()
        .filter(|e| e["lang"] == lang && check(e["text"].as_str().unwrap()))
        .map(|e| format!("{lang}/events/{}/index.html", e["id"].as_str().unwrap()))
        .collect()
}

/// The pages the search results of `page` link to, in order.
fn results(page: &str, html: &str) -> Vec<String> {
    assert!(
        html.contains("data-state=\"done\""),
        "the search did not finish on {page}:\n{}",
        &html[html.find("<main").unwrap_or(0)..]
    );
    attrs(html, "class=\"search-link\"", "href")
        .iter()
        .map(|h| {
            let target = resolve(page, h);
            assert!(site().join(&target).is_file(), "{h} names no page");
            target
        })
        .collect()
}

#[test]
fn chinese_search_finds_events_from_disk() {
    let page = "zh/search/index.html";
    let html = dom(page, Some("开源"));
    let found = results(page, &html);
    let want = events("zh", |t| t.contains("开源"));
    assert!(want.len() > 20);
    // The first 20, then a button for more.
    assert_eq!(found.len(), 20, "{found:?}");
    let unique: BTreeSet<String> = found.iter().cloned().collect();
    assert_eq!(unique.len(), 20);
    assert!(unique.is_subset(&want), "{:?}", unique.difference(&want));
    assert!(html.contains("class=\"search-more\""));
    assert!(html.contains("已显示 20 条事件"));
    assert!(html.contains("<mark>开源</mark>"));
    assert_eq!(html.matches("class=\"search-hit\"").count(), 20);
    assert!(html.contains("<h2>中文事件</h2>"));

    let html = dom(page, Some("英伟达"));
    let found: BTreeSet<String> = results(page, &html).into_iter().collect();
    assert_eq!(found, events("zh", |t| t.contains("英伟达")));
    assert!(html.contains(&format!("找到 {} 条事件", found.len())));

    let html = dom(page, Some("满血版"));
    let found: BTreeSet<String> = results(page, &html).into_iter().collect();
    assert_eq!(found, events("zh", |t| t.contains("满血版")));
    assert!(html.contains("<mark>满血版</mark>"));
    // The Tsinghua team's 4090 event says 满血运行.
    let html = dom(page, Some("4090 满血"));
    let found: BTreeSet<String> = results(page, &html).into_iter().collect();
    assert!(found.contains("zh/events/2025-02-15-expansion-3/index.html"));

    screenshot(page, "开源", "search-zh.png");
}

#[test]
fn english_search_finds_words_and_prefixes() {
    let page = "en/search/index.html";
    let html = dom(page, Some("open source"));
    let all = results(page, &html);
    // A Chinese event names its “Open Source Week”: it comes second.
    let (found, other): (Vec<String>, Vec<String>) =
        all.into_iter().partition(|u| u.starts_with("en/"));
    assert!(other.contains(&"zh/events/2025-02-21-expansion-3/index.html".to_string()));
    let open = |t: &str| {
        let l = t.to_lowercase();
        let words: Vec<&str> = l.split(|c: char| !c.is_alphanumeric()).collect();
        words.iter().any(|w| w.starts_with("open")) && words.iter().any(|w| w.starts_with("source"))
    };
    let want = events("en", open);
    let found_set: BTreeSet<String> = found.iter().cloned().collect();
    assert!(found_set.is_subset(&want));
    assert_eq!(found.len(), want.len().min(20));
    assert!(html.contains("<mark>open-source</mark>") || html.contains("<mark>Open Source</mark>"));

    let nvidia = events("en", |t| t.to_lowercase().contains("nvidia"));
    assert!(!nvidia.is_empty());
    for q in ["Nvidia", "nvid", "ＮＶＩＤＩＡ"] {
        let html = dom(page, Some(q));
        let found: BTreeSet<String> = results(page, &html)
            .into_iter()
            .filter(|u| u.starts_with("en/"))
            .collect();
        assert_eq!(found, nvidia, "{q}");
    }

    screenshot(page, "open source", "search-en.png");
}

#[test]
fn the_other_language_comes_second() {
    // Chinese on the English page: no English event says 英伟达; the
    // Chinese ones come in the second group, linking to Chinese pages.
    let page = "en/search/index.html";
    let html = dom(page, Some("英伟达"));
    let found: BTreeSet<String> = results(page, &html).into_iter().collect();
    assert_eq!(found, events("zh", |t| t.contains("英伟达")));
    assert!(html.contains("<h2>Events in other languages</h2>"));
    assert!(!html.contains("<h2>Events in English</h2>"));
    assert!(html.contains("lang=\"zh-Hans\""));

    // Both groups, own language first.
    let page = "zh/search/index.html";
    let html = dom(page, Some("Hangzhou"));
    let found = results(page, &html);
    let first_en = found.iter().position(|u| u.starts_with("en/")).unwrap();
    assert!(found[first_en..].iter().all(|u| u.starts_with("en/")));
    let own = html.find("<h2>中文事件</h2>");
    let other = html.find("<h2>其他语言的事件</h2>").unwrap();
    assert!(own.is_none_or(|o| o < other));

    // Nothing found, and no query at all.
    let html = dom(page, Some("zzqqxx"));
    assert!(html.contains("没有找到匹配的事件。"));
    let html = dom(page, None);
    assert!(html.contains("输入关键词"));
    // The language switch keeps the query.
    let html = dom(page, Some("开源"));
    let switch = attrs(&html, "hreflang=\"en\" lang=\"en\"", "href");
    assert!(
        switch
            .iter()
            .any(|h| h == "../../en/search/index.html?q=%E5%BC%80%E6%BA%90"),
        "{switch:?}"
    );
}

#[test]
fn language_switch_and_citations_lead_where_they_say() {
    let home = "zh/index.html";
    let html = dom(home, None);
    // The switch to English leads to the English home page.
    let switch = attrs(&html, "hreflang=\"en\" lang=\"en\"", "href");
    assert!(!switch.is_empty());
    assert!(
        switch.iter().all(|h| resolve(home, h) == "en/index.html"),
        "{switch:?}"
    );
    let en = dom("en/index.html", None);
    assert!(en.contains("<html lang=\"en\""));

    // The header's search box goes to this language's search page.
    let action = attrs(&html, "class=\"site-search\"", "action");
    assert_eq!(action.len(), 1);
    assert_eq!(resolve(home, &action[0]), "zh/search/index.html");

    // A citation leads to its reference, whose back-link leads back to it.
    let cites: Vec<String> = html
        .split("<sup class=\"cite\">")
        .skip(1)
        .map(|s| s.to_string())
        .collect();
    assert!(!cites.is_empty(), "no citation on the home page");
    let href = attrs(&cites[0], "href=", "href")[0].clone();
    let id = attrs(&cites[0], "href=", "id")[0].clone();
    let (_, fragment) = href.split_once('#').unwrap();
    let refs = resolve(home, &href);
    assert_eq!(refs, "zh/references/index.html");
    let refs_html = dom(&refs, None);
    let item = refs_html
        .split("<li ")
        .find(|li| li.starts_with(&format!("id=\"{fragment}\"")))
        .unwrap_or_else(|| panic!("no #{fragment} on the references page"));
    let item = &item[..item.find("</li>").unwrap()];
    let backlinks = attrs(item, "href=", "href");
    let back = backlinks
        .iter()
        .find(|b| b.ends_with(&format!("#{id}")))
        .unwrap_or_else(|| panic!("#{fragment} does not link back to #{id}: {backlinks:?}"));
    assert_eq!(resolve(&refs, back), home);
    assert!(html.contains(&format!("id=\"{id}\"")));
}

/// The pages a reader sees most, in both languages, on a desktop and a
/// phone, saved to target/screenshots/ for review (not committed).
#[test]
fn screenshots_of_the_main_pages() {
    let pages = [
        ("home", "index.html"),
        ("section", "sections/history/breakthrough/index.html"),
        ("product", "products/deepseek-r1/index.html"),
        ("day", "dates/2025/01/27/index.html"),
        ("timeline", "timeline/index.html"),
    ];
    for lang in ["zh", "en"] {
        for (name, page) in pages {
            let page = format!("{lang}/{page}");
            assert!(site().join(&page).is_file(), "{page} is built");
            screenshot_at(&page, None, &format!("{name}-{lang}.png"), "1280,1600");
            screenshot_at(&page, None, &format!("{name}-{lang}-phone.png"), "390,1200");
        }
    }
}
