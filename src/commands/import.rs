//! `annals import ARTICLE --out DIR`.

use super::Outcome;
use std::path::Path;

pub fn run(article: &Path, out: &Path, quiet: bool) -> Outcome {
    match crate::import::import(article, out) {
        Ok(n) => {
            if !quiet {
                println!(
                    "imported {} into {} ({n} files); next: annals check --root {}",
                    article.display(),
                    out.display(),
                    out.display()
                );
            }
            Outcome::Success
        }
        Err(d) => {
            eprintln!("{d}");
            Outcome::ContentErrors
        }
    }
}
