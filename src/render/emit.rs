//! Every file of a build other than the pages of each language, as one
//! table of emitters: the feeds, the TimelineJS data, the root redirect and
//! 404 pages, the sitemap, robots.txt, events.json, the static files and
//! the output marker. `build` and `serve` both go through
//! [`Prepared::generate`], so a new data file is one function here (or in
//! its own module) and one entry in [`EMITTERS`].

use super::assets;
use super::context::{og_locale, Alternate, Common};
use super::pages::Page;
use super::sitemap::{self, Robots};
use super::{
    cited, feeds, search, timelinejs, urls, value, BuildError, Prepared, MARKER, MARKER_TEXT,
};
use crate::export;
use crate::model::Lang;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path};

/// The files made so far, and where each goes.
pub(super) struct Generated<'p> {
    put: &'p mut dyn FnMut(String, Vec<u8>) -> Result<(), BuildError>,
    names: BTreeSet<String>,
}

impl Generated<'_> {
    fn emit(&mut self, name: String, bytes: Vec<u8>) -> Result<(), BuildError> {
        self.names.insert(name.clone());
        (self.put)(name, bytes)
    }
}

/// Makes one kind of file and gives each to the output.
type Emitter = fn(&Prepared, &mut Generated<'_>) -> Result<(), BuildError>;

/// Every emitter, in the order they run: static files come after the
/// files they may not replace, the marker last.
const EMITTERS: &[Emitter] = &[
    atom_feeds,
    timelines,
    root_pages,
    sitemaps,
    robots,
    events_json,
    reference_previews,
    statics,
    marker,
];

impl Prepared {
    /// Runs every emitter, giving each file to `put` as it is made (a
    /// build writes each before the next is made).
    pub(super) fn generate(
        &self,
        put: &mut dyn FnMut(String, Vec<u8>) -> Result<(), BuildError>,
    ) -> Result<(), BuildError> {
        let mut out = Generated {
            put,
            names: BTreeSet::new(),
        };
        EMITTERS.iter().try_for_each(|emit| emit(self, &mut out))
    }
}

fn data_error(path: &str, e: impl std::fmt::Display) -> BuildError {
    BuildError::Asset {
        path: path.into(),
        message: e.to_string(),
    }
}

/// `L/feed.xml` through `atom.xml`.
fn atom_feeds(p: &Prepared, out: &mut Generated<'_>) -> Result<(), BuildError> {
    for l in &p.langs {
        let path = feeds::path(l.view.lang);
        let mut ctx = tera::Context::new();
        ctx.insert("feed", &feeds::feed(&p.site, &l.view));
        out.emit(
            path.clone(),
            p.render_file_template("atom.xml", &path, &ctx)?,
        )?;
    }
    Ok(())
}

/// `L/timeline.json` of each language that has it, and TimelineJS itself
/// when a story page shows it (a site's own copy of a file in `static/`
/// replaces ours).
fn timelines(p: &Prepared, out: &mut Generated<'_>) -> Result<(), BuildError> {
    for l in (p.langs.iter()).filter(|l| timelinejs::has_export(&p.site, &l.view)) {
        let path = timelinejs::path(l.view.lang);
        let json = timelinejs::json(&p.site, &l.view).map_err(|e| data_error(&path, e))?;
        out.emit(path, json.into_bytes())?;
    }
    if p.langs
        .iter()
        .any(|l| l.pages.contains(&Page::TimelineStory))
    {
        for (name, bytes) in assets::TIMELINEJS {
            if !p.assets.statics.contains_key(*name) {
                out.emit(name.to_string(), bytes.to_vec())?;
            }
        }
    }
    Ok(())
}

/// `index.html` (to the default language), the root `404.html` in every
/// language, and each language's own `L/404.html` (for servers that show a
/// folder's own error page).
fn root_pages(p: &Prepared, out: &mut Generated<'_>) -> Result<(), BuildError> {
    let homes = homes(p);
    let all = &p.site.config.languages;
    let default = p.site.config.default_language;
    for kind in [RootKind::Redirect, RootKind::NotFound] {
        let name = kind.file();
        out.emit(name.into(), root_page(p, name, kind, default, all, &homes)?)?;
    }
    for &lang in all {
        let name = format!("{}/404.html", lang.code());
        let page = root_page(p, &name, RootKind::NotFound, lang, &[lang], &homes)?;
        out.emit(name, page)?;
    }
    Ok(())
}

/// The home page of every language.
pub(super) fn homes(p: &Prepared) -> Vec<Alternate> {
    (p.site.config.languages.iter())
        .map(|&l| Alternate::new(l, urls::home(l), p.site.config.base_url()))
        .collect()
}

/// A page that belongs to no page of the site (the redirect, the 404
/// pages), in `lang`, saying its text in each of `speaks`.
fn root_page(
    p: &Prepared,
    name: &str,
    kind: RootKind,
    lang: Lang,
    speaks: &[Lang],
    homes: &[Alternate],
) -> Result<Vec<u8>, BuildError> {
    let t = p.assets.strings(lang);
    let (common, page) = root_page_context(p, name, kind, lang, speaks, homes);
    p.render(kind.template(), &common, &value(&t), value(&page))
}

/// What `redirect.html` and `404.html` receive as `page`.
#[derive(Serialize)]
pub(super) struct RootPage<'a> {
    target: String,
    languages: &'a [Alternate],
    /// The page's heading and text in each language it speaks: every
    /// language at the root (a server shows the root's 404 page for any
    /// missing address, whatever its language), the default language first;
    /// one in a language's folder.
    notices: Vec<Notice>,
    /// The path of the output root on the server (`/annals/`) when
    /// `base_url` gives it: the 404 page, shown at any depth, rewrites
    /// its links from it.
    root_path: Option<String>,
    /// The language folders (`zh en`), from which the 404 page finds the
    /// root when `base_url` is not set.
    folders: String,
}

