//! Criterion benchmarks of the loader's hot paths:
//!
//! - `dates/*`: `load::dates::parse_opener` on Chinese and English openers
//!   (and on clause starts that are not dates, the common case);
//! - `citations/scan`: `load::citations::scan` on a long real paragraph;
//! - `segment/*`: `load::segment::segment` of the longest paragraph of
//!   `content/history/expansion.md` (and of its English translation);
//! - `load_site/*`: `load::load_site` of a synthetic site of 1,000 events
//!   (`examples/synthetic.rs`), written to a temporary folder on tmpfs;
//! - `render/*`: one page of the repository's DeepSeek site rendered by
//!   `render::Prepared` (an event page, a month page);
//! - `search/index`: `render::search::index` of the DeepSeek site's 448
//!   documents.
//!
//! `cargo bench --bench hot_paths` runs them in well under two minutes.
//! See docs/benchmarks.md for results.

use annals::load::dates::{self, DateContext};
use annals::load::{citations, load_site, segment, LoadOptions};
use annals::model::Lang;
use annals::render::{assets::Assets, search, Prepared};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

#[allow(dead_code)]
#[path = "../examples/synthetic.rs"]
mod synthetic;

const EXPANSION_ZH: &str = include_str!("../content/history/expansion.md");
const EXPANSION_EN: &str = include_str!("../content/history/expansion.en.md");

/// Chinese texts at clause starts: openers of every common form, then
/// clause starts that hold no date.
const ZH_OPENERS: &[&str] = &[
    "2025年1月27日，DeepSeek应用登顶苹果App Store中国区免费榜。",
    "2月5日，DeepSeek-R1、V3、Coder等系列模型已陆续上线国家超算互联网平台。",
    "同日，吉利汽车宣布其自研的星睿大模型与DeepSeek R1大模型已完成深度融合。",
    "2025年2月上旬，多家云厂商宣布上线DeepSeek模型。",
    "2025年2月6日19时46分，DeepSeek在官方公号发文称。",
    "当地时间2025年1月27日晚，英伟达股价大跌。",
    "截至2月9日，DeepSeek应用的累计下载量已超1.1亿次。",
    "2月6日消息，中国电信宣布全面接入DeepSeek。",
    "2024年1月5日至6月，公司陆续发布多个模型。",
    "二〇二五年一月二十日，DeepSeek正式发布DeepSeek-R1模型。",
];
const ZH_NOT_DATES: &[&str] = &[
    "DeepSeek在1月28日的日活跃用户数首次超过豆包。",
    "对此官方声明称，当前服务器资源紧张。",
    "这一举措被视为公司战略的重要转折点，业内分析人士认为。",
];
const EN_OPENERS: &[&str] = &[
    "On 27 January 2025, the DeepSeek app topped the App Store.",
    "On January 27, 2025, DeepSeek released Janus-Pro.",
    "In early February 2025, several cloud providers added DeepSeek models.",
    "On the evening of 27 January 2025, Nvidia shares fell.",
    "On the same day, Geely announced a deep integration with DeepSeek R1.",
    "As of 9 February, the DeepSeek app had been downloaded 110 million times.",
    "From 5 January to June 2024, the company released several models.",
    "2025-01-27, the app reached first place.",
    "That month, DeepSeek paused API top-ups.",
    "On 6 February 2025 at 19:46, DeepSeek posted a statement.",
];
const EN_NOT_DATES: &[&str] = &[
    "The company announced a new round of funding led by existing investors.",
    "Analysts noted that the move follows months of speculation.",
    "In response, the ministry said that China protects data privacy.",
];

/// A context as the segmenter leaves it after `2025年1月27日` / `27 January
/// 2025`: what relative and year-less dates are read against.
fn context(lang: Lang) -> DateContext {
    let mut ctx = DateContext::default();
    let first = match lang {
        Lang::Zh => "2025年1月27日，发布。",
        Lang::En => "On 27 January 2025, it was released.",
    };
    let seg = segment::segment(lang, first, &mut ctx);
    assert_eq!(seg.entries.len(), 1, "the context paragraph is one entry");
    ctx
}

/// The longest paragraph of a Markdown file (front matter skipped).
fn longest_paragraph(markdown: &str) -> &str {
    let body = markdown
        .strip_prefix("---")
        .and_then(|rest| rest.split_once("\n---").map(|(_, body)| body))
        .unwrap_or(markdown);
    body.split("\n\n")
        .map(str::trim)
        .max_by_key(|p| p.len())
        .unwrap_or("")
}

