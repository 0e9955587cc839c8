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
//! and 14,286 chunks, indexed in 2.7 s (release build); a shard holding a
//! gram of half the events is the largest, at 184 KB.
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
//!   language it is written in: `{"i": its id as a URL segment, "d": date,
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
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{BuildHasherDefault, Hasher as _};

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
    let mut shown: Vec<(Lang, Vec<usize>)> = Vec::new();
    for &lang in &site.config.languages {
        let view = LangView::new(site, lang);
        let own = (view.order.iter().copied())
            .filter(|&i| site.events[i].lang == lang && !view.restated.contains(&i))
            .collect();
        shown.push((lang, own));
    }
    let number: HashMap<usize, u32> = (shown.iter().flat_map(|(_, own)| own))
        .enumerate()
        .map(|(n, &i)| (i, n as u32))
        .collect();
    let events = (shown.iter())
        .flat_map(|(lang, own)| own.iter().map(move |&i| (*lang, i)))
        .map(|(lang, i)| {
            let e = &site.events[i];
            Doc {
                lang,
                id: super::urls::segment(&e.id),
                date: e.date.display(lang),
                section: site.section_titles(e.section, lang).join(" › "),
                text: e.text.text.trim().to_string(),
                counterpart: e.counterpart.and_then(|c| number.get(&c).copied()),
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
    Documents { events, titles }
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
/// Cutting texts into grams and making files run in parallel; only filling
/// the postings is serial (documents in order, so each list comes out
/// sorted).
pub fn write(documents: &Documents, put: Put<'_>) -> Result<Meta, super::BuildError> {
    use rayon::prelude::*;
    let docs = &documents.events;
    let mut postings: HashMap<String, Postings, BuildHasherDefault<Fnv64>> = HashMap::default();
    // In blocks, so that only one block's terms and grams exist at a time.
    const BLOCK: usize = 1024;
    for (b, block) in docs.chunks(BLOCK).enumerate() {
        let terms: Vec<Vec<Term>> = block.par_iter().map(|d| terms(&d.text)).collect();
        let grams: Vec<Vec<&str>> = terms.par_iter().map(|t| grams_of(t)).collect();
        for (k, doc_grams) in grams.iter().enumerate() {
            let n = (b * BLOCK + k) as u32;
            for &gram in doc_grams {
                match postings.get_mut(gram) {
                    Some(list) => list.push(n),
                    None => {
                        let mut list = Postings::default();
                        list.push(n);
                        postings.insert(gram.to_string(), list);
                    }
                }
            }
        }
    }

    // Size the shards by the bytes the postings take.
    let total: usize = postings
        .iter()
        .map(|(g, p)| g.len() + 6 + p.count * 3)
        .sum();
    let shards = (total / SHARD_TARGET + 1)
        .next_power_of_two()
        .clamp(SHARDS_MIN, SHARDS_MAX);
    let mut by_shard: Vec<Vec<(String, Postings)>> = vec![Vec::new(); shards];
    for (gram, list) in postings.drain() {
        by_shard[shard_of(&gram, shards)].push((gram, list));
    }

    // The size of a document's JSON, near enough to size the chunks
    // without writing every document twice: its strings and some 40 bytes
    // of keys and punctuation.
    let doc_bytes: usize = (docs.iter())
        .map(|d| d.text.len() + d.id.len() + d.date.len() + d.section.len() + 40)
        .sum();
    let average = doc_bytes / docs.len().max(1) + 1;
    let chunk = (CHUNK_TARGET / average).clamp(1, 256);

    // Each file is hashed as it is written; the version hashes those
    // hashes in the order of the file names.
    let written = |name: String, js: String| -> Result<(String, u64), super::BuildError> {
        let mut hash = Fnv64::new();
        hash.write(name.as_bytes());
        hash.write(js.as_bytes());
        put(&name, js.as_bytes())?;
        Ok((name, hash.0))
    };
    let shard_files = by_shard.into_par_iter().enumerate().map(|(n, mut grams)| {
        grams.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut js = format!("annalsSearch.shard({n},{{");
        for (k, (gram, list)) in grams.iter().enumerate() {
            if k > 0 {
                js.push(',');
            }
            js.push_str(&js_json(gram.as_str()));
            js.push_str(":[");
            list.push_deltas(&mut js);
            js.push(']');
        }
        js.push_str("});\n");
        written(shard_file(n), js)
    });
    let doc_files = docs.par_chunks(chunk).enumerate().map(|(n, part)| {
        let items: Vec<String> = part.iter().map(js_json).collect();
        let js = format!("annalsSearch.docs({n},[\n{}\n]);\n", items.join(",\n"));
        written(docs_file(n), js)
    });
    let title_files = (documents.titles.par_iter()).map(|(lang, titles)| {
        let js = format!(
            "annalsSearch.titles({},{});\n",
            js_json(lang.code()),
            js_json(titles)
        );
        written(titles_file(*lang), js)
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
                let (event_before, event_after) = super::urls::event_around(doc.lang);
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

    /// Appends the gaps as JSON numbers separated by commas: the first
    /// document's number, then each gap.
    fn push_deltas(&self, out: &mut String) {
        use std::fmt::Write as _;
        let (mut v, mut shift, mut first) = (0u32, 0, true);
        for &b in &self.gaps {
            v |= u32::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                if !first {
                    out.push(',');
                }
                let _ = write!(out, "{v}");
                (v, shift, first) = (0, 0, false);
            } else {
                shift += 7;
            }
        }
    }
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
    let json = serde_json::to_string(value).expect("search index values serialize");
    if !json.contains(['\u{2028}', '\u{2029}', '<', '>', '&']) {
        return json;
    }
    json.replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
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
    let mut cur = String::new();
    let mut cjk = false;
    let flush = |cur: &mut String, cjk: bool, out: &mut Vec<Term>| {
        if !cur.is_empty() {
            let s = std::mem::take(cur);
            out.push(if cjk { Term::Cjk(s) } else { Term::Word(s) });
        }
    };
    for c in text.chars().map(fold) {
        let class = if is_cjk(c) {
            Some(true)
        } else if is_word(c) {
            Some(false)
        } else {
            None
        };
        match class {
            Some(k) => {
                if k != cjk {
                    flush(&mut cur, cjk, &mut out);
                    cjk = k;
                }
                cur.push(c);
            }
            None => flush(&mut cur, cjk, &mut out),
        }
    }
    flush(&mut cur, cjk, &mut out);
    out
}

/// Every gram of a document's text.
pub fn doc_grams(text: &str) -> BTreeSet<String> {
    grams_of(&terms(text))
        .into_iter()
        .map(str::to_string)
        .collect()
}

/// The grams of a document's runs, in order and with repeats: slices of
/// the runs (a bigram or a word prefix is one), so that indexing a large
/// site allocates a string only for a gram it has not seen.
fn grams_of(terms: &[Term]) -> Vec<&str> {
    let mut grams = Vec::new();
    for term in terms {
        match term {
            Term::Cjk(s) => {
                // Each character, and each character with the next.
                let mut starts = s.char_indices().map(|(i, _)| i).chain([s.len()]);
                let (mut a, mut b) = (starts.next().unwrap_or(0), starts.next());
                while let Some(end) = b {
                    grams.push(&s[a..end]);
                    let next = starts.next();
                    if let Some(after) = next {
                        grams.push(&s[a..after]);
                    }
                    (a, b) = (end, next);
                }
            }
            Term::Word(w) => {
                // Byte ends of the prefixes of 1, 2, … characters.
                let ends: Vec<usize> = w
                    .char_indices()
                    .map(|(i, _)| i)
                    .skip(1)
                    .chain([w.len()])
                    .collect();
                if ends.len() == 1 {
                    grams.push(w.as_str());
                } else {
                    grams.extend(ends[1..ends.len().min(PREFIX_MAX)].iter().map(|&e| &w[..e]));
                }
            }
        }
    }
    grams
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

/// FNV-1a, 64 bits: the version hash of the index files, and the hash of
/// the postings map, whose keys are short grams (SipHash, the default, is
/// slower on them).
#[derive(Clone, Copy)]
struct Fnv64(u64);

impl Fnv64 {
    fn new() -> Self {
        Fnv64(0xcbf2_9ce4_8422_2325)
    }
}

impl Default for Fnv64 {
    fn default() -> Self {
        Fnv64::new()
    }
}

impl std::hash::Hasher for Fnv64 {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
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
        let mut text = String::new();
        p.push_deltas(&mut text);
        let deltas: Vec<u32> = text.split(',').map(|d| d.parse().unwrap()).collect();
        assert_eq!(undelta(&deltas), vec![3, 130, 20_000, 3_000_000, u32::MAX]);
        let mut none = String::new();
        Postings::default().push_deltas(&mut none);
        assert_eq!(none, "");
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
