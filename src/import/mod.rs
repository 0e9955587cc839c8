//! `annals import`: an encyclopedic article (plain text as copied from
//! Baidu Baike, or Markdown such as pandoc's conversion of a Wikipedia
//! page) becomes a content tree that `annals check` accepts.
//!
//! The format is told from the content ([`mod@format`]), the article is read
//! into sections of blocks (`plain` or `markdown`, with `tables`, `wiki`
//! leftovers and `references`), written as pages (`pages`), loaded with the
//! real loader and mended until it loads (`mend`), and only then moved into
//! place; the [`report`] says what happened.

mod dated;
pub mod format;
mod markdown;
mod mend;
mod pages;
mod plain;
mod references;
pub mod report;
mod tables;
mod wiki;

pub use format::{Detection, Format};
pub use report::Report;

use crate::commands::Ui;
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::model::{Lang, Reference};
use std::collections::BTreeMap;
use std::path::Path;

/// An article as a tree: intro blocks, then top-level sections.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    pub title: String,
    pub lang: Lang,
    pub intro: Vec<Block>,
    pub sections: Vec<ImportedSection>,
    /// The numbered notes, by number.
    pub references: BTreeMap<u32, Reference>,
    /// What the reader decided for the user to know, by line in the article.
    pub warnings: Vec<Warning>,
}

impl Article {
    pub fn new(lang: Lang) -> Article {
        Article {
            title: String::new(),
            lang,
            intro: Vec::new(),
            sections: Vec::new(),
            references: BTreeMap::new(),
            warnings: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportedSection {
    pub title: String,
    pub blocks: Vec<Block>,
    pub children: Vec<ImportedSection>,
}

/// A block of a section's body, in Markdown as it will be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A paragraph or list item: entries for the loader. `line` is where it
    /// starts in the article.
    Text { markdown: String, line: usize },
    /// A table that is not a list of dated rows.
    Table(String),
    /// A subsection nested too deep for a page of its own.
    Heading { level: u8, text: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub line: usize,
    pub col: usize,
    pub message: String,
}

/// Reads an article in the given format and language.
pub fn parse_article(source: &str, format: Format, lang: Lang) -> Article {
    match format {
        Format::Text => plain::read(source, lang),
        Format::Markdown => markdown::read(source, lang),
    }
}

/// Escapes the characters that Markdown reads as inline markup, keeping
/// brackets so that citation markers stay markers.
pub(crate) fn escape_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '*' | '_' | '`' | '<' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn yaml_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// Imports `article` into `out`, which must not exist or be empty. The
/// files are written to a staging folder beside it, loaded and mended
/// there, and moved in only once the site loads without error.
pub fn import(
    article_path: &Path,
    out: &Path,
    forced: Option<Format>,
) -> Result<Report, Diagnostics> {
    import_with(article_path, out, forced, &Ui::silent())
}

/// [`import`], timing its phases through `ui` (printed with `--verbose`).
pub fn import_with(
    article_path: &Path,
    out: &Path,
    forced: Option<Format>,
    ui: &Ui,
) -> Result<Report, Diagnostics> {
    let fail = |d: Diagnostic| {
        let mut diags = Diagnostics::default();
        diags.push(d);
        diags
    };
    let shown = article_path.to_path_buf();
    let (source, detection, lang, mut article) = ui.phase("read", || {
        let source = crate::load::files::read_text(article_path, &shown).map_err(fail)?;
        let detection = format::detect(&source, forced);
        let lang = format::language(&source);
        let article = parse_article(&source, detection.format, lang);
        Ok((source, detection, lang, article))
    })?;
    if article.title.is_empty() {
        article.title = article_path
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
    }
    if article.sections.is_empty() && article.intro.is_empty() {
        return Err(fail(Diagnostic::error(
            Some(Location::new(&shown, 1, 1)),
            "the article has no text to import",
        )));
    }
    let not_empty = out.exists()
        && std::fs::read_dir(out)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true);
    if not_empty {
        return Err(fail(
            Diagnostic::error(
                None,
                format!("{} already exists and is not empty", out.display()),
            )
            .with_hint("import into a new folder; annals never overwrites a site"),
        ));
    }
    let cannot_write = |e: std::io::Error| {
        fail(Diagnostic::error(
            None,
            format!("cannot write {}: {e}", out.display()),
        ))
    };
    let staging = crate::output::Staging::new(out).map_err(cannot_write)?;
    let (site, mut mended) = ui.phase("write, load and mend", || {
        let mut pages = pages::pages(&article);
        let data = pages::data_files(&article);
        mend::load_mended(&mut pages, &data, &staging, lang)
    })?;
    mended.sort_by_key(|m| m.line);
    ui.phase("move into place", || staging.commit_or_error())
        .map_err(cannot_write)?;

    let mut warnings = Diagnostics::default();
    for w in &article.warnings {
        warnings.push(Diagnostic::warning(
            Some(Location::new(&shown, w.line, w.col)),
            w.message.clone(),
        ));
    }
    for m in &mended {
        let col = source
            .lines()
            .nth(m.line.saturating_sub(1))
            .and_then(|l| l.find(m.near.trim()).map(|b| l[..b].chars().count() + 1))
            .unwrap_or(1);
        warnings.push(
            Diagnostic::warning(Some(Location::new(&shown, m.line, col)), m.message.clone())
                .with_hint("check the entry against the article"),
        );
    }
    Ok(Report {
        out: out.to_path_buf(),
        detection,
        lang,
        sections: Report::count_sections(&site),
        references: article.references.len(),
        warnings,
    })
}
