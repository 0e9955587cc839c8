//! The search index of the repository's own site (the DeepSeek history),
//! read back the way `search.js` reads it: the shard files are parsed, the
//! postings of a query's grams intersected, the candidates' text checked.
//! Expectations come from `events.json`, independently of the index.

mod common;

use annals::model::Lang;
use annals::render::search::{self, Doc};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn build(out: &Path) {
    common::build_ok(Path::new(env!("CARGO_MANIFEST_DIR")), out);
}

/// The JSON inside `annalsSearch.KIND(N,` … `);`.
fn payload(text: &str, kind: &str, n: usize) -> Value {
    let head = format!("annalsSearch.{kind}({n},");
    let body = text
        .strip_prefix(&head)
        .and_then(|t| t.trim_end().strip_suffix(");"))
        .unwrap_or_else(|| panic!("{kind} {n} is not a callback: {:.80}", text));
    serde_json::from_str(body).unwrap()
}

struct Index {
    out: PathBuf,
    shards: usize,
    chunk: usize,
    /// url, text of every document, by number.
    docs: Vec<(String, String)>,
    /// The number each document gives as its translation's, if any.
    counterparts: Vec<Option<u64>>,
    /// (language, id, text) of every event that is no restatement, from
    /// events.json: restatements are folded into the event they restate.
    events: Vec<(String, String, String)>,
}

