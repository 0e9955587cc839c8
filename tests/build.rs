//! `annals build` end to end: a small bilingual fixture site written into a
//! temporary folder, built by the binary, and its output checked: the pages
//! exist, citations link both ways, every relative link resolves (fragments
//! included), builds are reproducible, a broken template leaves the previous
//! output alone, and content is escaped. The repository's own site is built
//! and link-checked too.

mod common;

use common::links::assert_links_ok;
use common::{attr_values, build, build_ok, files_under as walk, read, resolve, snapshot, write};
use std::path::Path;

/// Two sections in Chinese and English, dated events with citations, one
/// product, one Chinese event without translation, and an event whose text
/// holds markup that must come out escaped.
fn fixture(root: &Path) {
    write(
        root,
        "content/site.yaml",
        r#"title: {zh: 示例公司大事记, en: Example Co. Timeline}
description: {zh: 一个测试站点。, en: A test site.}
default_language: zh
languages: [zh, en]
base_url: "https://example.org/annals/"
company:
  - label: {zh: 全称, en: Full name}
    value: {zh: 示例公司, en: Example Company}
    cite: [1]
"#,
    );
    write(
        root,
        "content/products.yaml",
        r#"- id: widget-1
  name: {zh: 小部件一号, en: Widget One}
  aliases: [Widget-1]
  kind: model
  released: 2024-01-05
  featured: true
  summary: {zh: 第一个模型。, en: The first model.}
  facts:
    - label: {zh: 参数量, en: Parameters}
      value: {zh: 70亿, en: 7 billion}
      cite: [2]
"#,
    );
    write(
        root,
        "content/references.yaml",
        "1: {title: \"Founding notice\", publisher: \"Example Daily\", url: \"https://example.org/founding\", date: \"2023-07-18\"}\n2: {}\n",
    );
    write(
        root,
        "content/_index.md",
        "---\ntitle: 概述\nslug: overview\norder: 0\n---\n\n示例公司是一家测试公司。[1]\n",
    );
    write(
        root,
        "content/_index.en.md",
        "---\ntitle: Overview\norder: 0\n---\n\nExample Company is a test company.[1]\n",
    );
    write(
        root,
        "content/history.md",
        "---\ntitle: 历史\norder: 10\n---\n\n\
         公司早期默默无闻。[1]2023年7月17日，公司在杭州成立。[1]2024年1月5日，发布Widget-1模型。[2]\n\n\
         2024年5月，发布第二代模型。[3]2024年6月1日，有人写下<script>alert(1)</script>作为测试。[2][3]\n\n\
         2025年1月20日，一项尚未翻译的事件。[4]\n",
    );
    write(
        root,
        "content/history.en.md",
        "---\ntitle: History\norder: 10\n---\n\n\
         The company was little known at first.[1] On 17 July 2023, the company was founded in Hangzhou.[1] \
         On 5 January 2024, it released the Widget-1 model.[2]\n\n\
         In May 2024, it released its second-generation model.[3] \
         On 1 June 2024, someone wrote <script>alert(1)</script> as a test.[2][3]\n",
    );
}

// ---- the link checker ------------------------------------------------------

// ---- tests ---------------------------------------------------------------

