//! Loading a site: config, front matter, Markdown, dates, citations,
//! segmentation into events, and pairing of translations.
//!
//! [`load_site`] is the entry point. Each Markdown file is parsed on its own
//! ([`section_file`]); the parsed files are then assembled into the section
//! tree and the event list, paired, and checked ([`checks`]).

pub mod checks;
pub mod citations;
pub mod continuation;
pub mod data;
pub mod dates;
pub mod duplicates;
pub mod fact_events;
pub mod files;
pub mod frontmatter;
pub mod markdown;
pub mod pairing;
pub mod products;
pub mod section_file;
pub mod segment;
pub mod yaml;

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::model::{BodyBlock, Event, Lang, Section, SectionText, Site};
use section_file::{ParsedBlock, ParsedFile, SectionKey};
use std::collections::HashMap;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// How to load.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Include sections marked `draft: true`.
    pub drafts: bool,
    /// The web address the site is served from, in place of `site.yaml`'s
    /// `base_url` (`build --base-url`, as Zola's and Hugo's flag of that
    /// name: one content, built for a preview host and for production).
    pub base_url: Option<String>,
}

/// The outcome of loading: the site if it could be assembled, and every
/// problem found. A site is returned even with errors when it could be
/// built, so `check` can summarise it; callers refuse to render it then.
pub struct Loaded {
    pub site: Option<Site>,
    pub diagnostics: Diagnostics,
}

/// Loads the site whose root folder (holding `content/`) is `root`.
pub fn load_site(root: &Path, options: &LoadOptions) -> Loaded {
    load_site_with(root, options, &ParseCache::default())
}

/// Section files parsed by earlier loads, kept by `annals serve` so that a
/// change re-parses only the files whose text changed.
#[derive(Default)]
pub struct ParseCache {
    /// Shared so that a hit is compared and copied outside the lock, by
    /// all the threads at once.
    files: Mutex<HashMap<PathBuf, Arc<CachedFile>>>,
    /// `site.yaml`, `products.yaml` and `references.yaml`.
    data: data::YamlCache,
}

struct CachedFile {
    /// The file's bytes as read: an unchanged file is recognised before
    /// decoding it.
    bytes: Vec<u8>,
    config: String,
    parsed: Option<ParsedFile>,
    diagnostics: Diagnostics,
}

/// Parses the section files in parallel (each file is independent),
/// reusing `cache` for files whose text and site configuration are
/// unchanged. Diagnostics keep the files' order.
fn parse_files(
    files: &[section_file::SourceFile],
    config: &crate::model::Config,
    products: &[crate::model::Product],
    checks: &checks::EntryChecks,
    cache: &ParseCache,
    diags: &mut Diagnostics,
) -> Vec<ParsedFile> {
    use rayon::prelude::*;
    // Parsing depends on the configuration (languages, trust_html, company
    // names) and the products (mentions) too.
    let config_key = serde_json::to_string(&(config, products)).unwrap_or_default();
    let results: Vec<(Option<ParsedFile>, Diagnostics)> = files
        .par_iter()
        .map(|f| {
            let mut local = Diagnostics::default();
            let bytes = match files::read_bytes(&f.path, &f.shown) {
                Ok(bytes) => bytes,
                Err(d) => {
                    local.push(d);
                    return (None, local);
                }
            };
            let lock = || cache.files.lock().unwrap_or_else(|e| e.into_inner());
            let cached = lock().get(&f.path).cloned();
            if let Some(hit) = cached.filter(|c| c.bytes == bytes && c.config == config_key) {
                return (hit.parsed.clone(), hit.diagnostics.clone());
            }
            let source = match files::decode(&f.shown, bytes.clone()) {
                Ok(source) => source,
                Err(d) => {
                    local.push(d);
                    return (None, local);
                }
            };
            let parsed = section_file::parse(f, &source, config, checks, &mut local);
            lock().insert(
                f.path.clone(),
                Arc::new(CachedFile {
                    bytes,
                    config: config_key.clone(),
                    parsed: parsed.clone(),
                    diagnostics: local.clone(),
                }),
            );
            (parsed, local)
        })
        .collect();
    let mut parsed = Vec::with_capacity(results.len());
    for (file, local) in results {
        diags.extend(local);
        parsed.extend(file);
    }
    parsed
}

