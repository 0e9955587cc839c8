//! Inputs far larger or deeper than any real article: they must load without
//! a panic or a stack overflow, give the right answer, and take time that
//! grows linearly with their size.
//!
//! The sites here have one language (`languages: [zh]`) so that every
//! diagnostic would be a real problem, and the tests assert there is none.

use annals::load::{load_site, LoadOptions, Loaded};
use annals::model::Site;
use std::fs;
use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The tests of this file run one at a time: the linearity check times the
/// loader, and must not share the machine's two cores with a 10 MB load.
static HEAVY: Mutex<()> = Mutex::new(());

fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    HEAVY.lock().unwrap_or_else(|e| e.into_inner())
}

/// A one-language site in a temporary folder, with `files` under content/.
fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    fs::create_dir_all(&content).unwrap();
    fs::write(content.join("site.yaml"), "title: 测试\nlanguages: [zh]\n").unwrap();
    for (name, text) in files {
        let path = content.join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    dir
}

fn section(body: &str) -> String {
    format!("---\ntitle: 大事记\n---\n\n{body}\n")
}

/// Loads and insists on a clean result.
fn load_clean(root: &Path) -> Site {
    let Loaded { site, diagnostics } = load_site(root, &LoadOptions::default());
    let shown: Vec<String> = diagnostics
        .items
        .iter()
        .take(5)
        .map(|d| d.to_string())
        .collect();
    assert!(diagnostics.items.is_empty(), "{}", shown.join("\n"));
    site.unwrap()
}

/// Entry `i` of a long history: a full date every 28th entry, then dates
/// that inherit the year (`2月5日`) or say `同日`, as articles do. Each cites
/// one reference.
fn entry(i: usize) -> String {
    let (year, month, day) = (1900 + i / 336, (i / 28) % 12 + 1, i % 28 + 1);
    let date = match i % 28 {
        0 => format!("{year}年{month}月{day}日"),
        _ => format!("{month}月{day}日"),
    };
    format!(
        "{date}，某公司发布新版本，并在其官方网站上公布了技术报告和评测结果 [{}]。",
        i % 300 + 1
    )
}

/// `count` entries, `per_paragraph` to a paragraph (0: all in one).
fn history(count: usize, per_paragraph: usize) -> String {
    let mut body = String::with_capacity(count * 120);
    for i in 0..count {
        if per_paragraph > 0 && i > 0 && i % per_paragraph == 0 {
            body.push_str("\n\n");
        }
        body.push_str(&entry(i));
    }
    body
}

#[test]
fn a_ten_megabyte_section_loads() {
    let _turn = one_at_a_time();
    let mut count = 0;
    let mut body = String::new();
    while body.len() < 10 * 1024 * 1024 {
        // Paragraphs of four entries, and a list now and then.
        for j in 0..4 {
            body.push_str(&entry(count + j));
        }
        body.push_str("\n\n- ");
        body.push_str(&entry(count + 4));
        body.push_str("\n\n");
        count += 5;
    }
    let dir = site(&[("a.md", &section(&body))]);
    let site = load_clean(dir.path());
    assert_eq!(site.events.len(), count);
    let last = site.events.last().unwrap();
    let expected_line = 5 + 4 * (count / 5 - 1) + 2;
    assert_eq!((last.source.line, last.source.col), (expected_line, 3));
    assert_eq!(last.text.numbers(), vec![((count - 1) % 300 + 1) as u32]);
}

#[test]
fn a_paragraph_with_100000_citation_markers_loads() {
    let _turn = one_at_a_time();
    let markers: Vec<String> = (1..=100_000).map(|n| format!("[{n}]")).collect();
    // Runs separated by spaces and by NBSP, as encyclopedias print them.
    let body = format!(
        "2025年1月27日，某公司发布模型 {}。 {}",
        markers[..50_000].join(" "),
        markers[50_000..].join("\u{a0}")
    );
    let dir = site(&[("a.md", &section(&body))]);
    let site = load_clean(dir.path());
    assert_eq!(site.events.len(), 1);
    let numbers = site.events[0].text.numbers();
    assert_eq!(numbers.len(), 100_000);
    assert_eq!(numbers.first(), Some(&1));
    assert_eq!(numbers.last(), Some(&100_000));
    assert_eq!(site.events[0].text.text, "2025年1月27日，某公司发布模型。");
}

