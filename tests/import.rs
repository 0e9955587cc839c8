//! `annals import` on the DeepSeek article (a copy of the seed is kept in
//! tests/fixtures/import/) reproduces the events of the committed content,
//! and imports are deterministic.

use annals::load::{load_site, LoadOptions};
use annals::model::{Lang, Site};
use std::path::Path;

fn seed() -> &'static Path {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/import/deepseek-baike.txt"
    ))
}

fn load(root: &Path) -> Site {
    let loaded = load_site(root, &LoadOptions::default());
    let errors: Vec<String> = loaded.diagnostics.errors().map(|d| d.to_string()).collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    loaded.site.unwrap()
}

/// What must survive curation: each Chinese event's date, citations and
/// text. Events of infobox facts come from site.yaml, which the article
/// has no events in.
fn zh_events(site: &Site) -> Vec<(String, Vec<u32>, String)> {
    site.events_in(Lang::Zh)
        .filter(|e| e.source.path != Path::new("content/site.yaml"))
        .map(|e| {
            (
                e.date.display(Lang::Zh),
                e.text.numbers(),
                e.text.text.clone(),
            )
        })
        .collect()
}

#[test]
fn importing_the_seed_reproduces_the_committed_events() {
    let out = tempfile::tempdir().unwrap();
    let site_dir = out.path().join("site");
    annals::import::import(seed(), &site_dir).unwrap();
    let imported = load(&site_dir);
    let committed = load(Path::new(env!("CARGO_MANIFEST_DIR")));
    let (a, b) = (zh_events(&imported), zh_events(&committed));
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x, y);
    }
    assert_eq!(imported.sections.len(), committed.sections.len());
}

#[test]
fn import_is_deterministic_and_never_overwrites() {
    let out = tempfile::tempdir().unwrap();
    let (a, b) = (out.path().join("a"), out.path().join("b"));
    annals::import::import(seed(), &a).unwrap();
    annals::import::import(seed(), &b).unwrap();
    for entry in walkdir::WalkDir::new(&a) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(&a).unwrap();
            assert_eq!(
                std::fs::read(entry.path()).unwrap(),
                std::fs::read(b.join(rel)).unwrap()
            );
        }
    }
    let err = annals::import::import(seed(), &a).unwrap_err();
    assert!(err.message.contains("already exists"), "{}", err.message);
}

#[test]
fn every_paragraph_and_marker_of_the_source_survives() {
    let source = std::fs::read_to_string(seed()).unwrap();
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("site");
    annals::import::import(seed(), &dir).unwrap();
    let mut written = String::new();
    for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "md") {
            written.push_str(&std::fs::read_to_string(entry.path()).unwrap());
        }
    }
    let count = |text: &str| text.matches('[').count();
    assert_eq!(count(&source), count(&written));
    for line in source
        .lines()
        .map(str::trim)
        .filter(|l| l.chars().count() > 24)
    {
        let escaped: String = line
            .chars()
            .flat_map(|c| {
                let esc = matches!(c, '*' | '_' | '`' | '<' | '\\');
                esc.then_some('\\').into_iter().chain(std::iter::once(c))
            })
            .collect();
        assert!(written.contains(&escaped), "paragraph lost: {line}");
    }
}
