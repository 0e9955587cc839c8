//! What an import did, for the person who ran it: the format and why,
//! each section with its events, the references, and every warning located
//! in the article.

use super::format::Detection;
use crate::diagnostics::Diagnostics;
use crate::model::{Lang, Site};
use std::fmt;
use std::path::PathBuf;

#[derive(Debug)]
pub struct Report {
    pub out: PathBuf,
    pub detection: Detection,
    pub lang: Lang,
    /// Each section's path (slugs joined by `/`), title and event count.
    pub sections: Vec<SectionCount>,
    pub references: usize,
    /// Located in the article (`path:line:col`).
    pub warnings: Diagnostics,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionCount {
    pub path: String,
    pub title: String,
    pub events: usize,
}

impl Report {
    /// Counts the events of the loaded site's default language by section.
    pub fn count_sections(site: &Site) -> Vec<SectionCount> {
        let lang = site.config.default_language;
        let mut counts = vec![0usize; site.sections.len()];
        for event in site.events_in(lang) {
            counts[event.section] += 1;
        }
        site.sections
            .iter()
            .zip(counts)
            .map(|(s, events)| SectionCount {
                path: s.path.join("/"),
                title: s.title(lang).to_string(),
                events,
            })
            .collect()
    }

    pub fn events(&self) -> usize {
        self.sections.iter().map(|s| s.events).sum()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        writeln!(
            f,
            "format: {} ({}); language: {}",
            self.detection.format, self.detection.reason, self.lang
        )?;
        write!(
            f,
            "{} sections, {} events, {} references, {} warnings:",
            self.sections.len(),
            self.events(),
            self.references,
            self.warnings.warnings().count()
        )?;
        for s in &self.sections {
            write!(f, "\n  {:<40} {:>4} events  {}", s.path, s.events, s.title)?;
        }
        Ok(())
    }
}
