//! Client-side search over both languages: an index written at build time
//! that `static/search.js` reads in the browser, with no server.
//!
//! **Why our own index, not Pagefind.** Pagefind was measured first: the
//! `pagefind` crate without its `serve` feature resolves to 188 crates
//! (tokio, lol_html, minicbor, …) where all of annals needs 127, and its
//! browser side loads its index and WebAssembly with `fetch()`, which
//! browsers refuse on `file://`, and this site must work opened from disk.
//! The index below is some 300 lines of Rust and 330 of JavaScript, and we
//! decide its tokenization of Chinese.
//!
//! **Measured.** The DeepSeek site (448 events, 125 KB of text): 0.5 MB of
//! index in 64 shards (largest 6 KB) and 45 chunks of 10 events; a query
//! such as 开源, 英伟达 or `open source` loads 25–50 KB of it. A synthetic
//! site of 100,000 events (`examples/synthetic.rs`): 94 MB in 4,096 shards
//! and 14,286 chunks, indexed in 1.0 s (release build, 2 cores); a shard
//! holding a gram of half the events is the largest, at 184 KB.
//!
//! **Grams.** Text is folded ([`fold`]: full-width ASCII to ASCII, lower
//! case) and cut into runs ([`terms`]):
//! - a run of CJK characters gives its character bigrams and its single
//!   characters (a one-character query looks those up; a longer one looks
//!   up only its bigrams);
//! - a word (letters and digits) gives its prefixes of 2 to [`PREFIX_MAX`]
//!   characters (a one-character word, itself), so `nvid` finds `Nvidia`.
//!
//! A query's grams are those of its own runs (a CJK run: its bigrams, or
//! the character when alone; a word: its prefix of at most `PREFIX_MAX`
//! characters). An event is a candidate when it has every gram of the
//! query; the browser then checks its text, which holds each CJK run of the
//! query as a substring and each word at the start of a word, and marks
//! the places found.
//!
//! **Files**, all under `search/` at the output root, each a small script
//! calling a global callback so that `<script src>` loads it, also from
//! `file://` (where `fetch()` fails):
//! - `search/shard-N.js`: `annalsSearch.shard(N, {"gram": [postings]})`,
//!   the grams whose [`shard_of`] is N. Postings are document numbers in
//!   ascending order, delta-encoded (the first as is, each next as the gap).
//! - `search/docs-N.js`: `annalsSearch.docs(N, [doc, …])`, documents
//!   `N * chunk` to `N * chunk + chunk - 1`. A document is an event in the
//!   language it is written in: `{"i": its id as a URL segment (without
//!   event pages, its place on its date page, `dates/…/index.html#e-…`), "d": date,
//!   "s": section trail, "t": text, "c": its translation's number}`.
//!   Documents are numbered language by language (the site's order),
//!   chronologically, so the hits of one language sit in few chunks, and a
//!   document's language and page URL come from its language's range on
//!   the search page rather than from each document (where they were a
//!   tenth of the chunks' bytes). Restatements (`{same=id}`) are left out:
//!   the event they restate stands for them, as on date pages.
//! - `search/titles-L.js`: `annalsSearch.titles("L", [title, …])`, the
//!   language's products then sections: `{"k": p3 or s12, the same in
//!   every language, "n": name, "a": a product's aliases, "u": page}`,
//!   matched by name in the browser (no grams: a site has few of them).
//!
//! **Ranking** (in `search.js`): products whose name matches, then
//! sections, then events of the page's language, then events of the others
//! whose translation was not shown; events in the timeline's order. On the
//! 10,000-event synthetic site the translations' numbers and the titles
//! took the index from 18.33 MB to 18.52 MB (+1%).
//!
//! The number of shards and the chunk size grow with the site (see
//! [`Meta`]); the search page carries them and a version (a hash of the
//! index) that `search.js` appends to each file's URL against stale caches.

use super::view::LangView;
use crate::model::{Lang, Site};
use crate::text::is_cjk;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// The longest word prefix indexed; a longer query word is looked up by
/// this prefix and checked against the text.
pub const PREFIX_MAX: usize = 10;

/// Shards and chunks are sized for about this many bytes each.
const SHARD_TARGET: usize = 8 * 1024;
const CHUNK_TARGET: usize = 4 * 1024;
const SHARDS_MIN: usize = 16;
const SHARDS_MAX: usize = 4096;

