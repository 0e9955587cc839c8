//! `annals import` on the DeepSeek article (a copy of the seed is kept in
//! tests/fixtures/import/) reproduces the events of the committed content,
//! and imports are deterministic.

use annals::load::{load_site, LoadOptions};
use annals::model::{Lang, Site};
use std::path::Path;

fn seed() -> &'static Path {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/import/deepseek-baike.txt"
    ))
}

fn load(root: &Path) -> Site {
    let loaded = load_site(root, &LoadOptions::default());
    let errors: Vec<String> = loaded.diagnostics.errors().map(|d| d.to_string()).collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    loaded.site.unwrap()
}

/// What must survive curation: each Chinese event's date, citations and
/// text. Events of infobox facts come from site.yaml, which the article
/// has no events in.
fn zh_events(site: &Site) -> Vec<(String, Vec<u32>, String)> {
    site.events_in(Lang::Zh)
        .filter(|e| e.source.path != Path::new("content/site.yaml"))
        .map(|e| {
            (
                e.date.display(Lang::Zh),
                e.text.numbers(),
                e.text.text.clone(),
            )
        })
        .collect()
}

#[test]
fn importing_the_seed_reproduces_the_committed_events() {
    let out = tempfile::tempdir().unwrap();
    let site_dir = out.path().join("site");
    annals::import::import(seed(), &site_dir, None).unwrap();
    let imported = load(&site_dir);
    let committed = load(Path::new(env!("CARGO_MANIFEST_DIR")));
    let (a, b) = (zh_events(&imported), zh_events(&committed));
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x, y);
    }
    assert_eq!(imported.sections.len(), committed.sections.len());
}

#[test]
fn import_is_deterministic_and_never_overwrites() {
    let out = tempfile::tempdir().unwrap();
    let (a, b) = (out.path().join("a"), out.path().join("b"));
    annals::import::import(seed(), &a, None).unwrap();
    annals::import::import(seed(), &b, None).unwrap();
    for entry in walkdir::WalkDir::new(&a) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(&a).unwrap();
            assert_eq!(
                std::fs::read(entry.path()).unwrap(),
                std::fs::read(b.join(rel)).unwrap()
            );
        }
    }
    let err = annals::import::import(seed(), &a, None).unwrap_err();
    let message = &err.errors().next().unwrap().message;
    assert!(message.contains("already exists"), "{message}");
}

#[test]
fn every_paragraph_and_marker_of_the_source_survives() {
    let source = std::fs::read_to_string(seed()).unwrap();
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("site");
    annals::import::import(seed(), &dir, None).unwrap();
    let mut written = String::new();
    for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "md") {
            written.push_str(&std::fs::read_to_string(entry.path()).unwrap());
        }
    }
    let count = |text: &str| text.matches('[').count();
    assert_eq!(count(&source), count(&written));
    for line in source
        .lines()
        .map(str::trim)
        .filter(|l| l.chars().count() > 24)
    {
        let escaped: String = line
            .chars()
            .flat_map(|c| {
                let esc = matches!(c, '*' | '_' | '`' | '<' | '\\');
                esc.then_some('\\').into_iter().chain(std::iter::once(c))
            })
            .collect();
        assert!(written.contains(&escaped), "paragraph lost: {line}");
    }
}

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

/// (year, month, day) of an event's start.
fn ymd(e: &annals::model::Event) -> (i32, Option<u8>, Option<u8>) {
    (e.date.start.year, e.date.start.month, e.date.start.day)
}

