//! Rendering a loaded site into a static website.
//!
//! [`Prepared`] renders a [`Site`]'s pages, search index and other files
//! (deterministic: everything sorted, no timestamps), all of them in
//! parallel for a build ([`Prepared::render_all`]) or one page at a time
//! for `serve`; [`build`] writes them through [`Staging`], so a failed
//! build never touches the previous output.
//!
//! - [`assets`]: built-in templates, static files and interface strings,
//!   overridden by the site's `templates/` and `static/`;
//! - [`view`]: which events a language's pages show;
//! - [`pages`]: the pages of a language and their URLs;
//! - [`urls`]: page locations and relative links;
//! - [`cited`]: text with citations as escaped HTML;
//! - [`context`]: the values each template receives;
//! - [`date_text`]: dates as each language writes them, in parts;
//! - [`charts`]: the charts' geometry (events per month, product
//!   releases), drawn as inline SVG by `templates/_charts.html`;
//! - `emit`: the table of every file that is not a page of a language;
//! - [`feeds`]: the Atom feed of each language;
//! - [`sitemap`]: `sitemap.xml` and `robots.txt`;
//! - [`timelinejs`]: each language's events in TimelineJS's JSON format;
//! - [`search`]: the client-side search index and its page.

pub mod assets;
pub mod charts;
pub mod cited;
pub mod context;
pub mod date_text;
mod emit;
pub mod feeds;
pub mod pages;
pub mod search;
pub mod sitemap;
#[cfg(test)]
mod template_docs;
pub mod timelinejs;
pub mod urls;
pub mod view;

use crate::model::{Lang, Site};
use crate::output::{Replaced, Staging};
use assets::Assets;
use context::{Builder, Common, LangShared, TocKey};
use pages::Page;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use tera::value::Value;
use view::LangView;

/// The file in an output folder that marks it as written by annals, so a
/// build never replaces a folder it did not make.
pub const MARKER: &str = ".annals-output";
const MARKER_TEXT: &str = "This folder is written by `annals build` and replaced on every build.\n";

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("{}: {message}", path.display())]
    Asset { path: PathBuf, message: String },
    #[error("template error: {message}")]
    Template { message: String },
    #[error("cannot render {page} with {template}: {message}")]
    Render {
        page: String,
        template: String,
        message: String,
    },
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("refusing to write the site to {}: {reason}", path.display())]
    Target { path: PathBuf, reason: String },
    #[error("{path}: {message}")]
    Collision { path: String, message: String },
    /// Located problems in the site's `templates/` or `static/`.
    #[error("{}", .0.items.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Source(crate::diagnostics::Diagnostics),
}

/// Where rendered files go (a staging folder for `build`). Pages are
/// rendered in parallel, so outputs take `&self`.
pub trait Output: Sync {
    /// Stores one file; `path` is `/`-separated, relative to the site root.
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), BuildError>;
}

impl Output for Staging {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), BuildError> {
        self.write(Path::new(path), bytes)
            .map_err(|source| BuildError::Io {
                path: self.path().join(path),
                source,
            })
    }
}

/// What a render produced.
#[derive(Debug, Default)]
pub struct RenderStats {
    /// HTML pages per language.
    pub pages: Vec<(Lang, usize)>,
    /// The languages whose events have no pages of their own.
    pub without_event_pages: Vec<WithoutEventPages>,
    pub files: usize,
    pub bytes: usize,
}

/// A language showing more events than `event_page_limit`: each is read
/// on its date page and has no page of its own. Build and serve say so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WithoutEventPages {
    pub lang: Lang,
    pub events: usize,
    pub limit: usize,
}

impl std::fmt::Display for WithoutEventPages {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let WithoutEventPages {
            lang,
            events,
            limit,
        } = self;
        write!(
            f,
            "{lang} shows {events} events, more than event_page_limit ({limit}): each is read on its date page, which shows every event in full, and has no page of its own (raise event_page_limit in site.yaml to write them)"
        )
    }
}