#[test]
fn builds_every_page_in_both_languages() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    let out = tmp.path().join("out");
    fixture(&root);
    let o = build(&root, &out);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.contains("zh pages") && stdout.contains("en pages") && stdout.contains(" ms"),
        "{stdout}"
    );

    for rel in [
        "index.html",
        "404.html",
        "style.css",
        "events.json",
        "robots.txt",
        "sitemap.xml",
    ] {
        assert!(out.join(rel).is_file(), "{rel} is missing");
    }
    for lang in ["zh", "en"] {
        for rel in [
            "index.html",
            "sections/overview/index.html",
            "sections/history/index.html",
            "timeline/index.html",
            "dates/2023/index.html",
            "dates/2023/07/index.html",
            "dates/2023/07/17/index.html",
            "dates/2024/05/index.html",
            "dates/2025/01/20/index.html",
            "events/2023-07-17-history/index.html",
            "events/2024-05-history/index.html",
            "events/2025-01-20-history/index.html",
            "products/index.html",
            "products/widget-1/index.html",
            "references/index.html",
        ] {
            let path = format!("{lang}/{rel}");
            assert!(out.join(&path).is_file(), "{path} is missing");
        }
        // A month-precision event has no day page.
        let may: Vec<_> = std::fs::read_dir(out.join(lang).join("dates/2024/05"))
            .unwrap()
            .collect();
        assert_eq!(may.len(), 1, "only index.html under {lang}/dates/2024/05");
    }

    // Languages: <html lang>, hreflang alternates, the switcher.
    let zh = read(&out, "zh/sections/history/index.html");
    let en = read(&out, "en/sections/history/index.html");
    assert!(zh.contains("<html lang=\"zh-Hans\">") && en.contains("<html lang=\"en\">"));
    // With a base_url the alternates are full addresses, as search
    // engines want them.
    assert!(zh.contains(
        "<link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org/annals/en/sections/history/\">"
    ));
    assert!(zh.contains("<a href=\"../../../en/sections/history/index.html\" hreflang=\"en\" lang=\"en\">English</a>"));
    let root_index = read(&out, "index.html");
    assert!(
        root_index.contains("http-equiv=\"refresh\" content=\"0; url=zh/index.html\""),
        "{root_index}"
    );
    assert!(root_index.contains("href=\"zh/index.html\""));

    // Events inline, with a date badge and citations that reach the
    // references page, which links back.
    assert!(
        zh.contains("<span class=\"event\" id=\"e-2024-01-05-history\">"),
        "{zh}"
    );
    assert!(zh.contains("href=\"../../../zh/dates/2024/01/05/index.html#e-2024-01-05-history\""));
    assert!(zh.contains("href=\"../../../zh/events/2024-01-05-history/index.html\""));
    let sup = "<sup class=\"cite\"><a href=\"../../../zh/references/index.html#ref-2\" id=\"cite-2024-01-05-history-2\">[2]</a></sup>";
    assert!(zh.contains(sup), "{zh}");
    // A run of two numbers gives two superscripts.
    assert!(zh.contains("id=\"cite-2024-06-01-history-2\">[2]</a></sup><sup class=\"cite\"><a href=\"../../../zh/references/index.html#ref-3\" id=\"cite-2024-06-01-history-3\">[3]</a></sup>"));
    let refs = read(&out, "zh/references/index.html");
    assert!(refs.contains("<li id=\"ref-2\" value=\"2\">"));
    assert!(
        refs.contains("href=\"../../zh/sections/history/index.html#cite-2024-01-05-history-2\""),
        "{refs}"
    );
    assert!(refs.contains("Founding notice") && refs.contains("https://example.org/founding"));
    assert!(
        refs.contains("未提供详细信息"),
        "reference 4 has no details"
    );
    assert!(read(&out, "en/references/index.html").contains("no details given"));

    // Content is escaped everywhere.
    let escaped = "&lt;script&gt;alert(1)&lt;/script&gt;";
    assert!(zh.contains(escaped) && en.contains(escaped));
    for page in walk(&out)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
    {
        let text = String::from_utf8_lossy(&std::fs::read(&page).unwrap()).into_owned();
        assert!(
            !text.contains("<script>"),
            "{} holds unescaped markup",
            page.display()
        );
    }

    // The Chinese event without translation is on the English pages, marked.
    let en_timeline = read(&out, "en/timeline/index.html");
    assert!(en_timeline.contains("id=\"e-2025-01-20-history\""));
    assert!(en_timeline.contains("一项尚未翻译的事件") && en_timeline.contains("untranslated"));
    assert!(en.contains("一项尚未翻译的事件") && en.contains("lang=\"zh-Hans\""));
    let en_event = read(&out, "en/events/2025-01-20-history/index.html");
    assert!(
        en_event.contains("untranslated")
            && en_event.contains("../../../zh/events/2025-01-20-history/index.html")
    );
    // A paired event links to its translation.
    let zh_event = read(&out, "zh/events/2024-05-history/index.html");
    assert!(zh_event.contains("href=\"../../../en/events/2024-05-history/index.html\""));
    assert!(zh_event.contains("rel=\"prev\"") && zh_event.contains("rel=\"next\""));
    // The pager names its neighbours by date alone, and the page links its
    // month (the event's date page) once: from the metadata, not the heading.
    let pager = &zh_event[zh_event.find("<nav class=\"pager\">").unwrap()..];
    let pager = &pager[..pager.find("</nav>").unwrap()];
    for a in pager.split("<a ").skip(1) {
        let text = &a[a.find('>').unwrap() + 1..a.find("</a>").unwrap()];
        assert!(
            text.starts_with("← 上一事件 · ") || text.starts_with("下一事件 · "),
            "{text}"
        );
        assert!(text.chars().count() < 20, "{text}");
    }
    assert_eq!(
        zh_event
            .matches("href=\"../../../zh/dates/2024/05/index.html")
            .count(),
        1,
        "{zh_event}"
    );

    // The product page lists the event mentioning it; the home page has the
    // infobox, overview, featured product and latest events.
    assert!(
        read(&out, "en/products/widget-1/index.html").contains("it released the Widget-1 model")
    );
    let home = read(&out, "en/index.html");
    for needle in [
        "Example Company",
        "Example Company is a test company.",
        "Widget One",
        "Latest events",
        "History",
    ] {
        assert!(home.contains(needle), "home lacks {needle}");
    }

    // Sitemap (base_url is set) and events.json.
    let sitemap = read(&out, "sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://example.org/annals/en/timeline/</loc>"),
        "{sitemap}"
    );
    let events: serde_json::Value = serde_json::from_str(&read(&out, "events.json")).unwrap();
    assert_eq!(events.as_array().unwrap().len(), 9);

    let report = assert_links_ok(&out);
    assert!(report.fragments > 0);
}