#[test]
fn an_english_article_imports_as_an_english_site() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("site");
    let report = annals::import::import(&fixture("northwind-en.md"), &dir, None).unwrap();
    assert_eq!(report.lang, Lang::En);
    assert_eq!(report.detection.format, annals::import::Format::Markdown);
    let site = load(&dir);
    assert_eq!(site.config.default_language, Lang::En);
    let events: Vec<_> = site.events_in(Lang::En).collect();
    let find = |date: (i32, Option<u8>, Option<u8>)| {
        events
            .iter()
            .find(|e| ymd(e) == date)
            .unwrap_or_else(|| panic!("no event on {date:?}"))
    };
    // Prose dates, a list item dated by its `### 2012` heading, and the
    // second clause packed into the same item.
    assert_eq!(find((2010, Some(9), Some(14))).text.numbers(), vec![3]);
    assert!(find((2012, Some(4), Some(3)))
        .text
        .text
        .contains("Stockholm"));
    assert_eq!(find((2012, Some(7), Some(19))).text.numbers(), vec![5]);
    assert!(find((2012, Some(10), Some(2)))
        .text
        .text
        .contains("hundredth"));
    assert!(find((2012, Some(11), None)).text.text.contains("NW-2"));
    // Each row of the dated table is an event with its column headers.
    for year in [2016, 2017] {
        let row = events
            .iter()
            .find(|e| ymd(e) == (year, None, None) && e.text.text.contains("Revenue"));
        assert!(row.is_some(), "no table row event for {year}");
    }
    assert!(events.iter().all(|e| !e.text.text.contains("Payload")));
    for e in &events {
        for leftover in [
            "wikilink",
            "fig:",
            "]]",
            "-{",
            "{{",
            "<s>",
            "<sup",
            "Official website",
        ] {
            assert!(
                !e.text.text.contains(leftover),
                "{leftover} in {}",
                e.text.text
            );
        }
    }
    let r5 = &site.references[&5];
    assert_eq!(
        r5.url.as_deref(),
        Some("https://news.example.com/northwind-funding")
    );
    assert_eq!(r5.accessed.as_deref(), Some("2019-05-03"));
    assert_eq!(site.references[&1].accessed.as_deref(), Some("3 May 2019"));
    let products = std::fs::read_to_string(dir.join("content/products.md")).unwrap();
    assert!(products.contains("| NW-1 | 30 kg | 2010 |"), "{products}");
}

/// Writes `text` as an article named `name` and imports it.
fn import_text(
    name: &str,
    text: &str,
    format: Option<annals::import::Format>,
) -> (
    tempfile::TempDir,
    std::path::PathBuf,
    annals::import::Report,
) {
    let tmp = tempfile::tempdir().unwrap();
    let article = tmp.path().join(name);
    std::fs::write(&article, text).unwrap();
    let dir = tmp.path().join("site");
    let report = annals::import::import(&article, &dir, format)
        .unwrap_or_else(|d| panic!("{:?}", d.errors().collect::<Vec<_>>()));
    (tmp, dir, report)
}

#[test]
fn dates_the_loader_rejects_are_kept_as_undated_text_and_reported() {
    let article =
        "## 历史\n\n同年，公司成立\\[1\\]。\n\n2013年2月30日，发布产品。2014年3月，上市。\n";
    let (_tmp, dir, report) = import_text("a.md", article, None);
    let site = load(&dir);
    let written = std::fs::read_to_string(dir.join("content/li-shi.md")).unwrap();
    assert!(
        written.contains("同年，公司成立[1]。 {date=none}"),
        "{written}"
    );
    assert!(
        written.contains("2013年2月30日，发布产品。 {date=none}"),
        "{written}"
    );
    let events: Vec<_> = site.events_in(Lang::Zh).collect();
    assert_eq!(events.len(), 1);
    assert_eq!(ymd(events[0]), (2014, Some(3), None));
    let lines: Vec<usize> = report
        .warnings
        .warnings()
        .map(|w| w.location.as_ref().unwrap().line)
        .collect();
    assert_eq!(lines, vec![3, 5]);
}

#[test]
fn hard_wrapped_markdown_in_a_txt_file_reads_as_markdown() {
    let article =
        "# 某公司\n\n某公司是一家公司。\n\n## 历史\n\n2023年1月，公司在北京\n成立\\[1\\]。\n";
    let (_tmp, dir, report) = import_text("article.txt", article, None);
    assert_eq!(report.detection.format, annals::import::Format::Markdown);
    assert!(report.to_string().contains("`#` headings"), "{report}");
    let site = load(&dir);
    let e = site.events_in(Lang::Zh).next().unwrap();
    assert_eq!(e.text.text, "2023年1月，公司在北京成立。");
    assert_eq!(e.text.numbers(), vec![1]);
    assert_eq!(site.sections[e.section].title(Lang::Zh), "历史");
}

