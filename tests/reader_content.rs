//! What a reader of the DeepSeek site meets (issue 12): the founding on the
//! timeline, events that say what happened, one count of events
//! everywhere, and pages labelled right. Also the loader rules behind
//! them, on small sites of their own.

mod common;

use annals::load::{load_site, LoadOptions, Loaded};
use annals::model::{Event, Lang, Site};
use common::{build_ok, read, write};
use std::path::Path;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn load_ok(root: &Path) -> Site {
    let loaded = load_site(root, &LoadOptions::default());
    let errors: Vec<String> = loaded.diagnostics.errors().map(|d| d.to_string()).collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    loaded.site.unwrap()
}

fn first_event(site: &Site, lang: Lang) -> &Event {
    site.events_in(lang)
        .min_by_key(|e| e.date.sort_key())
        .unwrap()
}

#[test]
fn the_founding_is_the_first_event_in_both_languages_once() {
    let site = load_ok(repo());
    for lang in [Lang::Zh, Lang::En] {
        let first = first_event(&site, lang);
        assert_eq!(first.date.start.iso(), "2023-07-17", "{lang}");
        assert_eq!(first.text.numbers(), vec![4, 40]);
        assert_eq!(site.sections[first.section].slug(), "overview");
        let other = &site.events[first.counterpart.expect("paired")];
        assert_eq!(other.id, first.id);
        let that_day = site
            .events_in(lang)
            .filter(|e| e.date.start.iso() == "2023-07-17")
            .count();
        assert_eq!(that_day, 1, "{lang}: the founding is one event");
    }
    assert_eq!(first_event(&site, Lang::Zh).text.text, "DeepSeek成立。");
}

/// The article's stubs ("2025年2月10日，外交部举行例行记者会。") announced
/// questions and answers written after them; no event is left saying only
/// that something took place.
#[test]
fn no_event_of_the_deepseek_site_is_an_uncited_stub() {
    let site = load_ok(repo());
    for e in site.events_in(Lang::Zh) {
        let long = e.text.text.chars().count() >= 40;
        assert!(
            !e.text.numbers().is_empty() || long,
            "{}:{}: {}",
            e.source.path.display(),
            e.source.line,
            e.text.text
        );
    }
    for e in &site.events {
        assert!(e.counterpart.is_some(), "unpaired: {}", e.text.text);
    }
    let press = site
        .events_in(Lang::En)
        .find(|e| e.text.text.starts_with("On 10 February 2025, the Ministry"))
        .unwrap();
    assert!(
        press.text.text.contains("Guo Jiakun"),
        "{}",
        press.text.text
    );
    assert_eq!(press.text.numbers(), vec![88]);
}

/// A site of an overview holding `body`, configured by `title: T` and `settings`.
fn small_site(root: &Path, settings: &str, body: &str) -> Loaded {
    write(root, "content/site.yaml", &format!("title: T\n{settings}"));
    write(
        root,
        "content/_index.md",
        &format!("---\ntitle: 概述\n---\n\n{body}\n"),
    );
    load_site(root, &LoadOptions::default())
}

const ZH: &str = "languages: [zh]\n";

fn texts(loaded: &Loaded) -> Vec<String> {
    let site = loaded.site.as_ref().unwrap();
    site.events.iter().map(|e| e.text.text.clone()).collect()
}

#[test]
fn an_announcing_entry_takes_in_the_paragraphs_up_to_their_citation() {
    let tmp = tempfile::tempdir().unwrap();
    let loaded = small_site(
        tmp.path(),
        ZH,
        "2025年2月10日，举行记者会。\n\n记者：问。\n\n发言人：答。 [3]\n\n后记，未注明。",
    );
    assert!(!loaded.diagnostics.has_errors());
    assert_eq!(
        texts(&loaded),
        vec!["2025年2月10日，举行记者会。\n记者：问。\n发言人：答。"]
    );
    let site = loaded.site.unwrap();
    let cited = &site.events[0].text;
    assert_eq!(cited.numbers(), vec![3]);
    // The marker still follows the answer it was written after, at the end.
    let at = cited.citations[0].offset;
    assert_eq!(&cited.text[at..], "", "{at}");
    assert!(cited.text[..at].ends_with("答。"), "{at}");
}

