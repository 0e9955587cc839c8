//! `annals check`: load everything, summarise, report every problem.

use super::{Outcome, Ui};
use crate::load::{load_site, LoadOptions};
use crate::model::Site;
use std::fmt::Write as _;
use std::path::Path;

pub fn run(root: &Path, options: &LoadOptions, ui: &Ui) -> Outcome {
    let started = std::time::Instant::now();
    let loaded = load_site(root, options);
    ui.detail(format!("loaded in {} ms", started.elapsed().as_millis()));
    ui.diagnostics(&loaded.diagnostics);
    if let Some(site) = &loaded.site {
        ui.summary(summary(site).trim_end());
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