/// What the search page tells `search.js` about the index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Meta {
    /// Number of shards (a power of two).
    pub shards: usize,
    /// Documents per `docs-N.js` file.
    pub chunk: usize,
    /// Number of documents.
    pub docs: usize,
    /// A hash of every index file, appended to their URLs as `?v=`.
    pub version: String,
    /// The documents of each language: numbers `start..end`.
    pub ranges: Vec<LangRange>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LangRange {
    pub lang: &'static str,
    /// The `lang` attribute of the documents' text.
    pub tag: &'static str,
    pub start: usize,
    pub end: usize,
    /// A document's page is `event_before` + its id + `event_after`.
    pub event_before: String,
    pub event_after: &'static str,
}

/// One searchable document: an event in its own language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Doc {
    #[serde(skip)]
    pub lang: Lang,
    /// The event's id as a URL segment: its page is found from the
    /// language's [`LangRange`].
    #[serde(rename = "i")]
    pub id: String,
    #[serde(rename = "d")]
    pub date: String,
    /// The section trail, `发展历程 › 全面发展`.
    #[serde(rename = "s")]
    pub section: String,
    #[serde(rename = "t")]
    pub text: String,
    /// The number of the same event's document in another language, so
    /// that a search shows the event once.
    #[serde(rename = "c", skip_serializing_if = "Option::is_none")]
    pub counterpart: Option<u32>,
}

/// A page found by its name rather than its text: a product or a section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Title {
    /// The same product or section in every language: `p3`, `s12`.
    #[serde(rename = "k")]
    pub key: String,
    /// Its name, shown and searched.
    #[serde(rename = "n")]
    pub name: String,
    /// Other names that find it (a product's aliases).
    #[serde(rename = "a", skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Its page, from the output root.
    #[serde(rename = "u")]
    pub url: String,
}

/// Everything searchable: the events' documents, numbered as the index
/// numbers them, and each language's products then sections.
#[derive(Debug, Clone, Default)]
pub struct Documents {
    pub events: Vec<Doc>,
    pub titles: BTreeMap<Lang, Vec<Title>>,
    /// Whether each language's events have pages of their own (else a
    /// document's `i` is its place on its date page).
    pub event_pages: BTreeMap<Lang, bool>,
}

/// The index: its description and its files (path from the output root →
/// bytes).
pub struct SearchIndex {
    pub meta: Meta,
    pub files: BTreeMap<String, Vec<u8>>,
}

/// The documents of a site: each configured language's own events, in
/// that language's chronological order, without restatements (the event
/// they restate stands for them, as on date pages); and the titles of its
/// products and sections.
pub fn documents(site: &Site) -> Documents {
    use rayon::prelude::*;
    // The languages side by side, then the documents in parallel.
    // Each language's documents (language, event, `i`), and whether its
    // events have pages.
    type Shown = Vec<(Lang, usize, String)>;
    let (shown, event_pages): (Vec<Shown>, BTreeMap<Lang, bool>) =
        (site.config.languages.par_iter())
            .map(|&lang| {
                let view = LangView::new(site, lang);
                let shown = (view.order.iter().copied())
                    .filter(|&i| site.events[i].lang == lang && !view.restated.contains(&i))
                    .map(|i| (lang, i, doc_id(site, &view, i)))
                    .collect();
                (shown, (lang, view.event_pages))
            })
            .unzip();
    let shown = shown.concat();
    let mut number = vec![None; site.events.len()];
    for (n, &(_, i, _)) in shown.iter().enumerate() {
        number[i] = Some(n as u32);
    }
    let events = (shown.into_par_iter())
        .map(|(lang, i, id)| {
            let e = &site.events[i];
            Doc {
                lang,
                id,
                date: e.date.display(lang),
                section: site.section_titles(e.section, lang).join(" › "),
                text: e.text.text.trim().to_string(),
                counterpart: e.counterpart.and_then(|c| number[c]),
            }
        })
        .collect();
    let titles = (site.config.languages.iter())
        .map(|&lang| {
            let products = site.products.iter().enumerate().map(|(k, p)| Title {
                key: format!("p{k}"),
                name: p.name.get(lang).to_string(),
                aliases: (p.aliases.iter())
                    .filter(|a| *a != p.name.get(lang))
                    .cloned()
                    .collect(),
                url: super::urls::product(lang, &p.id),
            });
            let sections = site.sections.iter().enumerate().map(|(k, s)| Title {
                key: format!("s{k}"),
                name: s.title(lang).to_string(),
                aliases: Vec::new(),
                url: super::urls::section(lang, s),
            });
            (lang, products.chain(sections).collect())
        })
        .collect();
    Documents {
        events,
        titles,
        event_pages,
    }
}