#[test]
fn prose_after_an_entry_stays_prose_unless_a_citation_closes_it() {
    let tmp = tempfile::tempdir().unwrap();
    for body in [
        // No citation closes the run.
        "2025年2月10日，举行记者会。\n\n记者：问。",
        // A heading comes first.
        "2025年2月10日，举行记者会。\n\n## 问答\n\n发言人：答。 [3]",
        // The entry is cited: it says what it needs.
        "2025年2月10日，举行记者会。 [2]\n\n发言人：答。 [3]",
        // A dated paragraph comes first.
        "2025年2月10日，举行记者会。\n\n2月11日，又开会。\n\n发言人：答。 [3]",
        // What follows is commentary, not a question or a speaker's turn
        // (as after the uncited entries of a Wikipedia article).
        "2009年，内容部门迁至北京。\n\n在报道负面新闻时，网站会放在不显眼的位置。 [7]",
    ] {
        let loaded = small_site(tmp.path(), ZH, body);
        let first = &texts(&loaded)[0];
        assert!(
            first.starts_with(&body[..body.find('。').unwrap()]),
            "{body}"
        );
        assert!(!first.contains('\n'), "{body}: {first}");
    }
}

#[test]
fn a_fact_event_needs_a_real_date_and_cannot_sit_on_a_product() {
    let tmp = tempfile::tempdir().unwrap();
    let fact = |date: &str| {
        format!("{ZH}company:\n  - label: 成立\n    value: 2023年\n    cite: [1]\n    event:\n      date: {date}\n      text: 成立。\n")
    };
    let loaded = small_site(tmp.path(), &fact("2023-02-30"), "正文。");
    let errors: Vec<String> = loaded.diagnostics.errors().map(|d| d.to_string()).collect();
    assert!(
        errors
            .iter()
            .any(|e| e.contains("site.yaml") && e.contains("YYYY-MM-DD")),
        "{errors:?}"
    );
    let loaded = small_site(tmp.path(), &fact("2023"), "正文。");
    assert!(!loaded.diagnostics.has_errors());
    let site = loaded.site.unwrap();
    assert_eq!(site.events.len(), 1);
    assert_eq!(site.events[0].date.start.iso(), "2023");
    assert_eq!(site.events[0].text.numbers(), vec![1]);

    let loaded = small_site(
        tmp.path(),
        "languages: [zh, en]\ncompany:\n  - label: 成立\n    value: 2023年\n    event: {date: 2023, text: {zh: 成立。}}\n",
        "正文。",
    );
    let errors: Vec<String> = loaded.diagnostics.errors().map(|d| d.to_string()).collect();
    assert!(
        errors
            .iter()
            .any(|e| e.contains("site.yaml:6:") && e.contains("no en text")),
        "{errors:?}"
    );

    write(
        tmp.path(),
        "content/products.yaml",
        "- id: p\n  name: P\n  facts:\n    - label: 发布\n      value: 2023年\n      event: {date: 2023, text: 发布。}\n",
    );
    let loaded = load_site(tmp.path(), &LoadOptions::default());
    let errors: Vec<String> = loaded.diagnostics.errors().map(|d| d.to_string()).collect();
    assert!(
        errors
            .iter()
            .any(|e| e.contains("products.yaml") && e.contains("event:")),
        "{errors:?}"
    );
}

/// The number between `open` and `close` in `page`.
fn count_after(page: &str, open: &str) -> usize {
    let rest = &page[page.find(open).unwrap_or_else(|| panic!("{open}")) + open.len()..];
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().unwrap()
}

#[test]
fn the_built_site_gives_one_count_and_labels_pages_right() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build_ok(repo(), &out);
    let site = load_ok(repo());
    for (lang, all, lede) in [
        ("zh", "全部事件 (", "class=\"lede\">"),
        ("en", "All events (", "class=\"lede\">"),
    ] {
        let home = count_after(&read(&out, &format!("{lang}/index.html")), all);
        let timeline = count_after(&read(&out, &format!("{lang}/timeline/index.html")), lede);
        let side = read(&out, &format!("{lang}/timeline/side-by-side/index.html"));
        let side = count_after(&side, "<span class=\"muted\">· ");
        assert_eq!((home, timeline), (side, side), "{lang}");
        // Each restatement is folded into the event it restates.
        let count = site.timeline_count(lang.parse().unwrap());
        assert_eq!(home, count.events);
        assert!(count.restatements > 0);
        let timeline = read(&out, &format!("{lang}/timeline/index.html"));
        assert!(timeline.contains(&count.restatements.to_string()));
    }
    // The Chinese is the original, on the English pages too.
    let first = first_event(&site, Lang::Zh);
    let en = read(&out, &format!("en/events/{}/index.html", first.id));
    assert!(
        en.contains("中文</a> <span class=\"muted\">(Original)"),
        "{en}"
    );
    let zh = read(&out, &format!("zh/events/{}/index.html", first.id));
    assert!(
        zh.contains("English</a> <span class=\"muted\">(译文)"),
        "{zh}"
    );
    // Product kinds in the page's language.
    let products = read(&out, "zh/products/index.html");
    assert!(products.contains(">模型<") && !products.contains(">model<"));
    for lang in ["zh", "en"] {
        let page = read(&out, &format!("{lang}/dates/2023/07/17/index.html"));
        assert!(!page.contains("1 events"), "{page}");
    }
    assert!(read(&out, "en/dates/2023/07/17/index.html").contains("1 event<"));
}

