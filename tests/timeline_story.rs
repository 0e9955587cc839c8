//! The TimelineJS export as TimelineJS shows it: `L/timeline.json`'s
//! groups, headlines and title slide, and the story page
//! (`L/timeline/story/index.html`), which draws it with the copy of
//! TimelineJS in the output, in headless Chromium, from `file://`.

mod common;

use common::{attr_values, read, resolve, run_chromium};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The repository's site, built once for every test of this file.
fn site() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| common::build_repo_site("timeline-story-site"))
}

fn timeline(lang: &str) -> Value {
    serde_json::from_str(&read(site(), &format!("{lang}/timeline.json")))
        .unwrap_or_else(|e| panic!("{lang}/timeline.json: {e}"))
}

/// The text of the first `<h1>` of a page, tags left out.
fn h1(html: &str) -> String {
    let start = html.find("<h1").expect("an <h1>");
    let open_end = html[start..].find('>').unwrap() + start + 1;
    let close = html[open_end..].find("</h1>").unwrap() + open_end;
    let mut text = String::new();
    let mut in_tag = false;
    for c in html[open_end..close].chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.trim().to_string()
}

/// The titles of a language's top-level sections, read from their pages
/// (`L/sections/<slug>/index.html`, one folder below `sections/`).
fn top_level_titles(lang: &str) -> BTreeSet<String> {
    let dir = site().join(lang).join("sections");
    std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path().join("index.html"))
        .filter(|p| p.is_file())
        .map(|p| h1(&std::fs::read_to_string(p).unwrap()))
        .collect()
}

