//! Citation previews: each language's `references/refs.js` holds what
//! `references.yaml` says of every cited number; every superscript still
//! links to an entry of the references page; in Chromium, focusing a
//! superscript shows its reference in a tooltip (axe-core finding nothing
//! wrong, light and dark), which Escape closes.
//!
//! The site is the repository's own, with three references described.

mod common;

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Described references: number → (title, publisher, date, url).
const DESCRIBED: &[(u32, &str, &str, &str, &str)] = &[
    (
        11,
        "DeepSeek 发布 R1 </script> “推理”模型",
        "新华社",
        "2025-01-20",
        "https://www.xinhuanet.com/tech/r1.html?x=1",
    ),
    (
        13,
        "R1 paper",
        "arXiv",
        "2025-01-22",
        "http://arxiv.org:8080/abs/1",
    ),
    (40, "Title only", "", "", ""),
];

fn yaml_entry(&(n, title, publisher, date, url): &(u32, &str, &str, &str, &str)) -> String {
    let mut fields = vec![format!("title: {}", serde_json::to_string(title).unwrap())];
    for (key, value) in [("publisher", publisher), ("date", date), ("url", url)] {
        if !value.is_empty() {
            fields.push(format!("{key}: {}", serde_json::to_string(value).unwrap()));
        }
    }
    format!("{n}: {{{}}}\n", fields.join(", "))
}

/// The repository's site with `DESCRIBED` in its references.yaml, built
/// once for this file.
fn site() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cite-previews");
        let _ = std::fs::remove_dir_all(&root);
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        std::fs::create_dir_all(&root).unwrap();
        let status = std::process::Command::new("cp")
            .arg("-r")
            .arg(repo.join("content"))
            .arg(root.join("content"))
            .status()
            .unwrap();
        assert!(status.success(), "cannot copy content/");
        let refs = root.join("content/references.yaml");
        let mut yaml: String = std::fs::read_to_string(&refs)
            .unwrap()
            .lines()
            .filter(|l| {
                !DESCRIBED
                    .iter()
                    .any(|d| l.starts_with(&format!("{}:", d.0)))
            })
            .map(|l| format!("{l}\n"))
            .collect();
        yaml.extend(DESCRIBED.iter().map(yaml_entry));
        std::fs::write(&refs, yaml).unwrap();
        let out = root.join("public");
        common::build_ok(&root, &out);
        out
    })
}

/// Every page's citation links: (page, href).
fn citation_links() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for file in common::files_under(site()) {
        if file.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let page = file
            .strip_prefix(site())
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        let html = std::fs::read_to_string(&file).unwrap();
        for part in html.split("<sup class=\"cite\"><a href=\"").skip(1) {
            out.push((page.clone(), part[..part.find('"').unwrap()].to_string()));
        }
    }
    out
}

/// The language and number a citation link names:
/// `../../zh/references/index.html#ref-9` → (`zh`, 9).
fn cited(href: &str) -> (String, u32) {
    let (path, n) = href
        .split_once("#ref-")
        .expect("a citation names a reference");
    let lang = path
        .trim_end_matches("/references/index.html")
        .rsplit('/')
        .next()
        .unwrap();
    (lang.to_string(), n.parse().unwrap())
}

/// `L/references/refs.js` read back: its JSON.
fn previews(lang: &str) -> Value {
    let js = common::read(site(), &format!("{lang}/references/refs.js"));
    let head = format!("(window.annalsRefs=window.annalsRefs||{{}})[\"{lang}\"]=");
    let json = js
        .strip_prefix(&head)
        .and_then(|j| j.trim_end().strip_suffix(';'))
        .unwrap_or_else(|| panic!("refs.js of {lang} sets no global: {js:.100}"));
    serde_json::from_str(json).unwrap()
}

#[test]
fn refs_files_hold_every_cited_reference_with_its_details() {
    let mut by_lang: BTreeMap<String, BTreeSet<u32>> = BTreeMap::new();
    for (_, href) in citation_links() {
        let (lang, n) = cited(&href);
        by_lang.entry(lang).or_default().insert(n);
    }
    assert_eq!(by_lang.len(), 2, "{by_lang:?}");
    for (lang, numbers) in by_lang {
        let data = previews(&lang);
        let held: BTreeSet<u32> = (data["r"].as_object().unwrap().keys())
            .map(|k| k.parse().unwrap())
            .collect();
        assert!(
            numbers.is_subset(&held),
            "{lang}: refs.js lacks {:?}",
            numbers.difference(&held).collect::<Vec<_>>()
        );
        for &(n, title, publisher, date, url) in DESCRIBED {
            let r = &data["r"][n.to_string()];
            assert_eq!(r["t"], title, "{lang} {n}");
            let optional = |v: &str| (!v.is_empty()).then(|| v.to_string());
            assert_eq!(r["p"].as_str().map(str::to_string), optional(publisher));
            assert_eq!(r["d"].as_str().map(str::to_string), optional(date));
            let host = url.split('/').nth(2).map(str::to_string);
            assert_eq!(r["h"].as_str().map(str::to_string), host, "{lang} {n}");
        }
        // An undescribed number is there, with nothing to say.
        let bare = numbers
            .iter()
            .find(|n| !DESCRIBED.iter().any(|d| d.0 == **n))
            .unwrap();
        assert_eq!(data["r"][bare.to_string()], serde_json::json!({}));
        let none = if lang == "zh" {
            "未提供详细信息"
        } else {
            "no details given"
        };
        assert_eq!(data["none"], none);
    }
    // Markup in a title cannot end a script.
    let js = common::read(site(), "zh/references/refs.js");
    assert!(!js.contains("</script>") && js.contains("\\u003c/script\\u003e"));
}