/// [`load_site`], reusing the parsed files of earlier loads.
pub fn load_site_with(root: &Path, options: &LoadOptions, cache: &ParseCache) -> Loaded {
    let mut diags = Diagnostics::default();
    let content = root.join("content");
    if !content.is_dir() {
        diags.push(
            Diagnostic::error(None, format!("no content folder at {}", content.display()))
                .with_hint("run annals in a site's folder, name one with --root DIR, or start one with `annals init DIR`"),
        );
        return Loaded {
            site: None,
            diagnostics: diags,
        };
    }
    let (config, config_source) =
        match data::load_config(root, options.base_url.as_deref(), &cache.data) {
            Ok(c) => c,
            Err(d) => {
                diags.push(d);
                return Loaded {
                    site: None,
                    diagnostics: diags,
                };
            }
        };
    let products = data::load_products(root, &cache.data, &mut diags);
    let references = data::load_references(root, &cache.data, &mut diags);

    let files = section_file::discover(root, &config, &mut diags);
    if files.is_empty() && !diags.has_errors() {
        diags.push(
            Diagnostic::error(None, "the content folder holds no sections").with_hint(
                "add a Markdown file such as content/history.md with a `title` in its front matter",
            ),
        );
    }
    let checks = checks::EntryChecks::new(&config, &products);
    let parsed: Vec<ParsedFile> =
        parse_files(&files, &config, &products, &checks, cache, &mut diags)
            .into_iter()
            .filter(|p| options.drafts || !p.meta.draft)
            .collect();

    let mut site = Site {
        config,
        sections: Vec::new(),
        events: Vec::new(),
        products,
        references,
    };
    let present: Vec<(SectionKey, Lang)> = files.iter().map(|f| (f.key.clone(), f.lang)).collect();
    assemble(&mut site, parsed, &present, &mut diags);
    fact_events::add(&mut site, &config_source, &checks, &mut diags);
    let slugs: Vec<&str> = site.sections.iter().map(Section::slug).collect();
    let sections = &site.sections;
    // A section with an error in one of its files is not checked for
    // unpaired events: a broken date or marker drops or changes an event,
    // and its counterpart would echo the error as a warning.
    let broken: BTreeSet<PathBuf> = diags
        .errors()
        .filter_map(|d| d.location.as_ref())
        .map(|l| l.path.clone())
        .collect();
    let pairing = pairing::pair(
        &mut site.events,
        site.config.default_language,
        &site.config.languages,
        &slugs,
        |section, lang| {
            let texts = &sections[section].texts;
            texts.contains_key(&lang) && !texts.values().any(|t| broken.contains(&t.source))
        },
    );
    diags.extend(pairing);
    let found: BTreeSet<&Path> = files.iter().map(|f| f.shown.as_path()).collect();
    untranslated_sections(&site, &found, &mut diags);
    duplicates::link(&mut site.events, site.config.default_language, &mut diags);
    checks::run(&site, root, &mut diags);
    Loaded {
        site: Some(site),
        diagnostics: diags.sorted(),
    }
}

