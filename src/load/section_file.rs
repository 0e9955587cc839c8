//! One Markdown file of `content/`: where it sits in the section tree, its
//! language, its front matter, and its body segmented into entries.

use crate::diagnostics::{Diagnostic, Diagnostics, Location, Severity};
use crate::load::checks::{self, EntryChecks};
use crate::load::dates::DateContext;
use crate::load::markdown::{self, Block, TextKind};
use crate::load::segment::{self, is_slug, Entry};
use crate::load::{continuation, files, frontmatter};
use crate::model::{CitedText, Config, Lang, SourcePos};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// A section's identity, shared by its language versions: the folders it
/// sits in and its file stem (`_index` for a folder's own section).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SectionKey {
    pub dirs: Vec<String>,
    pub stem: String,
}

const INDEX: &str = "_index";

impl SectionKey {
    /// The key of the section this one nests in, if any.
    pub fn parent(&self) -> Option<SectionKey> {
        let mut dirs = self.dirs.clone();
        if self.stem == INDEX {
            dirs.pop()?;
        }
        if dirs.is_empty() {
            return None;
        }
        Some(SectionKey {
            dirs,
            stem: INDEX.to_string(),
        })
    }

    /// The slug used when front matter gives none.
    pub fn default_slug(&self) -> String {
        match (self.stem.as_str(), self.dirs.last()) {
            (INDEX, Some(dir)) => dir.clone(),
            (INDEX, None) => "overview".to_string(),
            (stem, _) => stem.to_string(),
        }
    }

    /// The file holding this section in `lang` (`None`: the default).
    pub fn file_name(&self, lang: Option<Lang>) -> PathBuf {
        let mut p: PathBuf = ["content"].iter().collect();
        for d in &self.dirs {
            p.push(d);
        }
        match lang {
            Some(l) => p.push(format!("{}.{}.md", self.stem, l.code())),
            None => p.push(format!("{}.md", self.stem)),
        }
        p
    }
}

/// A Markdown file found under `content/`.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub key: SectionKey,
    pub lang: Lang,
    pub path: PathBuf,
    /// The path printed in diagnostics, relative to the site root.
    pub shown: PathBuf,
}

/// Section front matter.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionMeta {
    pub title: String,
    #[serde(default)]
    pub slug: Option<String>,
    #[serde(default)]
    pub order: i64,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub summary: Option<String>,
}

#[derive(Clone)]
pub enum ParsedBlock {
    Text {
        kind: TextKind,
        lead: Option<CitedText>,
        entries: Vec<ParsedEntry>,
    },
    Heading {
        level: u8,
        text: String,
    },
    Html(String),
}

/// A dated entry, where it is written, and the products it mentions.
#[derive(Clone)]
pub struct ParsedEntry {
    pub entry: Entry,
    pub source: SourcePos,
    pub products: Vec<String>,
}

#[derive(Clone)]
pub struct ParsedFile {
    pub key: SectionKey,
    pub lang: Lang,
    pub shown: PathBuf,
    pub meta: SectionMeta,
    /// Line of `slug:` in the front matter (1 when there is none).
    pub slug_line: usize,
    pub blocks: Vec<ParsedBlock>,
}

/// Lists the Markdown files of `content/`, sorted, refusing symlinks that
/// lead outside it and file names with unknown language suffixes.
pub fn discover(root: &Path, config: &Config, diags: &mut Diagnostics) -> Vec<SourceFile> {
    let content = root.join("content");
    let mut out = Vec::new();
    let mut walker = WalkDir::new(&content)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !e.file_name().to_string_lossy().starts_with('.'));
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                diags.push(files::walk_error(root, "content", &e));
                continue;
            }
        };
        let path = entry.path();
        let shown = files::shown_path(root, path);
        let extension = path.extension().and_then(|e| e.to_str());
        let markdown = extension == Some("md");
        if !entry.file_type().is_dir() && !markdown {
            // `.MD` is not read (a section's translations, `NAME.en.md`,
            // are found by their lower-case name), but it is not passed
            // over in silence either.
            if extension.is_some_and(|e| e.eq_ignore_ascii_case("md")) {
                diags.push(
                    Diagnostic::warning(
                        Some(Location::new(&shown, 1, 1)),
                        "this file is not read: section files end in `.md`, in lower case",
                    )
                    .with_hint(format!(
                        "rename it to {}",
                        path.with_extension("md")
                            .file_name()
                            .unwrap_or_default()
                            .to_string_lossy()
                    )),
                );
            }
            // Not content (the YAML files are read, and checked, on their own).
            continue;
        }
        if let Err(d) = files::refuse_link_out(root, "content", path) {
            diags.push(d);
            // A linked folder is not walked into: nothing outside
            // content/ is read.
            if entry.file_type().is_dir() {
                walker.skip_current_dir();
            }
            continue;
        }
        // Anything but a folder is read, so that a named pipe or a device
        // is reported rather than passed over.
        if entry.file_type().is_dir() {
            continue;
        }
        let rel = path.strip_prefix(&content).unwrap_or(path);
        let dirs: Vec<String> = rel
            .parent()
            .map(|p| p.iter().map(|c| c.to_string_lossy().into_owned()).collect())
            .unwrap_or_default();
        let name = rel
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let (stem, lang) =
            match name.rsplit_once('.') {
                Some((stem, code)) => match code.parse::<Lang>() {
                    Ok(lang) if config.languages.contains(&lang) => (stem.to_string(), lang),
                    _ => {
                        diags.push(
                            Diagnostic::error(
                                Some(Location::new(&shown, 1, 1)),
                                format!("`{code}` in the file name is not a language of this site"),
                            )
                            .with_hint(format!(
                            "name translations like history.en.md; this site's languages are {}",
                            config.languages.iter().map(|l| l.code()).collect::<Vec<_>>().join(", ")
                        )),
                        );
                        continue;
                    }
                },
                None => (name, config.default_language),
            };
        out.push(SourceFile {
            key: SectionKey { dirs, stem },
            lang,
            path: path.to_path_buf(),
            shown,
        });
    }
    out
}