/// Told `(pages written, pages in all)` as a render goes.
pub type Progress<'a> = &'a (dyn Fn(usize, usize) + Sync);

/// Counts what passes through to the real output, and reports progress
/// of pages.
struct Counting<'a> {
    inner: &'a dyn Output,
    files: std::sync::atomic::AtomicUsize,
    bytes: std::sync::atomic::AtomicUsize,
    pages: std::sync::atomic::AtomicUsize,
    /// Pages in all.
    total: usize,
    progress: Progress<'a>,
}

impl Counting<'_> {
    fn put_page(&self, path: &str, bytes: &[u8]) -> Result<(), BuildError> {
        self.put(path, bytes)?;
        let done = self
            .pages
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            + 1;
        (self.progress)(done, self.total);
        Ok(())
    }
}

impl Output for Counting<'_> {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), BuildError> {
        use std::sync::atomic::Ordering::Relaxed;
        self.files.fetch_add(1, Relaxed);
        self.bytes.fetch_add(bytes.len(), Relaxed);
        self.inner.put(path, bytes)
    }
}

/// A template value. Tera's values share their maps and lists, so values
/// made once (the interface strings) are cheap to give to every page.
fn value<T: Serialize + ?Sized>(v: &T) -> Value {
    Value::from_serializable(v)
}

/// Formats a Tera error with its chain of causes.
fn tera_message(e: &tera::Error) -> String {
    let text = e.to_string();
    // Tera's reports open with `error: `; ours are printed after one.
    let mut message = text.strip_prefix("error: ").unwrap_or(&text).to_string();
    let mut cause = std::error::Error::source(e);
    while let Some(c) = cause {
        let _ = write!(message, "\ncaused by: {c}");
        cause = c.source();
    }
    message
}

fn template_of(page: &Page) -> &'static str {
    match page {
        Page::Home => "home.html",
        Page::Section(_) => "section.html",
        Page::Timeline => "timeline.html",
        Page::Year(..) | Page::Month(..) | Page::Day(..) => "archive.html",
        Page::Event(_) => "event.html",
        Page::Products => "products.html",
        Page::Product(_) | Page::ProductPart(..) => "product.html",
        Page::References => "references.html",
        Page::Search => "search.html",
        Page::SectionBilingual(_) | Page::TimelineBilingual => "bilingual.html",
        Page::Article => "article.html",
        Page::TimelineStory => "timeline_story.html",
    }
}

/// What every page of one language shares.
struct LangPages {
    view: LangView,
    pages: Vec<Page>,
    t: BTreeMap<String, String>,
    /// `t` as a template value, made once.
    strings: Value,
    shared: LangShared,
}

/// A site made ready to render: templates compiled, each language's events
/// ordered and pages listed. Any page then renders on its own: `build`
/// renders them all in parallel, `serve` the ones a browser asks for.
pub struct Prepared {
    site: Arc<Site>,
    assets: Arc<Assets>,
    /// Shared with the `Prepared` of later content: see [`Prepared::with_site`].
    tera: Arc<tera::Tera>,
    langs: Vec<LangPages>,
    /// The URL of every page, all languages.
    existing: FxHashSet<String>,
    /// Output file → (language, page) for every page.
    by_file: FxHashMap<String, (usize, usize)>,
    /// Built on first use: `serve` may never need it.
    search: OnceLock<search::SearchIndex>,
    /// What the search pages say about the index; set by a build, which
    /// writes the index's files and lets them go.
    search_meta: OnceLock<search::Meta>,
    /// `_toc.html` rendered, by language, `root` and contents: most pages
    /// share theirs with many others.
    tocs: Mutex<HashMap<(Lang, String, TocKey), String>>,
}

