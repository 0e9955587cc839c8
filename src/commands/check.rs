//! `annals check`: load everything, summarise, report every problem.

use super::{Outcome, Ui};
use crate::load::{load_site, pairing, LoadOptions};
use crate::model::Site;
use std::fmt::Write as _;
use std::path::Path;

/// Loads and reports; with `explain`, also shows how the event with that
/// id was paired (an unknown id is an error).
pub fn run(root: &Path, options: &LoadOptions, explain: Option<&str>, ui: &Ui) -> Outcome {
    let loaded = ui.phase("load", || load_site(root, options));
    ui.diagnostics(&loaded.diagnostics.items);
    if let Some(site) = &loaded.site {
        ui.summary(ui.phase("summarise", || summary(site)).trim_end());
    }
    if let Some(id) = explain {
        match loaded.site.as_ref().and_then(|s| pairing::explain(s, id)) {
            // Asked for, so printed even with --quiet.
            Some(text) => ui.answer(text.trim_end()),
            None => {
                ui.error(
                    format!("no event has the id `{id}`"),
                    Some("ids are listed by `annals events` (the `id` field)"),
                );
                return Outcome::ContentErrors;
            }
        }
    }
    let errors = loaded.diagnostics.errors().count();
    let warnings = loaded.diagnostics.warnings().count();
    ui.summary(format!("{errors} error(s), {warnings} warning(s)"));
    if errors > 0 {
        Outcome::ContentErrors
    } else {
        Outcome::Success
    }
}

/// Events per language, paired and unpaired, citations, products.
pub fn summary(site: &Site) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "sections: {}", site.sections.len());
    for lang in &site.config.languages {
        let events: Vec<_> = site.events_in(*lang).collect();
        let paired = events.iter().filter(|e| e.counterpart.is_some()).count();
        let _ = writeln!(
            s,
            "events ({lang}): {} ({paired} paired, {} unpaired)",
            events.len(),
            events.len() - paired
        );
    }
    let cited = site.cited_numbers();
    let described = cited
        .iter()
        .filter(|n| site.references.contains_key(n))
        .count();
    let _ = writeln!(
        s,
        "citations: {} numbers used, {described} described in references.yaml",
        cited.len()
    );
    let mentioned: std::collections::BTreeSet<&str> = site
        .events
        .iter()
        .flat_map(|e| e.products.iter().map(String::as_str))
        .collect();
    let _ = writeln!(
        s,
        "products: {} defined, {} mentioned in events",
        site.products.len(),
        mentioned.len()
    );
    s
}
