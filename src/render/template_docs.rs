//! `docs/templates.md` against the values the templates receive: every
//! page of the DeepSeek site, its feeds, a sitemap (whole and split) and
//! robots.txt are made as a build makes them and their variables listed;
//! the test fails when a variable is missing from the document or the
//! document names one no template receives.
//! `ANNALS_WRITE_TEMPLATE_DOCS=1 cargo test --lib template_docs` rewrites
//! the generated part of the document.

use super::assets::Assets;
use super::context::{Builder, Fragment, ROOT};
use super::emit::{homes, page_versions, root_page_context, RootKind};
use super::sitemap::{self, Robots, SitemapFile};
use super::{feeds, template_of, Prepared};
use serde::Serialize;
use serde_json::Value as Json;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

/// Where the generated tables start.
const MARKER: &str =
    "<!-- Generated from the code by src/render/template_docs.rs; edit above this line. -->";

/// Each variable's JSON types and a first example.
#[derive(Default)]
struct Variables(BTreeMap<String, (BTreeSet<&'static str>, Option<String>)>);

impl Variables {
    fn add(&mut self, path: &str, v: &Json) {
        let kind = match v {
            Json::Null => "null",
            Json::Bool(_) => "bool",
            Json::Number(_) => "number",
            Json::String(_) => "string",
            Json::Array(_) => "list",
            Json::Object(_) => "map",
        };
        let slot = self.0.entry(path.to_string()).or_default();
        slot.0.insert(kind);
        let leaf = matches!(v, Json::String(_) | Json::Number(_) | Json::Bool(_));
        if slot.1.is_none() && leaf {
            slot.1 = example(v);
        }
        match v {
            // The interface strings are documented by templates/i18n.yaml,
            // a chart's fields under the component of _charts.html that
            // receives it.
            Json::Object(_) if path == "t" || path == "page.chart" => {}
            Json::Object(map) => {
                for (k, x) in map {
                    self.add(&format!("{path}.{k}"), x);
                }
            }
            Json::Array(items) => {
                for x in items {
                    self.add(&format!("{path}[]"), x);
                }
            }
            _ => {}
        }
    }

    fn add_all(&mut self, value: &impl Serialize) {
        let Json::Object(map) = serde_json::to_value(value).unwrap() else {
            panic!("a context is a map")
        };
        for (k, v) in &map {
            self.add(k, v);
        }
    }
}

/// A fragment's values with its placeholder for `root` left out: shown
/// relative to the output root, like every URL here.
fn without_root(v: Json) -> Json {
    match v {
        Json::String(s) => Json::String(s.replace(ROOT, "")),
        Json::Array(items) => Json::Array(items.into_iter().map(without_root).collect()),
        Json::Object(map) => {
            Json::Object(map.into_iter().map(|(k, x)| (k, without_root(x))).collect())
        }
        other => other,
    }
}

/// A short example of a value, one line, as the document shows it.
fn example(v: &Json) -> Option<String> {
    let text = match v {
        Json::String(s) if s.is_empty() => return None,
        Json::String(s) => s.clone(),
        other => other.to_string(),
    };
    let one_line: String = text.replace(['\n', '|'], " ").chars().take(48).collect();
    Some(if one_line.len() < text.len() {
        format!("{one_line}…")
    } else {
        one_line
    })
}

/// Every template with the variables it receives.
fn actual() -> BTreeMap<String, Variables> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let loaded = crate::load::load_site(root, &crate::load::LoadOptions::default());
    let site = loaded.site.expect("the DeepSeek site loads");
    let prepared = Prepared::new(Arc::new(site), Arc::new(Assets::load(root).unwrap())).unwrap();
    let mut docs: BTreeMap<String, Variables> = BTreeMap::new();
    for l in &prepared.langs {
        let b = Builder::new(
            &prepared.site,
            &l.view,
            &prepared.existing,
            &l.t,
            &l.strings,
            &l.shared,
            &prepared.tera,
        );
        for at in 0..l.pages.len() {
            let (common, page) = prepared.page_context(&b, &l.strings, &l.pages, at).unwrap();
            docs.entry("base.html".into()).or_default().add_all(&common);
            let toc = b.toc_fragment(b.toc_key(&l.pages[at]), &common.root);
            docs.entry("_toc.html".into()).or_default().add_all(&toc);
            let vars = docs.entry(template_of(&l.pages[at]).into()).or_default();
            vars.add("page", &serde_json::to_value(&page).unwrap());
        }
        for i in l.view.dated() {
            for kind in Fragment::ALL {
                let context = serde_json::to_value(b.fragment_context(i, kind)).unwrap();
                let vars = docs.entry(kind.template().into()).or_default();
                vars.add_all(&without_root(context));
            }
        }
        // `{{ <month_chart chart={page.chart}/> }}`: the page's chart is
        // the component's `chart`.
        let charts = [
            (
                "month_chart",
                serde_json::to_value(b.month_chart("")).unwrap(),
            ),
            (
                "release_chart",
                serde_json::to_value(b.products_page().chart).unwrap(),
            ),
        ];
        for (component, chart) in charts {
            let key = format!("_charts.html: {component}(chart)");
            docs.entry(key).or_default().add("chart", &chart);
        }
        let mut feed = Variables::default();
        feed.add(
            "feed",
            &serde_json::to_value(feeds::feed(&prepared.site, &l.view)).unwrap(),
        );
        docs.entry("atom.xml".into()).or_default().0.extend(feed.0);
    }
    let homes = homes(&prepared);
    let langs = &prepared.site.config.languages;
    let lang = prepared.site.config.default_language;
    for kind in [RootKind::NotFound, RootKind::Redirect] {
        let (_, root_page) = root_page_context(&prepared, "", kind, lang, langs, &homes);
        docs.entry(kind.template().into())
            .or_default()
            .add("page", &serde_json::to_value(&root_page).unwrap());
    }
    let versions = page_versions(&prepared);
    for (_, file) in sitemap::sitemaps("https://example.org/", &versions, 100) {
        let vars = docs.entry(file.template().into()).or_default();
        match &file {
            SitemapFile::Urls(s) => vars.add_all(s),
            SitemapFile::Index(s) => vars.add_all(s),
        }
    }
    docs.entry("robots.txt".into())
        .or_default()
        .add_all(&Robots {
            sitemap: Some("https://example.org/sitemap.xml".into()),
        });
    docs
}

/// The generated part of the document.
fn tables(docs: &BTreeMap<String, Variables>) -> String {
    let mut out = format!("{MARKER}\n");
    for (template, vars) in docs {
        out.push_str(&format!(
            "\n## `{template}`\n\n| variable | type | example |\n|---|---|---|\n"
        ));
        for (path, (kinds, example)) in &vars.0 {
            let kinds: Vec<&str> = kinds.iter().copied().collect();
            out.push_str(&format!(
                "| `{path}` | {} | {} |\n",
                kinds.join(" or "),
                example
                    .as_deref()
                    .map_or(String::new(), |e| format!("`{}`", e.replace('`', "'")))
            ));
        }
    }
    out
}

/// `(template, variable, type)` of every row of the document's tables.
fn rows(text: &str) -> BTreeSet<(String, String, String)> {
    let mut template = String::new();
    let mut out = BTreeSet::new();
    for line in text.lines() {
        if let Some(name) = line.strip_prefix("## `").and_then(|l| l.strip_suffix('`')) {
            template = name.to_string();
        } else if let Some(row) = line.strip_prefix("| `") {
            let cells: Vec<&str> = row.split(" | ").collect();
            out.insert((
                template.clone(),
                cells[0].trim_end_matches('`').to_string(),
                cells[1].to_string(),
            ));
        }
    }
    out
}

#[test]
fn docs_templates_md_lists_every_variable_of_every_template() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/templates.md");
    let doc = std::fs::read_to_string(&path).unwrap_or_default();
    let generated = tables(&actual());
    if std::env::var_os("ANNALS_WRITE_TEMPLATE_DOCS").is_some() {
        let intro = doc.split(MARKER).next().unwrap_or_default();
        std::fs::write(&path, format!("{intro}{generated}")).unwrap();
        return;
    }
    let (want, have) = (rows(&generated), rows(&doc));
    let missing: Vec<_> = want.difference(&have).collect();
    let stale: Vec<_> = have.difference(&want).collect();
    assert!(
        missing.is_empty() && stale.is_empty(),
        "docs/templates.md is out of date (ANNALS_WRITE_TEMPLATE_DOCS=1 cargo test --lib template_docs rewrites it)\nmissing: {missing:#?}\nno longer received: {stale:#?}"
    );
}