#[test]
fn builds_are_reproducible() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    fixture(&root);
    let a = tmp.path().join("a");
    let b = tmp.path().join("b");
    build_ok(&root, &a);
    build_ok(&root, &b);
    let first = snapshot(&a);
    assert_eq!(first, snapshot(&b), "two builds differ");
    build_ok(&root, &a);
    assert_eq!(first, snapshot(&a), "a rebuild in place differs");
}

#[test]
fn a_broken_template_leaves_the_previous_output_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    let out = tmp.path().join("public");
    fixture(&root);
    build_ok(&root, &out);
    let before = snapshot(&out);

    write(
        &root,
        "templates/section.html",
        "{% extends \"base.html\" %}{% block main %}{% if %}{% endblock main %}",
    );
    let o = build(&root, &out);
    assert_eq!(o.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("section.html"),
        "the error names the template: {stderr}"
    );
    assert_eq!(before, snapshot(&out), "the output changed");

    // A template that parses but fails while rendering fails the same way.
    write(
        &root,
        "templates/section.html",
        "{% extends \"base.html\" %}{% block main %}{{ page.nonexistent }}{% endblock main %}",
    );
    let o = build(&root, &out);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("section.html"));
    assert_eq!(before, snapshot(&out), "the output changed");
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("annals-tmp"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "staging folders left behind: {leftovers:?}"
    );

    // A site's own template and strings override the defaults.
    write(
        &root,
        "templates/404.html",
        "{% extends \"base.html\" %}{% block main %}<h1>Lost</h1>{% endblock main %}",
    );
    write(
        &root,
        "templates/i18n.yaml",
        "timeline: {zh: 年表, en: Chronology}\n",
    );
    std::fs::remove_file(root.join("templates/section.html")).unwrap();
    build_ok(&root, &out);
    assert!(read(&out, "404.html").contains("<h1>Lost</h1>"));
    assert!(read(&out, "en/index.html").contains("Chronology"));
}

