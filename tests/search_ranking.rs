//! Search results in Chromium, from disk: products and sections found by
//! name come first, and each event is shown once (its restatements and its
//! translation folded in). The site is the repository's own.

mod common;

use common::run_chromium;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn site() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| common::build_repo_site("search-ranking-site"))
}

/// The pages the results of `query` on `page` link to, in order, from the
/// output root.
fn results(page: &str, query: &str) -> Vec<String> {
    let url = common::file_url(site(), page, Some(query));
    let html = run_chromium(&url, &["--dump-dom".to_string()]);
    assert!(
        html.contains("data-state=\"done\""),
        "the search for {query} did not finish on {page}"
    );
    let folder = Path::new(page).parent().unwrap();
    html.split("<a class=\"search-link")
        .skip(1)
        .map(|a| {
            let href = a.split_once("href=\"").unwrap().1;
            let href = &href[..href.find('"').unwrap()];
            let target = common::resolve(folder, href).unwrap();
            assert!(site().join(&target).is_file(), "{href} names no page");
            target.to_str().unwrap().to_string()
        })
        .collect()
}

fn events() -> Vec<Value> {
    let all: Value = serde_json::from_str(&common::read(site(), "events.json")).unwrap();
    all.as_array().unwrap().clone()
}

/// The event id of an event page (`zh/events/ID/index.html`).
fn event_id(url: &str) -> Option<&str> {
    let rest = url.split_once("/events/")?.1;
    rest.strip_suffix("/index.html")
}

#[test]
fn a_product_named_by_the_query_comes_first() {
    for (page, product) in [
        ("zh/search/index.html", "zh/products/deepseek-r1/index.html"),
        ("en/search/index.html", "en/products/deepseek-r1/index.html"),
    ] {
        let found = results(page, "DeepSeek-R1");
        assert_eq!(
            found.first().map(String::as_str),
            Some(product),
            "{found:?}"
        );
        // Events follow, and the product is listed once.
        assert!(found.len() > 5 && found.iter().filter(|u| *u == product).count() == 1);
        assert!(found[1..].iter().any(|u| event_id(u).is_some()));
    }
}

#[test]
fn a_section_is_found_by_its_title() {
    let zh = results("zh/search/index.html", "模型爆火");
    assert!(
        zh.contains(&"zh/sections/history/breakthrough/index.html".to_string()),
        "{zh:?}"
    );
    // By its English title on the Chinese page, shown in Chinese.
    let zh = results("zh/search/index.html", "models go viral");
    assert_eq!(
        zh.first().map(String::as_str),
        Some("zh/sections/history/breakthrough/index.html"),
        "{zh:?}"
    );
}

#[test]
fn an_event_is_shown_once() {
    // A Chinese restatement of DeepSeek-VL2's release, and the event it
    // restates: both say VL2.
    let all = events();
    let restatement = all
        .iter()
        .find(|e| {
            e["lang"] == "zh"
                && !e["same_as"].is_null()
                && e["text"].as_str().unwrap().contains("VL2")
        })
        .expect("a Chinese restatement naming VL2");
    let restated = restatement["same_as"].as_str().unwrap();
    let original = all
        .iter()
        .find(|e| e["lang"] == "zh" && e["id"] == restated)
        .unwrap();
    assert!(original["text"].as_str().unwrap().contains("VL2"));

    let found = results("zh/search/index.html", "VL2");
    let page_of = |id: &str| format!("zh/events/{id}/index.html");
    assert_eq!(
        found.iter().filter(|u| **u == page_of(restated)).count(),
        1,
        "{found:?}"
    );
    let restatement_id = restatement["id"].as_str().unwrap();
    assert!(!found.contains(&page_of(restatement_id)), "{found:?}");
    // Nor in English beside it: no event id is listed twice.
    let ids: Vec<&str> = found.iter().filter_map(|u| event_id(u)).collect();
    let unique: BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(ids.len(), unique.len(), "{found:?}");
    assert!(
        found.iter().all(|u| !u.starts_with("en/events/")),
        "{found:?}"
    );
}

#[test]
fn a_translation_shows_when_only_it_matches() {
    // English words on the Chinese page: the Chinese texts do not say
    // "Hangzhou", so the English events are listed, each once.
    let found = results("zh/search/index.html", "Hangzhou");
    let en: Vec<&String> = found
        .iter()
        .filter(|u| u.starts_with("en/events/"))
        .collect();
    assert!(!en.is_empty(), "{found:?}");
    let ids: Vec<&str> = found.iter().filter_map(|u| event_id(u)).collect();
    let unique: BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(ids.len(), unique.len(), "{found:?}");
}

#[test]
fn the_search_page_has_one_search_box() {
    for page in ["zh/search/index.html", "en/search/index.html"] {
        let html = common::read(site(), page);
        assert_eq!(html.matches("type=\"search\"").count(), 1, "{page}");
        assert_eq!(html.matches("role=\"search\"").count(), 1, "{page}");
    }
}

/// Typed into the box (no `?q=`, no submit), a query shows its results
/// and goes into the address; a second query replaces the first's results.
#[test]
fn results_follow_the_box_as_the_reader_types() {
    let page = "en/search/index.html";
    let html = common::read(site(), page);
    // A copy of the page types two queries, the second after the first's
    // results are drawn, then reports the address and the results' links.
    let typist = r#"<script>
window.addEventListener('load', function () {
  var box = document.querySelector('input[name="q"]');
  var results = document.getElementById('search-results');
  function type(text) {
    results.removeAttribute('data-state');
    box.value = text;
    box.dispatchEvent(new Event('input', {bubbles: true}));
  }
  function whenDone(then) {
    var wait = setInterval(function () {
      if (results.getAttribute('data-state') !== 'done') return;
      clearInterval(wait);
      then();
    }, 20);
  }
  function links() {
    return Array.from(results.querySelectorAll('a.search-link'), function (a) { return a.getAttribute('href'); });
  }
  type('Janus');
  whenDone(function () {
    var first = links();
    type('3FS');
    whenDone(function () {
      var out = document.createElement('script');
      out.type = 'text/plain';
      out.id = 'typed';
      out.textContent = JSON.stringify({first: first, second: links(), search: location.search});
      document.body.appendChild(out);
    });
  });
});
</script>"#;
    let at = html.rfind("</body>").unwrap();
    let copy = "en/search/typed.html";
    std::fs::write(
        site().join(copy),
        format!("{}{typist}{}", &html[..at], &html[at..]),
    )
    .unwrap();
    let dom = run_chromium(
        &common::file_url(site(), copy, None),
        &["--dump-dom".to_string()],
    );
    let start = "<script type=\"text/plain\" id=\"typed\">";
    let report = dom
        .split_once(start)
        .and_then(|(_, rest)| rest.split_once("</script>"))
        .unwrap_or_else(|| panic!("the typed queries drew no results: {dom:.300}"))
        .0;
    let typed: Value = serde_json::from_str(&common::unescape_html(report)).unwrap();
    let links = |key: &str| -> Vec<String> {
        (typed[key].as_array().unwrap().iter())
            .map(|v| v.as_str().unwrap().to_string())
            .collect()
    };
    let (first, second) = (links("first"), links("second"));
    assert!(!first.is_empty(), "`Janus` found nothing");
    assert!(
        second.iter().any(|l| l.contains("products/3fs/")),
        "`3FS` did not find its product: {second:?}"
    );
    assert_ne!(first, second, "the second query kept the first's results");
    assert_eq!(typed["search"], "?q=3FS");
}
