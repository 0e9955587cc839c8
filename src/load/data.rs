//! The YAML data files of `content/`: `site.yaml` (the configuration),
//! `products.yaml` and `references.yaml`.

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::load::{files, yaml};
use crate::model::{is_safe_url, Config, Product, Reference};
use serde::de::{self, DeserializeOwned, Deserializer, Unexpected, Visitor};
use serde::Deserialize;
use std::any::Any;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

pub const CONFIG: &str = "content/site.yaml";
pub const PRODUCTS: &str = "content/products.yaml";
pub const REFERENCES: &str = "content/references.yaml";

/// The data files parsed by earlier loads, by name, with the text each was
/// parsed from: `annals serve` parses a file again only when its text
/// changed (a site's references take milliseconds to parse, on every save).
#[derive(Default)]
pub struct YamlCache {
    parsed: Mutex<HashMap<&'static str, ParsedYaml>>,
}

/// A file's text, and what it was parsed into (a `Vec<Product>`, …).
type ParsedYaml = (String, Arc<dyn Any + Send + Sync>);

/// Reads and parses one YAML file; `Ok(None)` when it does not exist.
pub fn read_yaml<T: DeserializeOwned + Clone + Send + Sync + 'static>(
    root: &Path,
    rel: &'static str,
    cache: &YamlCache,
) -> Result<Option<(T, String)>, Diagnostic> {
    let path = root.join(rel);
    if !path.exists() {
        return Ok(None);
    }
    let shown = PathBuf::from(rel);
    files::refuse_link_out(root, "content", &path)?;
    let source = files::read_text(&path, &shown)?;
    let lock = || cache.parsed.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((text, value)) = lock().get(rel) {
        if let (true, Some(value)) = (*text == source, value.downcast_ref::<T>()) {
            return Ok(Some((value.clone(), source)));
        }
    }
    let parsed: T = yaml::from_str(if source.trim().is_empty() {
        "{}"
    } else {
        &source
    })
    .map_err(|e| {
        let d = Diagnostic::error(
            Some(Location::new(
                &shown,
                e.line.unwrap_or(1),
                e.col.unwrap_or(1),
            )),
            e.message,
        );
        match e.hint {
            Some(hint) => d.with_hint(hint),
            None => d,
        }
    })?;
    lock().insert(rel, (source.clone(), Arc::new(parsed.clone())));
    Ok(Some((parsed, source)))
}

/// Adds `hint` unless the diagnostic has a more specific one (such as the
/// advice for a file that is not UTF-8).
fn or_hint(d: Diagnostic, hint: &str) -> Diagnostic {
    match d.hint {
        Some(_) => d,
        None => d.with_hint(hint),
    }
}

/// The configuration, and the text of `site.yaml` for locating its parts.
/// `base_url`, when given, replaces the file's own (checked alike).
pub fn load_config(
    root: &Path,
    base_url: Option<&str>,
    cache: &YamlCache,
) -> Result<(Config, String), Diagnostic> {
    let config: Option<(Config, String)> = read_yaml(root, CONFIG, cache).map_err(|mut d| {
        // serde names the Rust type; the reader knows the file.
        d.message = d
            .message
            .replace("expected struct Config", "expected a map of settings");
        or_hint(d, "site.yaml keys: title, description, default_language, languages, base_url, company, company_names, trust_html, list_limit, event_page_limit")
    })?;
    let (mut config, source) = config.ok_or_else(|| {
        Diagnostic::error(None, format!("no site configuration: {CONFIG} is missing"))
            .with_hint("create it with at least `title: {zh: …, en: …}`, or start a new site with `annals init DIR`")
    })?;
    if !config.languages.contains(&config.default_language) {
        return Err(Diagnostic::error(
            Some(Location::new(CONFIG, line_of(&source, "languages"), 1)),
            format!(
                "the default language `{}` is not among `languages`",
                config.default_language
            ),
        )
        .with_hint(format!(
            "add `{}` to `languages`, or set `default_language` to one of them",
            config.default_language
        )));
    }
    const BASE_URL_HINT: &str =
        "write the address the site is served from, e.g. https://example.org/deepseek/";
    if let Some(url) = base_url {
        check_base_url(url).map_err(|problem| {
            Diagnostic::error(None, format!("--base-url `{url}` {problem}"))
                .with_hint(BASE_URL_HINT)
        })?;
        config.base_url = Some(url.to_string());
    } else if let Some(url) = config.base_url() {
        if let Err(problem) = check_base_url(url) {
            let (line, col) = value_position(&source, "base_url");
            return Err(Diagnostic::error(
                Some(Location::new(CONFIG, line, col)),
                format!("`base_url` {problem}"),
            )
            .with_hint(BASE_URL_HINT));
        }
    }
    Ok((config, source))
}