/// A document's `i`: its event's id (a URL segment), or without event
/// pages its place on its date page from the language's folder
/// (`dates/2025/01/20/index.html#e-…`).
fn doc_id(site: &Site, view: &LangView, i: usize) -> String {
    if view.event_pages {
        return super::urls::segment(&site.events[i].id);
    }
    let url = view.event_url(site, i);
    let from_lang = url.split_once('/').map_or(url.as_str(), |(_, rest)| rest);
    from_lang.to_string()
}

/// Builds the index of a site, its files held in memory (for `serve`).
pub fn build(site: &Site) -> SearchIndex {
    index(&documents(site))
}

/// Builds the index of a list of documents, its files held in memory.
pub fn index(docs: &Documents) -> SearchIndex {
    let files = std::sync::Mutex::new(BTreeMap::new());
    let meta = write(docs, &|name, bytes| {
        let mut files = files.lock().unwrap_or_else(|e| e.into_inner());
        files.insert(name.to_string(), bytes.to_vec());
        Ok(())
    })
    .expect("storing in memory does not fail");
    SearchIndex {
        meta,
        files: files.into_inner().unwrap_or_else(|e| e.into_inner()),
    }
}

/// Where [`write()`] puts each file (path from the output root, bytes).
pub type Put<'a> = &'a (dyn Fn(&str, &[u8]) -> Result<(), super::BuildError> + Sync);