impl Prepared {
    pub fn new(site: Arc<Site>, assets: Arc<Assets>) -> Result<Prepared, BuildError> {
        let mut tera = tera::Tera::new();
        tera.set_escape_fn(crate::text::escape_for_tera);
        tera.add_raw_templates(assets.templates.iter())
            .map_err(|e| {
                let mut message = tera_message(&e);
                if !assets.overridden.is_empty() {
                    let _ = write!(
                        message,
                        "\nnote: the site's templates/ folder provides {}",
                        assets.overridden.join(", ")
                    );
                }
                BuildError::Template { message }
            })?;
        Ok(Prepared::assemble(site, assets, Arc::new(tera)))
    }

    /// Another site with these templates and static files, compiled once:
    /// `serve`, after a change inside `content/` only, skips reading and
    /// compiling them again.
    pub fn with_site(&self, site: Arc<Site>) -> Prepared {
        Prepared::assemble(site, Arc::clone(&self.assets), Arc::clone(&self.tera))
    }

    fn assemble(site: Arc<Site>, assets: Arc<Assets>, tera: Arc<tera::Tera>) -> Prepared {
        use rayon::prelude::*;
        // Each language's pages, with their URLs (made here, in parallel:
        // at 10,000 events the two maps below were half of serve's
        // `prepare` when made one URL at a time).
        let (langs, page_urls): (Vec<LangPages>, Vec<Vec<String>>) = site
            .config
            .languages
            .par_iter()
            .map(|&lang| {
                let view = LangView::new(&site, lang);
                let pages = pages::list(&site, &view);
                let urls = pages.iter().map(|p| p.url(&site, lang)).collect();
                let t = assets.strings(lang);
                let strings = value(&t);
                let shared = LangShared::new(&site, &view);
                let lang_pages = LangPages {
                    view,
                    pages,
                    t,
                    strings,
                    shared,
                };
                (lang_pages, urls)
            })
            .unzip();
        let total = page_urls.iter().map(Vec::len).sum();
        let (by_file, existing) = rayon::join(
            || {
                let mut by_file = FxHashMap::with_capacity_and_hasher(total, Default::default());
                for (li, lang_urls) in page_urls.iter().enumerate() {
                    for (pi, url) in lang_urls.iter().enumerate() {
                        by_file.entry(urls::file_path(url)).or_insert((li, pi));
                    }
                }
                by_file
            },
            || {
                let mut existing = FxHashSet::with_capacity_and_hasher(total, Default::default());
                existing.extend(page_urls.iter().flatten().cloned());
                existing
            },
        );
        Prepared {
            site,
            assets,
            tera,
            langs,
            existing,
            by_file,
            search: OnceLock::new(),
            search_meta: OnceLock::new(),
            tocs: Mutex::default(),
        }
    }

    /// The languages whose events have no pages of their own.
    pub fn without_event_pages(&self) -> Vec<WithoutEventPages> {
        (self.langs.iter())
            .filter(|l| !l.view.event_pages)
            .map(|l| WithoutEventPages {
                lang: l.view.lang,
                events: l.view.order.len(),
                limit: self.site.config.event_page_limit,
            })
            .collect()
    }

    /// The search index, built on first use (`serve` answers its files
    /// from here; a build writes them as they are made instead). It is
    /// kept out of [`Prepared::generated`]: on a large site it is the
    /// biggest thing held in memory.
    pub fn search_index(&self) -> &search::SearchIndex {
        self.search.get_or_init(|| search::build(&self.site))
    }

    fn search_meta(&self) -> &search::Meta {
        self.search_meta
            .get_or_init(|| self.search_index().meta.clone())
    }

    /// Renders the page written to `file` (`zh/index.html`), if one is.
    pub fn render_file(&self, file: &str) -> Option<Result<Vec<u8>, BuildError>> {
        let &(li, pi) = self.by_file.get(file)?;
        Some(self.render_page(li, pi))
    }

