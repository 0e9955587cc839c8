//! Lists longer than `list_limit`: a timeline of more events counts each
//! month's events and links to the month pages, its side-by-side view links
//! to each section's, and a year or month of more lists its months or days;
//! at the limit, every event is listed.

mod common;

use common::{build_ok, long_list_site, read};

/// The `list_limit` of the test sites.
const LIMIT: usize = 40;

fn built(count: usize) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    long_list_site(dir.path(), count, LIMIT);
    let out = dir.path().join("public");
    build_ok(dir.path(), &out);
    (dir, out)
}

#[test]
fn a_long_timeline_lists_months_and_sections() {
    let count = LIMIT + 1;
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
        let after: String = months[at..].chars().take(150).collect();
        assert!(
            after.contains("(28)") || after.contains(per_month),
            "{after}"
        );
        assert!(out
            .join(format!("{lang}/dates/2000/01/index.html"))
            .is_file());

        let side = read(&out, &format!("{lang}/timeline/side-by-side/index.html"));
        assert!(!side.contains("<table"), "{lang}: side-by-side rows");
        // One side-by-side page per section, under the default language.
        let section = "href=\"../../../zh/sections/history/bilingual.html\"";
        let at = side
            .find(section)
            .unwrap_or_else(|| panic!("{lang}: {section}"));
        let after: String = side[at..].chars().take(150).collect();
        assert!(after.contains(&format!("({count})")), "{after}");
    }
    // The section's own side-by-side page has every pair.
    let rows = read(&out, "zh/sections/history/bilingual.html")
        .matches("<tr id=\"e-")
        .count();
    assert_eq!(rows, count);
}

#[test]
fn a_timeline_at_the_limit_lists_every_event() {
    let (_dir, out) = built(LIMIT);
    for lang in ["zh", "en"] {
        let timeline = read(&out, &format!("{lang}/timeline/index.html"));
        assert_eq!(timeline.matches("class=\"headline\"").count(), LIMIT);
        assert!(!timeline.contains("class=\"months\""));
        let side = read(&out, &format!("{lang}/timeline/side-by-side/index.html"));
        assert_eq!(side.matches("<tr id=\"e-").count(), LIMIT);
        let year = read(&out, &format!("{lang}/dates/2000/index.html"));
        assert_eq!(year.matches("class=\"headline\"").count(), LIMIT);
    }
}

#[test]
fn a_long_year_lists_its_months_and_a_long_month_its_days() {
    // 28 events in each month: with 70, January and February are full.
    let (_dir, out) = {
        let dir = tempfile::tempdir().unwrap();
        long_list_site(dir.path(), 70, 20);
        let out = dir.path().join("public");
        build_ok(dir.path(), &out);
        (dir, out)
    };
    for lang in ["zh", "en"] {
        let year = read(&out, &format!("{lang}/dates/2000/index.html"));
        assert!(
            !year.contains("class=\"entries\""),
            "{lang}: the year lists events"
        );
        for m in ["01", "02", "03"] {
            assert!(year.contains(&format!(
                "href=\"../../../{lang}/dates/2000/{m}/index.html\""
            )));
        }
        // January (28 events) lists its days; March (14) its events.
        let january = read(&out, &format!("{lang}/dates/2000/01/index.html"));
        assert!(
            !january.contains("class=\"entries\""),
            "{lang}: January lists events"
        );
        let days = january
            .matches(&format!("href=\"../../../../{lang}/dates/2000/01/"))
            .count();
        assert!(days >= 28, "{lang}: {days} day links");
        let march = read(&out, &format!("{lang}/dates/2000/03/index.html"));
        assert_eq!(march.matches("<li class=\"entry").count(), 14, "{lang}");
        // Every day page still lists its event.
        let day = read(&out, &format!("{lang}/dates/2000/01/05/index.html"));
        assert_eq!(day.matches("<li class=\"entry").count(), 1, "{lang}");
    }
}

