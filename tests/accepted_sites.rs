//! Edge cases that must load with no diagnostic at all: each folder under
//! `tests/fixtures/accepted/` is laid over `tests/fixtures/invalid/_base/`
//! (the same small, clean bilingual site the invalid corpus starts from).
//!
//! These are the near neighbours of the invalid cases: a leap day that
//! inherits a leap year, a range in order, the widest citation range
//! allowed, brackets written as text, BOM and CRLF, and so on.

use annals::load::{load_site, LoadOptions};
use std::fs;
use std::path::{Path, PathBuf};

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let dest = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&dest).unwrap();
        } else {
            fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = fs::read_dir(fixtures().join("accepted"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    cases
}

/// Loads a case; returns its diagnostics and the events as `lang date: text`.
fn load_case(case: &Path) -> (Vec<String>, Vec<String>) {
    let site = tempfile::tempdir().unwrap();
    copy_tree(&fixtures().join("invalid/_base"), site.path());
    copy_tree(case, site.path());
    let loaded = load_site(site.path(), &LoadOptions::default());
    let diagnostics = loaded
        .diagnostics
        .items
        .iter()
        .map(ToString::to_string)
        .collect();
    let events = loaded
        .site
        .map(|s| {
            s.events
                .iter()
                .map(|e| format!("{} {}: {}", e.lang, e.date.display(e.lang), e.text.text))
                .collect()
        })
        .unwrap_or_default();
    (diagnostics, events)
}

#[test]
fn every_accepted_site_loads_without_a_diagnostic() {
    let mut failures = Vec::new();
    for case in cases() {
        let (diagnostics, _) = load_case(&case);
        if !diagnostics.is_empty() {
            failures.push(format!(
                "{}:\n{}",
                case.file_name().unwrap().to_string_lossy(),
                diagnostics.join("\n")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(cases().len() >= 10);
}

/// Zero diagnostics is not enough: the edge cases must mean what they say.
#[test]
fn accepted_edge_cases_mean_what_they_say() {
    let events = |name: &str| load_case(&fixtures().join("accepted").join(name)).1;
    assert_eq!(
        events("leap-day-inherited"),
        vec![
            "zh 2024年1月1日: 2024年1月1日，甲事件。",
            "zh 2024年2月29日: 2月29日，闰日事件。",
            "en 1 January 2024: On 1 January 2024, event A.",
            "en 29 February 2024: On 29 February, a leap-day event.",
        ]
    );
    let list = events("leap-day-inherited-in-list");
    assert!(
        list.contains(&"zh 2024年3月1日: 次日，第二天的事件。".to_string()),
        "{list:?}"
    );
    let brackets = events("citation-brackets-as-text");
    assert_eq!(
        brackets[0],
        "zh 2025年1月1日: 2025年1月1日，甲事件 [注] [12] [3] [4]。"
    );
    let attributed = events("attribute-before-next-event");
    assert_eq!(attributed.len(), 4, "{attributed:?}");
    // `{date=none}` leaves prose; `{date=…}` dates what the parser cannot
    // read, and the next relative date counts from it.
    assert_eq!(
        events("date-override"),
        vec![
            "zh 2018年: 2018年，甲事件。",
            "zh 2018年7月: 那年夏天，乙事件。",
            "zh 2018年8月: 次月，丙事件。",
            "en 2018: In 2018, event A.",
            "en July 2018: In the summer of that year, event B.",
            "en August 2018: The next month, event C.",
        ]
    );
    assert_eq!(
        events("periods-and-decades"),
        vec![
            "zh 1990年代初: 上世纪90年代初，甲事件。",
            "zh 2019年第一季度: 2019年第一季度，乙事件。",
            "zh 2019年下半年: 同年下半年，丙事件。",
            "zh 2019年12月31日: 2019年12月31日，丁事件。",
            "zh 2020年1月1日: 次日，戊事件。",
            "en the early 1990s: In the early 1990s, event A.",
            "en Q1 2019: In Q1 2019, event B.",
            "en the second half of 2019: In the second half of 2019, event C.",
            "en 31 December 2019: On 31 December 2019, event D.",
            "en 1 January 2020: The next day, event E.",
        ]
    );
}
