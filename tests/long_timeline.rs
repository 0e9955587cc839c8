//! A timeline of more events than `TIMELINE_LIST_MAX`: its page counts each
//! month's events and links to the month pages, and its side-by-side view
//! links to each section's, while a timeline of exactly that many still
//! lists every event.

mod common;

use annals::render::context::TIMELINE_LIST_MAX;
use common::{build_ok, read, write};
use std::path::Path;

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A bilingual site of `count` events, each on its own day, in one section
/// (paragraphs of 28 entries), each citing one reference.
fn site(root: &Path, count: usize) {
    write(
        root,
        "content/site.yaml",
        "title: {zh: 测试, en: Test}\nlanguages: [zh, en]\n",
    );
    let (mut zh, mut en) = (String::new(), String::new());
    for i in 0..count {
        if i > 0 && i % 28 == 0 {
            zh.push_str("\n\n");
            en.push_str("\n\n");
        }
        let (year, month, day) = (2000 + i / 336, (i / 28) % 12 + 1, i % 28 + 1);
        let cite = i % 300 + 1;
        zh.push_str(&format!(
            "{year}年{month}月{day}日，公司发布新版本 [{cite}]。"
        ));
        en.push_str(&format!(
            "On {day} {} {year}, the company released a new version [{cite}]. ",
            MONTHS[month - 1]
        ));
    }
    write(
        root,
        "content/history.md",
        &format!("---\ntitle: 历程\n---\n\n{zh}\n"),
    );
    write(
        root,
        "content/history.en.md",
        &format!("---\ntitle: History\n---\n\n{en}\n"),
    );
}

fn built(count: usize) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    site(dir.path(), count);
    let out = dir.path().join("public");
    build_ok(dir.path(), &out);
    (dir, out)
}

#[test]
fn a_long_timeline_lists_months_and_sections() {
    let count = TIMELINE_LIST_MAX + 1;
    let (_dir, out) = built(count);
    for (lang, per_month) in [("zh", "（28）"), ("en", "(28)")] {
        let timeline = read(&out, &format!("{lang}/timeline/index.html"));
        assert!(
            !timeline.contains("class=\"entries\""),
            "{lang}: events listed"
        );
        assert!(
            timeline.contains("class=\"months\""),
            "{lang}: no month list"
        );
        // January 2000 (28 events) links to its month page, with its count.
        let link = format!("href=\"../../{lang}/dates/2000/01/index.html\"");
        let months = &timeline[timeline.find("class=\"months\"").unwrap()..];
        let at = months
            .find(&link)
            .unwrap_or_else(|| panic!("{lang}: {link}"));
        let after = &months[at..at + 200];
        assert!(
            after.contains("(28)") || after.contains(per_month),
            "{after}"
        );
        assert!(out
            .join(format!("{lang}/dates/2000/01/index.html"))
            .is_file());

        let side = read(&out, &format!("{lang}/timeline/side-by-side/index.html"));
        assert!(!side.contains("<table"), "{lang}: side-by-side rows");
        let section = format!("href=\"../../../{lang}/sections/history/bilingual.html\"");
        let at = side
            .find(&section)
            .unwrap_or_else(|| panic!("{lang}: {section}"));
        assert!(side[at..at + 200].contains(&format!("({count})")));
        // The section's own side-by-side page has every pair.
        let rows = read(&out, &format!("{lang}/sections/history/bilingual.html"))
            .matches("<tr id=\"e-")
            .count();
        assert_eq!(rows, count, "{lang}");
    }
}

#[test]
fn a_timeline_at_the_limit_lists_every_event() {
    let (_dir, out) = built(TIMELINE_LIST_MAX);
    for lang in ["zh", "en"] {
        let timeline = read(&out, &format!("{lang}/timeline/index.html"));
        assert_eq!(
            timeline.matches("class=\"headline\"").count(),
            TIMELINE_LIST_MAX
        );
        assert!(!timeline.contains("class=\"months\""));
        let side = read(&out, &format!("{lang}/timeline/side-by-side/index.html"));
        assert_eq!(side.matches("<tr id=\"e-").count(), TIMELINE_LIST_MAX);
    }
}