#[test]
fn folders_nested_fifty_deep_load() {
    let _turn = one_at_a_time();
    let mut files = Vec::new();
    let mut dir = String::new();
    for level in 1..=50 {
        dir.push_str(&format!("level-{level}/"));
        let body = format!("2025年1月{}日，第{level}层的事件 [1]。", level % 28 + 1);
        files.push((format!("{dir}_index.md"), section(&body)));
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let root = site(&refs);
    let site = load_clean(root.path());
    assert_eq!(site.sections.len(), 50);
    assert_eq!(site.events.len(), 50);
    let deepest = site.sections.iter().map(|s| s.path.len()).max();
    assert_eq!(deepest, Some(50));
    assert_eq!(site.sections[49].path.last().unwrap(), "level-50");
}

/// Ten thousand levels of nesting in one Markdown file: the Markdown
/// parser and the loader must not recurse per level (a test thread has a
/// small stack, so a recursion this deep would overflow it).
#[test]
fn markdown_nested_ten_thousand_deep_loads() {
    let _turn = one_at_a_time();
    let text = "2025年1月1日，最深处的事件 [1]。";
    let lists = format!("{}{text}", "- ".repeat(10_000));
    let quotes = format!("{}{text}", "> ".repeat(10_000));
    let mixed = format!("{}{text}", "> - ".repeat(5_000));
    let ordered = format!("{}{text}", "1. ".repeat(10_000));
    for body in [lists, quotes, mixed, ordered] {
        let dir = site(&[("a.md", &section(&body))]);
        let loaded = load_site(dir.path(), &LoadOptions::default());
        let site = loaded.site.unwrap();
        // However the parser caps the nesting, the text is still there.
        let texts: Vec<&str> = site.events.iter().map(|e| e.text.text.as_str()).collect();
        assert!(
            texts.iter().any(|t| t.contains("最深处的事件")),
            "{:?}",
            &body[..20]
        );
    }
}

/// Loads the site once and returns how long that took.
fn time_load(root: &Path, expected_events: usize) -> Duration {
    let start = Instant::now();
    let loaded = load_site(root, &LoadOptions::default());
    let elapsed = start.elapsed();
    let site = loaded.site.unwrap();
    assert_eq!(loaded.diagnostics.items.first(), None);
    assert_eq!(site.events.len(), expected_events);
    elapsed
}

/// Linear time, checked without trusting a clock too far.
///
/// A fixed time limit would fail on a slow or busy CI machine and pass a
/// quadratic loader on a fast one. Counting work would be exact, but only
/// counts what the loader was instrumented to count, and the super-linear
/// bugs this test was written against were uninstrumented loops (locating
/// each entry by rescanning the file from its start; looking up citation
/// runs and numbers by linear search); counting allocations misses them too,
/// since they allocate nothing. So each shape of input is loaded at two
/// sizes, eight times apart, and the ratio of the times is compared: a
/// linear loader gives about 8 (a little more with n log n maps and caches),
/// a quadratic one about 64, and the two bugs above gave 40 and more at
/// these sizes. The limit, 24, leaves a factor of three for noise on one
/// side and catches quadratic growth on the other. A machine's speed cancels
/// out of the ratio; noise is damped by taking the best of up to three
/// runs of each size, and the entry and marker counts are asserted on every
/// run so the work done is known to be the same each time.
#[test]
fn loading_time_grows_linearly() {
    let _turn = one_at_a_time();
    const RATIO_LIMIT: f64 = 24.0;
    const SCALE: usize = 8;
    type Shape = fn(usize) -> (Vec<(String, String)>, usize);
    let shapes: [(&str, usize, Shape); 4] = [
        ("paragraphs of entries", 3_000, |n| {
            (vec![("a.md".into(), section(&history(n, 4)))], n)
        }),
        ("one paragraph of entries", 3_000, |n| {
            (vec![("a.md".into(), section(&history(n, 0)))], n)
        }),
        ("one entry with many markers", 12_000, |n| {
            let markers: Vec<String> = (1..=n).map(|i| format!("[{i}]")).collect();
            let body = format!("2025年1月27日，发布 {}。", markers.join(" "));
            (vec![("a.md".into(), section(&body))], 1)
        }),
        ("many sections", 250, |n| {
            // Each section dated in full: a section inherits no year.
            let files = (0..n)
                .map(|i| (format!("s{i}.md"), section(&entry(i * 28))))
                .collect();
            (files, n)
        }),
    ];
    for (name, small, shape) in shapes {
        let build = |n: usize| {
            let (files, events) = shape(n);
            let refs: Vec<(&str, &str)> = files
                .iter()
                .map(|(p, t)| (p.as_str(), t.as_str()))
                .collect();
            (site(&refs), events)
        };
        let (small_site, small_events) = build(small);
        let (large_site, large_events) = build(small * SCALE);
        let mut best_small = Duration::MAX;
        let mut best_large = Duration::MAX;
        let mut ratio = f64::INFINITY;
        for _ in 0..3 {
            best_small = best_small.min(time_load(small_site.path(), small_events));
            best_large = best_large.min(time_load(large_site.path(), large_events));
            ratio = best_large.as_secs_f64() / best_small.as_secs_f64().max(1e-6);
            // Retry only a near miss: noise can double a time, not
            // make a linear loader look quadratic.
            if !(RATIO_LIMIT..2.0 * RATIO_LIMIT).contains(&ratio) {
                break;
            }
        }
        eprintln!("{name}: {best_small:?} -> {best_large:?}, ratio {ratio:.1}");
        assert!(
            ratio < RATIO_LIMIT,
            "{name}: {SCALE} times the input took {ratio:.1} times as long \
             ({best_small:?} -> {best_large:?}); the loader is not linear"
        );
    }
}

// ---- small files that used to grow without bound -------------------------

/// What a build of the attacks below may use: the address space of the
/// child (`setrlimit(RLIMIT_AS)`), so a blow-up ends it with an allocation
/// failure instead of filling the machine. A clean small site builds in
/// about 30 MiB of it.
#[cfg(target_os = "linux")]
const MEMORY_CAP: u64 = 100 << 20;

/// `annals build` of the site at `root`, in a child under [`MEMORY_CAP`].
#[cfg(target_os = "linux")]
fn build_capped(root: &Path) -> std::process::Output {
    use std::os::unix::process::CommandExt;
    let mut build = std::process::Command::new(env!("CARGO_BIN_EXE_annals"));
    build
        .arg("--root")
        .arg(root)
        .arg("build")
        .arg("--out")
        .arg(root.join("public"))
        // The cap is on address space, and each thread reserves a stack and
        // glibc a 64 MiB malloc arena per thread: pinned, so the cap means
        // the same on a 2-core laptop and a 64-core CI runner.
        .env("RAYON_NUM_THREADS", "2")
        .env("MALLOC_ARENA_MAX", "2")
        // mimalloc reserves its arenas in growing steps; under the cap one
        // such step failed about one build in fifteen (56 of 60 built) even
        // though the build needs some 65 MiB. Steps of 16 MiB: 100 of 100.
        .env("MIMALLOC_ARENA_RESERVE", "16MiB");
    // SAFETY: the hook runs in the forked child before exec; it only calls
    // setrlimit, which is async-signal-safe, and allocates nothing.
    unsafe {
        build.pre_exec(|| {
            let cap = libc::rlimit {
                rlim_cur: MEMORY_CAP,
                rlim_max: MEMORY_CAP,
            };
            match libc::setrlimit(libc::RLIMIT_AS, &cap) {
                0 => Ok(()),
                _ => Err(std::io::Error::last_os_error()),
            }
        });
    }
    build.output().expect("the annals binary runs")
}

/// Builds `root` under the cap and insists the build ended with the content
/// error `expected` (exit 1), not a crash.
#[cfg(target_os = "linux")]
fn fails_within_the_cap(root: &Path, expected: &str) {
    let o = build_capped(root);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{:?}: {stderr}", o.status);
    assert!(stderr.contains(expected), "{stderr}");
}

/// A 1 MiB value anchored once and repeated by 6,000 aliases: 6 GB once
/// expanded, from a 1 MB file.
#[cfg(target_os = "linux")]
#[test]
fn a_megabyte_of_yaml_aliases_fails_within_the_memory_cap() {
    let _turn = one_at_a_time();
    let value = "A".repeat(1 << 20);
    let aliases = ", *s".repeat(6000);
    let refs: String = (2..5002).map(|n| format!("{n}: *r\n")).collect();
    let i18n: String = (0..6000).map(|n| format!("k{n}: *s\n")).collect();
    for (file, text) in [
        (
            "content/site.yaml",
            format!("title: 测试\nlanguages: [zh]\ncompany_names: [&s \"{value}\"{aliases}]\n"),
        ),
        (
            "content/products.yaml",
            format!("- id: a\n  name: &s \"{value}\"\n  aliases: [*s{aliases}]\n"),
        ),
        (
            "content/references.yaml",
            format!("1: &r {{title: \"{value}\"}}\n{refs}"),
        ),
        ("templates/i18n.yaml", format!("a: &s \"{value}\"\n{i18n}")),
    ] {
        let dir = site(&[("a.md", &section("2025年1月1日，甲事件 [1]。"))]);
        let path = dir.path().join(file);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, text).unwrap();
        fails_within_the_cap(
            dir.path(),
            "the aliases (`*name`) of the file repeat more than 1 MiB of text",
        );
    }
}

