//! Templates, static files and the interface strings: the defaults ship in
//! the binary; a site's own `templates/` and `static/` folders replace them
//! file by file (and may add files). `templates/i18n.yaml` is merged key by
//! key, so a site can change one string without copying the table.

use super::BuildError;
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::load::{files, yaml};
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
    ("_charts.html", include_str!("../../templates/_charts.html")),
    ("_toc.html", include_str!("../../templates/_toc.html")),
    ("_crumbs.html", include_str!("../../templates/_crumbs.html")),
    ("_filter.html", include_str!("../../templates/_filter.html")),
    ("article.html", include_str!("../../templates/article.html")),
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
    (
        "timeline_story.html",
        include_str!("../../templates/timeline_story.html"),
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
    ("filter.js", include_bytes!("../../static/filter.js")),
    ("cite.js", include_bytes!("../../static/cite.js")),
    (
        "timeline-story.css",
        include_bytes!("../../static/timeline-story.css"),
    ),
    ("favicon.svg", include_bytes!("../../static/favicon.svg")),
];

/// TimelineJS (`third_party/timelinejs/`, see its README), written to the
/// output only when a language has the story page: its script, its
/// stylesheet, the icon font the stylesheet loads, and the licences.
pub const TIMELINEJS: &[(&str, &[u8])] = &[
    (
        "vendor/timelinejs/js/timeline.js",
        include_bytes!("../../third_party/timelinejs/js/timeline.js"),
    ),
    (
        "vendor/timelinejs/js/timeline.js.LICENSE.txt",
        include_bytes!("../../third_party/timelinejs/js/timeline.js.LICENSE.txt"),
    ),
    (
        "vendor/timelinejs/css/timeline.css",
        include_bytes!("../../third_party/timelinejs/css/timeline.css"),
    ),
    (
        "vendor/timelinejs/css/icons/tl-icons.ttf",
        include_bytes!("../../third_party/timelinejs/css/icons/tl-icons.ttf"),
    ),
    (
        "vendor/timelinejs/LICENSE",
        include_bytes!("../../third_party/timelinejs/LICENSE"),
    ),
];

/// The built-in look as a site's files: `templates/…` (with `i18n.yaml`)
/// and `static/…`, for `annals eject`.
pub fn builtin_files() -> impl Iterator<Item = (String, &'static [u8])> {
    let templates = TEMPLATES.iter().chain([&(I18N, DEFAULT_I18N)]);
    (templates.map(|(n, s)| (format!("templates/{n}"), s.as_bytes())))
        .chain(STATIC.iter().map(|(n, b)| (format!("static/{n}"), *b)))
}

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

        let mut problems = Diagnostics::default();
        let site_templates = read_folder(root, "templates", &mut problems);
        statics.extend(read_folder(root, "static", &mut problems));
        if problems.has_errors() {
            return Err(BuildError::Source(problems));
        }
        for (name, bytes) in site_templates {
            let shown = Path::new("templates").join(&name);
            let text = String::from_utf8(bytes).map_err(|_| BuildError::Asset {
                path: shown.clone(),
                message: "the file is not valid UTF-8".into(),
            })?;
            if name == I18N {
                strings.extend(parse_i18n(&text, &shown)?);
            } else {
                if let Some(d) = stale_fragment_include(&text, &shown) {
                    problems.push(d);
                }
                overridden.push(name.clone());
                templates.insert(name, text);
            }
        }
        if problems.has_errors() {
            return Err(BuildError::Source(problems));
        }
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
        message: match (e.line, e.hint) {
            (Some(line), Some(hint)) => format!("line {line}: {} ({hint})", e.message),
            (Some(line), None) => format!("line {line}: {}", e.message),
            (None, _) => e.message,
        },
    })
}

/// Every file under `root/folder` (none if it does not exist), by
/// `/`-separated relative path; hidden files and editor backups are
/// skipped. Links and files are read by the same rules as `content/`'s
/// ([`files::refuse_link_out`], [`files::read_bytes`]); what breaks them
/// goes to `problems`.
fn read_folder(root: &Path, folder: &str, problems: &mut Diagnostics) -> BTreeMap<String, Vec<u8>> {
    let dir = root.join(folder);
    let mut out = BTreeMap::new();
    if !dir.is_dir() {
        return out;
    }
    let mut walker = WalkDir::new(&dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                problems.push(files::walk_error(root, folder, &e));
                continue;
            }
        };
        if let Err(d) = files::refuse_link_out(root, folder, entry.path()) {
            problems.push(d);
            if entry.file_type().is_dir() {
                walker.skip_current_dir();
            }
            continue;
        }
        if entry.file_type().is_dir() || entry.file_name().to_string_lossy().ends_with('~') {
            continue;
        }
        let rel = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
        let name: Vec<String> = rel
            .iter()
            .map(|c| c.to_string_lossy().into_owned())
            .collect();
        match files::read_bytes(entry.path(), &files::shown_path(root, entry.path())) {
            Ok(bytes) => {
                out.insert(name.join("/"), bytes);
            }
            Err(d) => problems.push(d),
        }
    }
    out
}

/// A language's own name, for the language switcher.
pub fn native_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "中文",
        Lang::En => "English",
    }
}

/// A site's copy of a page template made before events came rendered:
/// it includes `_entry.html` or `_event.html` for each event, which would
/// now print an empty event (its `e` is the rendered markup).
fn stale_fragment_include(text: &str, shown: &Path) -> Option<Diagnostic> {
    let (at, fragment) = ["_entry.html", "_event.html"]
        .iter()
        .flat_map(|f| [format!("include \"{f}\""), format!("include '{f}'")])
        .filter_map(|needle| text.find(&needle).map(|at| (at + "include ".len(), needle)))
        .min()?;
    let line = text[..at].matches('\n').count() + 1;
    let col = text[..at].rsplit('\n').next().unwrap_or("").chars().count() + 1;
    let fragment = fragment.trim_start_matches("include ");
    Some(
        Diagnostic::error(
            Some(Location::new(shown, line, col)),
            format!("this template includes {fragment} for each event, as templates did before events came rendered"),
        )
        .with_hint("each event of a list is now its fragment already rendered: print `{{ e | safe }}` in place of the include (docs/templates.md)"),
    )
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
    fn a_page_template_including_an_event_fragment_is_refused_where_it_does() {
        let old = "{%- for e in g.events %}\n{% include \"_entry.html\" %}\n\
                   {% for e in item.events %}{% include '_event.html' %}{% endfor %}";
        let d = stale_fragment_include(old, Path::new("templates/archive.html")).unwrap();
        let at = d.location.unwrap();
        assert_eq!((at.line, at.col), (2, 12));
        assert!(d.message.contains("\"_entry.html\""), "{}", d.message);
        let now = "{%- for e in g.events %}\n{{ e | safe }}\n{%- endfor %}";
        assert!(stale_fragment_include(now, Path::new("templates/archive.html")).is_none());
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
