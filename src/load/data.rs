//! The YAML data files of `content/`: `site.yaml` (the configuration),
//! `products.yaml` and `references.yaml`.

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::load::{files, yaml};
use crate::model::{Config, Product, Reference};
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const CONFIG: &str = "content/site.yaml";
pub const PRODUCTS: &str = "content/products.yaml";
pub const REFERENCES: &str = "content/references.yaml";

/// Reads and parses one YAML file; `Ok(None)` when it does not exist.
pub fn read_yaml<T: DeserializeOwned>(
    root: &Path,
    rel: &str,
) -> Result<Option<(T, String)>, Diagnostic> {
    let path = root.join(rel);
    if !path.exists() {
        return Ok(None);
    }
    let shown = PathBuf::from(rel);
    let source = files::read_text(&path, &shown)?;
    let parsed = yaml::from_str(if source.trim().is_empty() {
        "{}"
    } else {
        &source
    })
    .map_err(|e| {
        Diagnostic::error(
            Some(Location::new(
                &shown,
                e.line.unwrap_or(1),
                e.col.unwrap_or(1),
            )),
            e.message,
        )
    })?;
    Ok(Some((parsed, source)))
}

pub fn load_config(root: &Path) -> Result<Config, Diagnostic> {
    let config: Option<(Config, String)> = read_yaml(root, CONFIG).map_err(|d| {
        d.with_hint("site.yaml keys: title, description, default_language, languages, base_url, company, company_names, trust_html")
    })?;
    let (config, source) = config.ok_or_else(|| {
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
        ));
    }
    Ok(config)
}

pub fn load_products(root: &Path, diags: &mut Diagnostics) -> Vec<Product> {
    match read_yaml::<Vec<Product>>(root, PRODUCTS) {
        Ok(Some((products, source))) => {
            check_products(&products, &source, diags);
            products
        }
        Ok(None) => Vec::new(),
        Err(d) => {
            diags.push(d.with_hint("products.yaml is a list of {id, name, aliases, kind, released, summary, facts, featured}"));
            Vec::new()
        }
    }
}

fn check_products(products: &[Product], source: &str, diags: &mut Diagnostics) {
    let mut ids: BTreeMap<&str, ()> = BTreeMap::new();
    let mut aliases: BTreeMap<String, &str> = BTreeMap::new();
    for p in products {
        let at = Some(Location::new(
            PRODUCTS,
            line_of(source, &format!("id: {}", p.id)),
            1,
        ));
        if !crate::load::segment::is_slug(&p.id) {
            diags.push(
                Diagnostic::error(
                    at.clone(),
                    format!("product id `{}` is not a usable slug", p.id),
                )
                .with_hint("ids are lowercase ASCII letters, digits and hyphens, e.g. deepseek-r1"),
            );
        }
        if ids.insert(&p.id, ()).is_some() {
            diags.push(Diagnostic::error(
                at.clone(),
                format!("product id `{}` is used twice", p.id),
            ));
        }
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
        if let Some(r) = &p.released {
            if crate::model::DatePoint::parse_iso(r).is_none() {
                diags.push(
                    Diagnostic::error(at, format!("`released: {r}` is not a date"))
                        .with_hint("write YYYY-MM-DD, YYYY-MM or YYYY"),
                );
            }
        }
    }
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

pub fn load_references(root: &Path, diags: &mut Diagnostics) -> BTreeMap<u32, Reference> {
    match read_yaml::<BTreeMap<u32, Option<Reference>>>(root, REFERENCES) {
        Ok(Some((refs, source))) => {
            let refs: BTreeMap<u32, Reference> = refs
                .into_iter()
                .map(|(n, r)| (n, r.unwrap_or_default()))
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
            diags.push(d.with_hint("references.yaml maps numbers to {title, publisher, url, date}, e.g. `12: {title: …}`"));
            BTreeMap::new()
        }
    }
}

/// Only web links may reach a reader: `javascript:` and `data:` never do.
pub fn is_safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// The 1-based line of the first line containing `needle` (1 if none).
pub fn line_of(source: &str, needle: &str) -> usize {
    source
        .lines()
        .position(|l| l.contains(needle))
        .map_or(1, |i| i + 1)
}