/// Builds the index of a list of documents and gives each file to `put` as
/// soon as it is made, so that a large site's index is never held whole.
/// Cutting texts into grams and making files run in parallel: each worker
/// indexes a stretch of consecutive documents into its own map, and the
/// maps are joined in document order, so each list comes out sorted.
pub fn write(documents: &Documents, put: Put<'_>) -> Result<Meta, super::BuildError> {
    use rayon::prelude::*;
    let docs = &documents.events;
    let postings = (docs.par_iter().enumerate())
        .with_min_len(64)
        .fold(Gathered::default, |mut gathered, (n, doc)| {
            gathered.add(n as u32, &doc.text);
            gathered
        })
        .map(Gathered::into_map)
        .reduce(GramMap::default, |mut earlier, later| {
            if earlier.is_empty() {
                return later;
            }
            for (gram, list) in later {
                match earlier.get_mut(&gram) {
                    Some(first) => first.append(list),
                    None => {
                        earlier.insert(gram, list);
                    }
                }
            }
            earlier
        });

    // Size the shards by the bytes the postings take.
    let total: usize = postings
        .iter()
        .map(|(g, p)| g.len() + 6 + p.count * 3)
        .sum();
    let shards = (total / SHARD_TARGET + 1)
        .next_power_of_two()
        .clamp(SHARDS_MIN, SHARDS_MAX);
    let mut by_shard: Vec<Vec<(String, Postings)>> = vec![Vec::new(); shards];
    for (gram, list) in postings {
        by_shard[shard_of(&gram, shards)].push((gram, list));
    }

    // The size of a document's JSON, near enough to size the chunks
    // without writing every document twice: its strings and some 40 bytes
    // of keys and punctuation.
    let doc_size = |d: &Doc| d.text.len() + d.id.len() + d.date.len() + d.section.len() + 40;
    let average = docs.iter().map(doc_size).sum::<usize>() / docs.len().max(1) + 1;
    let chunk = (CHUNK_TARGET / average).clamp(1, 256);

    // Each file is hashed as it is written; the version hashes those
    // hashes in the order of the file names.
    let written = |name: String, js: Vec<u8>| -> Result<(String, u64), super::BuildError> {
        let mut hash = Fnv64::new();
        hash.write(name.as_bytes());
        hash.write(&js);
        put(&name, &js)?;
        Ok((name, hash.0))
    };
    // Files are written straight into one buffer each, sized beforehand.
    let shard_files = by_shard.into_par_iter().enumerate().map(|(n, mut grams)| {
        grams.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let size: usize = (grams.iter())
            .map(|(g, p)| g.len() + 6 + p.gaps.len() * 2)
            .sum();
        let mut js = Vec::with_capacity(size + 32);
        js.extend_from_slice(b"annalsSearch.shard(");
        push_number(&mut js, n as u32);
        js.extend_from_slice(b",{");
        for (k, (gram, list)) in grams.iter().enumerate() {
            if k > 0 {
                js.push(b',');
            }
            push_js_json(&mut js, gram.as_str());
            js.extend_from_slice(b":[");
            list.push_deltas(&mut js);
            js.push(b']');
        }
        js.extend_from_slice(b"});\n");
        written(shard_file(n), js)
    });
    let doc_files = docs.par_chunks(chunk).enumerate().map(|(n, part)| {
        let size: usize = part.iter().map(doc_size).sum();
        let mut js = Vec::with_capacity(size + 32);
        js.extend_from_slice(b"annalsSearch.docs(");
        push_number(&mut js, n as u32);
        js.extend_from_slice(b",[\n");
        for (k, doc) in part.iter().enumerate() {
            if k > 0 {
                js.extend_from_slice(b",\n");
            }
            push_js_json(&mut js, doc);
        }
        js.extend_from_slice(b"\n]);\n");
        written(docs_file(n), js)
    });
    let title_files = (documents.titles.par_iter()).map(|(lang, titles)| {
        let js = format!(
            "annalsSearch.titles({},{});\n",
            js_json(lang.code()),
            js_json(titles)
        );
        written(titles_file(*lang), js.into_bytes())
    });
    let mut hashes: Vec<(String, u64)> =
        (shard_files.chain(doc_files).chain(title_files)).collect::<Result<_, _>>()?;
    hashes.sort();
    let mut version = Fnv64::new();
    for (_, h) in &hashes {
        version.write(&h.to_le_bytes());
    }

    let mut ranges: Vec<LangRange> = Vec::new();
    for (n, doc) in docs.iter().enumerate() {
        match ranges.last_mut() {
            Some(r) if r.lang == doc.lang.code() => r.end = n + 1,
            _ => {
                let (event_before, event_after) =
                    if documents.event_pages.get(&doc.lang) == Some(&false) {
                        (format!("{}/", doc.lang.code()), "")
                    } else {
                        super::urls::event_around(doc.lang)
                    };
                ranges.push(LangRange {
                    lang: doc.lang.code(),
                    tag: doc.lang.html_tag(),
                    start: n,
                    end: n + 1,
                    event_before,
                    event_after,
                })
            }
        }
    }
    Ok(Meta {
        shards,
        chunk,
        docs: docs.len(),
        ranges,
        version: format!("{:016x}", version.0)[..10].to_string(),
    })
}

/// The postings of each gram.
type GramMap = FxHashMap<String, Postings>;

/// The postings of a run of documents, gathered by one thread. Its grams
/// are numbered in the order first seen, and a word's grams (its prefixes)
/// are found once per word: a site's words repeat far more than they
/// differ. Gathering was 1.5 of the index's 2.2 G instructions at 10,000
/// events when each prefix of each word was looked up; this took 0.3 G off.
#[derive(Default)]
struct Gathered {
    grams: Vec<(String, Postings)>,
    number: FxHashMap<String, u32>,
    word_grams: FxHashMap<String, Vec<u32>>,
    /// Scratch space for [`each_run`].
    run: String,
}

impl Gathered {
    /// Adds document `n` (never less than the last added).
    fn add(&mut self, n: u32, text: &str) {
        let mut run = std::mem::take(&mut self.run);
        each_run(text, &mut run, |cjk, s| {
            if cjk {
                run_grams(true, s, |gram| {
                    let g = self.gram(gram);
                    self.grams[g].1.push(n);
                });
                return;
            }
            if let Some(numbers) = self.word_grams.get(s) {
                for &g in numbers {
                    self.grams[g as usize].1.push(n);
                }
                return;
            }
            let mut numbers = Vec::new();
            run_grams(false, s, |gram| numbers.push(self.gram(gram) as u32));
            for &g in &numbers {
                self.grams[g as usize].1.push(n);
            }
            self.word_grams.insert(s.to_string(), numbers);
        });
        self.run = run;
    }

