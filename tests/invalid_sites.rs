//! Every folder under `tests/fixtures/invalid/` is a small site that must
//! fail to load (or warn) with exactly the diagnostics in its `expected.txt`.
//!
//! A case folder holds only what differs from `_base/`: its files are laid
//! over a copy of the base site, and a `remove` file lists base files to
//! delete. Set `ANNALS_BLESS=1` to rewrite `expected.txt` from the output
//! (then review the diff).

use annals::load::{load_site, LoadOptions};
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

fn diagnostics_of(case: &Path) -> String {
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