/// A root page's heading and text in one language.
#[derive(Serialize)]
pub(super) struct Notice {
    /// Its `lang` attribute.
    lang: &'static str,
    title: String,
    text: String,
}

/// The pages of no language's folder.
#[derive(Clone, Copy)]
pub(super) enum RootKind {
    /// `index.html`, to the default language's home page.
    Redirect,
    /// `404.html` and each language's `L/404.html`.
    NotFound,
}

impl RootKind {
    /// Its file at the root.
    fn file(self) -> &'static str {
        match self {
            RootKind::Redirect => "index.html",
            RootKind::NotFound => "404.html",
        }
    }

    pub(super) fn template(self) -> &'static str {
        match self {
            RootKind::Redirect => "redirect.html",
            RootKind::NotFound => "404.html",
        }
    }

    /// The interface strings of its title and text.
    fn keys(self) -> (&'static str, &'static str) {
        match self {
            RootKind::Redirect => ("redirecting", "redirect_text"),
            RootKind::NotFound => ("not_found", "not_found_text"),
        }
    }
}

pub(super) fn root_page_context<'a>(
    p: &Prepared,
    name: &str,
    kind: RootKind,
    lang: Lang,
    speaks: &[Lang],
    homes: &'a [Alternate],
) -> (Common, RootPage<'a>) {
    let site = &*p.site;
    let (title_key, text_key) = kind.keys();
    let mut speaks = speaks.to_vec();
    // The page's own language first.
    speaks.sort_by_key(|&l| l != lang);
    let notices: Vec<Notice> = (speaks.iter())
        .map(|&l| {
            let t = p.assets.strings(l);
            let s = |k: &str| t.get(k).cloned().unwrap_or_default();
            Notice {
                lang: l.html_tag(),
                title: s(title_key),
                text: s(text_key),
            }
        })
        .collect();
    let title = (notices.iter())
        .map(|n| n.title.as_str())
        .collect::<Vec<_>>()
        .join(" · ");
    let common = Common {
        lang: lang.code(),
        html_lang: lang.html_tag(),
        root: urls::root_prefix(name),
        page_url: name.to_string(),
        title,
        site_title: site.config.title.get(lang).to_string(),
        site_description: site.config.description.get(lang).to_string(),
        description: site.config.description.get(lang).to_string(),
        og_type: "website",
        og_locale: og_locale(lang),
        json_ld: String::new(),
        alternates: homes.to_vec(),
        switch: homes.to_vec(),
        nav: Vec::new(),
        toc_html: String::new(),
        crumbs: Vec::new(),
        canonical: None,
        footer: crate::render::context::references_note(
            &p.assets.strings(lang),
            "footer",
            crate::render::context::described_references(site),
        ),
        cites: false,
    };
    let page = RootPage {
        target: urls::home(site.config.default_language),
        languages: homes,
        notices,
        root_path: site.config.base_url().map(base_path),
        folders: (site.config.languages.iter())
            .map(|l| l.code())
            .collect::<Vec<_>>()
            .join(" "),
    };
    (common, page)
}

/// The path part of a `base_url`, with a final `/`:
/// `https://example.org/annals` → `/annals/`.
fn base_path(base: &str) -> String {
    let rest = base.split_once("://").map_or(base, |(_, r)| r);
    let path = rest.find('/').map_or("/", |k| &rest[k..]);
    let path = path.split(['?', '#']).next().unwrap_or("/");
    if path.ends_with('/') {
        path.to_string()
    } else {
        format!("{path}/")
    }
}

