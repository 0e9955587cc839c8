//! Recall and precision of dated entries against gold files written by hand.
//!
//! Each `tests/fixtures/gold/NAME.tsv` lists the dated entries a careful
//! reader marks in one article, read from the article itself (never from
//! annals' output): the article is `tests/fixtures/gold/NAME.txt` (a
//! Baike-style article written for these tests) or the corpus's
//! `wiki_zh/NAME.md`. Columns, tab-separated:
//!
//! `line  date-as-written  start  end  precision  citations  cue`
//!
//! `line` is the article's line; `start` and `end` are `YYYY[-MM[-DD]]`
//! (`-` for no end); `precision` is the name `annals events` prints;
//! `citations` is a comma list (`-` for none); `cue` is a few characters of
//! the entry's own text that no other entry of that date shares, or `-` when
//! the date and citations alone single the entry out. An event found by
//! annals matches a gold entry when its text holds the cue and its date and
//! citations are the gold's. Recall is matched gold entries over gold
//! entries, precision matched events over all events.
//!
//! Each article is a test asserting recall and precision of at least 0.95;
//! `cargo test --test gold -- --include-ignored --nocapture --test-threads 1`
//! prints both and every miss, per article.

use annals::export::record;
use annals::import::import;
use annals::load::{load_site, LoadOptions};
use annals::model::Lang;
use std::path::{Path, PathBuf};

struct Gold {
    line: String,
    written: String,
    start: String,
    end: Option<String>,
    precision: String,
    citations: Vec<u32>,
    cue: String,
}

struct Found {
    start: String,
    end: Option<String>,
    precision: String,
    citations: Vec<u32>,
    text: String,
}

impl Found {
    fn matches(&self, g: &Gold) -> bool {
        (g.cue == "-" || self.text.contains(&g.cue))
            && self.start == g.start
            && self.end == g.end
            && self.precision == g.precision
            && self.citations == g.citations
    }
}

fn gold_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/gold")
}

fn corpus_dir() -> PathBuf {
    std::env::var_os("ANNALS_CORPUS").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/wiki_zh"),
        PathBuf::from,
    )
}

fn read_gold(path: &Path) -> Vec<Gold> {
    let text = std::fs::read_to_string(path).unwrap();
    let at = |n: usize| format!("{}:{}", path.display(), n + 1);
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(n, l)| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 7, "{}: seven tab-separated columns", at(n));
            let citations = if f[5] == "-" {
                Vec::new()
            } else {
                f[5].split(',')
                    .map(|c| c.trim().parse().unwrap_or_else(|_| panic!("{}", at(n))))
                    .collect()
            };
            Gold {
                line: f[0].to_string(),
                written: f[1].to_string(),
                start: f[2].to_string(),
                end: (f[3] != "-").then(|| f[3].to_string()),
                precision: f[4].to_string(),
                citations,
                cue: f[6].to_string(),
            }
        })
        .collect()
}

fn events(article: &Path, dir: &Path) -> Vec<Found> {
    if let Err(d) = import(article, dir, None) {
        let errors: Vec<String> = d.errors().map(|d| d.to_string()).collect();
        panic!("{}: {}", article.display(), errors.join("\n"));
    }
    let loaded = load_site(dir, &LoadOptions::default());
    let site = loaded.site.expect("the imported site loads");
    site.events_in(Lang::Zh)
        .map(|e| {
            let r = record(&site, e);
            let precision = serde_json::to_value(r.date.precision).unwrap();
            Found {
                start: r.date.start,
                end: r.date.end,
                precision: precision.as_str().unwrap().to_string(),
                citations: r.citations,
                text: r.text.to_string(),
            }
        })
        .collect()
}

/// Matches each gold entry to at most one event and each event to at most
/// one entry; returns how many matched and prints the misses.
fn score(name: &str, gold: &[Gold], found: &[Found]) -> usize {
    let mut used = vec![false; found.len()];
    let mut matched = 0;
    for g in gold {
        match (0..found.len()).find(|&i| !used[i] && found[i].matches(g)) {
            Some(i) => {
                used[i] = true;
                matched += 1;
            }
            None => {
                let near: Vec<String> = found
                    .iter()
                    .filter(|f| f.text.contains(&g.cue) || (g.cue == "-" && f.start == g.start))
                    .map(|f| format!("{} {:?} {} {:?}", f.start, f.end, f.precision, f.citations))
                    .collect();
                println!(
                    "  miss {name}:{} {} (want {} {:?} {} {:?}; events with the cue: {})",
                    g.line,
                    g.written,
                    g.start,
                    g.end,
                    g.precision,
                    g.citations,
                    if near.is_empty() {
                        "none".to_string()
                    } else {
                        near.join(" | ")
                    }
                );
            }
        }
    }
    for (f, _) in found.iter().zip(&used).filter(|(_, u)| !**u) {
        let head: String = f.text.chars().take(40).collect();
        println!("  extra {name}: {} {} {head}", f.start, f.precision);
    }
    matched
}

/// Scores one article against its gold file, prints the numbers and the
/// misses, and asserts recall and precision of at least 0.95.
fn check(name: &str) {
    let tsv = gold_dir().join(format!("{name}.tsv"));
    let own = gold_dir().join(format!("{name}.txt"));
    let article = if own.is_file() {
        own
    } else {
        corpus_dir().join(format!("{name}.md"))
    };
    let gold = read_gold(&tsv);
    assert!(!gold.is_empty(), "{}: no entries", tsv.display());
    let tmp = tempfile::tempdir().unwrap();
    let found = events(&article, tmp.path());
    let matched = score(name, &gold, &found);
    let recall = matched as f64 / gold.len() as f64;
    let precision = matched as f64 / found.len().max(1) as f64;
    println!(
        "{name}: recall {matched}/{} = {recall:.3}, precision {matched}/{} = {precision:.3}",
        gold.len(),
        found.len(),
    );
    assert!(recall >= 0.95, "{name}: recall {recall:.3} is below 0.95");
    assert!(
        precision >= 0.95,
        "{name}: precision {precision:.3} is below 0.95"
    );
}

#[test]
fn every_gold_file_has_its_test() {
    let mut names: Vec<String> = std::fs::read_dir(gold_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "tsv"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["ctrip", "kingsoft", "lanjing", "netease", "qihoo360", "qingshan", "xinghe", "yunfan"]
    );
}

#[test]
fn kingsoft() {
    check("kingsoft");
}

#[test]
fn ctrip() {
    check("ctrip");
}

#[test]
fn qihoo360() {
    check("qihoo360");
}

#[test]
fn lanjing() {
    check("lanjing");
}

#[test]
fn netease() {
    check("netease");
}

#[test]
fn qingshan() {
    check("qingshan");
}

#[test]
fn xinghe() {
    check("xinghe");
}

#[test]
fn yunfan() {
    check("yunfan");
}
