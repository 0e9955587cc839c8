//! `annals init DIR`: a new bilingual timeline site that builds at once.

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
    let annals = how_to_run_annals();
    let dir = shell_word(&dir.display().to_string());
    ui.summary(format!(
        "created a new site in {dir}\nnext: {annals} check --root {dir} && {annals} build --root {dir}"
    ));
    if annals != "annals" {
        ui.summary("(`cargo install --path .` in annals' source folder puts `annals` on the PATH)");
    }
    Outcome::Success
}

/// `annals` when this program is the `annals` found on the PATH, else the
/// path of this program, so that the printed command works as it is.
fn how_to_run_annals() -> String {
    let Ok(me) = std::env::current_exe().and_then(std::fs::canonicalize) else {
        return "annals".to_string();
    };
    let on_path = std::env::var_os("PATH").is_some_and(|paths| {
        std::env::split_paths(&paths).any(|dir| {
            std::fs::canonicalize(dir.join(me.file_name().unwrap_or_default()))
                .is_ok_and(|found| found == me)
        })
    });
    if on_path {
        me.file_stem().map_or_else(
            || "annals".to_string(),
            |s| s.to_string_lossy().into_owned(),
        )
    } else {
        shell_word(&me.display().to_string())
    }
}

/// `word` quoted for a POSIX shell when it holds anything but plain
/// characters.
fn shell_word(word: &str) -> String {
    let plain = |c: char| c.is_alphanumeric() || "-_./:=@+,".contains(c);
    if !word.is_empty() && word.chars().all(plain) {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}
