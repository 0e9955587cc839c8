//! Every folder under `tests/fixtures/invalid/` is a small site that must
//! fail to load (or warn) with exactly the diagnostics in its `expected.txt`.
//!
//! A case folder holds only what differs from `_base/`: its files are laid
//! over a copy of the base site, and a `remove` file lists base files to
//! delete. Set `ANNALS_BLESS=1` to rewrite `expected.txt` from the output
//! (then review the diff).

use annals::diagnostics::Sources;
use annals::load::{load_site, LoadOptions, Loaded};
use std::fs;
use std::path::{Path, PathBuf};

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let name = rel.to_string_lossy();
        if name == "remove" || name == "expected.txt" {
            continue;
        }
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&dest).unwrap();
        } else {
            fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// The case laid over the base site in a new folder, and what loading it
/// gives.
fn load_case(case: &Path) -> (tempfile::TempDir, Loaded) {
    let base = case.parent().unwrap().join("_base");
    let site = tempfile::tempdir().unwrap();
    copy_tree(&base, site.path());
    if let Ok(list) = fs::read_to_string(case.join("remove")) {
        for line in list.lines() {
            let rel = line.trim_start_matches("REMOVE ").trim();
            fs::remove_file(site.path().join(rel)).unwrap();
        }
    }
    copy_tree(case, site.path());
    let loaded = load_site(site.path(), &LoadOptions::default());
    (site, loaded)
}

fn diagnostics_of(case: &Path) -> String {
    let (_site, loaded) = load_case(case);
    let mut out = String::new();
    for d in &loaded.diagnostics.items {
        out.push_str(&d.to_string());
        out.push('\n');
    }
    out
}

fn cases() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invalid");
    let mut cases: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() && !p.ends_with("_base"))
        .collect();
    cases.sort();
    cases
}

#[test]
fn base_site_is_clean() {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invalid/_base");
    let loaded = load_site(&base, &LoadOptions::default());
    assert!(
        loaded.diagnostics.items.is_empty(),
        "{:?}",
        loaded.diagnostics.items
    );
}

#[test]
fn every_invalid_site_gives_its_expected_diagnostics() {
    let bless = std::env::var_os("ANNALS_BLESS").is_some();
    let mut failures = Vec::new();
    for case in cases() {
        let actual = diagnostics_of(&case);
        let expected_path = case.join("expected.txt");
        if bless {
            fs::write(&expected_path, &actual).unwrap();
            continue;
        }
        let expected = fs::read_to_string(&expected_path)
            .unwrap_or_else(|_| panic!("{} has no expected.txt", case.display()));
        if actual != expected {
            failures.push(format!(
                "{}:\n--- expected\n{expected}--- actual\n{actual}",
                case.file_name().unwrap().to_string_lossy()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(cases().len() >= 40);
}

/// Diagnostics as the terminal and the serve overlay show them: each with
/// its source line and a caret under the column, wide characters counted
/// as two columns. Snapshots in `tests/snapshots/` (`cargo insta review`,
/// or INSTA_UPDATE=always, to accept a change).
#[test]
fn rendered_diagnostics_show_the_line_and_a_caret() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invalid");
    for case in [
        "citation-reversed",
        "citation-unclosed",
        "citation-word",
        "company-name-misspelt",
        "day-without-ri",
        "control-character",
        "duplicate-event-id",
        "feb29-non-leap",
        "frontmatter-wrong-type",
        "frontmatter-title-wrong-type",
        "next-day-after-a-month",
        "no-year-list-item",
        "range-end-before-start",
        "en-impossible-date",
        "product-released-invalid",
        "site-wrong-type",
        "attribute-id-not-a-slug",
        "invalid-utf8",
        "year-not-four-digits",
        "en-year-not-four-digits",
    ] {
        let (site, loaded) = load_case(&dir.join(case));
        let mut sources = Sources::new(site.path());
        let rendered: Vec<String> = (loaded.diagnostics.items.iter())
            .map(|d| d.render(&mut sources, false))
            .collect();
        assert!(!rendered.is_empty(), "{case}");
        insta::assert_snapshot!(case, rendered.join("\n"));
    }
}
