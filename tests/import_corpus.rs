//! `annals import` on real articles: the zh.wikipedia corpus in
//! `../shared/corpus/wiki_zh/` beside the checkout (or where
//! `ANNALS_CORPUS` points, for a worktree elsewhere). Nobody marked up what
//! these articles "should" give, so the tests assert properties that hold
//! for any input, computed from the article independently of the importer.

use annals::import::import;
use annals::load::{load_site, LoadOptions};
use annals::model::{Lang, Site};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn corpus() -> Vec<PathBuf> {
    let dir = std::env::var_os("ANNALS_CORPUS").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/wiki_zh"),
        PathBuf::from,
    );
    let mut articles: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| {
            panic!(
                "the corpus is missing at {} ({e}): put shared/ beside the checkout or set ANNALS_CORPUS",
                dir.display()
            )
        })
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    articles.sort();
    assert!(!articles.is_empty(), "no articles in {}", dir.display());
    articles
}

/// Imports `article` into a new folder and loads it, which must give no error.
fn import_and_load(article: &Path, dir: &Path) -> Site {
    if let Err(d) = import(article, dir, None) {
        let errors: Vec<String> = d.errors().map(|d| d.to_string()).collect();
        panic!("{}: {}", article.display(), errors.join("\n"));
    }
    let loaded = load_site(dir, &LoadOptions::default());
    let errors: Vec<String> = loaded.diagnostics.errors().map(|d| d.to_string()).collect();
    assert!(
        errors.is_empty(),
        "{}:\n{}",
        article.display(),
        errors.join("\n")
    );
    loaded.site.unwrap()
}

#[test]
fn every_article_imports_loads_and_builds() {
    let tmp = tempfile::tempdir().unwrap();
    for article in corpus() {
        let name = article.file_stem().unwrap();
        let dir = tmp.path().join(name);
        let site = import_and_load(&article, &dir);
        assert!(
            site.events_in(Lang::Zh).next().is_some(),
            "{}",
            article.display()
        );
        let out = tmp
            .path()
            .join(format!("{}-public", name.to_string_lossy()));
        annals::render::build(std::sync::Arc::new(site), &dir, &out, &|_, _| {})
            .unwrap_or_else(|e| panic!("{}: {e}", article.display()));
        assert!(out.join("zh/index.html").is_file());
    }
}

/// The article's body: the lines before the notes (the first Category
/// line or a references heading), as pandoc writes them.
fn body_lines(source: &str) -> impl Iterator<Item = &str> {
    source.lines().take_while(|l| {
        let heading = l.trim_start_matches('#').trim();
        !l.contains("Category:")
            && !(l.starts_with("## ")
                && (heading.starts_with("参考") || heading.starts_with("參考")))
    })
}

/// The date that opens `text`, as written: `2004年6月16日`, `1994年`,
/// `2013-9-25`, `2012-12`.
fn opening_date(text: &str) -> Option<&str> {
    let t = text.trim_start_matches(['*', ' ']);
    let digits = |from: usize| {
        t.get(from..)
            .map_or(0, |r| r.bytes().take_while(u8::is_ascii_digit).count())
    };
    if digits(0) != 4 {
        return None;
    }
    let mut end = 4;
    if t[end..].starts_with('年') {
        end += '年'.len_utf8();
        for unit in ['月', '日'] {
            let n = digits(end);
            if n == 0 || !t[end + n..].starts_with(unit) {
                break;
            }
            end += n + unit.len_utf8();
        }
        return Some(&t[..end]);
    }
    while t[end..].starts_with('-') && digits(end + 1) > 0 {
        end += 1 + digits(end + 1);
    }
    (end > 4).then(|| &t[..end])
}

/// The dates (as written) opening list items (markers stripped),
/// pipe-table rows (first non-empty cell) and HTML table rows (first
/// cell) in the body, each with how many open with it.
fn dated_items_and_rows(source: &str) -> BTreeMap<String, usize> {
    let mut dates = BTreeMap::new();
    let mut first_cell_next = false;
    for line in body_lines(source) {
        let t = line.trim_start();
        let item = t.strip_prefix("- ").or_else(|| {
            t.split_once(". ")
                .filter(|(n, _)| n.bytes().all(|b| b.is_ascii_digit()))
                .map(|(_, r)| r)
        });
        let row = t
            .strip_prefix('|')
            .and_then(|r| r.split('|').map(str::trim).find(|c| !c.is_empty()));
        let html_cell = first_cell_next
            .then(|| t.strip_prefix("<td>"))
            .flatten()
            .map(|c| c.trim_start_matches("<p>"));
        first_cell_next = t.starts_with("<tr");
        if let Some(date) = item.or(row).or(html_cell).and_then(opening_date) {
            *dates.entry(date.to_string()).or_default() += 1;
        }
    }
    dates
}

