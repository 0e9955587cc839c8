//! The built site in a real browser: headless Chromium opens pages from
//! disk (`file://`), runs their scripts and prints the resulting DOM
//! (`--dump-dom`), which the tests read. Search must find events in both
//! languages from the index files loaded by `<script>` tags; the language
//! switch and the citation links must lead where they say. Screenshots of
//! the two search pages go to `target/screenshots/`.
//!
//! One page of every kind, in both languages, is checked by axe-core for
//! accessibility problems.
//!
//! Chromium must be installed (`/usr/bin/chromium`, or the path in
//! `ANNALS_CHROMIUM`); `scripts/test` installs Debian's package, and axe-core
//! into `target/tools/node_modules`. Without them these tests fail: they
//! never pass silently.

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
/// passes `check`, from events.json; restatements are left out (search
/// shows the event they restate).
fn events(lang: &str, check: impl Fn(&str) -> bool) -> BTreeSet<String> {
    let all: Value =
        serde_json::from_str(&std::fs::read_to_string(site().join("events.json")).unwrap())
            .unwrap();
    all.as_array()
        .unwrap()
        .iter()
        .filter(|e| e["lang"] == lang && e["same_as"].is_null())
        .filter(|e| check(e["text"].as_str().unwrap()))
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
    // A Chinese event names its “Open Source Week”, and so does its
    // English text: it is listed once, in English.
    let (found, other): (Vec<String>, Vec<String>) =
        all.into_iter().partition(|u| u.starts_with("en/"));
    assert!(found.contains(&"en/events/2025-02-21-expansion-3/index.html".to_string()));
    assert!(!other.contains(&"zh/events/2025-02-21-expansion-3/index.html".to_string()));
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

/// Runs axe-core on `page` opened with `query` (a copy of it beside it,
/// with axe's script and a runner added before `</body>`), in the dark
/// colour scheme when `dark`, and returns its violations, one line each:
/// id, impact, the elements and the rule's help.
fn axe_violations(site: &Path, page: &str, query: Option<&str>, dark: bool) -> Vec<String> {
    // target-size (targets of at least 24px, WCAG 2.2) is off by default
    // in axe-core; a phone reader taps these pages.
    // The report goes into the DOM as a text script, whose contents
    // `--dump-dom` prints as they are; `<` is escaped so no `</script>`
    // in an element's selector ends it early.
    // A TimelineJS page (`#story`) draws its slides after loading: axe
    // waits for them, and for their animation to end.
    let runner = r##"<script>
(function wait() {
  if (document.getElementById("story") && !document.querySelector("#story .tl-slide")) {
    return setTimeout(wait, 100);
  }
  setTimeout(check, document.getElementById("story") ? 2000 : 0);
})();
function check() {
axe.run(document, {resultTypes: ["violations"], rules: {"target-size": {enabled: true}}}).then(function (r) {
  var out = document.createElement("script");
  out.type = "text/plain";
  out.id = "axe-report";
  out.textContent = JSON.stringify(r.violations.map(function (v) {
    return {id: v.id, impact: v.impact, help: v.help,
            targets: v.nodes.map(function (n) { return n.target.join(" "); })};
  })).replace(/</g, "\\u003c");
  document.body.appendChild(out);
});
}
</script>"##;
    let dom = common::dom_with_axe(site, page, ".axe.html", runner, query, dark);
    // A query is there for its results: they must have been drawn.
    assert!(
        query.is_none() || dom.contains("data-state=\"done\""),
        "no search results on {page}"
    );
    let page = format!(
        "{page}{}{}",
        query.map_or(String::new(), |q| format!("?q={q}")),
        if dark { " (dark)" } else { "" }
    );
    let start = "<script type=\"text/plain\" id=\"axe-report\">";
    let report = dom
        .split_once(start)
        .and_then(|(_, r)| r.split_once("</script>"))
        .unwrap_or_else(|| panic!("axe-core did not finish on {page}"))
        .0;
    let violations: Vec<Value> = serde_json::from_str(report).unwrap();
    violations
        .iter()
        .map(|v| {
            format!(
                "{page}: {} ({}) at {}: {}",
                v["id"].as_str().unwrap_or_default(),
                v["impact"].as_str().unwrap_or_default(),
                v["targets"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(", "),
                v["help"].as_str().unwrap_or_default(),
            )
        })
        .collect()
}

/// One page of every kind, in both languages and both colour schemes, and
/// the 404 pages, with no violation of axe-core's rules.
#[test]
fn axe_finds_no_violations() {
    common::axe_script();
    let event = events("en", |_| true)
        .into_iter()
        .next()
        .unwrap()
        .trim_start_matches("en/")
        .to_string();
    let kinds = [
        "index.html",
        "sections/history/breakthrough/index.html",
        "timeline/index.html",
        "dates/2025/index.html",
        "dates/2025/01/index.html",
        "dates/2025/01/27/index.html",
        &event,
        "products/deepseek-r1/index.html",
        "products/index.html",
        "references/index.html",
        "search/index.html",
        "timeline/side-by-side/index.html",
        "article/index.html",
        "timeline/story/index.html",
        "404.html",
    ];
    // Every kind in the light scheme; the English ones and the Chinese
    // home page in the dark one too (the colours do not depend on the
    // language); the search pages with results as well.
    let mut pages: Vec<(String, Option<&str>, bool)> = Vec::new();
    for lang in ["zh", "en"] {
        for kind in kinds {
            let page = format!("{lang}/{kind}");
            pages.push((page.clone(), None, false));
            if lang == "en" || kind == "index.html" {
                pages.push((page, None, true));
            }
        }
    }
    // A section's side-by-side page is written once, under the default
    // language, for readers of both.
    let bilingual = "zh/sections/history/bilingual.html";
    pages.push((bilingual.into(), None, false));
    pages.push((bilingual.into(), None, true));
    pages.push(("404.html".into(), None, false));
    pages.push(("zh/search/index.html".into(), Some("开源"), false));
    pages.push(("en/search/index.html".into(), Some("open source"), true));
    for (page, ..) in &pages {
        assert!(site().join(page).is_file(), "{page} is built");
    }
    // Two Chromiums at a time: each spends most of its time starting.
    let found: Vec<String> = std::thread::scope(|s| {
        let (a, b) = pages.split_at(pages.len() / 2);
        let run = |half: &[(String, Option<&str>, bool)]| {
            half.iter()
                .flat_map(|(p, q, dark)| axe_violations(site(), p, *q, *dark))
                .collect()
        };
        let a = s.spawn(move || run(a));
        let mut found: Vec<String> = run(b);
        found.extend(a.join().unwrap());
        found
    });
    assert!(
        found.is_empty(),
        "axe-core violations:\n{}",
        found.join("\n")
    );
}

/// A history past `event_page_limit` and `list_limit`: its section lists
/// headlines, its products list headlines without a second link, its day
/// pages show every event whole. axe-core finds nothing on them, light or
/// dark.
#[test]
fn a_long_history_without_event_pages_passes_axe() {
    let dir = tempfile::tempdir().unwrap();
    common::long_list_site(dir.path(), 60, 40);
    let config = common::read(dir.path(), "content/site.yaml");
    common::write(
        dir.path(),
        "content/site.yaml",
        &format!("{config}event_page_limit: 0\n"),
    );
    let out = dir.path().join("public");
    common::build_ok(dir.path(), &out);
    let mut found = Vec::new();
    for lang in ["zh", "en"] {
        for page in [
            "sections/history/index.html",
            "products/atlas/index.html",
            "dates/2000/01/02/index.html",
        ] {
            let page = format!("{lang}/{page}");
            assert!(out.join(&page).is_file(), "{page} is built");
            for dark in [false, true] {
                found.extend(axe_violations(&out, &page, None, dark));
            }
        }
    }
    assert!(
        found.is_empty(),
        "axe-core violations:\n{}",
        found.join("\n")
    );
}
