//! Dates coarser than a year's month (a decade, a half, a quarter, a
//! season) flow through a whole build: each is listed under its (first)
//! year on the date pages and keeps its own display everywhere.

mod common;

use std::path::Path;

const ZH: &str = "---\ntitle: 甲\nslug: a\n---\n\n\
    上世纪90年代初，甲事件。 [1] 2019年第一季度，乙事件。 [2] 同年下半年，丙事件。 [3] \
    2019年春季，丁事件。 [4]\n";
const EN: &str = "---\ntitle: A\n---\n\n\
    In the early 1990s, event A. [1] In Q1 2019, event B. [2] \
    In the second half of 2019, event C. [3] In spring 2019, event D. [4]\n";

fn site(root: &Path) {
    common::write(root, "content/site.yaml", "title: {zh: 测试, en: Test}\n");
    common::write(root, "content/a.md", ZH);
    common::write(root, "content/a.en.md", EN);
}

#[test]
fn decades_and_parts_of_years_are_listed_under_their_first_year() {
    let root = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    site(root.path());
    common::build_ok(root.path(), out.path());
    let decade = common::read(out.path(), "zh/dates/1990/index.html");
    assert!(decade.contains("甲事件"), "{decade}");
    assert!(decade.contains("1990年代初"), "{decade}");
    let year = common::read(out.path(), "en/dates/2019/index.html");
    for text in [
        "event B",
        "event C",
        "event D",
        "Q1 2019",
        "the second half of 2019",
        "spring 2019",
    ] {
        assert!(year.contains(text), "`{text}` missing from the 2019 page");
    }
    // Nothing but the years themselves: no month page for a year part.
    assert!(!out.path().join("en/dates/2019/01").exists());
    assert!(!out.path().join("zh/dates/1991").exists());
}
