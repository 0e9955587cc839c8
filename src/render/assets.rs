//! Templates, static files and the interface strings: the defaults ship in
//! the binary; a site's own `templates/` and `static/` folders replace them
//! file by file (and may add files). `templates/i18n.yaml` is merged key by
//! key, so a site can change one string without copying the table.

use super::BuildError;
use crate::load::yaml;
use crate::model::{Lang, Localized};
use std::collections::BTreeMap;
use std::path::Path;
use walkdir::WalkDir;

/// The name of the interface string table inside `templates/`.
pub const I18N: &str = "i18n.yaml";

const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("_blocks.html", include_str!("../../templates/_blocks.html")),
    ("_event.html", include_str!("../../templates/_event.html")),
    ("_entry.html", include_str!("../../templates/_entry.html")),
    ("home.html", include_str!("../../templates/home.html")),
    ("section.html", include_str!("../../templates/section.html")),
    (
        "timeline.html",
        include_str!("../../templates/timeline.html"),
    ),
    ("archive.html", include_str!("../../templates/archive.html")),
    ("event.html", include_str!("../../templates/event.html")),
    (
        "products.html",
        include_str!("../../templates/products.html"),
    ),
    ("product.html", include_str!("../../templates/product.html")),
    (
        "bilingual.html",
        include_str!("../../templates/bilingual.html"),
    ),
    (
        "references.html",
        include_str!("../../templates/references.html"),
    ),
    ("404.html", include_str!("../../templates/404.html")),
    ("search.html", include_str!("../../templates/search.html")),
    (
        "redirect.html",
        include_str!("../../templates/redirect.html"),
    ),
    ("atom.xml", include_str!("../../templates/atom.xml")),
    ("sitemap.xml", include_str!("../../templates/sitemap.xml")),
    (
        "split_sitemap_index.xml",
        include_str!("../../templates/split_sitemap_index.xml"),
    ),
    ("robots.txt", include_str!("../../templates/robots.txt")),
];

const DEFAULT_I18N: &str = include_str!("../../templates/i18n.yaml");

const STATIC: &[(&str, &[u8])] = &[
    ("style.css", include_bytes!("../../static/style.css")),
    ("search.js", include_bytes!("../../static/search.js")),
];

pub struct Assets {
    /// Template name (path inside `templates/`, `/`-separated) → source.
    pub templates: BTreeMap<String, String>,
    /// Names of the templates the site replaced or added, for error messages.
    pub overridden: Vec<String>,
    /// Path inside `static/` → bytes, copied to the output root.
    pub statics: BTreeMap<String, Vec<u8>>,
    strings: BTreeMap<String, Localized>,
}

impl Assets {
    /// The built-in assets, overridden by those under `root`.
    pub fn load(root: &Path) -> Result<Assets, BuildError> {
        let mut templates: BTreeMap<String, String> = TEMPLATES
            .iter()
            .map(|(n, s)| (n.to_string(), s.to_string()))
            .collect();
        let mut statics: BTreeMap<String, Vec<u8>> = STATIC
            .iter()
            .map(|(n, b)| (n.to_string(), b.to_vec()))
            .collect();
        let mut strings = parse_i18n(DEFAULT_I18N, Path::new("(built-in) templates/i18n.yaml"))?;
        let mut overridden = Vec::new();

        for (name, bytes) in read_folder(&root.join("templates"))? {
            let shown = Path::new("templates").join(&name);
            let text = String::from_utf8(bytes).map_err(|_| BuildError::Asset {
                path: shown.clone(),
                message: "the file is not valid UTF-8".into(),
            })?;
            if name == I18N {
                strings.extend(parse_i18n(&text, &shown)?);
            } else {
                overridden.push(name.clone());
                templates.insert(name, text);
            }
        }
        statics.extend(read_folder(&root.join("static"))?);
        Ok(Assets {
            templates,
            overridden,
            statics,
            strings,
        })
    }

    /// The interface strings in `lang` (falling back to another language
    /// for a key not translated).
    pub fn strings(&self, lang: Lang) -> BTreeMap<String, String> {
        self.strings
            .iter()
            .map(|(k, v)| (k.clone(), v.get(lang).to_string()))
            .collect()
    }
}

fn parse_i18n(text: &str, shown: &Path) -> Result<BTreeMap<String, Localized>, BuildError> {
    yaml::from_str(text).map_err(|e| BuildError::Asset {
        path: shown.to_path_buf(),
        message: match e.line {
            Some(line) => format!("line {line}: {}", e.message),
            None => e.message,
        },
    })
}

/// Every file under `dir` (none if it does not exist), by `/`-separated
/// relative path; hidden files and editor backups are skipped.
fn read_folder(dir: &Path) -> Result<BTreeMap<String, Vec<u8>>, BuildError> {
    let mut out = BTreeMap::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    let walker = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = entry.map_err(|e| BuildError::Asset {
            path: e.path().unwrap_or(dir).to_path_buf(),
            message: e.to_string(),
        })?;
        if !entry.file_type().is_file() || entry.file_name().to_string_lossy().ends_with('~') {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let name: Vec<String> = rel
            .iter()
            .map(|c| c.to_string_lossy().into_owned())
            .collect();
        let bytes = std::fs::read(entry.path()).map_err(|source| BuildError::Io {
            path: entry.path().to_path_buf(),
            source,
        })?;
        out.insert(name.join("/"), bytes);
    }
    Ok(out)
}

/// A language's own name, for the language switcher.
pub fn native_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "中文",
        Lang::En => "English",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_files_override_defaults() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(tmp.path().join("templates")).unwrap();
        std::fs::create_dir_all(tmp.path().join("static/img")).unwrap();
        std::fs::write(tmp.path().join("templates/404.html"), "gone").unwrap();
        std::fs::write(
            tmp.path().join("templates/i18n.yaml"),
            "home: {zh: 主页, en: Start}\n",
        )
        .unwrap();
        std::fs::write(tmp.path().join("templates/.404.html.swp"), "x").unwrap();
        std::fs::write(tmp.path().join("static/img/logo.svg"), "<svg/>").unwrap();
        let a = Assets::load(tmp.path()).unwrap();
        assert_eq!(a.templates["404.html"], "gone");
        assert_eq!(a.overridden, vec!["404.html"]);
        assert!(a.templates.contains_key("base.html"));
        assert!(a.statics.contains_key("img/logo.svg") && a.statics.contains_key("style.css"));
        assert_eq!(a.strings(Lang::En)["home"], "Start");
        assert_eq!(a.strings(Lang::Zh)["timeline"], "大事年表");
    }

    #[test]
    fn default_table_translates_every_key() {
        let strings = parse_i18n(DEFAULT_I18N, Path::new("i18n.yaml")).unwrap();
        for (key, value) in &strings {
            for lang in Lang::ALL {
                assert!(value.0.contains_key(&lang), "`{key}` lacks {lang}");
            }
        }
    }
}