#[test]
fn the_format_flag_overrides_detection() {
    let article = "某公司\n某公司是一家公司。\n历史\n2023年1月，成立[1]。\n";
    let (_tmp, _dir, report) = import_text("a.md", article, Some(annals::import::Format::Text));
    assert_eq!(report.detection.format, annals::import::Format::Text);
    assert!(report.to_string().contains("--format"), "{report}");
    assert_eq!(report.events(), 1);
    assert_eq!(report.references, 0);
}

#[test]
fn a_plain_line_holding_only_a_date_dates_the_entry_below() {
    let article = "某公司\n某公司是一家公司。\n发展历程\n2023年1月\n公司发布新品 [9]。\n";
    let (_tmp, dir, report) = import_text("a.txt", article, None);
    assert_eq!(report.detection.format, annals::import::Format::Text);
    let warned: Vec<String> = report.warnings.warnings().map(|d| d.to_string()).collect();
    assert!(
        warned
            .iter()
            .any(|w| w.contains(":5:1:") && w.contains("2023年1月")),
        "{warned:?}"
    );
    let site = load(&dir);
    let titles: Vec<&str> = site.sections.iter().map(|s| s.title(Lang::Zh)).collect();
    assert!(!titles.contains(&"2023年1月"), "{titles:?}");
    let e = site.events_in(Lang::Zh).next().unwrap();
    assert_eq!(e.date.start.iso(), "2023-01");
    assert_eq!(e.text.numbers(), vec![9]);
    assert_eq!(site.sections[e.section].title(Lang::Zh), "发展历程");
}

fn article_strategy() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    // Arbitrary text, biased towards the syntax the importer takes apart.
    let pieces = prop_oneof![
        any::<String>(),
        proptest::string::string_regex(
            "(## |### |  - |1\\. |\\| |<table><tr><td>|</td>|<p>|\\\\\\[|\\\\\\]|\\]\\]|-\\{|\\}-|\\{\\{|\\}\\}|\\{date=none\\}|\\[a\\]\\(https://x/ \"wikilink\"\\)|\\[f\\]\\(u \"fig:f\"\\)|Category:|2013-9-|2016年|7月14日|同年|，|。|；|\n){0,12}"
        )
        .unwrap(),
    ];
    proptest::collection::vec(pieces, 0..8).prop_map(|v| v.concat())
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

    /// Whatever the article, import never panics, and a site it writes loads
    /// without error.
    #[test]
    fn an_imported_site_always_loads(text in article_strategy()) {
        let tmp = tempfile::tempdir().unwrap();
        let article = tmp.path().join("a.md");
        std::fs::write(&article, &text).unwrap();
        for (i, format) in [None, Some(annals::import::Format::Text)].into_iter().enumerate() {
            let dir = tmp.path().join(format!("site{i}"));
            if annals::import::import(&article, &dir, format).is_ok() {
                let loaded = load_site(&dir, &LoadOptions::default());
                let errors: Vec<String> = loaded.diagnostics.errors().map(|d| d.to_string()).collect();
                proptest::prop_assert!(errors.is_empty(), "{}", errors.join("\n"));
            }
        }
    }
}

#[test]
fn a_packed_list_item_under_a_year_heading_gives_one_event_per_clause() {
    let article = "## 历史\n\n### 2016年\n\n  - 7月14日，甲\\[1\\]；8月2日，乙；3月5日，丙。\n  -\n\n<!-- end list -->\n\n  - 无日期的项\n      - 2017年1月，嵌套的项\\[2\\]\n";
    let (_tmp, dir, report) = import_text("a.md", article, None);
    let site = load(&dir);
    let dates: Vec<_> = site.events_in(Lang::Zh).map(ymd).collect();
    assert_eq!(
        dates,
        vec![
            (2016, Some(7), Some(14)),
            (2016, Some(8), Some(2)),
            (2016, Some(3), Some(5)),
            (2017, Some(1), None),
        ]
    );
    let shown = report.to_string();
    assert!(shown.contains("li-shi/2016-nian"), "{shown}");
    assert!(shown.contains("4 events"), "{shown}");
    let warning = report.warnings.warnings().next().unwrap();
    assert_eq!(
        warning.location.as_ref().map(|l| (l.line, l.col)),
        Some((5, 5))
    );
    assert!(warning.message.contains("2016"), "{}", warning.message);
}
