//! The lists of events of the DeepSeek site (timeline, date and product
//! pages): headlines cut where a reader expects a cut, and the timeline's
//! filter by section and product with the keys it matches on every entry.

mod common;

use annals::load::{load_site, LoadOptions};
use annals::model::{Event, Lang, Site};
use annals::text::is_wide;
use common::{attr_values, build_ok, files_under, read};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn built() -> &'static (tempfile::TempDir, PathBuf, Site) {
    static BUILT: OnceLock<(tempfile::TempDir, PathBuf, Site)> = OnceLock::new();
    BUILT.get_or_init(|| {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        build_ok(repo(), &out);
        let site = load_site(repo(), &LoadOptions::default()).site.unwrap();
        (tmp, out, site)
    })
}

/// The event an entry of a `lang` page shows: its own, else the other
/// language's (shown untranslated).
fn event<'a>(site: &'a Site, lang: Lang, id: &str) -> &'a Event {
    let mut found: Vec<&Event> = site.events.iter().filter(|e| e.id == id).collect();
    found.sort_by_key(|e| e.lang != lang);
    found.first().unwrap_or_else(|| panic!("no event {id}"))
}

/// The headlines of a page: (event id, text shown).
fn headlines(page: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for piece in page.split("<a class=\"headline\" href=\"").skip(1) {
        let href = &piece[..piece.find('"').unwrap()];
        let id = href
            .trim_end_matches("/index.html")
            .rsplit('/')
            .next()
            .unwrap();
        let text = &piece[piece.find('>').unwrap() + 1..piece.find("</a>").unwrap()];
        out.push((id.to_string(), common::unescape_html(text)));
    }
    out
}

/// Whether `c` continues a word of a spaced script.
fn latin_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '’' | '\'' | '-')
}

#[test]
fn list_headlines_are_whole_short_texts_or_end_at_a_word_or_clause() {
    let (_tmp, out, site) = built();
    let mut pages: Vec<PathBuf> = files_under(out)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|x| x == "html"))
        .collect();
    pages.sort();
    let mut seen = (0, 0);
    for page in pages {
        let rel = page
            .strip_prefix(out)
            .unwrap()
            .to_string_lossy()
            .to_string();
        let lang: Lang = match rel.split('/').next() {
            Some("zh") => Lang::Zh,
            Some("en") => Lang::En,
            _ => continue,
        };
        for (id, shown) in headlines(&std::fs::read_to_string(&page).unwrap()) {
            let full = event(site, lang, &id).text.text.trim();
            let Some(head) = shown.strip_suffix('…') else {
                assert_eq!(
                    shown, full,
                    "{rel}: a headline is the text or its start and …"
                );
                seen.0 += 1;
                continue;
            };
            seen.1 += 1;
            assert!(
                full.starts_with(head),
                "{rel}: {shown:?} is not the start of {full:?}"
            );
            let before = head.chars().next_back().unwrap();
            let after = full[head.len()..].chars().next().unwrap();
            assert!(
                !(latin_word(before) && latin_word(after)),
                "{rel}: {shown:?} cuts a word ({before:?}|{after:?})"
            );
            assert!(
                !matches!(before, ',' | ';' | ':' | '，' | '；' | '：' | '、'),
                "{rel}: {shown:?} ends on a comma before the ellipsis"
            );
            // No bracket or quotation opened past the first third is
            // left open.
            let chars: Vec<char> = head.chars().collect();
            for (opening, closing) in [('(', ')'), ('（', '）'), ('“', '”'), ('《', '》')] {
                if let Some(at) = chars.iter().rposition(|&c| c == opening) {
                    let closed = chars[at..].contains(&closing);
                    assert!(
                        closed || at <= chars.len() / 3,
                        "{rel}: {shown:?} leaves {opening} open"
                    );
                }
            }
            // A short text is shown whole, a long one cut near the budget
            // (120 columns, a CJK character two).
            let columns =
                |s: &str| -> usize { s.chars().map(|c| 1 + usize::from(is_wide(c))).sum() };
            assert!(columns(full) > 120, "{rel}: {full:?} is short but cut");
            assert!(columns(head) <= 120, "{rel}: {shown:?} is too long");
        }
    }
    assert!(
        seen.0 > 0 && seen.1 > 0,
        "whole and cut headlines: {seen:?}"
    );
}

#[test]
fn the_timeline_and_year_pages_have_a_filter_and_every_entry_its_keys() {
    let (_tmp, out, site) = built();
    assert!(
        out.join("filter.js").is_file(),
        "filter.js is not in the output"
    );
    for (code, lang) in [("zh", Lang::Zh), ("en", Lang::En)] {
        let years: Vec<String> = std::fs::read_dir(out.join(code).join("dates"))
            .unwrap()
            .map(|d| d.unwrap().file_name().to_string_lossy().to_string())
            .filter(|y| y.parse::<i32>().is_ok())
            .map(|y| format!("{code}/dates/{y}/index.html"))
            .collect();
        assert!(!years.is_empty());
        let timeline = format!("{code}/timeline/index.html");
        for path in std::iter::once(&timeline).chain(&years) {
            let page = read(out, path);
            assert!(
                page.contains("<script defer src=\"../../filter.js\"></script>")
                    || page.contains("<script defer src=\"../../../filter.js\"></script>"),
                "{path}"
            );
            let form = &page[page.find("<form class=\"filter\"").expect("no filter")..];
            let form = &form[..form.find("</form>").unwrap()];
            assert!(
                form.contains(" hidden"),
                "the filter shows without its script"
            );
            assert!(form.contains("<select name=\"s\">"), "{path}");
            let options = attr_values(form, "value");
            let entries: Vec<&str> = page.split("<li class=\"entry").skip(1).collect();
            // The filter counts the entries: on the timeline, as many as
            // the count the page gives.
            if *path == timeline {
                assert!(form.contains("<select name=\"p\">"));
                let count = site.timeline_count(lang);
                assert_eq!(entries.len(), count.events, "{code}");
            }
            assert!(!entries.is_empty(), "{path}");
            for entry in entries {
                let tag = &entry[..entry.find('>').unwrap()];
                let id = attr_values(tag, "id")[0].strip_prefix("e-").unwrap();
                let e = event(site, lang, id);
                let section = site.sections[e.section].path.join("/");
                assert_eq!(
                    attr_values(tag, "data-s"),
                    vec![section.as_str()],
                    "{path} {id}"
                );
                assert!(
                    options.contains(&section.as_str()),
                    "{path}: {section} is not a choice"
                );
                let products = e.products.join(" ");
                let data_p = attr_values(tag, "data-p");
                if products.is_empty() {
                    assert!(data_p.is_empty(), "{path} {id}: {tag}");
                } else {
                    assert_eq!(data_p, vec![products.as_str()], "{path} {id}");
                }
            }
        }
        // Pages without the filter do not load its script.
        assert!(!read(out, &format!("{code}/index.html")).contains("filter.js"));
    }
}