/// Every absolute link the site writes (canonical links, feeds, the
/// sitemap, `timeline.json`) starts with `base_url`, and the 404 page makes
/// its links absolute paths from its path; so it must be a web address with
/// a host, and its path must not start with `//`, which a browser reads as
/// another host. `\` counts as `/` to browsers, and `@` puts the host after
/// it, so neither is allowed; nor blanks, `?` or `#`.
fn check_base_url(url: &str) -> Result<(), &'static str> {
    let lower = url.to_ascii_lowercase();
    let rest = ["https://", "http://"]
        .iter()
        .find_map(|scheme| lower.strip_prefix(scheme))
        .ok_or("must start with https:// or http://")?;
    if let Some(c) = rest
        .chars()
        .find(|c| matches!(c, '\\' | '@' | '?' | '#') || c.is_whitespace() || c.is_control())
    {
        return Err(match c {
            '\\' => "holds a backslash, which browsers read as `/`",
            '@' => "holds `@`, which makes what follows it the host",
            '?' | '#' => "holds `?` or `#`; it is the folder the site is in",
            _ => "holds a blank or a control character",
        });
    }
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    if host.is_empty() || host.starts_with(':') {
        return Err("has no host after the scheme");
    }
    if path.starts_with("//") {
        return Err("has a path starting with `//`, which browsers read as another host");
    }
    Ok(())
}

/// The line and column (1-based, in characters) of the value of the
/// top-level `key:` in `source`; the key's line and column 1 when the
/// value is not on the same line.
fn value_position(source: &str, key: &str) -> (usize, usize) {
    let prefix = format!("{key}:");
    source
        .lines()
        .enumerate()
        .find_map(|(i, l)| {
            let value = l.strip_prefix(&prefix)?;
            let col = prefix.chars().count() + value.chars().count()
                - value.trim_start().chars().count()
                + 1;
            Some((i + 1, col))
        })
        .unwrap_or((1, 1))
}

pub fn load_products(root: &Path, cache: &YamlCache, diags: &mut Diagnostics) -> Vec<Product> {
    match read_yaml::<Vec<Product>>(root, PRODUCTS, cache) {
        Ok(Some((products, source))) => {
            check_products(&products, &source, diags);
            products
        }
        Ok(None) => Vec::new(),
        Err(d) => {
            diags.push(or_hint(d, "products.yaml is a list of {id, name, aliases, kind, released, summary, facts, featured}"));
            Vec::new()
        }
    }
}

fn check_products(products: &[Product], source: &str, diags: &mut Diagnostics) {
    let mut ids: BTreeMap<&str, usize> = BTreeMap::new();
    let mut aliases: BTreeMap<String, &str> = BTreeMap::new();
    let items = item_lines(source);
    for (index, p) in products.iter().enumerate() {
        // Where the product's `key:` value is; the `id: …` line when the
        // list is not written one item per `- ` line.
        let at = |key: &str| {
            let (line, col) = item_key(source, &items, products.len(), index, key)
                .unwrap_or_else(|| (line_of(source, &format!("id: {}", p.id)), 1));
            Some(Location::new(PRODUCTS, line, col))
        };
        if !crate::load::segment::is_slug(&p.id) {
            diags.push(
                Diagnostic::error(
                    at("id"),
                    format!("product id `{}` is not a usable slug", p.id),
                )
                .with_hint(if crate::load::segment::is_device_name(&p.id) {
                    format!(
                        "`{}` is a device name on Windows and cannot name a folder; choose another id",
                        p.id
                    )
                } else if p.id.len() > files::MAX_FILE_NAME {
                    crate::load::segment::slug_rule(&p.id)
                } else {
                    "ids are lowercase ASCII letters, digits and hyphens, e.g. deepseek-r1".to_string()
                }),
            );
        }
        if let Some(first) = ids.get(p.id.as_str()) {
            diags.push(
                Diagnostic::error(
                    at("id"),
                    format!(
                        "product id `{}` is already used by product {} of the list",
                        p.id,
                        first + 1
                    ),
                )
                .with_hint("give each product its own id (or remove the copy)"),
            );
            // Its names and aliases would all clash with the first one's.
            continue;
        }
        ids.insert(&p.id, index);
        let mut own: Vec<String> = p
            .aliases
            .iter()
            .chain(p.name.0.values())
            .map(|a| a.to_lowercase())
            .collect();
        own.sort();
        own.dedup();
        for alias in own {
            if let Some(other) = aliases.insert(alias.clone(), &p.id) {
                diags.push(
                    Diagnostic::error(
                        Some(Location::new(
                            PRODUCTS,
                            line_of(source, &alias_needle(&alias, source)),
                            1,
                        )),
                        format!("the alias `{alias}` names both `{other}` and `{}`", p.id),
                    )
                    .with_hint("an alias must recognise one product; keep it on one of them"),
                );
            }
        }
        if p.facts.iter().any(|f| f.event.is_some()) {
            diags.push(
                Diagnostic::error(at("facts"), format!("a fact of product `{}` has `event:`", p.id))
                    .with_hint("only the infobox facts of site.yaml (`company:`) become events; write the event in a section"),
            );
        }
        if let Some(r) = &p.released {
            if crate::model::DatePoint::parse_iso(r).is_none() {
                diags.push(
                    Diagnostic::error(at("released"), format!("`released: {r}` is not a date"))
                        .with_hint("write YYYY-MM-DD, YYYY-MM or YYYY"),
                );
            }
        }
    }
}

