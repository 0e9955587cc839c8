//! Finding one's way on the DeepSeek site: every page's contents (the
//! article's sections), breadcrumbs from the language's home down to the
//! page, and the whole article on one page, its sections in order.

mod common;

use annals::load::{load_site, LoadOptions};
use annals::model::{Lang, Site};
use common::{attr_values, build_repo_site, escape_html, files_under, resolve};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn out() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| build_repo_site("navigation-deepseek"))
}

fn site() -> Site {
    load_site(repo(), &LoadOptions::default())
        .site
        .expect("the DeepSeek site loads")
}

/// A link: where it leads (a file's path relative to the output, fragment
/// dropped) and its `aria-current`.
#[derive(Debug)]
struct Anchor {
    target: PathBuf,
    current: Option<String>,
}

/// The links of `html`, a part of the page at `page` (relative to the
/// output).
fn anchors(html: &str, page: &Path) -> Vec<Anchor> {
    let folder = page.parent().unwrap();
    html.split("<a ")
        .skip(1)
        .map(|rest| {
            let tag = format!(" {}", &rest[..rest.find('>').expect("a closed tag")]);
            let href = attr_values(&tag, "href")[0];
            let path = href.split('#').next().unwrap();
            Anchor {
                target: resolve(folder, path).expect("a link inside the output"),
                current: attr_values(&tag, "aria-current")
                    .first()
                    .map(|v| v.to_string()),
            }
        })
        .collect()
}

/// The `<nav class="…">` element of `html` with that class, if any.
fn nav<'a>(html: &'a str, class: &str) -> Option<&'a str> {
    let start = html.find(&format!("<nav class=\"{class}\""))?;
    let end = start + html[start..].find("</nav>")?;
    Some(&html[start..end])
}

/// Every page of a language, relative to the output: the HTML files under
/// its folder but its 404.
fn language_pages(lang: Lang) -> Vec<PathBuf> {
    files_under(&out().join(lang.code()))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .filter(|p| !p.ends_with("404.html"))
        .map(|p| p.strip_prefix(out()).unwrap().to_path_buf())
        .collect()
}

fn read(page: &Path) -> String {
    std::fs::read_to_string(out().join(page)).unwrap()
}

#[test]
fn every_page_lists_the_top_level_sections_and_marks_its_own() {
    let site = site();
    for &lang in &site.config.languages {
        let home = Path::new(lang.code()).join("index.html");
        let tops: Vec<PathBuf> = (site.sections.iter())
            .filter(|s| s.parent.is_none())
            .map(|s| {
                let mut p = Path::new(lang.code()).join("sections");
                p.extend(&s.path);
                p.join("index.html")
            })
            .collect();
        assert!(!tops.is_empty());
        let sections_folder = Path::new(lang.code()).join("sections");
        let pages = language_pages(lang);
        assert!(pages.contains(&home));
        for page in &pages {
            let html = read(page);
            let toc =
                nav(&html, "site-toc").unwrap_or_else(|| panic!("{}: no contents", page.display()));
            let links = anchors(toc, page);
            for top in &tops {
                assert!(
                    links.iter().any(|a| &a.target == top),
                    "{}: the contents miss {}",
                    page.display(),
                    top.display()
                );
            }
            let marked: Vec<&Anchor> = links.iter().filter(|a| a.current.is_some()).collect();
            let is_section = page.starts_with(&sections_folder) && page.ends_with("index.html");
            if is_section {
                assert_eq!(marked.len(), 1, "{}: {marked:?}", page.display());
                assert_eq!(&marked[0].target, page);
                assert_eq!(marked[0].current.as_deref(), Some("page"));
            } else {
                assert!(marked.len() <= 1, "{}: {marked:?}", page.display());
            }
        }
    }
}

#[test]
fn every_page_but_home_has_breadcrumbs_from_its_home_to_itself() {
    let site = site();
    for &lang in &site.config.languages {
        let home = Path::new(lang.code()).join("index.html");
        for page in language_pages(lang) {
            let html = read(&page);
            let crumbs = nav(&html, "crumbs");
            if page == home {
                assert!(crumbs.is_none(), "the home page has breadcrumbs");
                continue;
            }
            let crumbs = crumbs.unwrap_or_else(|| panic!("{}: no breadcrumbs", page.display()));
            let links = anchors(crumbs, &page);
            assert!(links.len() >= 2, "{}: {links:?}", page.display());
            assert_eq!(links[0].target, home, "{}", page.display());
            let last = links.last().unwrap();
            assert_eq!(last.target, page, "{}", page.display());
            assert_eq!(last.current.as_deref(), Some("page"));
            let marked = links.iter().filter(|a| a.current.is_some()).count();
            assert_eq!(marked, 1, "{}: {links:?}", page.display());
        }
    }
}

#[test]
fn the_article_page_has_every_section_heading_in_order() {
    let site = site();
    for &lang in &site.config.languages {
        let rel = format!("{}/article/index.html", lang.code());
        let html = common::read(out(), &rel);
        let mut from = 0;
        for s in &site.sections {
            let mut url = format!("{}/sections/", lang.code());
            url.push_str(&s.path.join("/"));
            let heading = format!("{url}/index.html\">{}</a></h", escape_html(s.title(lang)));
            let at = html[from..]
                .find(&heading)
                .unwrap_or_else(|| panic!("{rel}: no heading {heading} after byte {from}"));
            from += at + heading.len();
        }
        // Linked from the home page and from every page's contents.
        let home_page = Path::new(lang.code()).join("index.html");
        let home = read(&home_page);
        let article = PathBuf::from(&rel);
        assert!(
            anchors(&home, &home_page)
                .iter()
                .filter(|a| a.target == article)
                .count()
                >= 2,
            "the home page links to the article in its text and its contents"
        );
    }
}

/// Past `list_limit` events the article page would hold the whole site:
/// it lists the sections instead, and says to read them one by one.
#[test]
fn a_long_article_lists_its_sections_without_their_events() {
    for (count, whole) in [(20, true), (90, false)] {
        let dir = tempfile::tempdir().unwrap();
        common::long_list_site(dir.path(), count, 40);
        let out = dir.path().join("public");
        common::build_ok(dir.path(), &out);
        let html = common::read(&out, "en/article/index.html");
        let events = html.matches("class=\"event\"").count() + html.matches("id=\"e-").count();
        assert_eq!(events > 0, whole, "{count} events: {events} shown");
        assert!(html.contains(">History</a></h2>"), "{html:.2000}");
        let note = "read it one section at a time";
        assert_eq!(!html.contains(note), whole, "{count} events");
    }
}