#[test]
fn groups_are_the_top_level_sections() {
    for lang in ["zh", "en"] {
        let tops = top_level_titles(lang);
        assert!(tops.len() > 1, "{lang}: the site has top-level sections");
        let data = timeline(lang);
        let groups: BTreeSet<String> = data["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| common::unescape_html(e["group"].as_str().expect("every event has a group")))
            .collect();
        assert!(groups.len() <= tops.len(), "{lang}: {groups:?}");
        for g in &groups {
            assert!(
                tops.contains(g),
                "{lang}: group {g:?} is no top-level section"
            );
        }
    }
}

#[test]
fn no_headline_ends_mid_word() {
    for lang in ["zh", "en"] {
        let data = timeline(lang);
        for e in data["events"].as_array().unwrap() {
            let Some(headline) = e["text"]["headline"].as_str() else {
                continue;
            };
            let id = &e["unique_id"];
            let head = common::unescape_html(headline);
            let head = head.trim_end_matches('…');
            let text = common::unescape_html(e["text"]["text"].as_str().unwrap());
            // A headline is the start of the text, cut where a word or a
            // clause ends.
            let rest = text
                .strip_prefix(head)
                .unwrap_or_else(|| panic!("{id}: {head:?} does not start {text:?}"));
            let last = head.chars().next_back();
            let next = rest.chars().next();
            let mid_word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
            assert!(
                !(mid_word(last) && mid_word(next)),
                "{id}: headline {head:?} ends mid-word"
            );
        }
    }
}

#[test]
fn the_title_slide_has_an_id_no_event_has() {
    for lang in ["zh", "en"] {
        let data = timeline(lang);
        let title_id = data["title"]["unique_id"]
            .as_str()
            .unwrap_or_else(|| panic!("{lang}: the title slide has no unique_id"));
        assert!(!title_id.is_empty());
        let events = data["events"].as_array().unwrap();
        assert!(!events.is_empty());
        assert!(
            events.iter().all(|e| e["unique_id"] != title_id),
            "{lang}: {title_id} is also an event's id"
        );
        assert!(data["title"]["text"]["headline"].is_string());
    }
}

/// Every `src` and `href` of the story page in `lang` (besides links to
/// other sites) leads to a file of the output.
#[test]
fn the_story_page_uses_only_files_of_the_output() {
    for lang in ["zh", "en"] {
        let page = format!("{lang}/timeline/story/index.html");
        let html = read(site(), &page);
        let folder = Path::new(&page).parent().unwrap();
        let mut refs: Vec<&str> = attr_values(&html, "src");
        refs.extend(attr_values(&html, "href"));
        assert!(refs.iter().any(|r| r.ends_with("timeline.js")), "{page}");
        assert!(refs.iter().any(|r| r.ends_with("timeline.css")), "{page}");
        for r in refs {
            let path = r.split(['#', '?']).next().unwrap();
            assert!(
                !r.contains("://") && !r.starts_with("//"),
                "{page} asks another site for {r}"
            );
            if path.is_empty() {
                continue;
            }
            let file = resolve(folder, path).unwrap_or_else(|| panic!("{page}: {r} above root"));
            assert!(site().join(&file).is_file(), "{page}: {r} is no file");
        }
        // The timeline page links to it.
        let timeline = read(site(), &format!("{lang}/timeline/index.html"));
        assert!(
            timeline.contains(&format!("href=\"../../{lang}/timeline/story/index.html\"")),
            "{lang} timeline page lacks the story link"
        );
    }
    // TimelineJS ships with its licence.
    let licence = read(site(), "vendor/timelinejs/LICENSE");
    assert!(licence.starts_with("Mozilla Public License, version 2.0"));
}

/// The story page opened from disk, after TimelineJS has run: its slides,
/// the title among them, and its navigation strip, in the page's language,
/// with nothing asked of the network (TimelineJS adds a stylesheet for its
/// web font and fetches its locale unless told not to).
#[test]
fn timelinejs_draws_the_story_from_disk() {
    for lang in ["zh", "en"] {
        let page = format!("{lang}/timeline/story/index.html");
        let dom = run_chromium(
            &common::file_url(site(), &page, None),
            &["--dump-dom".to_string()],
        );
        let data = timeline(lang);
        let title = data["title"]["text"]["headline"].as_str().unwrap();
        let title_id = data["title"]["unique_id"].as_str().unwrap();
        assert!(
            dom.contains("class=\"tl-slide tl-slide-titleslide"),
            "{page}: no title slide drawn: {dom:.3000}"
        );
        let title_slide = dom
            .split_once(&format!("id=\"{title_id}\""))
            .and_then(|(_, rest)| rest.split("class=\"tl-slide ").next())
            .unwrap_or_else(|| panic!("{page}: no slide of id {title_id}"));
        assert!(title_slide.contains(title), "{page}: no title text");
        let slides = dom.matches("class=\"tl-slide ").count();
        let events = data["events"].as_array().unwrap().len();
        assert_eq!(
            slides,
            events + 1,
            "{page}: a slide per event and the title"
        );
        assert!(
            dom.contains("class=\"tl-timenav"),
            "{page}: no navigation strip"
        );
        assert!(dom.contains("class=\"tl-timemarker"), "{page}: no markers");
        // The axis speaks the page's language: TimelineJS's Chinese
        // locale reached it.
        let ticks: Vec<&str> = dom
            .split("tl-timeaxis-tick-text")
            .skip(1)
            .filter_map(|s| s.split_once('>').and_then(|(_, r)| r.split_once('<')))
            .map(|(text, _)| text)
            .filter(|t| !t.is_empty())
            .collect();
        assert!(!ticks.is_empty(), "{page}: no axis labels");
        if lang == "zh" {
            assert!(
                ticks.iter().all(|t| t.contains('年') || t.contains('月')),
                "{page}: axis not in Chinese: {ticks:?}"
            );
        }
        assert!(!dom.contains("Error loading"), "{page}: {dom:.3000}");
        // Whatever TimelineJS added to the page is ours too.
        let folder = Path::new(&page).parent().unwrap();
        for tag in ["<link ", "<script "] {
            for piece in dom.split(tag).skip(1) {
                let tag_text = &piece[..piece.find('>').unwrap()];
                let attrs = format!(" {tag_text}");
                for r in attr_values(&attrs, "href")
                    .into_iter()
                    .chain(attr_values(&attrs, "src"))
                {
                    assert!(!r.contains("://"), "{page} loads {r}");
                    let file = resolve(folder, r.split('#').next().unwrap()).unwrap();
                    assert!(site().join(&file).is_file(), "{page}: {r} is no file");
                }
            }
        }
    }
}

/// TimelineJS draws every slide at once: past `list_limit` events (where
/// the timeline page counts months instead of listing events) there is no
/// story page, and no TimelineJS in the output.
#[test]
fn a_timeline_past_the_list_limit_has_no_story_page() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    common::long_list_site(&root, 12, 10);
    let out = tmp.path().join("out");
    common::build_ok(&root, &out);
    assert!(out.join("zh/timeline/index.html").is_file());
    assert!(!out.join("zh/timeline/story/index.html").exists());
    assert!(!out.join("vendor/timelinejs").exists());

    common::long_list_site(&root, 10, 10);
    common::write(
        &root,
        "content/site.yaml",
        "title: {zh: 测试, en: Test}\nlist_limit: 10\nbase_url: https://example.org/t\n",
    );
    common::build_ok(&root, &out);
    assert!(out.join("zh/timeline/story/index.html").is_file());
    assert!(out.join("vendor/timelinejs/js/timeline.js").is_file());
    // The sitemap lists the story pages.
    let sitemap = read(&out, "sitemap.xml");
    for lang in ["zh", "en"] {
        let loc = format!("<loc>https://example.org/t/{lang}/timeline/story/</loc>");
        assert!(sitemap.contains(&loc), "{sitemap}");
    }
}

#[test]
fn a_site_without_events_has_no_story_page_nor_timelinejs() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    common::write(&root, "content/site.yaml", "title: {zh: 空, en: Empty}\n");
    common::write(
        &root,
        "content/a.md",
        "---\ntitle: 甲\n---\n没有日期的文字。\n",
    );
    let out = tmp.path().join("out");
    common::build_ok(&root, &out);
    assert!(out.join("zh/timeline/index.html").is_file());
    assert!(!out.join("zh/timeline/story/index.html").exists());
    assert!(!out.join("vendor/timelinejs").exists());
    let timeline = read(&out, "zh/timeline/index.html");
    assert!(!timeline.contains("timeline/story/"));
}