/// Builds the section tree and the event list from parsed files.
/// `present` lists every file found, parsed or not, so that a file that
/// failed to parse is not reported a second time as missing.
fn assemble(
    site: &mut Site,
    parsed: Vec<ParsedFile>,
    present: &[(SectionKey, Lang)],
    diags: &mut Diagnostics,
) {
    // Group the language versions of each section.
    let mut groups: BTreeMap<SectionKey, Vec<ParsedFile>> = BTreeMap::new();
    for p in parsed {
        groups.entry(p.key.clone()).or_default().push(p);
    }
    let default = site.config.default_language;
    let present: BTreeSet<&(SectionKey, Lang)> = present.iter().collect();

    // Resolve each section's slug (from the default language version) and
    // its parent key, then order the tree.
    struct Pending {
        key: SectionKey,
        slug: String,
        order: i64,
        draft: bool,
        files: Vec<ParsedFile>,
    }
    let mut pending: Vec<Pending> = Vec::new();
    for (key, mut files) in groups {
        files.sort_by_key(|f| f.lang != default);
        let primary = &files[0];
        if primary.lang != default {
            if present.contains(&(key.clone(), default)) {
                continue;
            }
            diags.push(
                Diagnostic::error(
                    Some(Location::new(&primary.shown, 1, 1)),
                    format!("this {} file has no {} original", primary.lang, default),
                )
                .with_hint(format!(
                    "add {} with the section in {}",
                    key.file_name(None).display(),
                    default
                )),
            );
            continue;
        }
        let slug = primary
            .meta
            .slug
            .clone()
            .unwrap_or_else(|| key.default_slug());
        for other in &files[1..] {
            if let Some(s) = &other.meta.slug {
                if *s != slug {
                    diags.push(
                        Diagnostic::error(
                            Some(Location::new(&other.shown, other.slug_line, 1)),
                            format!("the translation's slug `{s}` differs from the original's `{slug}`"),
                        )
                        .with_hint("a section and its translations share one slug; remove `slug` from the translation"),
                    );
                }
            }
        }
        pending.push(Pending {
            key,
            slug,
            order: primary.meta.order,
            draft: primary.meta.draft,
            files,
        });
    }

    // Depth-first order: parents before children, siblings by (order, slug).
    // A folder without `_index.md` is reported once, at its first section;
    // a folder whose `_index.md` exists but is a draft or failed to load
    // (reported already) leaves its sections out silently.
    let keys: BTreeSet<&SectionKey> = pending.iter().map(|p| &p.key).collect();
    let found: BTreeSet<&SectionKey> = present.iter().map(|(k, _)| k).collect();
    let mut reported: BTreeSet<SectionKey> = BTreeSet::new();
    let mut children: BTreeMap<Option<SectionKey>, Vec<usize>> = BTreeMap::new();
    for (i, p) in pending.iter().enumerate() {
        let parent = p.key.parent();
        match &parent {
            Some(missing) if !keys.contains(missing) => {
                if !found.contains(missing) && reported.insert(missing.clone()) {
                    let index = missing.file_name(None);
                    let folder = index.parent().unwrap_or(&index);
                    diags.push(
                        Diagnostic::error(
                            Some(Location::new(&p.files[0].shown, 1, 1)),
                            format!("the folder {} has no _index.md", folder.display()),
                        )
                        .with_hint(format!(
                            "every folder is a section: add {} with its title",
                            index.display()
                        )),
                    );
                }
                continue;
            }
            _ => children.entry(parent).or_default().push(i),
        }
    }
    for list in children.values_mut() {
        list.sort_by(|a, b| {
            (pending[*a].order, &pending[*a].slug).cmp(&(pending[*b].order, &pending[*b].slug))
        });
    }
    let mut order = Vec::new();
    let mut stack: Vec<(usize, Option<usize>)> = children
        .get(&None)
        .map(|v| v.iter().rev().map(|i| (*i, None)).collect())
        .unwrap_or_default();
    let mut pending_slots: Vec<Option<Pending>> = pending.into_iter().map(Some).collect();
    while let Some((i, parent)) = stack.pop() {
        let Some(p) = pending_slots[i].take() else {
            continue;
        };
        let id = site.sections.len();
        let mut path = parent.map_or_else(Vec::new, |pid: usize| site.sections[pid].path.clone());
        path.push(p.slug.clone());
        if let Some(pid) = parent {
            site.sections[pid].children.push(id);
        }
        site.sections.push(Section {
            path,
            parent,
            children: Vec::new(),
            order: p.order,
            draft: p.draft,
            texts: BTreeMap::new(),
        });
        if let Some(kids) = children.get(&Some(p.key.clone())) {
            stack.extend(kids.iter().rev().map(|k| (*k, Some(id))));
        }
        order.push((id, p.files));
    }

    check_duplicate_paths(site, &order, diags);
    // Sized once: growing 10,000 events step by step copies them each time.
    let entries: usize = order
        .iter()
        .flat_map(|(_, files)| files)
        .flat_map(|file| &file.blocks)
        .map(|block| match block {
            ParsedBlock::Text { entries, .. } => entries.len(),
            _ => 0,
        })
        .sum();
    site.events.reserve(entries);
    for (id, files) in order {
        for file in files {
            let body = file
                .blocks
                .into_iter()
                .map(|b| match b {
                    ParsedBlock::Heading { level, text } => BodyBlock::Heading { level, text },
                    ParsedBlock::Html(html) => BodyBlock::Html { html },
                    ParsedBlock::Text {
                        kind,
                        lead,
                        entries,
                    } => {
                        let mut ids = Vec::new();
                        for parsed in entries {
                            ids.push(site.events.len());
                            site.events.push(new_event(id, file.lang, parsed));
                        }
                        BodyBlock::Text {
                            kind,
                            lead,
                            events: ids,
                        }
                    }
                })
                .collect();
            site.sections[id].texts.insert(
                file.lang,
                SectionText {
                    title: file.meta.title,
                    summary: file.meta.summary,
                    source: file.shown,
                    body,
                },
            );
        }
    }
}

fn new_event(section: usize, lang: Lang, parsed: section_file::ParsedEntry) -> Event {
    let section_file::ParsedEntry {
        entry,
        source,
        products,
    } = parsed;
    Event {
        id: String::new(),
        lang,
        section,
        date: entry.date,
        text: entry.text,
        products,
        source,
        counterpart: None,
        explicit_id: entry.explicit_id,
        same_as: entry.same_as,
    }
}

