//! A loaded site: configuration, sections, events, products, references.

use super::{DatePoint, DateSpec, Lang, Localized};
use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// `content/site.yaml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub title: Localized,
    #[serde(default)]
    pub description: Localized,
    #[serde(default = "default_language")]
    pub default_language: Lang,
    #[serde(default = "all_languages")]
    pub languages: Vec<Lang>,
    /// Used only where an absolute URL is required (feeds, sitemap,
    /// canonical links); every other link is relative.
    #[serde(default)]
    pub base_url: Option<String>,
    /// The infobox of the home page.
    #[serde(default)]
    pub company: Vec<Fact>,
    /// Names the company is written with; near misses are reported as typos.
    #[serde(default)]
    pub company_names: Vec<String>,
    /// Lets raw HTML in Markdown through. Off by default: content is escaped.
    #[serde(default)]
    pub trust_html: bool,
    /// The most events a list page (the timeline, a year, a month, a
    /// product) shows one by one; a longer timeline, year or month shows
    /// its months or days with their counts, each linking to its own page,
    /// and a longer product list is split into pages of this many.
    #[serde(default = "default_list_limit")]
    pub list_limit: std::num::NonZeroUsize,
    /// The most events a language may show for each to have a page of its
    /// own; past it an event's address is its place on its date page,
    /// which then shows every event of the day in full.
    #[serde(default = "default_event_page_limit")]
    pub event_page_limit: usize,
}

impl Config {
    /// The base URL, when one is set and not blank.
    pub fn base_url(&self) -> Option<&str> {
        self.base_url.as_deref().filter(|b| !b.trim().is_empty())
    }
}

/// Past 2,000 events a list page holds thousands of headlines (8 MB for
/// a timeline of 10,000), more than a reader or a browser wants.
fn default_list_limit() -> std::num::NonZeroUsize {
    std::num::NonZeroUsize::new(2_000).expect("not zero")
}

/// An event's page is about 6 KB in each language, the chrome of every
/// page (contents, navigation, head) around its text: 20,000 events make
/// 240 MB of them in two languages, and 100,000 would not fit a 1 GB host
/// such as GitHub Pages, while their day pages hold the same texts.
fn default_event_page_limit() -> usize {
    20_000
}

fn default_language() -> Lang {
    Lang::Zh
}

fn all_languages() -> Vec<Lang> {
    Lang::ALL.to_vec()
}

/// A labelled fact, as in an infobox row.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    pub label: Localized,
    pub value: Localized,
    /// Citation numbers supporting the fact.
    #[serde(default)]
    pub cite: Vec<u32>,
    /// Makes an infobox fact (a founding, a registration) an event of the
    /// timeline too, in the overview section, cited by `cite`.
    #[serde(default)]
    pub event: Option<FactEvent>,
}

/// `event: {date: 2023-07-17, text: {zh: DeepSeek成立。, en: DeepSeek is founded.}}`
/// on an infobox fact.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct FactEvent {
    #[serde(deserialize_with = "iso_date")]
    pub date: DatePoint,
    /// The event's text in each language, without its date (which the
    /// pages show beside it).
    pub text: Localized,
}

/// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, a real date.
fn iso_date<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<DatePoint, D::Error> {
    let text = String::deserialize(deserializer)?;
    DatePoint::parse_iso(&text).ok_or_else(|| {
        serde::de::Error::invalid_value(
            serde::de::Unexpected::Str(&text),
            &"a date written YYYY-MM-DD, YYYY-MM or YYYY",
        )
    })
}

/// An entry of `content/products.yaml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Product {
    pub id: String,
    pub name: Localized,
    /// Spellings that recognise a mention in text, e.g. `R1`, `DeepSeek R1`.
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub kind: Option<ProductKind>,
    /// ISO date (`2025-01-20`, `2025-01` or `2025`).
    #[serde(default)]
    pub released: Option<String>,
    #[serde(default)]
    pub summary: Localized,
    #[serde(default)]
    pub facts: Vec<Fact>,
    /// Shown among the key products on the home page.
    #[serde(default)]
    pub featured: bool,
}

/// What a product is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ProductKind {
    Model,
    App,
    Repository,
}