impl Index {
    fn load(out: &Path) -> Index {
        let page = std::fs::read_to_string(out.join("zh/search/index.html")).unwrap();
        let attr = |name: &str| -> usize {
            let key = format!("data-{name}=\"");
            let at = page.find(&key).unwrap() + key.len();
            page[at..at + page[at..].find('"').unwrap()]
                .parse()
                .unwrap()
        };
        let (shards, chunk) = (attr("shards"), attr("chunk"));
        // A document's page is its id between the URL parts its language's
        // range gives (`zh:0:224:zh-Hans:zh/events/:/index.html`), as
        // search.js puts it together.
        let at = page.find("data-ranges=\"").unwrap() + "data-ranges=\"".len();
        let ranges: Vec<(usize, usize, String, String)> = page
            [at..at + page[at..].find('"').unwrap()]
            .split_whitespace()
            .map(|r| {
                let f: Vec<&str> = r.split(':').collect();
                let (before, after) = (f[4].to_string(), f[5].to_string());
                (f[1].parse().unwrap(), f[2].parse().unwrap(), before, after)
            })
            .collect();
        let mut docs = Vec::new();
        let mut counterparts = Vec::new();
        for n in 0.. {
            let Ok(text) = std::fs::read_to_string(out.join(search::docs_file(n))) else {
                break;
            };
            let list = payload(&text, "docs", n);
            let list = list.as_array().unwrap();
            assert!(list.len() <= chunk);
            for d in list {
                let n = docs.len();
                let (_, _, before, after) = (ranges.iter())
                    .find(|(from, to, ..)| (*from..*to).contains(&n))
                    .unwrap_or_else(|| panic!("document {n} is in no range"));
                let id = d["i"].as_str().unwrap();
                counterparts.push(d["c"].as_u64());
                docs.push((
                    format!("{before}{id}{after}"),
                    d["t"].as_str().unwrap().to_string(),
                ));
            }
        }
        let events: Value =
            serde_json::from_str(&std::fs::read_to_string(out.join("events.json")).unwrap())
                .unwrap();
        let events = events
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["same_as"].is_null())
            .map(|e| {
                (
                    e["lang"].as_str().unwrap().to_string(),
                    e["id"].as_str().unwrap().to_string(),
                    e["text"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        Index {
            out: out.to_path_buf(),
            shards,
            chunk,
            docs,
            counterparts,
            events,
        }
    }

    fn postings(&self, gram: &str) -> BTreeSet<u32> {
        let n = search::shard_of(gram, self.shards);
        let text = std::fs::read_to_string(self.out.join(search::shard_file(n))).unwrap();
        let map = payload(&text, "shard", n);
        let deltas: Vec<u32> = map
            .get(gram)
            .map(|v| {
                v.as_array()
                    .unwrap()
                    .iter()
                    .map(|x| x.as_u64().unwrap() as u32)
                    .collect()
            })
            .unwrap_or_default();
        search::undelta(&deltas).into_iter().collect()
    }

    /// Documents holding every gram of the query.
    fn candidates(&self, query: &str) -> BTreeSet<u32> {
        let mut out: Option<BTreeSet<u32>> = None;
        for gram in search::query_grams(query) {
            let p = self.postings(&gram);
            out = Some(match out {
                None => p,
                Some(o) => o.intersection(&p).copied().collect(),
            });
        }
        out.unwrap_or_default()
    }

    /// Event pages (`lang/events/id/index.html`) of the candidates whose
    /// text passes `check`.
    fn hits(&self, query: &str, check: impl Fn(&str) -> bool) -> BTreeSet<String> {
        self.candidates(query)
            .into_iter()
            .map(|n| &self.docs[n as usize])
            .filter(|(_, t)| check(t))
            .map(|(u, _)| u.clone())
            .collect()
    }

    /// Pages of the events of `lang` whose text passes `check`, from
    /// events.json.
    /// Asserts that the postings of `query` hold every page of `want`
    /// (before the text check narrows them).
    fn assert_postings_hold(&self, query: &str, want: &BTreeSet<String>) {
        let candidates = self.hits(query, |_| true);
        assert!(
            want.is_subset(&candidates),
            "{query}: the postings miss {:?}",
            want.difference(&candidates).collect::<Vec<_>>()
        );
    }

    fn expected(&self, lang: &str, check: impl Fn(&str) -> bool) -> BTreeSet<String> {
        self.events
            .iter()
            .filter(|(l, _, t)| l == lang && check(t))
            .map(|(l, id, _)| format!("{l}/events/{id}/index.html"))
            .collect()
    }
}

/// Whether every word of `query` starts a word of `text` (case ignored).
fn has_words(text: &str, query: &str) -> bool {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).collect();
    query
        .to_lowercase()
        .split_whitespace()
        .all(|q| words.iter().any(|w| w.starts_with(q)))
}

fn built() -> (tempfile::TempDir, Index) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build(&out);
    let index = Index::load(&out);
    (tmp, index)
}

#[test]
fn chinese_substrings_find_their_events() {
    let (_tmp, index) = built();
    assert_eq!(index.docs.len(), index.events.len());
    for q in ["开源", "英伟达", "满血版", "满血", "深度求索", "华"] {
        let want = index.expected("zh", |t| t.contains(q));
        assert!(!want.is_empty(), "{q}: no event to find");
        index.assert_postings_hold(q, &want);
        let hits = index.hits(q, |t| t.contains(q));
        let zh: BTreeSet<String> = hits.into_iter().filter(|u| u.starts_with("zh/")).collect();
        assert_eq!(zh, want, "{q}");
    }
    // 开源 is in 27 Chinese events (DeepGEMM's among them).
    let open = index.hits("开源", |t| t.contains("开源"));
    assert!(open.len() >= 20, "{open:?}");
    assert!(open.contains("zh/events/deepgemm-open-sourced/index.html"));

    // The Tsinghua team running the full DeepSeek-R1 on one 4090 card: its
    // text says 满血运行, so 满血 finds it and 满血版 (in five other
    // events) does not.
    let tsinghua = index.expected("zh", |t| t.contains("清华团队") && t.contains("4090"));
    assert_eq!(tsinghua.len(), 1);
    assert!(tsinghua.is_subset(&index.hits("满血", |t| t.contains("满血"))));
    assert!(tsinghua.is_subset(&index.hits("4090", |t| t.contains("4090"))));
    assert!(tsinghua.is_subset(&index.hits("清华", |t| t.contains("清华"))));
    assert_eq!(index.hits("满血版", |t| t.contains("满血版")).len(), 5);
}

#[test]
fn english_words_find_their_events() {
    let (_tmp, index) = built();
    for q in [
        "Nvidia",
        "nvid",
        "NVIDIA",
        "open source",
        "DeepSeek-R1",
        "Hangzhou",
    ] {
        let want = index.expected("en", |t| has_words(t, &q.replace('-', " ")));
        assert!(!want.is_empty(), "{q}: no event to find");
        index.assert_postings_hold(q, &want);
    }
    let nvidia = index.expected("en", |t| t.to_lowercase().contains("nvidia"));
    assert!(!nvidia.is_empty());
    assert!(nvidia.is_subset(&index.hits("nvid", |_| true)));
    // `open source` finds "open-source", "Open Source" and "open-sourced".
    let open = index.hits("open source", |t| has_words(t, "open source"));
    for form in ["open-source", "Open Source", "open-sourced"] {
        let with = index.expected("en", |t| t.contains(form));
        assert!(!with.is_empty() && with.is_subset(&open), "{form}");
    }
    // Full-width letters fold to ASCII, as in a Chinese text.
    assert_eq!(index.candidates("ＮＶＩＤＩＡ"), index.candidates("nvidia"));
    // A mixed query: both runs are looked up.
    let mixed = index.hits("DeepSeek开源", |t| {
        t.contains("开源") && has_words(t, "deepseek")
    });
    let zh_open = index.expected("zh", |t| t.contains("开源"));
    assert!(!mixed.is_empty() && mixed.is_subset(&zh_open), "{mixed:?}");
}

#[test]
fn documents_link_to_event_pages_of_their_language() {
    let (_tmp, index) = built();
    let mut langs = BTreeMap::new();
    for (url, _) in &index.docs {
        assert!(index.out.join(url).is_file(), "{url}");
        *langs.entry(url.split('/').next().unwrap()).or_insert(0) += 1;
    }
    assert_eq!(langs.len(), 2, "{langs:?}");
    // Documents are numbered language by language; the page says where.
    let page = std::fs::read_to_string(index.out.join("en/search/index.html")).unwrap();
    let zh = langs["zh"];
    let en = langs["en"];
    assert!(
        page.contains(&format!(
            "data-ranges=\"zh:0:{zh}:zh-Hans:zh/events/:/index.html en:{zh}:{}:en:en/events/:/index.html \"",
            zh + en
        )),
        "{page}"
    );
    assert!(page.contains("data-lang=\"en\"") && page.contains("data-others=\"zh\""));
    assert!(page.contains("<noscript>"));
    assert!(page.contains("src=\"../../search.js\""));
}

#[test]
fn every_page_has_a_search_box() {
    let (_tmp, index) = built();
    for (page, action) in [
        ("zh/index.html", "../zh/search/index.html"),
        ("en/timeline/index.html", "../../en/search/index.html"),
        (
            "zh/events/deepgemm-open-sourced/index.html",
            "../../../zh/search/index.html",
        ),
        ("en/search/index.html", "../../en/search/index.html"),
    ] {
        let html = std::fs::read_to_string(index.out.join(page)).unwrap();
        let form = format!("<form class=\"site-search\" role=\"search\" action=\"{action}\" method=\"get\"><input type=\"search\" name=\"q\"");
        assert!(html.contains(&form), "{page}");
    }
}

#[test]
fn the_index_is_deterministic_and_bounded() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    build(&a);
    build(&b);
    let files = |out: &Path| -> BTreeMap<String, Vec<u8>> {
        std::fs::read_dir(out.join("search"))
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                (
                    e.file_name().to_string_lossy().into_owned(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect()
    };
    let first = files(&a);
    assert_eq!(first, files(&b), "two builds differ");
    let index = Index::load(&a);

    let shards: Vec<usize> = first
        .iter()
        .filter(|(n, _)| n.starts_with("shard-"))
        .map(|(_, b)| b.len())
        .collect();
    let chunks: Vec<usize> = first
        .iter()
        .filter(|(n, _)| n.starts_with("docs-"))
        .map(|(_, b)| b.len())
        .collect();
    assert_eq!(shards.len(), index.shards);
    assert!(index.shards.is_power_of_two() && (16..=256).contains(&index.shards));
    let max_shard = *shards.iter().max().unwrap();
    let max_chunk = *chunks.iter().max().unwrap();
    assert!(max_shard <= 16 * 1024, "largest shard {max_shard} bytes");
    assert!(max_chunk <= 16 * 1024, "largest chunk {max_chunk} bytes");

    // What a search for 开源 loads: the shard of its one gram, then the
    // chunks of its first 20 hits.
    let hits = index.candidates("开源");
    let chunk_bytes: usize = hits
        .iter()
        .take(20)
        .map(|&n| n as usize / index.chunk)
        .collect::<BTreeSet<_>>()
        .iter()
        .map(|&c| first[&format!("docs-{c}.js")].len())
        .sum();
    let shard_bytes = first[&format!("shard-{}.js", search::shard_of("开源", index.shards))].len();
    let total: usize = first.values().map(Vec::len).sum();
    println!(
        "index: {} files, {total} bytes; {} shards (largest {max_shard} bytes), {} chunks of {} documents (largest {max_chunk} bytes); 开源 loads {shard_bytes} + {chunk_bytes} bytes",
        first.len(),
        index.shards,
        chunks.len(),
        index.chunk
    );
    assert!(shard_bytes + chunk_bytes < total / 8);
}

/// A large synthetic site: the shards multiply so each stays small.
#[test]
fn shards_grow_with_the_site() {
    let words = [
        "model",
        "release",
        "open",
        "source",
        "cluster",
        "training",
        "inference",
        "partner",
        "investment",
        "research",
    ];
    let hanzi: Vec<char> = "深度求索发布开源模型推理训练集群合作投资研究芯片算力数据中心应用接入"
        .chars()
        .collect();
    let mut docs = Vec::new();
    let mut seed: u64 = 7;
    let mut next = || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    for i in 0..20_000 {
        let zh = i % 2 == 0;
        let text: String = if zh {
            (0..120).map(|_| hanzi[next() % hanzi.len()]).collect()
        } else {
            (0..30)
                .map(|_| format!("{}{}", words[next() % words.len()], next() % 50))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let lang = if zh { Lang::Zh } else { Lang::En };
        docs.push(Doc {
            lang,
            id: format!("e{i}"),
            date: "2025".into(),
            section: "s".into(),
            text,
            counterpart: None,
        });
    }
    docs.sort_by_key(|d| d.lang);
    let index = search::index(&search::Documents {
        events: docs,
        ..Default::default()
    });
    assert!(index.meta.shards > 16, "{}", index.meta.shards);
    let largest = index
        .files
        .iter()
        .filter(|(n, _)| n.contains("shard-"))
        .map(|(_, b)| b.len())
        .max()
        .unwrap();
    assert!(largest < 200 * 1024, "largest shard {largest} bytes");
    assert_eq!(index.meta.ranges.len(), 2);
    assert_eq!(index.meta.ranges[1].end, 20_000);
}

#[test]
fn documents_name_their_translations() {
    let (_tmp, index) = built();
    let mut named = 0;
    for (n, c) in index.counterparts.iter().enumerate() {
        let Some(c) = c else { continue };
        let (url, _) = &index.docs[n];
        let (other, _) = &index.docs[*c as usize];
        // The same event id in the other language's folder.
        let (lang, rest) = url.split_once('/').unwrap();
        let (other_lang, other_rest) = other.split_once('/').unwrap();
        assert!(
            lang != other_lang && rest == other_rest,
            "{url} names {other}"
        );
        assert_eq!(index.counterparts[*c as usize], Some(n as u64), "{other}");
        named += 1;
    }
    assert!(
        named > index.docs.len() / 2,
        "{named} of {}",
        index.docs.len()
    );
}

#[test]
fn products_and_sections_are_listed_by_name() {
    let (_tmp, index) = built();
    for lang in ["zh", "en"] {
        let text =
            std::fs::read_to_string(index.out.join(format!("search/titles-{lang}.js"))).unwrap();
        let head = format!("annalsSearch.titles(\"{lang}\",");
        let json = text
            .strip_prefix(&head)
            .and_then(|t| t.trim_end().strip_suffix(");"))
            .unwrap();
        let titles: Vec<Value> = serde_json::from_str(json).unwrap();
        let pages: BTreeSet<&str> = titles.iter().map(|t| t["u"].as_str().unwrap()).collect();
        assert_eq!(pages.len(), titles.len());
        // Every product's and section's page, each named as its heading.
        let mut expected = 0;
        for file in common::files_under(&index.out.join(lang)) {
            let rel = file
                .strip_prefix(&index.out)
                .unwrap()
                .to_str()
                .unwrap()
                .to_string();
            let kind = rel.split('/').nth(1).unwrap();
            let is_page = rel.ends_with("/index.html")
                && ((kind == "products" && rel.matches('/').count() == 3) || kind == "sections");
            if !is_page || rel.contains("/part-") {
                continue;
            }
            expected += 1;
            let t = titles
                .iter()
                .find(|t| t["u"] == rel)
                .unwrap_or_else(|| panic!("{rel} is not listed"));
            let html = std::fs::read_to_string(&file).unwrap();
            let name = common::escape_html(t["n"].as_str().unwrap());
            assert!(
                html.contains(&format!("<h1>{name}")) || html.contains(&format!(">{name}</h1>")),
                "{rel}: {name}"
            );
        }
        assert_eq!(expected, titles.len(), "{lang}");
    }
}