fn bench_dates(c: &mut Criterion) {
    let mut group = c.benchmark_group("dates");
    for (lang, openers, not_dates) in [
        (Lang::Zh, ZH_OPENERS, ZH_NOT_DATES),
        (Lang::En, EN_OPENERS, EN_NOT_DATES),
    ] {
        let ctx = context(lang);
        for text in openers {
            assert!(
                matches!(dates::parse_opener(lang, text, &ctx), Some(Ok(_))),
                "not parsed as a date: {text}"
            );
        }
        for text in not_dates {
            assert!(
                dates::parse_opener(lang, text, &ctx).is_none(),
                "parsed as a date: {text}"
            );
        }
        group.throughput(Throughput::Elements(openers.len() as u64));
        group.bench_function(BenchmarkId::new("parse_opener", lang), |b| {
            b.iter(|| {
                for text in openers {
                    black_box(dates::parse_opener(lang, black_box(text), &ctx));
                }
            })
        });
        group.throughput(Throughput::Elements(not_dates.len() as u64));
        group.bench_function(BenchmarkId::new("not_a_date", lang), |b| {
            b.iter(|| {
                for text in not_dates {
                    black_box(dates::parse_opener(lang, black_box(text), &ctx));
                }
            })
        });
    }
    group.finish();
}

fn bench_text(c: &mut Criterion) {
    let zh = longest_paragraph(EXPANSION_ZH);
    let en = longest_paragraph(EXPANSION_EN);
    let mut group = c.benchmark_group("citations");
    group.throughput(Throughput::Bytes(zh.len() as u64));
    group.bench_function("scan/zh", |b| b.iter(|| citations::scan(black_box(zh))));
    group.throughput(Throughput::Bytes(en.len() as u64));
    group.bench_function("scan/en", |b| b.iter(|| citations::scan(black_box(en))));
    group.finish();

    let mut group = c.benchmark_group("segment");
    for (lang, text) in [(Lang::Zh, zh), (Lang::En, en)] {
        let entries = segment::segment(lang, text, &mut DateContext::default())
            .entries
            .len();
        assert!(entries > 1, "the {lang} paragraph holds {entries} entries");
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(BenchmarkId::from_parameter(lang), |b| {
            b.iter(|| {
                let mut ctx = DateContext::default();
                segment::segment(lang, black_box(text), &mut ctx)
            })
        });
    }
    group.finish();
}

fn bench_load(c: &mut Criterion) {
    const N: usize = 1000;
    let shm = Path::new("/dev/shm");
    let dir = if shm.is_dir() {
        tempfile::tempdir_in(shm)
    } else {
        tempfile::tempdir()
    }
    .expect("a temporary folder");
    let events = synthetic::make_events(N, 20261128);
    let written = synthetic::write_annals(dir.path(), &events).expect("the synthetic site");
    let options = LoadOptions::default();
    let loaded = load_site(dir.path(), &options);
    let site = loaded.site.expect("the synthetic site loads");
    assert!(
        !loaded.diagnostics.has_errors(),
        "the synthetic site has errors"
    );
    assert_eq!(site.events.len(), 2 * N);
    assert!(site.events.iter().all(|e| e.counterpart.is_some()));

    let mut group = c.benchmark_group("load_site");
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(5));
    group.throughput(Throughput::Bytes(written.bytes as u64));
    group.bench_function(BenchmarkId::new("synthetic", N), |b| {
        b.iter(|| load_site(black_box(dir.path()), &options))
    });
    group.finish();
}

fn bench_render(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = Arc::new(
        load_site(root, &LoadOptions::default())
            .site
            .expect("the DeepSeek site loads"),
    );
    let assets = Arc::new(Assets::load(root).expect("the built-in templates"));
    let prepared = Prepared::new(Arc::clone(&site), assets).expect("templates compile");
    let mut group = c.benchmark_group("render");
    for (name, file) in [
        ("event_page", "zh/events/deepseek-v3-launch/index.html"),
        ("month_page", "zh/dates/2025/02/index.html"),
    ] {
        let size = prepared
            .render_file(file)
            .expect("a page")
            .expect("renders")
            .len();
        group.throughput(Throughput::Bytes(size as u64));
        group.bench_function(name, |b| b.iter(|| prepared.render_file(black_box(file))));
    }
    group.finish();

    let docs = search::documents(&site);
    let mut group = c.benchmark_group("search");
    group.throughput(Throughput::Elements(docs.events.len() as u64));
    group.bench_function("index", |b| b.iter(|| search::index(black_box(&docs))));
    group.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(50)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
}

criterion_group! {
    name = benches;
    config = config();
    targets = bench_dates, bench_text, bench_load, bench_render
}
criterion_main!(benches);
