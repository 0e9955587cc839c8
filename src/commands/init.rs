//! `annals init DIR`: a new bilingual timeline site that builds at once.

use super::ui::shell_word;
use super::{Outcome, Ui};
use std::path::{Path, PathBuf};

/// The starter site, embedded in the binary.
const FILES: &[(&str, &str)] = &[
    (
        "content/site.yaml",
        include_str!("../scaffold/content/site.yaml"),
    ),
    (
        "content/products.yaml",
        include_str!("../scaffold/content/products.yaml"),
    ),
    (
        "content/references.yaml",
        include_str!("../scaffold/content/references.yaml"),
    ),
    (
        "content/_index.md",
        include_str!("../scaffold/content/_index.md"),
    ),
    (
        "content/_index.en.md",
        include_str!("../scaffold/content/_index.en.md"),
    ),
    (
        "content/history.md",
        include_str!("../scaffold/content/history.md"),
    ),
    (
        "content/history.en.md",
        include_str!("../scaffold/content/history.en.md"),
    ),
];

pub fn run(dir: &Path, ui: &Ui) -> Outcome {
    let not_empty = dir.exists()
        && std::fs::read_dir(dir)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true);
    if not_empty {
        ui.error(
            format!("{} already exists and is not empty", dir.display()),
            Some("choose a new folder; annals never overwrites a site"),
        );
        return Outcome::ContentErrors;
    }
    let files: Vec<(PathBuf, String)> = FILES
        .iter()
        .map(|(path, text)| (PathBuf::from(path), text.to_string()))
        .collect();
    if let Err(e) = ui.phase("write", || {
        crate::output::write_tree_atomically(dir, &files)
    }) {
        ui.error(format!("cannot write {}: {e}", dir.display()), None);
        return Outcome::ContentErrors;
    }
    ui.summary(format!(
        "created a new site in {}",
        shell_word(&dir.display().to_string())
    ));
    ui.next_steps(dir, &["check", "build"]);
    Outcome::Success
}