/// A usable slug close to `name` (`Early Years` -> `early-years`), or an
/// example when nothing of it is ASCII.
fn suggest_slug(name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    match words.is_empty() {
        true => "early-history".to_string(),
        false if segment::is_device_name(&words.join("-")) => format!("{}-section", words[0]),
        false => words.join("-"),
    }
}

/// Splits and segments the text of one file, already read. Problems go to
/// `diags`; `None` when the file cannot be used at all.
pub fn parse(
    file: &SourceFile,
    source: &str,
    config: &Config,
    checks: &EntryChecks,
    diags: &mut Diagnostics,
) -> Option<ParsedFile> {
    let split = frontmatter::split(&file.shown, source)
        .map_err(|d| diags.push(d))
        .ok()?;
    let meta: SectionMeta = frontmatter::parse(&file.shown, &split)
        .map_err(|d| diags.push(d))
        .ok()?;
    let slug_line = split
        .yaml
        .lines()
        .position(|l| l.trim_start().starts_with("slug:"))
        .map_or(1, |i| split.yaml_line + i);
    let slug = meta.slug.clone().unwrap_or_else(|| file.key.default_slug());
    if !is_slug(&slug) {
        let rule = segment::slug_rule(&slug);
        diags.push(match meta.slug {
            Some(_) => Diagnostic::error(
                Some(Location::new(&file.shown, slug_line, 1)),
                format!("`{slug}` is not a usable slug"),
            )
            .with_hint(format!("{rule}, e.g. `slug: early-history`")),
            None => Diagnostic::error(
                Some(Location::new(&file.shown, 1, 1)),
                format!("the file name gives the slug `{slug}`, which is not usable"),
            )
            .with_hint(format!(
                "set `slug: {}` in the front matter, or rename the file; {rule}",
                suggest_slug(&slug)
            )),
        });
        return None;
    }

    let mut ctx = DateContext::default();
    let locator = files::Locator::new(&file.shown, source);
    let mut stray = source
        .char_indices()
        .filter(|(_, c)| files::is_stray_control(*c));
    if let Some((at, c)) = stray.next() {
        let more = stray.count();
        diags.push(
            Diagnostic::warning(
                Some(locator.locate(at)),
                format!(
                    "a control character (U+{:04X}) is in the text{}; the site leaves {} out",
                    c as u32,
                    match more {
                        0 => String::new(),
                        n => format!(", and {n} more after it"),
                    },
                    if more == 0 { "it" } else { "them" }
                ),
            )
            .with_hint("such characters are invisible and usually pasted by accident: delete them"),
        );
    }
    let blocks = markdown::blocks(
        split.body,
        split.body_offset,
        file.lang == Lang::Zh,
        config.trust_html,
    )
    .into_iter()
    .map(|block| match block {
        Block::Heading { level, text } => ParsedBlock::Heading { level, text },
        Block::Html(html) => ParsedBlock::Html(html),
        Block::Text(text) => {
            let seg = segment::segment_with_literals(
                file.lang,
                &text.text,
                &text.literal_brackets,
                &mut ctx,
            );
            let locate = |offset: usize| locator.locate(text.source_offset(offset));
            for p in seg.problems {
                let d = Diagnostic {
                    severity: if p.is_error {
                        Severity::Error
                    } else {
                        Severity::Warning
                    },
                    location: Some(locate(p.offset)),
                    message: p.message,
                    hint: p.hint,
                    related: None,
                };
                diags.push(d);
            }
            let entries = seg
                .entries
                .into_iter()
                .map(|entry| {
                    let loc = locate(entry.offset);
                    let written = &text.text[entry.offset..];
                    checks.misspellings(
                        &entry.text.text,
                        |at| {
                            checks::written_offset(&entry.text.text, at, written)
                                .map_or_else(|| loc.clone(), |w| locate(entry.offset + w))
                        },
                        diags,
                    );
                    ParsedEntry {
                        products: checks.products(&entry.text.text),
                        source: SourcePos {
                            path: loc.path,
                            line: loc.line,
                            col: loc.col,
                        },
                        entry,
                    }
                })
                .collect();
            ParsedBlock::Text {
                kind: text.kind,
                lead: seg.lead,
                entries,
            }
        }
    })
    .collect();
    let blocks = continuation::fold(blocks, checks);
    Some(ParsedFile {
        key: file.key.clone(),
        lang: file.lang,
        shown: file.shown.clone(),
        meta,
        slug_line,
        blocks,
    })
}