/// The 1-based lines on which the top-level list items (`- …`) start.
fn item_lines(source: &str) -> Vec<usize> {
    source
        .lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with("- ") || l.trim_end() == "-")
        .map(|(i, _)| i + 1)
        .collect()
}

/// Line and column of the value of `key:` in list item `index`, when the
/// list has one `- ` line per item (`count` of them).
fn item_key(
    source: &str,
    items: &[usize],
    count: usize,
    index: usize,
    key: &str,
) -> Option<(usize, usize)> {
    if items.len() != count {
        return None;
    }
    let first = items[index];
    let next = items.get(index + 1).copied().unwrap_or(usize::MAX);
    source
        .lines()
        .enumerate()
        .skip(first - 1)
        .take_while(|(i, _)| i + 1 < next)
        .find_map(|(i, line)| {
            let rest = line.trim_start_matches([' ', '-']);
            let value = rest.strip_prefix(key)?.strip_prefix(':')?;
            let col = line.chars().count() - value.trim_start().chars().count() + 1;
            Some((i + 1, col))
        })
}

/// The last occurrence of an alias in the file (case-insensitively), which
/// is where the second, conflicting product names it.
fn alias_needle(alias: &str, source: &str) -> String {
    let lower = source.to_lowercase();
    match lower.rfind(alias) {
        Some(i) if source.is_char_boundary(i) && source.is_char_boundary(i + alias.len()) => {
            source[i..i + alias.len()].to_string()
        }
        _ => alias.to_string(),
    }
}

pub fn load_references(
    root: &Path,
    cache: &YamlCache,
    diags: &mut Diagnostics,
) -> BTreeMap<u32, Reference> {
    match read_yaml::<BTreeMap<RefNumber, Option<Reference>>>(root, REFERENCES, cache) {
        Ok(Some((refs, source))) => {
            let refs: BTreeMap<u32, Reference> = refs
                .into_iter()
                .map(|(n, r)| (n.0, r.unwrap_or_default()))
                .collect();
            for (n, r) in &refs {
                if let Some(url) = &r.url {
                    if !is_safe_url(url) {
                        diags.push(
                            Diagnostic::error(
                                Some(Location::new(REFERENCES, line_of(&source, url), 1)),
                                format!("reference {n} has an unsafe URL `{url}`"),
                            )
                            .with_hint("reference URLs must start with http:// or https://"),
                        );
                    }
                }
            }
            refs
        }
        Ok(None) => BTreeMap::new(),
        Err(d) => {
            diags.push(or_hint(d, "references.yaml maps numbers to {title, publisher, url, date}, e.g. `12: {title: …}`"));
            BTreeMap::new()
        }
    }
}

/// A key of `references.yaml`: a citation number, counted from 1.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct RefNumber(u32);

impl<'de> Deserialize<'de> for RefNumber {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Number;
        impl Visitor<'_> for Number {
            type Value = RefNumber;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a citation number (1, 2, 3, …)")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RefNumber, E> {
                match u32::try_from(v) {
                    Ok(n) if n > 0 => Ok(RefNumber(n)),
                    _ => Err(E::invalid_value(Unexpected::Unsigned(v), &self)),
                }
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RefNumber, E> {
                match u64::try_from(v) {
                    Ok(v) => self.visit_u64(v),
                    Err(_) => Err(E::invalid_value(Unexpected::Signed(v), &self)),
                }
            }
            /// `"12":` is a number written as a string.
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RefNumber, E> {
                match v.parse::<u64>() {
                    Ok(n) if v.bytes().all(|b| b.is_ascii_digit()) => self.visit_u64(n),
                    _ => Err(E::invalid_type(Unexpected::Str(v), &self)),
                }
            }
        }
        deserializer.deserialize_any(Number)
    }
}

/// The 1-based line of the first line containing `needle` (1 if none).
pub fn line_of(source: &str, needle: &str) -> usize {
    source
        .lines()
        .position(|l| l.contains(needle))
        .map_or(1, |i| i + 1)
}