    fn render_page(&self, li: usize, pi: usize) -> Result<Vec<u8>, BuildError> {
        let l = &self.langs[li];
        let builder = Builder::new(
            &self.site,
            &l.view,
            &self.existing,
            &l.t,
            &l.strings,
            &l.shared,
            &self.tera,
        );
        self.page(&builder, &l.strings, &l.pages, pi)
    }

    fn render(
        &self,
        template: &str,
        common: &Common,
        strings: &Value,
        page: Value,
    ) -> Result<Vec<u8>, BuildError> {
        let fail = |message: String| BuildError::Render {
            page: common.page_url.clone(),
            template: template.to_string(),
            message,
        };
        let mut ctx = tera::Context::from_serialize(common).map_err(|e| fail(tera_message(&e)))?;
        ctx.insert_value("t", strings.clone());
        ctx.insert_value("page", page);
        // Into bytes: `render` would check the whole page is UTF-8 again.
        let mut html = Vec::with_capacity(16 * 1024);
        self.tera
            .render_to(template, &ctx, &mut html)
            .map_err(|e| fail(tera_message(&e)))?;
        Ok(context::fill_root(html, &common.root))
    }

    /// Renders a file that is not a page (`atom.xml`, `sitemap.xml`,
    /// `robots.txt`) with its own context.
    fn render_file_template(
        &self,
        template: &str,
        file: &str,
        ctx: &tera::Context,
    ) -> Result<Vec<u8>, BuildError> {
        let mut bytes = Vec::with_capacity(16 * 1024);
        self.tera
            .render_to(template, ctx, &mut bytes)
            .map_err(|e| BuildError::Render {
                page: file.to_string(),
                template: template.to_string(),
                message: tera_message(&e),
            })?;
        Ok(bytes)
    }

    /// Renders `all[at]`, one of the pages of `b`'s language.
    fn page(
        &self,
        b: &Builder<'_>,
        strings: &Value,
        all: &[Page],
        at: usize,
    ) -> Result<Vec<u8>, BuildError> {
        let (common, ctx) = self.page_context(b, strings, all, at)?;
        self.render(template_of(&all[at]), &common, strings, ctx)
    }

    /// `_toc.html` as `page` shows it, rendered on the first page showing
    /// these contents and copied on the others.
    fn toc_html(
        &self,
        b: &Builder<'_>,
        strings: &Value,
        page: &Page,
        root: &str,
    ) -> Result<String, BuildError> {
        let key = (b.lang, root.to_string(), b.toc_key(page));
        let cached = self.tocs.lock().unwrap().get(&key).cloned();
        if let Some(html) = cached {
            return Ok(html);
        }
        let fail = |e: tera::Error| BuildError::Render {
            page: page.url(&self.site, b.lang),
            template: "_toc.html".to_string(),
            message: tera_message(&e),
        };
        let mut ctx = tera::Context::from_serialize(&b.toc_fragment(key.2, root)).map_err(fail)?;
        ctx.insert_value("t", strings.clone());
        let html = self.tera.render("_toc.html", &ctx).map_err(fail)?;
        self.tocs.lock().unwrap().insert(key, html.clone());
        Ok(html)
    }

