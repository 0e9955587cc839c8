//! `annals import ARTICLE --out DIR [--format text|markdown]`.

use super::{Outcome, Ui};
use crate::import::Format;
use std::path::Path;

pub fn run(article: &Path, out: &Path, format: Option<Format>, ui: &Ui) -> Outcome {
    match crate::import::import_with(article, out, format, ui) {
        Ok(report) => {
            ui.diagnostics(&report.warnings.items);
            ui.summary(format!(
                "imported {} into {}\n{report}",
                article.display(),
                out.display()
            ));
            ui.next_steps(out, &["check"]);
            Outcome::Success
        }
        Err(diags) => {
            ui.diagnostics(&diags.items);
            Outcome::ContentErrors
        }
    }
}