/// The English text of the DeepSeek site a reader sees as prose: events,
/// undated paragraphs, infobox and product values.
fn english_prose(site: &Site) -> Vec<String> {
    let mut prose: Vec<String> = site
        .events_in(Lang::En)
        .map(|e| e.text.text.clone())
        .collect();
    for s in &site.sections {
        for block in s.texts.get(&Lang::En).map_or(&[][..], |t| &t.body[..]) {
            if let annals::model::BodyBlock::Text { lead: Some(l), .. } = block {
                prose.push(l.text.clone());
            }
        }
    }
    let facts = site
        .config
        .company
        .iter()
        .chain(site.products.iter().flat_map(|p| &p.facts));
    prose.extend(facts.map(|f| f.value.get(Lang::En).to_string()));
    prose.extend(
        site.products
            .iter()
            .map(|p| p.summary.get(Lang::En).to_string()),
    );
    prose
}

#[test]
fn english_prose_uses_curly_quotes_only() {
    let site = load_ok(repo());
    let titles = site.sections.iter().map(|s| s.title(Lang::En).to_string());
    for text in english_prose(&site).into_iter().chain(titles) {
        assert!(!text.contains(['"', '\'']), "{text}");
    }
}

#[test]
fn the_infobox_names_entities_as_the_english_prose_does() {
    let site = load_ok(repo());
    let prose = english_prose(&site).join("\n");
    for label in ["Registered address", "Investor"] {
        let fact = site
            .config
            .company
            .iter()
            .find(|f| f.label.get(Lang::En) == label);
        let value = fact.unwrap().value.get(Lang::En);
        // The infobox adds when the investor changed; the prose says it in words.
        let name = value.split(" (changed").next().unwrap();
        // Once in the infobox, and again in the prose.
        assert!(
            prose.matches(name).count() >= 2,
            "{label}: `{name}` is written otherwise in the prose"
        );
    }
}

/// Section titles and infobox labels are in sentence case: a capital after
/// the first word is a name's, one the prose also capitalises mid-sentence.
#[test]
fn english_titles_and_labels_are_in_sentence_case() {
    let site = load_ok(repo());
    let prose = english_prose(&site).join(" ");
    let tokens: Vec<&str> = prose.split_whitespace().collect();
    let word = |t: &str| t.trim_matches(|c: char| !c.is_alphanumeric()).to_string();
    let names: std::collections::HashSet<String> = tokens
        .windows(2)
        .filter(|w| !w[0].ends_with(['.', '!', '?', ':', '”', '“']))
        .map(|w| word(w[1]))
        .filter(|w| w.starts_with(|c: char| c.is_uppercase()))
        .collect();
    let labels = site
        .config
        .company
        .iter()
        .chain(site.products.iter().flat_map(|p| &p.facts))
        .map(|f| f.label.get(Lang::En).to_string());
    let titles = site.sections.iter().map(|s| s.title(Lang::En).to_string());
    for title in titles.chain(labels) {
        let words: Vec<String> = title.split_whitespace().map(word).collect();
        for (i, w) in words.iter().enumerate().skip(1) {
            // A name's first word may only ever open sentences (`You Yang, …`).
            let name = names.contains(w) || words.get(i + 1).is_some_and(|n| names.contains(n));
            assert!(
                !w.starts_with(|c: char| c.is_uppercase()) || name,
                "`{title}`: `{w}` is capitalised but names nothing the prose names"
            );
        }
    }
}