    /// The number of a gram, given one if it is new.
    fn gram(&mut self, gram: &str) -> usize {
        if let Some(&g) = self.number.get(gram) {
            return g as usize;
        }
        let g = self.grams.len();
        self.number.insert(gram.to_string(), g as u32);
        self.grams.push((gram.to_string(), Postings::default()));
        g
    }

    fn into_map(self) -> GramMap {
        self.grams.into_iter().collect()
    }
}

/// A posting list as the gaps between document numbers, in LEB128 bytes:
/// a gram of half the documents of a 100,000-event site costs 100 KB here
/// rather than 400 KB of `u32`s.
#[derive(Debug, Clone, Default)]
struct Postings {
    gaps: Vec<u8>,
    last: Option<u32>,
    count: usize,
}

impl Postings {
    /// Adds document `n` (never less than the last); a document already
    /// last is not listed twice (a gram repeated in one text).
    fn push(&mut self, n: u32) {
        let gap = match self.last {
            Some(last) if last == n => return,
            Some(last) => n - last,
            None => n,
        };
        self.last = Some(n);
        self.count += 1;
        let mut v = gap;
        while v >= 0x80 {
            self.gaps.push((v as u8 & 0x7f) | 0x80);
            v >>= 7;
        }
        self.gaps.push(v as u8);
    }

    /// Adds the list of later documents (each above this list's last):
    /// its first number, written as is, becomes a gap.
    fn append(&mut self, later: Postings) {
        if later.count == 0 {
            return;
        }
        if self.count == 0 {
            *self = later;
            return;
        }
        let (first, len) = leb128(&later.gaps);
        self.push(first);
        self.gaps.extend_from_slice(&later.gaps[len..]);
        self.last = later.last;
        self.count += later.count - 1;
    }

    /// Appends the gaps as JSON numbers separated by commas: the first
    /// document's number, then each gap.
    fn push_deltas(&self, out: &mut Vec<u8>) {
        let mut rest = &self.gaps[..];
        while !rest.is_empty() {
            if rest.len() < self.gaps.len() {
                out.push(b',');
            }
            let (v, len) = leb128(rest);
            push_number(out, v);
            rest = &rest[len..];
        }
    }
}

/// The first number of LEB128 bytes, and how many bytes it takes.
fn leb128(bytes: &[u8]) -> (u32, usize) {
    let mut v = 0u32;
    for (i, &b) in bytes.iter().enumerate() {
        v |= u32::from(b & 0x7f) << (7 * i);
        if b & 0x80 == 0 {
            return (v, i + 1);
        }
    }
    (v, bytes.len())
}

/// Appends a number in decimal (itoa: `format!` is slower on millions of
/// postings).
fn push_number(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
}

/// The search page of a language.
pub fn url(lang: Lang) -> String {
    format!("{}/search/index.html", lang.code())
}

/// The folder of the index files; nothing else is written there.
pub const FOLDER: &str = "search/";

pub fn shard_file(n: usize) -> String {
    format!("{FOLDER}shard-{n}.js")
}

pub fn docs_file(n: usize) -> String {
    format!("{FOLDER}docs-{n}.js")
}

/// A language's products and sections: `search/titles-zh.js`.
pub fn titles_file(lang: Lang) -> String {
    format!("{FOLDER}titles-{}.js", lang.code())
}

/// JSON that is also a valid JavaScript expression in every engine (U+2028
/// and U+2029 end lines in JavaScript before ES2019), with `<`, `>` and `&`
/// written as `\u003c`, `\u003e`, `\u0026`: text such as `</script>` or
/// `<!--` can then never end or change a script, even one pasted inline.
/// (They occur only inside JSON strings, where the escapes mean the same.)
pub(super) fn js_json<T: Serialize + ?Sized>(value: &T) -> String {
    let mut out = Vec::new();
    push_js_json(&mut out, value);
    String::from_utf8(out).expect("JSON is UTF-8")
}