    /// What the template of `all[at]` receives besides `t`: the values
    /// every page has and the page's own (`page`).
    fn page_context(
        &self,
        b: &Builder<'_>,
        strings: &Value,
        all: &[Page],
        at: usize,
    ) -> Result<(Common, Value), BuildError> {
        let page = &all[at];
        let site = &*self.site;
        let lang = b.lang;
        let root = urls::root_prefix(&page.url(site, lang));
        let s = |k: &str| b.t.get(k).cloned().unwrap_or_default();
        let toc_html = self.toc_html(b, strings, page, &root)?;
        // Each page's values go to its template as they are: no detour
        // through an intermediate JSON value.
        let finish = |title: String, current: Option<Page>, ctx: Value| {
            Ok((b.common(page, title, current.as_ref(), toc_html), ctx))
        };
        match page {
            Page::Home => finish(String::new(), Some(Page::Home), value(&b.home(&root)?)),
            Page::Section(sid) => finish(
                site.sections[*sid].title(lang).to_string(),
                None,
                value(&b.section_page(*sid, &root)?),
            ),
            Page::Timeline => finish(
                s("timeline"),
                Some(Page::Timeline),
                value(&b.timeline(&root)?),
            ),
            Page::Year(..) | Page::Month(..) | Page::Day(..) => {
                let ctx = b.archive(all, at)?;
                finish(ctx.heading.clone(), Some(Page::Timeline), value(&ctx))
            }
            Page::Event(id) => {
                let ctx = b.event_page(id);
                // Most entries open with their date; name it only when not.
                let title = if ctx.excerpt.contains(&ctx.event.date) {
                    ctx.excerpt.clone()
                } else {
                    format!("{}{}{}", ctx.event.date, sep(lang), ctx.excerpt)
                };
                finish(title, None, value(&ctx))
            }
            Page::Products => finish(
                s("products"),
                Some(Page::Products),
                value(&b.products_page()),
            ),
            Page::Product(p) => finish(
                site.products[*p].name.get(lang).to_string(),
                Some(Page::Products),
                value(&b.product_page(*p, 1, &root)?),
            ),
            Page::ProductPart(p, k) => {
                let ctx = b.product_page(*p, *k, &root)?;
                let name = site.products[*p].name.get(lang);
                let title = format!("{name} ({}/{})", ctx.part, ctx.parts);
                finish(title, Some(Page::Products), value(&ctx))
            }
            Page::References => finish(
                s("references"),
                Some(Page::References),
                value(&b.references_page()),
            ),
            Page::Search => finish(
                s("search"),
                None,
                value(&search::page(site, lang, self.search_meta())),
            ),
            Page::SectionBilingual(sid) => finish(
                format!(
                    "{} · {}",
                    site.sections[*sid].title(lang),
                    s("side_by_side")
                ),
                None,
                value(&b.section_bilingual(*sid, &root)),
            ),
            Page::TimelineBilingual => finish(
                format!("{} · {}", s("timeline"), s("side_by_side")),
                Some(Page::Timeline),
                value(&b.timeline_bilingual(&root)),
            ),
            Page::Article => finish(s("article"), None, value(&b.article(&root)?)),
            Page::TimelineStory => finish(
                format!("{} · {}", s("timeline"), s("timeline_story")),
                Some(Page::Timeline),
                value(&b.timeline_story()),
            ),
        }
    }
}

/// The separator between an event's date and excerpt in its page title.
fn sep(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "：",
        Lang::En => ": ",
    }
}

impl Prepared {
    /// Every file that is neither a page of a language nor part of the
    /// search index: feeds, data, the root redirect and 404, sitemap,
    /// robots.txt, static files. Static files may not replace any generated
    /// file, any page or anything in the search index's folder.
    pub fn generated(&self) -> Result<BTreeMap<String, Vec<u8>>, BuildError> {
        let mut files = BTreeMap::new();
        self.generate(&mut |name, bytes| {
            files.insert(name, bytes);
            Ok(())
        })?;
        Ok(files)
    }