#[test]
fn every_citation_links_to_an_entry_of_the_references_page() {
    let links = citation_links();
    assert!(links.len() > 100, "{} citation links", links.len());
    let mut pages: BTreeMap<PathBuf, String> = BTreeMap::new();
    for (page, href) in links {
        let (path, n) = href.split_once('#').unwrap();
        let target = common::resolve(Path::new(&page).parent().unwrap(), path)
            .map(|t| site().join(t))
            .unwrap_or_else(|| panic!("{page}: {href} leaves the site"));
        let html = pages.entry(target.clone()).or_insert_with(|| {
            std::fs::read_to_string(&target)
                .unwrap_or_else(|_| panic!("{page}: {href} names no page"))
        });
        assert!(
            html.contains(&format!("<li id=\"{n}\"")),
            "{page}: {href} names no entry"
        );
    }
}

/// Opens a copy of `page` that focuses its first citation link to
/// reference `n`, waits for the tooltip's details, runs axe-core, then
/// presses Escape; the DOM as Chromium leaves it.
fn focused(page: &str, n: u32, dark: bool) -> String {
    let runner = format!(
        r##"<script>
window.addEventListener("load", function () {{
  var link = document.querySelector('sup.cite a[href$="#ref-{n}"]');
  link.focus();
  var report = function (name, value) {{
    var out = document.createElement("script");
    out.type = "text/plain";
    out.id = name;
    out.textContent = JSON.stringify(value).replace(/</g, "\\u003c");
    document.body.appendChild(out);
  }};
  var wait = setInterval(function () {{
    var tip = document.getElementById("cite-tip");
    if (!tip || !tip.querySelector(".cite-tip-title")) return;
    clearInterval(wait);
    report("tip-state", {{
      active: document.activeElement === link,
      describedby: link.getAttribute("aria-describedby"),
      role: tip.getAttribute("role"),
      text: tip.textContent,
      hidden: tip.hidden,
      color: getComputedStyle(tip).color,
      background: getComputedStyle(tip).backgroundColor
    }});
    axe.run(document, {{resultTypes: ["violations"], rules: {{"target-size": {{enabled: true}}}}}}).then(function (r) {{
      report("axe-report", r.violations.map(function (v) {{
        return v.id + " at " + v.nodes.map(function (n) {{ return n.target.join(" "); }}).join(", ");
      }}));
      document.dispatchEvent(new KeyboardEvent("keydown", {{key: "Escape", bubbles: true}}));
      report("after-escape", {{hidden: tip.hidden, describedby: link.getAttribute("aria-describedby")}});
    }});
  }}, 20);
}});
</script>"##
    );
    common::dom_with_axe(site(), page, ".cite.html", &runner, None, dark)
}

fn report(dom: &str, id: &str) -> Value {
    let start = format!("<script type=\"text/plain\" id=\"{id}\">");
    let json = dom
        .split_once(&start)
        .and_then(|(_, r)| r.split_once("</script>"))
        .unwrap_or_else(|| {
            panic!(
                "no {id} in the page: {:.300}",
                &dom[dom.len().saturating_sub(3000)..]
            )
        })
        .0;
    serde_json::from_str(json).unwrap()
}

#[test]
fn focusing_a_citation_shows_its_reference() {
    // A page citing reference 11, in each language.
    let links = citation_links();
    for (lang, dark) in [("zh", false), ("en", true)] {
        let (page, _) = links
            .iter()
            .find(|(p, h)| p.starts_with(&format!("{lang}/events/")) && cited(h).1 == 11)
            .unwrap_or_else(|| panic!("no {lang} event page cites [11]"));
        let dom = focused(page, 11, dark);
        let state = report(&dom, "tip-state");
        assert_eq!(state["active"], true, "{page}: the link keeps the focus");
        assert_eq!(state["describedby"], "cite-tip");
        assert_eq!(state["role"], "tooltip");
        assert_eq!(state["hidden"], false);
        let text = state["text"].as_str().unwrap();
        assert!(text.contains(DESCRIBED[0].1), "{page}: {text}");
        assert!(
            text.contains("www.xinhuanet.com") && text.contains("新华社"),
            "{text}"
        );
        assert_ne!(state["color"], state["background"]);
        let violations = report(&dom, "axe-report");
        assert_eq!(violations, serde_json::json!([]), "{page} (dark: {dark})");
        let closed = report(&dom, "after-escape");
        assert_eq!(closed["hidden"], true);
        assert_eq!(closed["describedby"], Value::Null);
    }
}
