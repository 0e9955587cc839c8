//! Pairing survives edits in one language: inserting, deleting or
//! reordering an event never pairs the others with the wrong translation.

use annals::load::{load_site, LoadOptions, Loaded};
use annals::model::{Lang, Site};
use std::fs;

const ZH: &str = "---\ntitle: 甲\nslug: a\n---\n\n2025年1月1日，一 [1]。2025年1月2日，二 [2]。2025年1月3日，三 [3]。同日，四 [4]。\n";

/// Loads a site of one section: `zh` as `a.md`, `en` as `a.en.md` (whole
/// files, front matter included).
fn load_section(site_yaml: &str, zh: &str, en: &str) -> Loaded {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    fs::create_dir_all(&content).unwrap();
    fs::write(content.join("site.yaml"), site_yaml).unwrap();
    fs::write(content.join("a.md"), zh).unwrap();
    fs::write(content.join("a.en.md"), en).unwrap();
    load_site(dir.path(), &LoadOptions::default())
}

fn warnings(loaded: &Loaded) -> Vec<String> {
    loaded
        .diagnostics
        .warnings()
        .map(|d| d.to_string())
        .collect()
}

fn site_with(en_body: &str) -> (Site, Vec<String>) {
    let loaded = load_section(
        "title: {zh: 测, en: Test}\n",
        ZH,
        &format!("---\ntitle: A\n---\n\n{en_body}\n"),
    );
    let warnings = warnings(&loaded);
    (loaded.site.unwrap(), warnings)
}

/// For each Chinese event (by its text), the English text it is paired with.
fn pairs(site: &Site) -> Vec<(String, Option<String>)> {
    site.events_in(Lang::Zh)
        .map(|e| {
            (
                e.text.text.clone(),
                e.counterpart.map(|c| site.events[c].text.text.clone()),
            )
        })
        .collect()
}

fn en(s: &str) -> Option<String> {
    Some(s.to_string())
}

const FULL: &str = "On 1 January 2025, one [1]. On 2 January 2025, two [2]. On 3 January 2025, three [3]. On the same day, four [4].";

#[test]
fn a_complete_translation_pairs_everything() {
    let (site, warnings) = site_with(FULL);
    assert!(warnings.is_empty(), "{warnings:?}");
    let p = pairs(&site);
    assert_eq!(p[0].1, en("On 1 January 2025, one."));
    assert_eq!(p[3].1, en("On the same day, four."));
    // A pair shares one id; ids are readable.
    let zh = site.events_in(Lang::Zh).next().unwrap();
    assert_eq!(zh.id, "2025-01-01-a");
    assert_eq!(site.events[zh.counterpart.unwrap()].id, zh.id);
}

#[test]
fn deleting_an_english_event_unpairs_only_its_original() {
    let (site, warnings) = site_with(
        "On 1 January 2025, one [1]. On 3 January 2025, three [3]. On the same day, four [4].",
    );
    let p = pairs(&site);
    assert_eq!(p[0].1, en("On 1 January 2025, one."));
    assert_eq!(p[1].1, None);
    assert_eq!(p[2].1, en("On 3 January 2025, three."));
    assert_eq!(p[3].1, en("On the same day, four."));
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("event of 2025年1月2日 has no en counterpart"));
}

#[test]
fn inserting_an_english_event_leaves_the_others_paired() {
    let (site, warnings) = site_with(
        "On 1 January 2025, one [1]. On 1 January 2025, an insertion [9]. On 2 January 2025, two [2]. On 3 January 2025, three [3]. On the same day, four [4].",
    );
    let p = pairs(&site);
    assert!(p.iter().all(|(_, e)| e.is_some()));
    assert_eq!(p[1].1, en("On 2 January 2025, two."));
    assert_eq!(warnings.len(), 1);
    assert!(warnings[0].contains("event of 1 January 2025 has no zh counterpart"));
}

#[test]
fn reordering_english_events_keeps_each_with_its_original() {
    let (site, warnings) = site_with(
        "On 3 January 2025, three [3]. On the same day, four [4]. On 1 January 2025, one [1]. On 2 January 2025, two [2].",
    );
    assert!(warnings.is_empty(), "{warnings:?}");
    let p = pairs(&site);
    assert_eq!(p[0].1, en("On 1 January 2025, one."));
    assert_eq!(p[2].1, en("On 3 January 2025, three."));
}

#[test]
fn a_changed_citation_is_one_warning_naming_both_events_and_the_difference() {
    let (site, warnings) = site_with(
        "On 1 January 2025, one [1]. On 2 January 2025, two [5]. On 3 January 2025, three [3]. On the same day, four [4].",
    );
    let p = pairs(&site);
    assert_eq!(p[1].1, None);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let w = &warnings[0];
    // At the Chinese event, naming the English one and what differs.
    assert!(w.starts_with("content/a.md:6:17: warning:"), "{w}");
    assert!(
        w.contains("event of 2025年1月2日 has no en counterpart"),
        "{w}"
    );
    assert!(w.contains("the en event at content/a.en.md:5:"), "{w}");
    assert!(
        w.contains("but for its citations ([2] here, [5] there)"),
        "{w}"
    );
    assert!(
        w.contains("content/a.en.md:5:29: note: the nearest en event"),
        "{w}"
    );
}

