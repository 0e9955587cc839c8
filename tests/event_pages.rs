//! Past `event_page_limit` events a language's events have no pages of
//! their own: every link to an event leads to its place on its date page,
//! which shows it in full, and the build says so.

mod common;

use common::links::assert_links_ok;
use common::{build, long_list_site, read, resolve, write};
use std::path::Path;

/// The `list_limit` of the test sites: their one section is longer.
const LIST_LIMIT: usize = 40;
/// Events in each language.
const EVENTS: usize = 60;

/// A site of `EVENTS` events a language with `event_page_limit: limit`,
/// built; the build's standard output.
fn built(dir: &Path, limit: usize) -> String {
    long_list_site(dir, EVENTS, LIST_LIMIT);
    let config = read(dir, "content/site.yaml");
    write(
        dir,
        "content/site.yaml",
        &format!("{config}event_page_limit: {limit}\n"),
    );
    let done = build(dir, &dir.join("public"));
    let stdout = String::from_utf8_lossy(&done.stdout).into_owned();
    assert!(
        done.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&done.stderr)
    );
    stdout
}

/// The events of `events.json` in `lang`: id, text and date (ISO start).
fn events(out: &Path, lang: &str) -> Vec<(String, String, String)> {
    read(out, "events.json")
        .lines()
        .filter_map(|line| {
            serde_json::from_str::<serde_json::Value>(line.trim_matches([',', '[', ']'])).ok()
        })
        .filter(|e| e["lang"] == lang)
        .map(|e| {
            let s = |v: &serde_json::Value| v.as_str().unwrap().to_string();
            (s(&e["id"]), s(&e["text"]), s(&e["date"]["start"]))
        })
        .collect()
}

/// The text of the element with `id` on `html`, tags and citation numbers
/// taken out.
fn element_text(html: &str, id: &str) -> Option<String> {
    let at = html.find(&format!("id=\"{id}\""))?;
    let element = &html[at..at + html[at..].find("</li>")?];
    let mut text = String::new();
    let mut in_tag = false;
    for c in element.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    Some(without_citation_numbers(&text))
}

/// `text` without its `[12]` citation numbers.
fn without_citation_numbers(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        match rest[open..].find(']') {
            Some(close)
                if rest[open + 1..open + close]
                    .bytes()
                    .all(|b| b.is_ascii_digit()) =>
            {
                rest = &rest[open + close + 1..];
            }
            _ => {
                out.push('[');
                rest = &rest[open + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn past_the_limit_each_event_is_read_on_its_date_page() {
    let dir = tempfile::tempdir().unwrap();
    let stdout = built(dir.path(), EVENTS - 1);
    let out = dir.path().join("public");
    for lang in ["zh", "en"] {
        assert!(
            stdout.contains(&format!(
                "note: {lang} shows {EVENTS} events, more than event_page_limit ({})",
                EVENTS - 1
            )),
            "{stdout}"
        );
        assert!(
            !out.join(lang).join("events").exists(),
            "{lang}: event pages"
        );
        let listed = events(&out, lang);
        assert_eq!(listed.len(), EVENTS, "{lang}");
        for (id, text, start) in listed {
            // The day page of its date holds it whole at its anchor.
            let (y, m, d) = (&start[..4], &start[5..7], &start[8..10]);
            let day = read(&out, &format!("{lang}/dates/{y}/{m}/{d}/index.html"));
            let shown = element_text(&day, &format!("e-{id}"))
                .unwrap_or_else(|| panic!("{lang}: {id} not on its day page"));
            let words: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(
                shown
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .contains(&words),
                "{lang}: {id}: `{words}` not whole in `{shown}`"
            );
        }
        // The section, longer than `list_limit`, lists headlines that lead
        // there, and says so.
        let section = read(&out, &format!("{lang}/sections/history/index.html"));
        assert!(
            section.contains("class=\"headline\""),
            "{lang}: no headlines"
        );
        assert!(section.contains(if lang == "zh" {
            "这一部分事件较多"
        } else {
            "This section has many events"
        }));
        // The feed's entries lead to the same places.
        let feed = read(&out, &format!("{lang}/feed.xml"));
        let entries = feed.split("<entry>").skip(1).collect::<Vec<_>>();
        assert!(!entries.is_empty());
        for entry in entries {
            let href = common::attr_values(entry, "href")[0];
            let (page, fragment) = href.split_once('#').expect("an anchor");
            let target = resolve(Path::new(lang), page).unwrap();
            let html = read(&out, target.to_str().unwrap());
            assert!(html.contains(&format!("id=\"{fragment}\"")), "{href}");
        }
    }
    // Search results lead there too, as search.js makes their links.
    let places = search_result_links(&out);
    assert_eq!(places.len(), 2 * EVENTS);
    for url in places {
        let (page, fragment) = url.split_once('#').expect("an anchor");
        let html = read(&out, page);
        assert!(html.contains(&format!("id=\"{fragment}\"")), "{url}");
    }
    // Every link of every page resolves, its fragment included.
    assert_links_ok(&out);
}

/// The link of every search document, from the output root: the range's
/// parts either side of the document's `i`, as `search.js` joins them.
fn search_result_links(out: &Path) -> Vec<String> {
    let page = read(out, "zh/search/index.html");
    let at = page.find("data-ranges=\"").unwrap() + "data-ranges=\"".len();
    let ranges: Vec<(usize, usize, String, String)> = page[at..at + page[at..].find('"').unwrap()]
        .split_whitespace()
        .map(|r| {
            let f: Vec<&str> = r.split(':').collect();
            (
                f[1].parse().unwrap(),
                f[2].parse().unwrap(),
                f[4].into(),
                f[5].into(),
            )
        })
        .collect();
    let mut links = Vec::new();
    for n in 0.. {
        let Ok(file) = std::fs::read_to_string(out.join(format!("search/docs-{n}.js"))) else {
            break;
        };
        let json = file
            .trim_end()
            .strip_prefix(&format!("annalsSearch.docs({n},"))
            .and_then(|t| t.strip_suffix(");"))
            .expect("a docs callback");
        let docs: Vec<serde_json::Value> = serde_json::from_str(json).unwrap();
        for doc in docs {
            let k = links.len();
            let (_, _, before, after) = (ranges.iter())
                .find(|(from, to, ..)| (*from..*to).contains(&k))
                .expect("a range");
            links.push(format!("{before}{}{after}", doc["i"].as_str().unwrap()));
        }
    }
    links
}

#[test]
fn at_the_limit_every_event_has_its_page() {
    let dir = tempfile::tempdir().unwrap();
    let stdout = built(dir.path(), EVENTS);
    let out = dir.path().join("public");
    assert!(!stdout.contains("event_page_limit"), "{stdout}");
    for lang in ["zh", "en"] {
        for (id, _, _) in events(&out, lang) {
            assert!(
                out.join(format!("{lang}/events/{id}/index.html")).is_file(),
                "{lang}: {id}"
            );
        }
    }
    assert_links_ok(&out);
}