#[test]
fn a_site_draws_the_charts_with_its_own_charts_template() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    let out = tmp.path().join("public");
    fixture(&root);
    // The built-in components escape what they print.
    write(
        &root,
        "templates/i18n.yaml",
        "chart_month_axis: {zh: \"<月>\", en: \"<Month>\"}\n",
    );
    build_ok(&root, &out);
    let timeline = read(&out, "en/timeline/index.html");
    assert!(timeline.contains("<svg class=\"chart month-chart\""));
    assert!(
        timeline.contains(">&lt;Month&gt;</text></svg>"),
        "{timeline}"
    );
    assert!(read(&out, "en/products/index.html").contains("<svg class=\"chart product-chart\""));

    // A site's `_charts.html` replaces the built-in one: the same geometry,
    // other markup (a list of links), on every page with a chart.
    write(
        &root,
        "templates/_charts.html",
        r#"{% component month_chart(chart) %}<ol class="months">{% for b in chart.bars %}<li>{% if b.href %}<a href="{{ b.href }}">{{ b.label }}</a>{% else %}{{ b.label }}{% endif %}</li>{% endfor %}</ol>{% endcomponent month_chart %}
{% component release_chart(chart) %}<ol class="releases">{% for d in chart.dots %}<li><a href="{{ d.href }}">{{ d.title }}</a></li>{% endfor %}</ol>{% endcomponent release_chart %}"#,
    );
    build_ok(&root, &out);
    for page in [
        "en/index.html",
        "en/timeline/index.html",
        "zh/timeline/index.html",
    ] {
        let html = read(&out, page);
        assert!(!html.contains("<svg"), "{page}");
        let list = &html[html.find("<ol class=\"months\">").expect(page)..];
        let list = &list[..list.find("</ol>").unwrap()];
        let hrefs = attr_values(list, "href");
        assert!(!hrefs.is_empty(), "{page}: {list}");
        // The links still lead to the month pages, from this page.
        for href in hrefs {
            let target = resolve(Path::new(page).parent().unwrap(), href).unwrap();
            assert!(out.join(target).is_file(), "{page}: {href}");
        }
    }
    let products = read(&out, "en/products/index.html");
    assert!(
        products.contains(
            "<ol class=\"releases\"><li><a href=\"../../en/products/widget-1/index.html\">Widget One: released 5 January 2024</a></li></ol>"
        ),
        "{products}"
    );
}

#[test]
fn content_errors_build_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    let out = tmp.path().join("public");
    fixture(&root);
    write(
        &root,
        "content/history.md",
        "---\ntitle: 历史\n---\n\n2025年2月30日，不存在的日期。[0]\n",
    );
    let o = build(&root, &out);
    assert_eq!(o.status.code(), Some(1));
    assert!(!out.exists());
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_write() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    fixture(&root);
    let o = build(&root, &root);
    assert_eq!(o.status.code(), Some(1));
    assert!(root.join("content/site.yaml").is_file());
    let other = tmp.path().join("mine");
    write(&other, "notes.txt", "keep me");
    assert_eq!(build(&root, &other).status.code(), Some(1));
    assert_eq!(read(&other, "notes.txt"), "keep me");
}

/// The repository's own site builds and every link of it resolves.
#[test]
fn the_repository_site_builds_with_working_links() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build_ok(repo, &out);
    let report = assert_links_ok(&out);
    println!(
        "repository site: {} HTML pages, {} relative links ({} with fragments) checked",
        report.pages, report.links, report.fragments
    );
}