#[test]
fn a_product_of_more_events_than_the_limit_has_a_page_in_parts() {
    let (_dir, out) = built(2 * LIMIT + 1);
    for lang in ["zh", "en"] {
        let part = |k: usize| match k {
            1 => read(&out, &format!("{lang}/products/atlas/index.html")),
            k => read(&out, &format!("{lang}/products/atlas/page/{k}/index.html")),
        };
        let headlines = |html: &str| html.matches("class=\"headline\"").count();
        let (first, second, third) = (part(1), part(2), part(3));
        assert_eq!(
            [headlines(&first), headlines(&second), headlines(&third)],
            [LIMIT, LIMIT, 1],
            "{lang}"
        );
        assert!(!out.join(format!("{lang}/products/atlas/page/4")).exists());
        // The facts are on the first part; each part links to its neighbours.
        assert!(first.contains("class=\"infobox\"") && !second.contains("class=\"infobox\""));
        assert!(first.contains(&format!(
            "rel=\"next\" href=\"../../../{lang}/products/atlas/page/2/index.html\""
        )));
        assert!(!first.contains("rel=\"prev\""));
        assert!(second.contains(&format!(
            "rel=\"prev\" href=\"../../../../../{lang}/products/atlas/index.html\""
        )));
        assert!(third.contains(&format!(
            "rel=\"prev\" href=\"../../../../../{lang}/products/atlas/page/2/index.html\""
        )));
        assert!(!third.contains("rel=\"next\""));
        // The first headline of the second part is the event after the
        // first part's last: every event is listed once.
        assert!(
            second.contains(&format!("/{lang}/events/2000-02-13")),
            "{lang}"
        );
    }
}

#[test]
fn a_product_at_the_limit_has_one_page() {
    let (_dir, out) = built(LIMIT);
    for lang in ["zh", "en"] {
        let page = read(&out, &format!("{lang}/products/atlas/index.html"));
        assert_eq!(page.matches("class=\"headline\"").count(), LIMIT);
        assert!(!page.contains("rel=\"next\""));
        assert!(!out.join(format!("{lang}/products/atlas/page")).exists());
    }
}

/// A site of `count` events on 1 January 2000, one paragraph each.
fn one_day(count: usize) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    common::write(
        root,
        "content/site.yaml",
        "title: {zh: 测试, en: Test}\nlanguages: [zh, en]\n",
    );
    let (mut zh, mut en) = (String::new(), String::new());
    for i in 1..=count {
        zh.push_str(&format!(
            "2000年1月1日，公司发布第{i}项公告，全文较长。\n\n"
        ));
        en.push_str(&format!(
            "On 1 January 2000, the company made announcement number {i}, a long one.\n\n"
        ));
    }
    common::write(
        root,
        "content/history.md",
        &format!("---\ntitle: 历程\n---\n\n{zh}"),
    );
    common::write(
        root,
        "content/history.en.md",
        &format!("---\ntitle: History\n---\n\n{en}"),
    );
    let out = root.join("public");
    build_ok(root, &out);
    (dir, out)
}

#[test]
fn a_crowded_day_lists_headlines_and_keeps_each_anchor() {
    use annals::render::context::DAY_FULL_EVENTS;
    let (_dir, out) = one_day(DAY_FULL_EVENTS + 1);
    for (lang, says) in [("zh", "这一天事件较多"), ("en", "This day has many events")] {
        let day = read(&out, &format!("{lang}/dates/2000/01/01/index.html"));
        assert!(day.contains(says), "{lang}: the page does not say why");
        assert_eq!(
            day.matches("class=\"headline\"").count(),
            DAY_FULL_EVENTS + 1,
            "{lang}"
        );
        assert!(
            !day.contains("class=\"entry-meta\""),
            "{lang}: full entries"
        );
        // An event page's date link lands on its entry.
        let event = read(
            &out,
            &format!("{lang}/events/2000-01-01-history/index.html"),
        );
        let anchor = "#e-2000-01-01-history\"";
        assert!(event.contains(&format!("dates/2000/01/01/index.html{anchor}")));
        assert!(day.contains("id=\"e-2000-01-01-history\""), "{lang}");
    }
    let (_dir, out) = one_day(DAY_FULL_EVENTS);
    for lang in ["zh", "en"] {
        let day = read(&out, &format!("{lang}/dates/2000/01/01/index.html"));
        assert!(!day.contains("class=\"headline\""), "{lang}");
        assert_eq!(
            day.matches("class=\"entry-meta\"").count(),
            DAY_FULL_EVENTS,
            "{lang}"
        );
    }
}
