//! `annals build`: load the site and render it into a folder.

use super::{Outcome, Ui};
use crate::diagnostics::Diagnostic;
use crate::load::{load_site, LoadOptions};
use crate::output::Replaced;
use crate::render;
use std::path::Path;
use std::time::Instant;

/// Builds the site of `root` into `out` (default `root/public`). Content
/// errors, template errors and write failures exit 1 and leave the previous
/// output as it was.
pub fn run(root: &Path, options: &LoadOptions, out: Option<&Path>, ui: &Ui) -> Outcome {
    super::without_huge_pages();
    let started = Instant::now();
    let loaded = ui.phase("load", || load_site(root, options));
    ui.diagnostics(&loaded.diagnostics.items);
    let errors = loaded.diagnostics.errors().count();
    let Some(site) = loaded.site.filter(|_| errors == 0) else {
        ui.error(format!("{errors} error(s): nothing was built"), None);
        return Outcome::ContentErrors;
    };
    let out = out.map_or_else(|| root.join("public"), Path::to_path_buf);
    let progress = ui.progress("rendering");
    let built = ui.phase("render and write", || {
        render::build(std::sync::Arc::new(site), root, &out, &|done, total| {
            progress.update(done, total)
        })
    });
    progress.finish();
    match built {
        Ok(r) => {
            let per_lang: Vec<String> = r
                .pages
                .iter()
                .map(|(lang, n)| format!("{n} {lang} pages"))
                .collect();
            let pages: usize = r.pages.iter().map(|(_, n)| n).sum();
            ui.summary(format!(
                "built {}: {} ({} files in all), {} in {} ms",
                r.out.display(),
                per_lang.join(", "),
                r.files.max(pages),
                human_bytes(r.bytes),
                started.elapsed().as_millis()
            ));
            for without in &r.without_event_pages {
                ui.summary(format!("note: {without}"));
            }
            if let Replaced::OldKept { at, error } = &r.replaced {
                // The build did what was asked; only the clean-up failed.
                let warning = Diagnostic::warning(
                    None,
                    format!(
                        "the new site is in place, but the previous one could not be deleted ({error}): it is left in {}",
                        at.display()
                    ),
                )
                .with_hint("delete that folder by hand; later builds remove it when they can");
                ui.diagnostics(&[warning]);
            }
            Outcome::Success
        }
        Err(e) => {
            let kept = if out.exists() {
                format!("{} was left as it was", out.display())
            } else {
                "nothing was written".to_string()
            };
            match &e {
                render::BuildError::Source(problems) => {
                    ui.diagnostics(&problems.items);
                    let errors = problems.errors().count();
                    ui.error(format!("{errors} error(s): nothing was built"), Some(&kept));
                }
                _ => ui.error(e.to_string(), Some(&kept)),
            }
            Outcome::ContentErrors
        }
    }
}

fn human_bytes(n: usize) -> String {
    match n {
        n if n >= 1 << 20 => format!("{:.1} MiB", n as f64 / (1 << 20) as f64),
        n if n >= 1 << 10 => format!("{:.1} KiB", n as f64 / (1 << 10) as f64),
        n => format!("{n} bytes"),
    }
}