/// Appends the [`js_json`] of a value.
fn push_js_json<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) {
    let start = out.len();
    serde_json::to_writer(&mut *out, value).expect("search index values serialize");
    let Some(first) = (start..out.len()).find(|&i| js_escape(&out[i..]).is_some()) else {
        return;
    };
    let json = out.split_off(first);
    let mut i = 0;
    while i < json.len() {
        match js_escape(&json[i..]) {
            Some((escape, len)) => {
                out.extend_from_slice(escape);
                i += len;
            }
            None => {
                out.push(json[i]);
                i += 1;
            }
        }
    }
}

/// The escape of the character that `json` starts with, if [`js_json`]
/// escapes it, and the character's length in bytes.
fn js_escape(json: &[u8]) -> Option<(&'static [u8], usize)> {
    match json {
        [b'<', ..] => Some((b"\\u003c", 1)),
        [b'>', ..] => Some((b"\\u003e", 1)),
        [b'&', ..] => Some((b"\\u0026", 1)),
        // U+2028 and U+2029 in UTF-8.
        [0xE2, 0x80, 0xA8, ..] => Some((b"\\u2028", 3)),
        [0xE2, 0x80, 0xA9, ..] => Some((b"\\u2029", 3)),
        _ => None,
    }
}

/// Undoes the delta encoding of a posting list.
pub fn undelta(list: &[u32]) -> Vec<u32> {
    let mut acc = 0;
    list.iter()
        .map(|&d| {
            acc += d;
            acc
        })
        .collect()
}

// ---- text ----------------------------------------------------------------

/// One character folded for matching: full-width ASCII to ASCII, then lower
/// case when that is a single character of the same UTF-16 length (so the
/// browser's folded text keeps the offsets of the original).
/// `search.js` folds the same way.
pub fn fold(c: char) -> char {
    // Most characters are ASCII or CJK, which need no table (a test below
    // checks that no CJK character has a lower case).
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    if is_cjk(c) {
        return c;
    }
    let c = match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        0x3000 => ' ',
        _ => c,
    };
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) if l.len_utf16() == c.len_utf16() => l,
        _ => c,
    }
}

/// Letters and digits outside CJK: the characters of words.
pub fn is_word(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

/// A run of the folded text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    Cjk(String),
    Word(String),
}

/// The CJK runs and words of a text, folded, in order.
pub fn terms(text: &str) -> Vec<Term> {
    let mut out = Vec::new();
    each_run(text, &mut String::new(), |cjk, run| {
        let run = run.to_string();
        out.push(if cjk { Term::Cjk(run) } else { Term::Word(run) });
    });
    out
}

/// Calls `f` with each run of the folded text, in order: whether it is a
/// CJK run (or else a word), and the run, held in `run` (so that cutting
/// many texts allocates nothing).
fn each_run(text: &str, run: &mut String, mut f: impl FnMut(bool, &str)) {
    run.clear();
    let mut cjk = false;
    for c in text.chars() {
        // ASCII, most of any text's characters, needs no tables: it folds
        // to lower case and is no CJK.
        let (c, class) = if c.is_ascii() {
            let c = c.to_ascii_lowercase();
            (c, c.is_ascii_alphanumeric().then_some(false))
        } else {
            let c = fold(c);
            let class = if is_cjk(c) {
                Some(true)
            } else if is_word(c) {
                Some(false)
            } else {
                None
            };
            (c, class)
        };
        if class != Some(cjk) && !run.is_empty() {
            f(cjk, run);
            run.clear();
        }
        if let Some(k) = class {
            cjk = k;
            run.push(c);
        }
    }
    if !run.is_empty() {
        f(cjk, run);
    }
}

/// Every gram of a document's text: what the index lists it under (the
/// index itself gathers them with `Gathered`).
pub fn doc_grams(text: &str) -> BTreeSet<String> {
    let mut grams = BTreeSet::new();
    each_run(text, &mut String::new(), |cjk, s| {
        run_grams(cjk, s, |gram| {
            grams.insert(gram.to_string());
        })
    });
    grams
}

