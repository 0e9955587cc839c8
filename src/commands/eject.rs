//! `annals eject`: the built-in templates, interface strings and static
//! files, copied into a site so that its owner can change them.

use super::{Outcome, Ui};
use crate::render::assets;
use std::path::Path;

/// Writes every built-in file the site does not have yet (every one with
/// `force`), and lists what it wrote and what it kept.
pub fn run(root: &Path, force: bool, ui: &Ui) -> Outcome {
    let mut written = Vec::new();
    let mut kept = Vec::new();
    let result = ui.phase("write", || {
        for (name, bytes) in assets::builtin_files() {
            let path = root.join(&name);
            if path.exists() && !force {
                kept.push(name);
                continue;
            }
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&path, bytes)?;
            written.push(name);
        }
        Ok::<(), std::io::Error>(())
    });
    for name in &written {
        ui.summary(format!("wrote {}", root.join(name).display()));
    }
    if let Err(e) = result {
        ui.error(format!("cannot write into {}: {e}", root.display()), None);
        return Outcome::ContentErrors;
    }
    if !kept.is_empty() {
        ui.summary(format!(
            "kept {} file(s) the site already has ({}); --force overwrites them",
            kept.len(),
            kept.join(", ")
        ));
    }
    ui.summary(format!(
        "{} file(s) written; the site's files replace the built-in ones file by file, so delete those you do not change",
        written.len()
    ));
    Outcome::Success
}