#[test]
fn a_changed_date_is_named_as_the_difference() {
    let (_, warnings) = site_with(
        "On 1 January 2025, one [1]. On 12 January 2025, two [2]. On 3 January 2025, three [3]. On the same day, four [4].",
    );
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("but for its date (2025年1月2日 here, 12 January 2025 there)"),
        "{}",
        warnings[0]
    );
}

#[test]
fn a_candidate_that_differs_in_two_things_is_named_but_not_merged() {
    let (_, warnings) = site_with(
        "On 1 January 2025, one [1]. On 12 January 2025, two [5]. On 3 January 2025, three [3]. On the same day, four [4].",
    );
    // Each event keeps its own warning, each naming the other.
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    let at = |start: &str| warnings.iter().find(|w| w.starts_with(start)).unwrap();
    let zh = at("content/a.md:6:17: warning:");
    assert!(
        zh.contains("the nearest unpaired en event, at content/a.en.md:5:29, differs in its date (2025年1月2日 here, 12 January 2025 there) and citations ([2] here, [5] there)"),
        "{zh}"
    );
    let en = at("content/a.en.md:5:29: warning:");
    assert!(
        en.contains("the nearest unpaired zh event, at content/a.md:6:17,"),
        "{en}"
    );
}

#[test]
fn explain_says_how_an_event_was_paired_and_why_not() {
    let (site, _) = site_with(
        "On 1 January 2025, one [1]. On 2 January 2025, two [5]. On 3 January 2025, three [3]. On the same day, four [4].",
    );
    let paired = annals::load::pairing::explain(&site, "2025-01-01-a").unwrap();
    assert!(
        paired.contains(
            "paired by section, date and citations with the en event at content/a.en.md:5:1"
        ),
        "{paired}"
    );
    let unpaired = annals::load::pairing::explain(&site, "2025-01-02-a").unwrap();
    assert!(unpaired.contains("  unpaired:"), "{unpaired}");
    assert!(
        unpaired.contains("nearest unpaired: the en event at content/a.en.md:5:29: 2 January 2025, [5], section `a`\n  which differs in its citations"),
        "{unpaired}"
    );
    assert_eq!(annals::load::pairing::explain(&site, "no-such-event"), None);
}

#[test]
fn ambiguous_keys_are_paired_in_order_with_a_warning_and_ids_settle_them() {
    let loaded = load_section(
        "title: T\n",
        "---\ntitle: 甲\n---\n\n2025年1月1日，甲 [1]。2025年1月1日，乙 [1]。\n",
        "---\ntitle: A\n---\n\nOn 1 January 2025, B [1]. On 1 January 2025, A [1].\n",
    );
    let warnings = warnings(&loaded);
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("paired in source order")),
        "{warnings:?}"
    );

    // With explicit ids the pairing follows the ids, not the order.
    let loaded = load_section(
        "title: T\n",
        "---\ntitle: 甲\n---\n\n2025年1月1日，甲 [1] {#jia}。2025年1月1日，乙 [1] {#yi}。\n",
        "---\ntitle: A\n---\n\nOn 1 January 2025, B [1] {#yi}. On 1 January 2025, A [1] {#jia}.\n",
    );
    assert!(
        loaded.diagnostics.items.is_empty(),
        "{:?}",
        loaded.diagnostics.items
    );
    let site = loaded.site.unwrap();
    let p = pairs(&site);
    assert_eq!(p[0].0, "2025年1月1日，甲。");
    assert_eq!(p[0].1, en("On 1 January 2025, A."));
    assert_eq!(site.events_in(Lang::Zh).next().unwrap().id, "jia");
}

#[test]
fn bom_crlf_full_width_digits_and_nbsp_are_accepted() {
    let loaded = load_section(
        "\u{feff}title: T\r\n",
        "\u{feff}---\r\ntitle: 甲\r\n---\r\n\r\n２０２５年２月５日，甲\u{a0}[１]\u{a0}[2]。\r\n",
        "---\r\ntitle: A\r\n---\r\n\r\nOn 5 February 2025, A.\u{a0}[1] [2]\r\n",
    );
    assert!(
        loaded.diagnostics.items.is_empty(),
        "{:?}",
        loaded.diagnostics.items
    );
    let site = loaded.site.unwrap();
    let e = site.events_in(Lang::Zh).next().unwrap();
    assert_eq!(e.date.start.iso(), "2025-02-05");
    assert_eq!(e.text.numbers(), vec![1, 2]);
    assert_eq!(e.text.text, "２０２５年２月５日，甲。");
    assert!(e.counterpart.is_some());
}