/// Calls `f` with each gram of one run of folded text ([`each_run`]).
fn run_grams(cjk: bool, s: &str, mut f: impl FnMut(&str)) {
    // Byte ends of the run's characters.
    let mut ends = s.char_indices().map(|(i, c)| i + c.len_utf8());
    if cjk {
        // Each character, and each character with the one before.
        let (mut before, mut start) = (None, 0);
        for end in ends {
            f(&s[start..end]);
            if let Some(b) = before {
                f(&s[b..end]);
            }
            (before, start) = (Some(start), end);
        }
    } else {
        // Its prefixes of 2 to PREFIX_MAX characters, or itself.
        ends.next();
        let mut ends = ends.take(PREFIX_MAX - 1).peekable();
        if ends.peek().is_none() {
            f(s);
        }
        for end in ends {
            f(&s[..end]);
        }
    }
}

/// The grams a query looks up: every one must be in a document.
pub fn query_grams(query: &str) -> BTreeSet<String> {
    let mut grams = BTreeSet::new();
    for term in terms(query) {
        match term {
            Term::Cjk(s) => {
                let chars: Vec<char> = s.chars().collect();
                if chars.len() == 1 {
                    grams.insert(s);
                } else {
                    grams.extend(chars.windows(2).map(|w| w.iter().collect::<String>()));
                }
            }
            Term::Word(w) => {
                grams.insert(w.chars().take(PREFIX_MAX).collect());
            }
        }
    }
    grams
}

/// The shard of a gram: FNV-1a (32 bits) of its UTF-8 bytes, modulo the
/// number of shards (a power of two). `search.js` computes the same.
pub fn shard_of(gram: &str, shards: usize) -> usize {
    let mut h: u32 = 0x811c_9dc5;
    for &b in gram.as_bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h as usize & (shards - 1)
}

/// FNV-1a, 64 bits: the version hash of the index files (the same bytes
/// give the same version with any build of annals).
struct Fnv64(u64);