    /// Renders every file of the site into `out`: the pages of every
    /// language, the search index and the other generated files, all at
    /// once on rayon's threads. Each file is independent of the order, so
    /// output is deterministic. `progress` is told of pages.
    pub fn render_all(
        &self,
        out: &dyn Output,
        progress: Progress<'_>,
    ) -> Result<RenderStats, BuildError> {
        use rayon::prelude::*;
        let mut jobs: Vec<(usize, usize)> = (self.langs.iter().enumerate())
            .flat_map(|(li, l)| (0..l.pages.len()).map(move |pi| (li, pi)))
            .collect();
        // The largest pages first, so that no thread is left with one of
        // them at the end while the others wait.
        jobs.sort_by_key(|&(li, pi)| size_rank(&self.langs[li].pages[pi]));
        let out = Counting {
            inner: out,
            files: Default::default(),
            bytes: Default::default(),
            pages: Default::default(),
            total: jobs.len(),
            progress,
        };
        let put_page = |&(li, pi): &(usize, usize)| {
            let l = &self.langs[li];
            let html = self.render_page(li, pi)?;
            out.put_page(
                &urls::file_path(&l.pages[pi].url(&self.site, l.view.lang)),
                &html,
            )
        };
        // Search pages wait for the index, made beside the other pages; one
        // rendered among them could ask for the index while this very
        // thread is making it.
        let (search_pages, pages): (Vec<_>, Vec<_>) = jobs
            .into_iter()
            .partition(|&(li, pi)| self.langs[li].pages[pi] == Page::Search);
        let (pages, rest) = rayon::join(
            || pages.par_iter().try_for_each(put_page),
            || {
                let docs = search::documents(&self.site);
                let meta = search::write(&docs, &|name, bytes| out.put(name, bytes))?;
                drop(docs);
                let _ = self.search_meta.set(meta);
                search_pages.iter().try_for_each(put_page)?;
                self.generate(&mut |name, bytes| out.put(&name, &bytes))?;
                Ok(())
            },
        );
        pages?;
        rest?;
        let counts = (self.langs.iter())
            .map(|l| {
                let lang = l.view.lang;
                let unique: BTreeSet<String> =
                    l.pages.iter().map(|p| p.url(&self.site, lang)).collect();
                (lang, unique.len())
            })
            .collect();
        use std::sync::atomic::Ordering::Relaxed;
        Ok(RenderStats {
            pages: counts,
            without_event_pages: self.without_event_pages(),
            files: out.files.load(Relaxed),
            bytes: out.bytes.load(Relaxed),
        })
    }
}

/// Pages ordered by how large they tend to be: the ones that show every
/// event (0) down to those that show one (3).
fn size_rank(page: &Page) -> u8 {
    match page {
        Page::TimelineBilingual | Page::Timeline | Page::Article | Page::TimelineStory => 0,
        Page::SectionBilingual(_) | Page::References | Page::Year(..) => 1,
        Page::Section(_) | Page::Product(_) | Page::ProductPart(..) | Page::Month(..) => 2,
        _ => 3,
    }
}

/// What [`build`] wrote.
pub struct BuildReport {
    pub out: PathBuf,
    pub pages: Vec<(Lang, usize)>,
    /// See [`RenderStats::without_event_pages`].
    pub without_event_pages: Vec<WithoutEventPages>,
    pub files: usize,
    pub bytes: usize,
    /// What became of the previous output.
    pub replaced: Replaced,
}

/// Renders the site of `root` and replaces `out` with it. Nothing is
/// written unless every page rendered; `out` is replaced at once.
pub fn build(
    site: Arc<Site>,
    root: &Path,
    out: &Path,
    progress: Progress<'_>,
) -> Result<BuildReport, BuildError> {
    check_target(root, out)?;
    let prepared = Prepared::new(site, Arc::new(Assets::load(root)?))?;
    let staging = Staging::new(out).map_err(|source| BuildError::Io {
        path: out.to_path_buf(),
        source,
    })?;
    let stats = prepared.render_all(&staging, progress)?;
    // Freeing the site and its views piece by piece takes 20–30 ms at
    // 10,000 events, and a build's process exits soon after: let another
    // thread do it (and the process's end cut it short).
    std::thread::spawn(move || drop(prepared));
    let replaced = staging.commit().map_err(|source| BuildError::Io {
        path: out.to_path_buf(),
        source,
    })?;
    Ok(BuildReport {
        out: out.to_path_buf(),
        files: stats.files,
        bytes: stats.bytes,
        pages: stats.pages,
        without_event_pages: stats.without_event_pages,
        replaced,
    })
}