/// One entry citing `[1-500]` 1,000 times (7 KB) made 84 MB pages and 1 GB
/// of memory; 10,000 times (70 KB), an abort. The widest range allowed,
/// written as often, is stopped by the bound on a paragraph's ranges.
#[cfg(target_os = "linux")]
#[test]
fn a_citation_range_written_a_thousand_times_fails_within_the_memory_cap() {
    let _turn = one_at_a_time();
    let refs: String = (1..=500).map(|n| format!("{n}: {{}}\n")).collect();
    for (range, expected) in [
        (
            "[1-500]",
            "citation range `1-500` spans more than 50 references",
        ),
        (
            "[1-50]",
            "citation ranges in this paragraph stand for more than 100 numbers",
        ),
    ] {
        for times in [1_000, 10_000] {
            let ranges = range.repeat(times);
            let dir = site(&[
                ("a.md", &section(&format!("2025年1月1日，甲事件{ranges}"))),
                ("references.yaml", &refs),
            ]);
            fails_within_the_cap(dir.path(), expected);
        }
    }
}

/// What the bounds let through: each of 200 paragraphs (10 KB) cites two
/// of the widest ranges, the most a paragraph may. It builds, within the
/// cap.
#[cfg(target_os = "linux")]
#[test]
fn the_widest_ranges_the_bound_allows_build_within_the_memory_cap() {
    let _turn = one_at_a_time();
    let refs: String = (1..=500).map(|n| format!("{n}: {{}}\n")).collect();
    let body: String = (0..200)
        .map(|i| format!("2025年1月{}日，甲事件 [1-50] [1-50]。\n\n", i % 28 + 1))
        .collect();
    let dir = site(&[("a.md", &section(&body)), ("references.yaml", &refs)]);
    let o = build_capped(dir.path());
    assert!(
        o.status.success(),
        "{:?}: {}",
        o.status,
        String::from_utf8_lossy(&o.stderr)
    );
}
