//! Invalid sites that a fixture folder cannot hold: symbolic links. Git
//! stores a symlink as a blob holding its target, and a checkout without
//! symlink support (Windows by default, some archive tools) turns it into a
//! plain text file, so the case would silently test something else. A link
//! to a place outside the repository would also mean different things on
//! different machines. So each site here is built in a temporary folder,
//! from `tests/fixtures/invalid/_base/`, and its links are made by the test.
#![cfg(unix)]

use annals::load::{load_site, LoadOptions};
use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;

fn base_site() -> tempfile::TempDir {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invalid/_base");
    let site = tempfile::tempdir().unwrap();
    for entry in walkdir::WalkDir::new(&base) {
        let entry = entry.unwrap();
        let dest = site.path().join(entry.path().strip_prefix(&base).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&dest).unwrap();
        } else {
            fs::copy(entry.path(), &dest).unwrap();
        }
    }
    site
}

fn diagnostics(root: &Path) -> String {
    load_site(root, &LoadOptions::default())
        .diagnostics
        .items
        .iter()
        .map(|d| format!("{d}\n"))
        .collect()
}

const SECTION_B: &str = "---\ntitle: 乙\n---\n\n2025年1月2日，乙事件 [1]。\n";

#[test]
fn a_link_to_a_file_outside_content_is_refused() {
    let site = base_site();
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("b.md"), SECTION_B).unwrap();
    symlink(
        outside.path().join("b.md"),
        site.path().join("content/b.md"),
    )
    .unwrap();
    assert_eq!(
        diagnostics(site.path()),
        "content/b.md:1:1: error: this symbolic link points outside the content folder\n  = hint: copy the file into content/ instead of linking to it\n"
    );
}

#[test]
fn a_link_to_a_folder_outside_content_is_refused_once() {
    let site = base_site();
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("_index.md"), SECTION_B).unwrap();
    fs::write(outside.path().join("c.md"), SECTION_B).unwrap();
    symlink(outside.path(), site.path().join("content/x")).unwrap();
    assert_eq!(
        diagnostics(site.path()),
        "content/x:1:1: error: this symbolic link points outside the content folder\n  = hint: copy the file into content/ instead of linking to it\n"
    );
}

#[test]
fn a_relative_link_that_climbs_out_of_content_is_refused() {
    let site = base_site();
    fs::write(site.path().join("b.md"), SECTION_B).unwrap();
    symlink("../b.md", site.path().join("content/b.md")).unwrap();
    assert_eq!(
        diagnostics(site.path()),
        "content/b.md:1:1: error: this symbolic link points outside the content folder\n  = hint: copy the file into content/ instead of linking to it\n"
    );
}

#[test]
fn a_link_inside_content_is_followed() {
    let site = base_site();
    let shared = site.path().join("content/shared");
    fs::create_dir(&shared).unwrap();
    fs::write(shared.join("_index.md"), "---\ntitle: 共享\n---\n").unwrap();
    fs::write(shared.join("_index.en.md"), "---\ntitle: Shared\n---\n").unwrap();
    symlink("../a.md", shared.join("again.md")).unwrap();
    symlink("../a.en.md", shared.join("again.en.md")).unwrap();
    let loaded = load_site(site.path(), &LoadOptions::default());
    assert!(
        loaded.diagnostics.items.is_empty(),
        "{:?}",
        loaded.diagnostics.items
    );
    let site = loaded.site.unwrap();
    let paths: Vec<String> = site.sections.iter().map(|s| s.path.join("/")).collect();
    assert_eq!(paths, vec!["a", "shared", "shared/a"]);
}

#[test]
fn a_dangling_link_is_reported() {
    let site = base_site();
    symlink("missing.md", site.path().join("content/b.md")).unwrap();
    assert_eq!(
        diagnostics(site.path()),
        "content/b.md:1:1: error: this symbolic link points to `missing.md`, which does not exist\n  = hint: remove the link, or restore what it points to\n"
    );
}

#[test]
fn a_link_loop_is_reported_once() {
    let site = base_site();
    let x = site.path().join("content/x");
    fs::create_dir(&x).unwrap();
    fs::write(x.join("_index.md"), "---\ntitle: 循环\n---\n").unwrap();
    fs::write(x.join("_index.en.md"), "---\ntitle: Loop\n---\n").unwrap();
    symlink("..", x.join("up")).unwrap();
    assert_eq!(
        diagnostics(site.path()),
        "content/x/up:1:1: error: this symbolic link makes a loop: it leads back to content\n  = hint: remove the link\n"
    );
}

#[test]
fn a_data_file_linked_from_outside_is_refused() {
    let site = base_site();
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("references.yaml"), "1: {title: 外部}\n").unwrap();
    symlink(
        outside.path().join("references.yaml"),
        site.path().join("content/references.yaml"),
    )
    .unwrap();
    assert_eq!(
        diagnostics(site.path()),
        "content/references.yaml:1:1: error: this symbolic link points outside the content folder\n  = hint: copy the file into content/ instead of linking to it\n"
    );
}
