//! The repository's own content, imported from the DeepSeek article in
//! `../shared/seed/`, loads cleanly and yields the article's dated entries
//! with their dates and citations.

use annals::load::{load_site, LoadOptions};
use annals::model::{Lang, Qualifier, Site};
use std::path::Path;

fn repo_site() -> Site {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let loaded = load_site(root, &LoadOptions::default());
    let errors: Vec<String> = loaded.diagnostics.errors().map(|d| d.to_string()).collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    loaded.site.expect("the repository's site loads")
}

/// (text the entry starts with, ISO start, ISO end, citations, qualifiers)
type Expected = (
    &'static str,
    &'static str,
    Option<&'static str>,
    &'static [u32],
    &'static [Qualifier],
);

/// One entry for every date form the article uses.
const ENTRIES: &[Expected] = &[
    (
        "2024年1月5日至6月，相继发布",
        "2024-01-05",
        Some("2024-06"),
        &[9],
        &[],
    ),
    (
        "12月26日，正式上线DeepSeek-V3",
        "2024-12-26",
        None,
        &[1, 2],
        &[],
    ),
    (
        "2月6日消息，澳大利亚政府",
        "2025-02-06",
        None,
        &[68],
        &[Qualifier::Reported],
    ),
    (
        "截至2月9日，DeepSeek App",
        "2025-02-09",
        None,
        &[154],
        &[Qualifier::AsOf],
    ),
    (
        "同月，一份关于DeepSeek发布历程",
        "2024-12",
        None,
        &[8],
        &[Qualifier::Relative],
    ),
    ("2025年1月下旬，DeepSeek的R1", "2025-01", None, &[12], &[]),
    (
        "1月27日晚，DeepSeek服务再次",
        "2025-01-27",
        None,
        &[21],
        &[],
    ),
    (
        "当地时间2025年1月27日，纳斯达克",
        "2025-01-27",
        None,
        &[25],
        &[Qualifier::LocalTime],
    ),
    (
        "2025年1月27日晚至1月28日凌晨，DeepSeek于服务状态页面",
        "2025-01-27",
        Some("2025-01-28"),
        &[139, 23],
        &[],
    ),
    (
        "2025年1月28日凌晨，DeepSeek在GitHub",
        "2025-01-28",
        None,
        &[24],
        &[],
    ),
    (
        "2025年2月6日19时46分，DeepSeek在官方公号",
        "2025-02-06",
        None,
        &[74, 75],
        &[],
    ),
    (
        "2月11消息，若羽臣",
        "2025-02-11",
        None,
        &[103],
        &[Qualifier::Reported],
    ),
    (
        "2月16日的不久前，位于湖南",
        "2025-02-16",
        None,
        &[133],
        &[Qualifier::ShortlyBefore],
    ),
    (
        "2月16日，针对之前有消息称",
        "2025-02-16",
        None,
        &[122, 143],
        &[],
    ),
    (
        "2025年2月21日午间，DeepSeek团队",
        "2025-02-21",
        None,
        &[157],
        &[],
    ),
    (
        "同日下午，DeepSeek在其API",
        "2025-02-26",
        None,
        &[177],
        &[Qualifier::Relative],
    ),
    (
        "2月27日10点5分，DeepSeek发布",
        "2025-02-27",
        None,
        &[179],
        &[],
    ),
    (
        "2025年2月上旬，据国内AI产品榜",
        "2025-02",
        None,
        &[137, 79],
        &[],
    ),
    (
        "2025年2月中旬，广州市老年干部大学",
        "2025-02",
        None,
        &[128],
        &[],
    ),
    ("2025年，在苹果手机应用商店", "2025", None, &[66], &[]),
    ("4月，酷狗音乐宣布", "2025-04", None, &[233], &[]),
    ("2025年2月16日新闻联播报道", "2025-02-16", None, &[123], &[]),
    (
        "截至2025年3月16日，在DeepSeek问世",
        "2025-03-16",
        None,
        &[221],
        &[Qualifier::AsOf],
    ),
    (
        "2月12日行业首发量产搭载上市",
        "2025-02-12",
        None,
        &[91],
        &[],
    ),
];

#[test]
fn every_date_form_of_the_article_is_read_correctly() {
    let site = repo_site();
    for (start, iso, end, cites, qualifiers) in ENTRIES {
        let e = site
            .events_in(Lang::Zh)
            .find(|e| e.text.text.starts_with(start))
            .unwrap_or_else(|| panic!("no event starts with {start}"));
        assert_eq!(e.date.start.iso(), *iso, "{start}");
        assert_eq!(e.date.end.map(|d| d.iso()).as_deref(), *end, "{start}");
        assert_eq!(e.text.numbers(), cites.to_vec(), "{start}");
        for q in *qualifiers {
            assert!(e.date.has(*q), "{start}: {q:?} in {:?}", e.date.qualifiers);
        }
    }
}

#[test]
fn dates_inside_sentences_open_no_entry() {
    let site = repo_site();
    let zh: Vec<_> = site.events_in(Lang::Zh).collect();
    // "DeepSeek在1月28日的日活跃用户数……" stays inside the QuestMobile entry.
    assert!(zh.iter().any(|e| e
        .text
        .text
        .contains("DeepSeek在1月28日的日活跃用户数首次超越豆包")
        && e.date.start.iso() == "2025-02-08"));
    assert!(!zh.iter().any(|e| e.text.text.starts_with("1月28日的")));
    // "……DeepSeek回应称：1月26日下午DeepSeek确实出现了局部服务波动" is one entry.
    assert!(!zh.iter().any(|e| e.text.text.starts_with("1月26日下午")));
    // Clock times alone open nothing: 21点05分 stays in the 1月27日 entry.
    assert!(zh
        .iter()
        .any(|e| e.text.text.contains("21点05分，DeepSeek更新称") && e.text.numbers() == vec![22]));
}

#[test]
fn every_event_is_dated_and_placed() {
    let site = repo_site();
    assert!(site.events_in(Lang::Zh).count() >= 220);
    for e in &site.events {
        e.date.start.validate().unwrap();
        assert!(
            e.date.start.year >= 2023 && e.date.start.year <= 2025,
            "{:?}",
            e.date
        );
        assert!(e.source.line > 0);
        assert!(!site.section_titles(e.section, e.lang).is_empty());
    }
}

#[test]
fn every_product_is_mentioned_by_its_release_event() {
    let site = repo_site();
    assert!(site.products.len() >= 18);
    for p in &site.products {
        let Some(released) = &p.released else {
            continue;
        };
        for lang in Lang::ALL {
            assert!(
                site.events_in(lang).any(|e| e.date.start.iso() == *released
                    && e.same_as.is_none()
                    && e.products.contains(&p.id)),
                "{} ({released}) has no {lang} release event mentioning it",
                p.id
            );
        }
    }
}

#[test]
fn both_languages_are_complete() {
    let site = repo_site();
    for lang in Lang::ALL {
        for e in site.events_in(lang) {
            let c = e
                .counterpart
                .unwrap_or_else(|| panic!("unpaired: {:?}", e.source));
            assert_eq!(site.events[c].id, e.id);
            assert_eq!(site.events[c].text.numbers().len(), e.text.numbers().len());
        }
    }
    for section in &site.sections {
        assert_eq!(section.texts.len(), 2, "{:?}", section.path);
    }
    let cited = site.cited_numbers();
    assert!(cited.iter().all(|n| site.references.contains_key(n)));
}
