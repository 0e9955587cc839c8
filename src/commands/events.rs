//! `annals events`: the structured events, as JSON Lines or one JSON array.

use super::{Outcome, Ui};
use crate::export;
use crate::load::{load_site, LoadOptions};
use crate::model::Lang;
use std::io::Write;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Jsonl,
    Json,
}

pub fn run(
    root: &Path,
    options: &LoadOptions,
    lang: Option<Lang>,
    format: Format,
    ui: &Ui,
) -> Outcome {
    let loaded = ui.phase("load", || load_site(root, options));
    ui.diagnostics(&loaded.diagnostics.items);
    let Some(site) = loaded.site.filter(|_| !loaded.diagnostics.has_errors()) else {
        return Outcome::ContentErrors;
    };
    let records = ui.phase("export", || export::records(&site, lang));
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = ui.phase("write", || match format {
        Format::Json => serde_json::to_writer_pretty(&mut out, &records)
            .map_err(std::io::Error::from)
            .and_then(|_| writeln!(out)),
        Format::Jsonl => records.iter().try_for_each(|r| {
            serde_json::to_writer(&mut out, r).map_err(std::io::Error::from)?;
            writeln!(out)
        }),
    });
    // A closed pipe (`annals events | head`) is not an error of ours.
    let _ = written.and_then(|_| out.flush());
    Outcome::Success
}