impl ProductKind {
    /// The key of its name in the interface strings (`templates/i18n.yaml`).
    pub fn i18n_key(self) -> &'static str {
        match self {
            ProductKind::Model => "kind_model",
            ProductKind::App => "kind_app",
            ProductKind::Repository => "kind_repository",
        }
    }
}

/// An entry of `content/references.yaml`. The article may only give numbers;
/// every detail is optional and an entry without any is shown as such.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub publisher: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub date: Option<String>,
    /// When the source was last read, as imported notes state it.
    #[serde(default)]
    pub accessed: Option<String>,
}

/// What kind of block a piece of text came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TextKind {
    Paragraph,
    ListItem { ordered: bool },
    Quote,
}

/// Only web links may reach a reader: `javascript:` and `data:` never do.
pub fn is_safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// Text with citation runs at byte offsets: `[(12, [3, 4])]` puts the
/// superscript `[3][4]` after the 12th byte.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CitedText {
    pub text: String,
    pub citations: Vec<CitationRun>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CitationRun {
    pub offset: usize,
    pub numbers: Vec<u32>,
}

impl CitedText {
    /// Every number cited, in order of first use.
    pub fn numbers(&self) -> Vec<u32> {
        let all = self
            .citations
            .iter()
            .flat_map(|r| r.numbers.iter().copied());
        let mut numbers = Vec::new();
        // An event cites a few numbers, looked for in the list itself (its
        // loading and pairing ask 60,000 times at 10,000 events); a set
        // past that, as a paragraph may cite thousands.
        let count: usize = self.citations.iter().map(|r| r.numbers.len()).sum();
        if count <= 16 {
            for n in all {
                if !numbers.contains(&n) {
                    numbers.push(n);
                }
            }
            return numbers;
        }
        let mut seen = FxHashSet::default();
        numbers.extend(all.filter(|n| seen.insert(*n)));
        numbers
    }
}

/// Where something came from, for diagnostics and for `annals events`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourcePos {
    pub path: PathBuf,
    pub line: usize,
    pub col: usize,
}

pub type SectionId = usize;
pub type EventId = usize;

/// One section: a Markdown file (and its translations) or a folder's
/// `_index.md`.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    /// Slugs from the outermost section down to this one.
    pub path: Vec<String>,
    pub parent: Option<SectionId>,
    pub children: Vec<SectionId>,
    pub order: i64,
    pub draft: bool,
    pub texts: BTreeMap<Lang, SectionText>,
}

impl Section {
    pub fn slug(&self) -> &str {
        self.path.last().map_or("", String::as_str)
    }

    pub fn title(&self, lang: Lang) -> &str {
        self.texts
            .get(&lang)
            .or_else(|| self.texts.values().next())
            .map_or("", |t| t.title.as_str())
    }
}

/// A section in one language.
#[derive(Debug, Clone, Serialize)]
pub struct SectionText {
    pub title: String,
    pub summary: Option<String>,
    pub source: PathBuf,
    pub body: Vec<BodyBlock>,
}

/// The body of a section, in source order.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum BodyBlock {
    /// A paragraph or list item: undated prose before its first dated entry,
    /// then its events.
    Text {
        kind: TextKind,
        lead: Option<CitedText>,
        events: Vec<EventId>,
    },
    Heading {
        level: u8,
        text: String,
    },
    Html {
        html: String,
    },
}

/// A dated entry in one language.
#[derive(Debug, Clone, Serialize)]
pub struct Event {
    /// Stable identifier shared by an event and its translations.
    pub id: String,
    pub lang: Lang,
    pub section: SectionId,
    pub date: DateSpec,
    pub text: CitedText,
    /// Ids of the products the text mentions.
    pub products: Vec<String>,
    pub source: SourcePos,
    /// The same event in the other language.
    pub counterpart: Option<EventId>,
    /// An id the author gave with `{#id}`.
    pub explicit_id: Option<String>,
    /// The id of an event this one restates (`{same=id}`), so date pages
    /// show it once.
    pub same_as: Option<String>,
}

