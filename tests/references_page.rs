//! The references page says what it knows: for each number, what
//! `references.yaml` describes and links to every event citing it; its
//! intro and the footer do not claim a reference list the source lacks.

mod common;

use common::{build_ok as build, files_under as walk, resolve};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Each `<li id="ref-N">` of a references page: N and the row's HTML.
fn rows(html: &str) -> BTreeMap<u32, String> {
    let mut out = BTreeMap::new();
    for part in html.split("<li id=\"ref-").skip(1) {
        let n: u32 = part[..part.find('"').unwrap()].parse().unwrap();
        let end = part.find("</li>").expect("row ends");
        out.insert(n, part[..end].to_string());
    }
    out
}

/// The `href`s of the row's links back to citing places, with the text
/// each link shows.
fn backlinks(row: &str) -> Vec<(String, String)> {
    let Some(start) = row.find("<span class=\"backlinks\">") else {
        return Vec::new();
    };
    let span = &row[start..];
    let span = &span[..span.find("</span>").unwrap()];
    span.split("<a href=\"")
        .skip(1)
        .map(|a| {
            let href = a[..a.find('"').unwrap()].to_string();
            let text = a[a.find('>').unwrap() + 1..a.find("</a>").unwrap()].to_string();
            (href, text)
        })
        .collect()
}

#[test]
fn every_cited_reference_links_to_exactly_the_events_citing_it() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    build(repo(), &out);
    let records: Vec<Value> = serde_json::from_str(&read(&out.join("events.json"))).unwrap();
    let described = !read(&repo().join("content/references.yaml"))
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#') || l.ends_with("{}"));
    // The wording checked below is the one for numbers without details;
    // `a_described_reference_shows_what_is_known` checks the other.
    assert!(
        !described,
        "the DeepSeek references.yaml now describes a reference: check the described wording here"
    );
    for lang in ["zh", "en"] {
        // From events.json: which events cite each number.
        let mut expected: BTreeMap<u32, BTreeSet<String>> = BTreeMap::new();
        let ids: BTreeSet<&str> = records
            .iter()
            .filter(|r| r["lang"] == lang)
            .map(|r| r["id"].as_str().unwrap())
            .collect();
        for r in records.iter().filter(|r| r["lang"] == lang) {
            for n in r["citations"].as_array().unwrap() {
                expected
                    .entry(n.as_u64().unwrap() as u32)
                    .or_default()
                    .insert(r["id"].as_str().unwrap().to_string());
            }
        }
        assert!(expected.len() > 100, "{lang}: too few cited numbers");
        let page_dir = PathBuf::from(format!("{lang}/references"));
        let html = read(&out.join(&page_dir).join("index.html"));
        let rows = rows(&html);
        for (n, want) in &expected {
            let row = rows
                .get(n)
                .unwrap_or_else(|| panic!("{lang}: no row for reference {n}"));
            assert!(!row.contains('↑'), "{lang} ref {n}: bare arrows remain");
            let mut got = BTreeSet::new();
            let mut names = BTreeSet::new();
            for (href, text) in backlinks(row) {
                assert!(
                    !text.trim().is_empty(),
                    "{lang} ref {n}: a link without a name"
                );
                assert!(
                    names.insert(text.clone()),
                    "{lang} ref {n}: two links named {text}"
                );
                let (file, fragment) = href.split_once('#').expect("a link to a place");
                let target = resolve(&page_dir, file)
                    .unwrap_or_else(|| panic!("{lang} ref {n}: {href} leaves the site"));
                let page = read(&out.join(&target));
                let at = page
                    .find(&format!("id=\"{fragment}\""))
                    .unwrap_or_else(|| panic!("{lang} ref {n}: {href} does not resolve"));
                // The citing event: the one whose element opens last before
                // the superscript on the target page.
                let event = ids
                    .iter()
                    .filter_map(|id| {
                        page[..at]
                            .rfind(&format!("id=\"e-{id}\""))
                            .map(|p| (p, *id))
                    })
                    .max();
                if let Some((_, id)) = event {
                    if fragment.starts_with(&format!("cite-{id}-")) {
                        got.insert(id.to_string());
                    }
                }
            }
            assert_eq!(&got, want, "{lang}: events linked from reference {n}");
        }
        {
            let lede = &html[html.find("<p class=\"lede\">").unwrap()..];
            let lede = &lede[..lede.find("</p>").unwrap()];
            for claim in ["reference list", "参考资料编号一致", "listed"] {
                assert!(!lede.contains(claim), "{lang}: intro claims a list: {lede}");
            }
            assert!(
                lede.contains("citation markers") || lede.contains("引用标记"),
                "{lang}: intro does not say what the numbers are: {lede}"
            );
            for file in walk(&out.join(lang)) {
                if file.extension().is_some_and(|e| e == "html") {
                    let page = read(&file);
                    let footer = &page[page.find("<footer").unwrap()..];
                    for claim in ["references listed", "所列参考资料"] {
                        assert!(!footer.contains(claim), "{}: {footer}", file.display());
                    }
                }
            }
        }
    }
}

#[test]
fn a_described_reference_shows_what_is_known() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    let from = repo().join("tests/fixtures/valid_site/content");
    for file in walk(&from) {
        let dest = root.join("content").join(file.strip_prefix(&from).unwrap());
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::copy(&file, dest).unwrap();
    }
    let refs = root.join("content/references.yaml");
    let yaml = read(&refs).replacen(
        "2: {}",
        "2: {title: 年度报告, publisher: 示例日报, url: \"https://example.org/report\", \
         date: \"2024-03-01\", accessed: \"2025-02-01\"}",
        1,
    );
    assert!(yaml.contains("年度报告"), "the fixture has no reference 2");
    std::fs::write(&refs, yaml).unwrap();
    let out = tmp.path().join("out");
    build(&root, &out);
    for lang in ["zh", "en"] {
        let html = read(&out.join(lang).join("references/index.html"));
        let rows = rows(&html);
        let row = &rows[&2];
        for shown in [
            "<a class=\"external\" href=\"https://example.org/report\"",
            ">年度报告</a>",
            "示例日报",
            "2024-03-01",
            "2025-02-01",
        ] {
            assert!(row.contains(shown), "{lang}: row 2 lacks {shown}: {row}");
        }
        assert!(
            !row.contains("no details") && !row.contains("未提供"),
            "{row}"
        );
        // Two references are described (1 and 2): the intro and footer say so.
        let lede = &html[html.find("<p class=\"lede\">").unwrap()..];
        let lede = &lede[..lede.find("</p>").unwrap()];
        assert!(
            lede.contains('2'),
            "{lang}: the intro does not count: {lede}"
        );
        let footer = &html[html.find("<footer").unwrap()..];
        assert!(
            footer.contains('2'),
            "{lang}: the footer does not count: {footer}"
        );
    }
}