/// Each dated item or row gives an event of the year it opens with, whose
/// text keeps the date as written.
#[test]
fn every_dated_list_item_and_table_row_gives_an_event_with_its_date() {
    let tmp = tempfile::tempdir().unwrap();
    let mut checked = 0;
    for article in corpus() {
        let source = std::fs::read_to_string(&article).unwrap();
        let site = import_and_load(&article, &tmp.path().join(article.file_stem().unwrap()));
        for (date, items) in dated_items_and_rows(&source) {
            checked += items;
            let year: i32 = date[..4].parse().unwrap();
            let found = site
                .events_in(Lang::Zh)
                .filter(|e| e.date.start.year == year && e.text.text.starts_with(date.as_str()))
                .count();
            assert!(
                found >= items,
                "{}: {items} items or rows open with {date}, but {found} events do",
                article.display()
            );
        }
    }
    assert!(
        checked > 0,
        "the corpus has dated list items and table rows"
    );
}

#[test]
fn no_markup_or_note_is_left_in_any_event() {
    let leftovers = [
        "\"wikilink\"",
        "../Page/",
        "fig:",
        "]]",
        "\\]",
        "-{",
        "}-",
        "{{",
        "}}",
        "|",
        "Category:",
        "<sup",
        "<small",
        "<s>",
        "<div",
        "**",
    ];
    let tmp = tempfile::tempdir().unwrap();
    for article in corpus() {
        let site = import_and_load(&article, &tmp.path().join(article.file_stem().unwrap()));
        let urls: Vec<&str> = site
            .references
            .values()
            .filter_map(|r| r.url.as_deref())
            .collect();
        for e in site.events_in(Lang::Zh) {
            let text = &e.text.text;
            let at = format!(
                "{}: {}:{}",
                article.display(),
                e.source.path.display(),
                e.source.line
            );
            for bad in leftovers {
                assert!(!text.contains(bad), "{at}: `{bad}` in {text}");
            }
            let first = text.trim_start();
            assert!(
                !(first.starts_with("- ") || first.starts_with("* ") || first.starts_with("+ ")),
                "{at}: list marker in {text}"
            );
            for url in &urls {
                assert!(!text.contains(url), "{at}: the note {url} in {text}");
            }
        }
    }
}

/// `12.  [title](https://…) …` after the Category line: each note's
/// number and every web address written in it.
fn noted_urls(source: &str) -> Vec<(u32, Vec<String>)> {
    let notes = source.find("Category:").map_or("", |i| &source[i..]);
    notes
        .lines()
        .filter_map(|l| {
            let (n, rest) = l.split_once(". ")?;
            let n: u32 = n.parse().ok()?;
            let urls: Vec<String> = rest
                .match_indices("http")
                .map(|(i, _)| {
                    let url = &rest[i..];
                    let end = url.find([' ', ')', '>', '\\']).unwrap_or(url.len());
                    url[..end].to_string()
                })
                .filter(|u| u.starts_with("http://") || u.starts_with("https://"))
                .collect();
            (!urls.is_empty()).then_some((n, urls))
        })
        .collect()
}

#[test]
fn every_note_with_a_url_is_a_reference() {
    let tmp = tempfile::tempdir().unwrap();
    let mut seen = 0;
    for article in corpus() {
        let source = std::fs::read_to_string(&article).unwrap();
        let site = import_and_load(&article, &tmp.path().join(article.file_stem().unwrap()));
        for (n, urls) in noted_urls(&source) {
            seen += 1;
            let url = site.references.get(&n).and_then(|r| r.url.clone());
            assert!(
                url.as_ref().is_some_and(|u| urls.contains(u)),
                "{}: note {n} has {urls:?}, its reference {url:?}",
                article.display()
            );
        }
    }
    assert!(seen > 0, "the corpus has notes with URLs");
}

#[test]
fn imports_are_byte_identical() {
    let tmp = tempfile::tempdir().unwrap();
    for article in corpus() {
        let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
        import(&article, &a, None).unwrap();
        import(&article, &b, None).unwrap();
        let files = |dir: &Path| -> BTreeMap<PathBuf, Vec<u8>> {
            walkdir::WalkDir::new(dir)
                .into_iter()
                .map(|e| e.unwrap())
                .filter(|e| e.file_type().is_file())
                .map(|e| {
                    (
                        e.path().strip_prefix(dir).unwrap().to_path_buf(),
                        std::fs::read(e.path()).unwrap(),
                    )
                })
                .collect()
        };
        assert_eq!(files(&a), files(&b), "{}", article.display());
        std::fs::remove_dir_all(&a).unwrap();
        std::fs::remove_dir_all(&b).unwrap();
    }
}