/// `sitemap.xml` and its parts, when the site has a `base_url`.
fn sitemaps(p: &Prepared, out: &mut Generated<'_>) -> Result<(), BuildError> {
    let Some(base) = p.site.config.base_url() else {
        return Ok(());
    };
    for (name, file) in sitemap::sitemaps(base, &page_versions(p), sitemap::URLS_MAX) {
        let ctx = match &file {
            sitemap::SitemapFile::Urls(s) => tera::Context::from_serialize(s),
            sitemap::SitemapFile::Index(s) => tera::Context::from_serialize(s),
        }
        .map_err(|e| data_error(&name, e))?;
        let xml = p.render_file_template(file.template(), &name, &ctx)?;
        out.emit(name, xml)?;
    }
    Ok(())
}

/// Each page with its URL in every language it exists in.
pub(super) fn page_versions(p: &Prepared) -> BTreeMap<&Page, Vec<(Lang, String)>> {
    let mut versions: BTreeMap<&Page, Vec<(Lang, String)>> = BTreeMap::new();
    for l in &p.langs {
        let lang = l.view.lang;
        for page in &l.pages {
            versions
                .entry(page)
                .or_default()
                .push((lang, page.url(&p.site, lang)));
        }
    }
    versions
}

/// `robots.txt`, unless the site brings its own (written with the
/// statics).
fn robots(p: &Prepared, out: &mut Generated<'_>) -> Result<(), BuildError> {
    if p.assets.statics.contains_key("robots.txt") {
        return Ok(());
    }
    let robots = Robots {
        sitemap: (p.site.config.base_url()).map(|b| urls::absolute(b, "sitemap.xml")),
    };
    let ctx = tera::Context::from_serialize(&robots).map_err(|e| data_error("robots.txt", e))?;
    let text = p.render_file_template("robots.txt", "robots.txt", &ctx)?;
    out.emit("robots.txt".into(), text)
}

/// `events.json`: every event's record, one record a line: as easy to
/// read line by line as an indented file, in four fifths of its bytes.
fn events_json(p: &Prepared, out: &mut Generated<'_>) -> Result<(), BuildError> {
    // Sized beforehand (a record is its text and 300 to 350 bytes more),
    // and each record written straight into it: at 10,000 events the file
    // is 15 MB, and growing it by doubling faulted in some 30 MB of fresh
    // memory for nothing.
    let events = &p.site.events;
    let size: usize = events.iter().map(|e| e.text.text.len() + 384).sum();
    let mut json = Vec::with_capacity(size + 4);
    json.extend_from_slice(b"[\n");
    for (k, e) in events.iter().enumerate() {
        if k > 0 {
            json.extend_from_slice(b",\n");
        }
        serde_json::to_writer(&mut json, &export::record(&p.site, e))
            .map_err(|e| data_error("events.json", e))?;
    }
    json.extend_from_slice(b"\n]\n");
    out.emit("events.json".into(), json)
}

/// `L/references/refs.js`: what each cited reference's preview shows,
/// once per language, for `cite.js` to load on a reader's first hover or
/// focus (a script, because `fetch()` fails from `file://`).
fn reference_previews(p: &Prepared, out: &mut Generated<'_>) -> Result<(), BuildError> {
    for l in &p.langs {
        let lang = l.view.lang;
        let previews = super::context::ref_previews(&p.site, &p.assets.strings(lang));
        let js = format!(
            "(window.annalsRefs=window.annalsRefs||{{}})[{}]={};\n",
            search::js_json(lang.code()),
            search::js_json(&previews)
        );
        out.emit(cited::previews_path(lang), js.into_bytes())?;
    }
    Ok(())
}

/// The site's and the built-in static files, which may not replace any
/// generated file, any page or anything in the search index's folder.
fn statics(p: &Prepared, out: &mut Generated<'_>) -> Result<(), BuildError> {
    let langs = &p.site.config.languages;
    for (name, bytes) in &p.assets.statics {
        // Pages and data are ours.
        let clash = ((out.names.contains(name) || p.by_file.contains_key(name))
            && name != "robots.txt")
            || name.starts_with(search::FOLDER)
            || langs
                .iter()
                .any(|l| name.split('/').next() == Some(l.code()));
        if clash || !is_plain_relative(name) {
            return Err(BuildError::Collision {
                path: format!("static/{name}"),
                message: "this static file would replace a generated page".into(),
            });
        }
        out.emit(name.clone(), bytes.clone())?;
    }
    Ok(())
}

fn is_plain_relative(name: &str) -> bool {
    Path::new(name)
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
}

/// The file that marks the folder as annals's output.
fn marker(_: &Prepared, out: &mut Generated<'_>) -> Result<(), BuildError> {
    out.emit(MARKER.into(), MARKER_TEXT.as_bytes().to_vec())
}