fn check_duplicate_paths(site: &Site, order: &[(usize, Vec<ParsedFile>)], diags: &mut Diagnostics) {
    let mut seen: BTreeMap<&[String], &PathBuf> = BTreeMap::new();
    for (id, files) in order {
        let path = site.sections[*id].path.as_slice();
        let shown = &files[0].shown;
        if let Some(first) = seen.get(path) {
            diags.push(
                Diagnostic::error(
                    Some(Location::new(shown, files[0].slug_line, 1)),
                    format!(
                        "the slug `{}` is already used by {}",
                        path.join("/"),
                        first.display()
                    ),
                )
                .with_hint("give one of the sections another `slug` in its front matter"),
            );
        } else {
            seen.insert(path, shown);
        }
    }
}

/// One warning per section file that lacks a translation, rather than one
/// per event in it. A translation that exists but is a draft or failed to
/// load (reported already) is not missing.
fn untranslated_sections(site: &Site, found: &BTreeSet<&Path>, diags: &mut Diagnostics) {
    let mut counts = vec![0usize; site.sections.len()];
    for e in &site.events {
        counts[e.section] += 1;
    }
    for (id, section) in site.sections.iter().enumerate() {
        let Some((_, original)) = section.texts.iter().next() else {
            continue;
        };
        for lang in site
            .config
            .languages
            .iter()
            .filter(|l| !section.texts.contains_key(l))
        {
            let file = translation_path(&original.source, *lang);
            if found.contains(file.as_path()) {
                continue;
            }
            let events = counts[id];
            diags.push(
                Diagnostic::warning(
                    Some(Location::new(&original.source, 1, 1)),
                    match events {
                        0 => format!("this section has no {lang} translation"),
                        1 => format!(
                            "this section has no {lang} translation; its 1 event is unpaired"
                        ),
                        n => format!(
                            "this section has no {lang} translation; its {n} events are unpaired"
                        ),
                    },
                )
                .with_hint(format!("write {}", file.display())),
            );
        }
    }
}

/// `content/a/b.md` -> `content/a/b.en.md`.
fn translation_path(original: &Path, lang: Lang) -> PathBuf {
    let stem = original.file_stem().unwrap_or_default().to_string_lossy();
    original.with_file_name(format!("{stem}.{}.md", lang.code()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn copy_tree(from: &Path, to: &Path) {
        for entry in walkdir::WalkDir::new(from) {
            let entry = entry.unwrap();
            let target = to.join(entry.path().strip_prefix(from).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target).unwrap();
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
    }

    fn outcome(loaded: &Loaded) -> String {
        serde_json::to_string(&(&loaded.site, &loaded.diagnostics)).unwrap()
    }

    /// A reload through the cache gives what a fresh load gives, both for
    /// unchanged files and after one file changed.
    #[test]
    fn cached_reloads_match_fresh_loads() {
        let root = tempfile::tempdir().unwrap();
        copy_tree(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid_site"),
            root.path(),
        );
        let options = LoadOptions::default();
        let cache = ParseCache::default();
        let first = load_site_with(root.path(), &options, &cache);
        assert!(first.site.is_some() && !first.diagnostics.has_errors());
        let again = load_site_with(root.path(), &options, &cache);
        assert_eq!(outcome(&again), outcome(&first));

        let edited = root.path().join("content/history/launches.md");
        let text = std::fs::read_to_string(&edited).unwrap();
        let changed = text.replacen("，", "，改", 1);
        assert_ne!(changed, text, "the fixture has an entry to edit");
        std::fs::write(&edited, changed).unwrap();
        let reloaded = load_site_with(root.path(), &options, &cache);
        let fresh = load_site(root.path(), &options);
        assert_ne!(outcome(&reloaded), outcome(&first));
        assert_eq!(outcome(&reloaded), outcome(&fresh));

        // The data files too: each edit is seen, and what is reused
        // matches a fresh load.
        for (file, from, to) in [
            ("references.yaml", "公司简介", "公司概况"),
            ("products.yaml", "kind: model", "kind: service"),
            ("site.yaml", "Example Co. Timeline", "Example Co. History"),
        ] {
            let before = load_site_with(root.path(), &options, &cache);
            let path = root.path().join("content").join(file);
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(text.contains(from), "{file} has `{from}` to edit");
            std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
            let reloaded = load_site_with(root.path(), &options, &cache);
            assert_ne!(outcome(&reloaded), outcome(&before), "{file}");
            assert_eq!(
                outcome(&reloaded),
                outcome(&load_site(root.path(), &options))
            );
        }
    }
}
