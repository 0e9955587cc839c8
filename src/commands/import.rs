//! `annals import ARTICLE --out DIR`.

use super::{Outcome, Ui};
use std::path::Path;

pub fn run(article: &Path, out: &Path, ui: &Ui) -> Outcome {
    match crate::import::import(article, out) {
        Ok(n) => {
            ui.summary(format!(
                "imported {} into {} ({n} files); next: annals check --root {}",
                article.display(),
                out.display(),
                out.display()
            ));
            Outcome::Success
        }
        Err(d) => {
            let mut diags = crate::diagnostics::Diagnostics::default();
            diags.push(d);
            ui.diagnostics(&diags);
            Outcome::ContentErrors
        }
    }
}