/// A build replaces its output folder wholesale: never let that be the
/// site itself, a folder holding it, its sources, or a folder annals did
/// not write.
fn check_target(root: &Path, out: &Path) -> Result<(), BuildError> {
    let refuse = |reason: &str| BuildError::Target {
        path: out.to_path_buf(),
        reason: reason.to_string(),
    };
    // Where the paths really lead: an output that is a symbolic link is
    // judged by, and built into, the folder it points to.
    let root = crate::output::resolve(root).map_err(|e| refuse(&e.to_string()))?;
    let target = crate::output::resolve(out).map_err(|e| refuse(&e.to_string()))?;
    if root.starts_with(&target) {
        return Err(refuse(
            "it holds the site's own folder; choose a new folder such as public/",
        ));
    }
    for source in ["content", "templates", "static"] {
        if target.starts_with(root.join(source)) {
            return Err(refuse(&format!("it is inside the site's {source}/ folder")));
        }
    }
    if target.exists() {
        if !target.is_dir() {
            return Err(refuse("it is a file, not a folder"));
        }
        let empty = std::fs::read_dir(&target)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty && !target.join(MARKER).is_file() {
            return Err(refuse(&format!(
                "the folder has files annals did not write (no {MARKER}); remove it or choose another --out"
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_dangerous_targets() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        std::fs::create_dir_all(root.join("content")).unwrap();
        assert!(check_target(&root, &root).is_err());
        assert!(check_target(&root, tmp.path()).is_err());
        assert!(check_target(&root, &root.join("content/out")).is_err());
        assert!(check_target(&root, &root.join("public")).is_ok());
        let other = tmp.path().join("docs");
        std::fs::create_dir_all(&other).unwrap();
        assert!(
            check_target(&root, &other).is_ok(),
            "an empty folder is fine"
        );
        std::fs::write(other.join("notes.txt"), "mine").unwrap();
        assert!(check_target(&root, &other).is_err());
        std::fs::write(other.join(MARKER), MARKER_TEXT).unwrap();
        assert!(check_target(&root, &other).is_ok());
    }

    /// The contents are rendered once for many pages: each page must still
    /// show the site's own `_toc.html` with its own `root` and current entry.
    #[test]
    fn every_page_shows_the_sites_own_contents_made_for_it() {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let loaded = crate::load::load_site(repo, &crate::load::LoadOptions::default());
        let site = Arc::new(loaded.site.expect("the DeepSeek site loads"));
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(tmp.path().join("templates")).unwrap();
        std::fs::write(
            tmp.path().join("templates/_toc.html"),
            "<nav class=\"mine\">{{ lang }}|{{ root }}|{% if toc.current %}{{ toc.current.url }}|{{ toc.current.aria }}{% endif %}</nav>",
        )
        .unwrap();
        let assets = Arc::new(Assets::load(tmp.path()).unwrap());
        let prepared = Prepared::new(site.clone(), assets).unwrap();
        let mut checked = 0;
        for l in &prepared.langs {
            let lang = l.view.lang;
            for page in &l.pages {
                let url = page.url(&site, lang);
                let html = prepared
                    .render_file(&urls::file_path(&url))
                    .unwrap()
                    .unwrap();
                let html = String::from_utf8(html).unwrap();
                let start = html
                    .find("<nav class=\"mine\">")
                    .expect("the site's _toc.html");
                let nav = &html[start..start + html[start..].find("</nav>").unwrap()];
                let own = format!(
                    "<nav class=\"mine\">{}|{}|",
                    lang.code(),
                    urls::root_prefix(&url)
                );
                assert!(nav.starts_with(&own), "{url}: {nav}");
                let current = match page {
                    Page::Section(_) | Page::Article => format!("{url}|page"),
                    Page::Home | Page::Timeline | Page::Year(_) => String::new(),
                    _ => continue,
                };
                assert_eq!(nav, format!("{own}{current}"), "{url}");
                checked += 1;
            }
        }
        assert!(checked > prepared.langs.len() * 3);
    }
}