impl Fnv64 {
    fn new() -> Self {
        Fnv64(0xcbf2_9ce4_8422_2325)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

/// What the search page's template receives.
#[derive(Debug, Clone, Serialize)]
pub struct SearchPage<'a> {
    pub index: &'a Meta,
    /// The other languages, whose results come second.
    pub others: Vec<&'static str>,
}

pub fn page<'a>(site: &Site, lang: Lang, meta: &'a Meta) -> SearchPage<'a> {
    SearchPage {
        index: meta,
        others: site
            .config
            .languages
            .iter()
            .filter(|&&l| l != lang)
            .map(|l| l.code())
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_keep_gaps_of_any_size_and_list_a_document_once() {
        let mut p = Postings::default();
        for n in [3, 3, 130, 20_000, 20_000, 3_000_000, u32::MAX] {
            p.push(n);
        }
        assert_eq!(p.count, 5);
        let deltas = |p: &Postings| {
            let mut text = Vec::new();
            p.push_deltas(&mut text);
            let text = String::from_utf8(text).unwrap();
            let deltas: Vec<u32> = text.split(',').map(|d| d.parse().unwrap()).collect();
            undelta(&deltas)
        };
        assert_eq!(deltas(&p), vec![3, 130, 20_000, 3_000_000, u32::MAX]);
        let mut none = Vec::new();
        Postings::default().push_deltas(&mut none);
        assert!(none.is_empty());

        // Lists of consecutive stretches of documents join into one.
        let list = |ns: &[u32]| {
            let mut p = Postings::default();
            ns.iter().for_each(|&n| p.push(n));
            p
        };
        let mut joined = list(&[5, 200]);
        joined.append(list(&[300, 70_000, 70_001]));
        joined.append(Postings::default());
        assert_eq!(joined.count, 5);
        assert_eq!(deltas(&joined), vec![5, 200, 300, 70_000, 70_001]);
        let mut empty = Postings::default();
        empty.append(list(&[1_000_000, 1_000_002]));
        assert_eq!(deltas(&empty), vec![1_000_000, 1_000_002]);
    }

    fn doc(lang: Lang, text: &str) -> Doc {
        Doc {
            lang,
            id: "x".into(),
            date: String::new(),
            section: String::new(),
            text: text.to_string(),
            counterpart: None,
        }
    }

    #[test]
    fn folds_width_and_case() {
        let folded: String = "ＤｅｅｐＳｅｅｋ　R1 İ".chars().map(fold).collect();
        assert_eq!(folded, "deepseek r1 İ");
        assert_eq!(fold('开'), '开');
        // `fold` returns CJK characters without looking up their case.
        for c in (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|&c| is_cjk(c))
        {
            assert!(c.to_lowercase().eq([c]), "{c}");
        }
    }

    #[test]
    fn splits_runs_by_script() {
        assert_eq!(
            terms("2月15日，4090单卡实现DeepSeek-R1满血运行。"),
            vec![
                Term::Word("2".into()),
                Term::Cjk("月".into()),
                Term::Word("15".into()),
                Term::Cjk("日".into()),
                Term::Word("4090".into()),
                Term::Cjk("单卡实现".into()),
                Term::Word("deepseek".into()),
                Term::Word("r1".into()),
                Term::Cjk("满血运行".into()),
            ]
        );
    }

    #[test]
    fn grams_of_documents_cover_their_substrings() {
        let g = doc_grams("宣布开源DeepGEMM，Nvidia");
        for q in [
            "开源",
            "布开源",
            "源",
            "deepgemm",
            "DeepG",
            "nvid",
            "NVIDIA",
            "Nv",
        ] {
            let want = query_grams(q);
            assert!(!want.is_empty());
            assert!(want.is_subset(&g), "{q}: {want:?}");
        }
        assert!(!query_grams("开原").is_subset(&g));
        // Words are found from their start only.
        assert!(!query_grams("gemm").is_subset(&g));
        assert_eq!(query_grams("open source").len(), 2);
        assert_eq!(
            query_grams("满血版"),
            ["满血", "血版"].map(String::from).into()
        );
        assert_eq!(
            query_grams("internationalization"),
            ["internatio".to_string()].into()
        );
        assert!(query_grams(" ，。 ").is_empty());
    }

    /// `search.js` hashes the same way; these values pin the function.
    #[test]
    fn shard_hash_is_fnv1a() {
        assert_eq!(shard_of("", 1 << 31), 0x811c_9dc5 & 0x7fff_ffff);
        assert_eq!(shard_of("a", 1 << 31), 0xe40c_292c & 0x7fff_ffff);
        assert!(shard_of("开源", 64) < 64);
    }

    #[test]
    fn postings_are_delta_encoded_and_sharded() {
        let docs = vec![
            doc(Lang::Zh, "开源周"),
            doc(Lang::Zh, "宣布开源"),
            doc(Lang::En, "Open source"),
        ];
        let index = index(&Documents {
            events: docs,
            titles: BTreeMap::from([(
                Lang::En,
                vec![Title {
                    key: "p0".into(),
                    name: "R1 </script>".into(),
                    aliases: Vec::new(),
                    url: "en/products/r1/index.html".into(),
                }],
            )]),
            ..Default::default()
        });
        assert_eq!(index.meta.docs, 3);
        assert_eq!(index.meta.shards, SHARDS_MIN);
        let ranges: Vec<_> = index
            .meta
            .ranges
            .iter()
            .map(|r| (r.lang, r.start, r.end))
            .collect();
        assert_eq!(ranges, vec![("zh", 0, 2), ("en", 2, 3)]);
        let shard = shard_of("开源", index.meta.shards);
        let text = String::from_utf8(index.files[&shard_file(shard)].clone()).unwrap();
        assert!(text.starts_with(&format!("annalsSearch.shard({shard},{{")));
        assert!(text.contains("\"开源\":[0,1]"), "{text}");
        assert_eq!(undelta(&[0, 1, 5]), vec![0, 1, 6]);
        let docs0 = String::from_utf8(index.files[&docs_file(0)].clone()).unwrap();
        assert!(docs0.contains("\"t\":\"宣布开源\""));
        let titles = String::from_utf8(index.files[&titles_file(Lang::En)].clone()).unwrap();
        assert_eq!(
            titles,
            "annalsSearch.titles(\"en\",[{\"k\":\"p0\",\"n\":\"R1 \\u003c/script\\u003e\",\"u\":\"en/products/r1/index.html\"}]);\n"
        );
    }

    #[test]
    fn line_separators_are_escaped() {
        assert_eq!(js_json(&"a\u{2028}b"), "\"a\\u2028b\"");
    }

    #[test]
    fn markup_characters_are_escaped() {
        let s = js_json(&"</script><!--&");
        assert_eq!(s, r#""\u003c/script\u003e\u003c!--\u0026""#);
        assert_eq!(
            serde_json::from_str::<String>(&s).unwrap(),
            "</script><!--&"
        );
    }
}