/// Everything `content/` holds, loaded and checked.
#[derive(Debug, Clone, Serialize)]
pub struct Site {
    pub config: Config,
    /// Sections in reading order (depth first, by `order`, then slug).
    pub sections: Vec<Section>,
    pub events: Vec<Event>,
    pub products: Vec<Product>,
    pub references: BTreeMap<u32, Reference>,
}

/// How many events a language's timeline holds: the one count the home
/// page, the timeline and its side-by-side view all give.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TimelineCount {
    /// Distinct events: a restatement counts with the event it restates.
    pub events: usize,
    /// Events shown that restate another shown event (`{same=id}`).
    pub restatements: usize,
}

impl Site {
    /// Every citation number used in event text or lead prose.
    pub fn cited_numbers(&self) -> std::collections::BTreeSet<u32> {
        let mut cited: std::collections::BTreeSet<u32> = (self.events.iter())
            .flat_map(|e| {
                e.text
                    .citations
                    .iter()
                    .flat_map(|r| r.numbers.iter().copied())
            })
            .collect();
        for section in &self.sections {
            for text in section.texts.values() {
                for block in &text.body {
                    if let BodyBlock::Text {
                        lead: Some(lead), ..
                    } = block
                    {
                        cited.extend(lead.numbers());
                    }
                }
            }
        }
        cited
    }

    pub fn events_in(&self, lang: Lang) -> impl Iterator<Item = &Event> {
        self.events.iter().filter(move |e| e.lang == lang)
    }

    /// Whether `lang`'s pages show `e`: it is written in `lang`, or has no
    /// counterpart written in it (then it is shown untranslated).
    pub fn shows(&self, lang: Lang, e: &Event) -> bool {
        if !self.config.languages.contains(&e.lang) {
            return false;
        }
        e.lang == lang || e.counterpart.is_none_or(|c| self.events[c].lang != lang)
    }

    /// The events `lang`'s pages show that restate another event they show.
    pub fn restatements(&self, lang: Lang) -> BTreeSet<EventId> {
        let shown: Vec<EventId> = (0..self.events.len())
            .filter(|&i| self.shows(lang, &self.events[i]))
            .collect();
        if shown.iter().all(|&i| self.events[i].same_as.is_none()) {
            return BTreeSet::new();
        }
        let ids: FxHashSet<&str> = shown.iter().map(|&i| self.events[i].id.as_str()).collect();
        shown
            .into_iter()
            .filter(|&i| {
                let e = &self.events[i];
                e.same_as
                    .as_deref()
                    .is_some_and(|s| s != e.id && ids.contains(s))
            })
            .collect()
    }

    pub fn timeline_count(&self, lang: Lang) -> TimelineCount {
        let shown = self.events.iter().filter(|e| self.shows(lang, e)).count();
        let restatements = self.restatements(lang).len();
        TimelineCount {
            events: shown - restatements,
            restatements,
        }
    }

    /// The index of the product with this id. A scan: sites have tens of
    /// products, and building a map for every page cost more.
    pub fn product_index(&self, id: &str) -> Option<usize> {
        self.products.iter().position(|p| p.id == id)
    }

    /// Section titles from the outermost down to the event's own.
    pub fn section_titles(&self, section: SectionId, lang: Lang) -> Vec<String> {
        let mut titles = Vec::new();
        let mut cur = Some(section);
        while let Some(i) = cur {
            titles.push(self.sections[i].title(lang).to_string());
            cur = self.sections[i].parent;
        }
        titles.reverse();
        titles
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cited(runs: &[&[u32]]) -> CitedText {
        CitedText {
            text: String::new(),
            citations: (runs.iter())
                .map(|numbers| CitationRun {
                    offset: 0,
                    numbers: numbers.to_vec(),
                })
                .collect(),
        }
    }

    #[test]
    fn numbers_are_listed_once_in_order_of_first_use() {
        // A few numbers (looked for in the list) and many (a set).
        assert_eq!(cited(&[&[3, 1], &[3], &[2, 1]]).numbers(), [3, 1, 2]);
        let many: Vec<u32> = (0..40).rev().chain(0..40).collect();
        assert_eq!(
            cited(&[&many, &[7]]).numbers(),
            (0..40).rev().collect::<Vec<u32>>()
        );
    }
}
