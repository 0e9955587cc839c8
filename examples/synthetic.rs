//! A deterministic synthetic annals site for benchmarks.
//!
//! ```sh
//! cargo run --release --example synthetic -- N OUTDIR [--hugo] [--seed S]
//! ```
//!
//! writes `OUTDIR/content/` (an annals site of N bilingual events) and, with
//! `--hugo`, also `OUTDIR/hugo/` holding the same events as a Hugo site.
//!
//! The site is shaped like the Hugo/Zola anchor sites of the "speed and
//! scale" benchmarks (`gen_anchor_sites.py`): 12 sections, 15 products,
//! event `i` dated `2023-01-01 + i * 1095 / N` days, a random section,
//! 0-2 products, 1-3 citations out of 400, about 150 Chinese characters or
//! 40 English words of text. In annals form the events are dated entries of
//! section prose: each section file holds an undated lead paragraph, then
//! paragraphs of one to four entries of the same month
//! (`2024年3月5日，…… [12]同日，……3月6日，……`; `On 5 March 2024, … On the
//! same day, …`). Every event pairs with its translation: no two events
//! share a date and a set of citations.
//!
//! The random numbers come from a fixed-seed SplitMix64 generator written
//! inline, so a given (N, seed) always gives the same bytes.

use annals::model::date::MONTHS_EN;
use std::collections::{BTreeSet, HashSet};
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

/// Days from 2023-01-01 over which events are spread (to 2025-12-30).
const SPAN_DAYS: usize = 1095;
const START_YEAR: i32 = 2023;
const DEFAULT_SEED: u64 = 20261128;
/// Citation numbers are drawn from 1..=CITATIONS.
const CITATIONS: usize = 400;

/// (slug, Chinese title, English title)
const SECTIONS: [(&str, &str, &str); 12] = [
    ("funding", "融资", "Funding"),
    ("launches", "产品发布", "Product launches"),
    ("partnerships", "合作", "Partnerships"),
    ("people", "人事", "People"),
    ("research", "研发", "Research"),
    ("legal", "法律与合规", "Legal and compliance"),
    ("acquisitions", "收购", "Acquisitions"),
    ("infrastructure", "基础设施", "Infrastructure"),
    ("market", "市场", "Market"),
    ("policy", "政策", "Policy"),
    ("safety", "安全", "Safety"),
    ("community", "社区", "Community"),
];

const PRODUCTS: [&str; 15] = [
    "atlas", "beacon", "cobalt", "delta", "ember", "fjord", "garnet", "harbor", "iris", "juniper",
    "kestrel", "lumen", "meridian", "nimbus", "orbit",
];
const PRODUCT_KINDS: [(&str, &str, &str); 3] = [
    ("model", "模型", "model"),
    ("app", "应用", "app"),
    ("repository", "开源仓库", "open-source repository"),
];

const ZH_SUBJECTS: [&str; 8] = [
    "公司",
    "董事会",
    "研发团队",
    "管理层",
    "子公司",
    "产品部门",
    "投资方",
    "合作伙伴",
];
const ZH_ACTIONS: [&str; 15] = [
    "完成新一轮融资",
    "发布新版本",
    "签署战略合作协议",
    "任命新任首席技术官",
    "公布季度业绩",
    "开设海外办事处",
    "收购初创企业",
    "推出开发者平台",
    "扩建数据中心",
    "通过安全审查",
    "更新隐私政策",
    "启动开源计划",
    "举办年度大会",
    "调整组织架构",
    "获得监管批准",
];
const ZH_PHRASES: [&str; 20] = [
    "据多家媒体报道",
    "这一举措被视为公司战略的重要转折点",
    "相关负责人在发布会上表示",
    "新产品将首先在国内市场上线",
    "随后逐步推广至海外用户",
    "业内分析人士认为",
    "此次合作将显著提升双方的技术能力",
    "公司同时宣布了新的招聘计划",
    "预计将在明年第一季度完成交付",
    "该项目投入的研发经费超过十亿元",
    "监管机构对此表示欢迎",
    "部分用户对价格调整提出了质疑",
    "公司股价在消息公布后小幅上涨",
    "团队规模在过去一年中翻了一番",
    "新版本显著改善了响应速度和稳定性",
    "双方将共同建设联合实验室",
    "该决定经过了董事会的充分讨论",
    "公司承诺将继续加大安全方面的投入",
    "此前该公司曾多次推迟发布计划",
    "这是公司成立以来规模最大的一次调整",
];
const EN_WORDS: &str =
    "the company announced a new round of funding led by existing investors and said it \
     would expand research teams open an office abroad and release an updated platform for \
     developers analysts noted that the move follows months of speculation regulators welcomed \
     the decision while some users questioned pricing changes the board approved a revised \
     strategy focused on safety reliability and long term growth across several markets";
const EN_ACTIONS: [&str; 15] = [
    "closes new funding round",
    "ships a new release",
    "signs strategic partnership",
    "appoints new CTO",
    "reports quarterly results",
    "opens overseas office",
    "acquires a startup",
    "launches developer platform",
    "expands data center",
    "passes security review",
    "updates privacy policy",
    "starts open-source program",
    "holds annual conference",
    "reorganises teams",
    "wins regulatory approval",
];
/// SplitMix64: small, fast, and the same on every platform.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() >> 11) % n as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// `k` distinct numbers of `0..n`, sorted.
    pub fn sample(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut chosen = BTreeSet::new();
        while chosen.len() < k.min(n) {
            chosen.insert(self.below(n));
        }
        chosen.into_iter().collect()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Day {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn month_len(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(year) => 29,
        _ => 28,
    }
}

/// The date `offset` days after 1 January of [`START_YEAR`].
pub fn day_after_start(offset: usize) -> Day {
    let mut left = offset as u32;
    let (mut year, mut month) = (START_YEAR, 1);
    loop {
        let len = month_len(year, month);
        if left < len {
            return Day {
                year,
                month,
                day: left + 1,
            };
        }
        left -= len;
        month += 1;
        if month > 12 {
            month = 1;
            year += 1;
        }
    }
}

/// One synthetic event, in both languages.
pub struct Event {
    pub num: usize,
    pub date: Day,
    pub section: usize,
    /// Indices into [`PRODUCTS`].
    pub products: Vec<usize>,
    /// How each product is named in the text (index into its aliases).
    pub spellings: Vec<usize>,
    pub cites: Vec<u32>,
    pub subject: usize,
    pub action: usize,
    /// Chinese phrases, and the citation placed after each (if any).
    pub zh_phrases: Vec<(&'static str, Option<u32>)>,
    /// English words, and the citation placed after each (if any).
    pub en_words: Vec<(&'static str, Option<u32>)>,
}

/// The events of the anchor sites' shape: event `i` on day
/// `i * SPAN_DAYS / n`, in a random section, with 0-2 products and 1-3
/// citations, never sharing both date and citations with another event.
pub fn make_events(n: usize, seed: u64) -> Vec<Event> {
    let mut rng = Rng::new(seed);
    let words: Vec<&'static str> = EN_WORDS.split_whitespace().collect();
    let mut keys: HashSet<(usize, Vec<u32>)> = HashSet::new();
    let mut events = Vec::with_capacity(n);
    for i in 0..n {
        let offset = i * SPAN_DAYS / n.max(1);
        let section = rng.below(SECTIONS.len());
        let k = [0, 1, 1, 2][rng.below(4)];
        let products = rng.sample(PRODUCTS.len(), k);
        let spellings = products.iter().map(|_| rng.below(3)).collect();
        let cites = loop {
            let count = 1 + rng.below(3);
            let cites: Vec<u32> = rng
                .sample(CITATIONS, count)
                .into_iter()
                .map(|c| c as u32 + 1)
                .collect();
            if keys.insert((offset, cites.clone())) {
                break cites;
            }
        };
        let subject = rng.below(ZH_SUBJECTS.len());
        let action = rng.below(ZH_ACTIONS.len());
        let mut zh: Vec<(&'static str, Option<u32>)> = Vec::new();
        let mut length = 0;
        while length < 150 {
            let p = *rng.pick(&ZH_PHRASES);
            zh.push((p, None));
            length += p.chars().count() + 1;
        }
        let at = rng.sample(zh.len(), cites.len());
        for (c, j) in cites.iter().zip(&at) {
            zh[*j].1 = Some(*c);
        }
        let mut en: Vec<(&'static str, Option<u32>)> =
            (0..40).map(|_| (*rng.pick(&words), None)).collect();
        let at = rng.sample(35, cites.len());
        for (c, j) in cites.iter().zip(&at) {
            en[5 + *j].1 = Some(*c);
        }
        events.push(Event {
            num: i + 1,
            date: day_after_start(offset),
            section,
            products,
            spellings,
            cites,
            subject,
            action,
            zh_phrases: zh,
            en_words: en,
        });
    }
    events
}

fn product_name(p: usize) -> String {
    let id = PRODUCTS[p];
    let mut name = id[..1].to_ascii_uppercase();
    name.push_str(&id[1..]);
    name
}

/// A product's aliases; the first is its name.
fn product_aliases(p: usize) -> [String; 3] {
    let name = product_name(p);
    [
        name.clone(),
        format!("{name}-{}", p + 1),
        format!("{name} Pro"),
    ]
}

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_uppercase().chain(chars).collect::<String>()
    })
}

/// How an entry's date is written, relative to the entry before it in the
/// same paragraph (`None`: it opens the paragraph).
fn zh_date(date: Day, previous: Option<Day>) -> String {
    match previous {
        Some(p) if p == date => "同日，".to_string(),
        Some(p) if p.year == date.year => format!("{}月{}日，", date.month, date.day),
        _ => format!("{}年{}月{}日，", date.year, date.month, date.day),
    }
}

fn en_date(date: Day, previous: Option<Day>) -> String {
    match previous {
        Some(p) if p == date => "On the same day, ".to_string(),
        _ => format!(
            "On {} {} {}, ",
            date.day,
            MONTHS_EN[date.month as usize - 1],
            date.year
        ),
    }
}

/// The Chinese entry after its date: the headline clause, then the phrases.
/// `marker` writes one citation.
fn zh_text(e: &Event, marker: &dyn Fn(u32) -> String) -> String {
    let mut s = String::with_capacity(600);
    s.push_str(ZH_SUBJECTS[e.subject]);
    s.push_str(ZH_ACTIONS[e.action]);
    for (k, (p, spelling)) in e.products.iter().zip(&e.spellings).enumerate() {
        s.push_str(if k == 0 { "，涉及" } else { "与" });
        s.push_str(&product_aliases(*p)[*spelling]);
    }
    s.push('。');
    for (j, (phrase, cite)) in e.zh_phrases.iter().enumerate() {
        if j > 0 {
            s.push('，');
        }
        s.push_str(phrase);
        if let Some(c) = cite {
            s.push_str(&marker(*c));
        }
    }
    s.push('。');
    s
}

fn en_text(e: &Event, marker: &dyn Fn(u32) -> String) -> String {
    let mut s = String::with_capacity(400);
    s.push_str("the company ");
    s.push_str(EN_ACTIONS[e.action]);
    for (k, (p, spelling)) in e.products.iter().zip(&e.spellings).enumerate() {
        s.push_str(if k == 0 { ", involving " } else { " and " });
        s.push_str(&product_aliases(*p)[*spelling]);
    }
    s.push('.');
    for (j, (word, cite)) in e.en_words.iter().enumerate() {
        s.push(' ');
        if j == 0 {
            s.push_str(&capitalize(word));
        } else {
            s.push_str(word);
        }
        if let Some(c) = cite {
            s.push_str(&marker(*c));
        }
    }
    s.push('.');
    s
}

fn annals_marker(c: u32) -> String {
    format!(" [{c}]")
}

fn write(path: &Path, text: &str) -> io::Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    fs::write(path, text)
}

/// What was written.
#[derive(Debug, Default, Clone, Copy)]
pub struct Written {
    pub events: usize,
    pub files: usize,
    pub bytes: usize,
}

impl Written {
    fn add(&mut self, path: &Path, text: &str) -> io::Result<()> {
        write(path, text)?;
        self.files += 1;
        self.bytes += text.len();
        Ok(())
    }
}

/// Writes the annals site of `events` under `root/content` (replaced).
pub fn write_annals(root: &Path, events: &[Event]) -> io::Result<Written> {
    let content = root.join("content");
    if content.exists() {
        fs::remove_dir_all(&content)?;
    }
    let mut out = Written {
        events: events.len(),
        ..Written::default()
    };
    let cited: BTreeSet<u32> = events
        .iter()
        .flat_map(|e| e.cites.iter().copied())
        .collect();
    let first_cite = cited.iter().next().copied().unwrap_or(1);

    let mut site = String::new();
    site.push_str("# A synthetic site for benchmarks (examples/synthetic.rs).\n");
    site.push_str("title: {zh: \"公司时间线\", en: \"Company Timeline\"}\n");
    site.push_str("description:\n  zh: \"一家虚构公司的发展历程，用于性能测试。\"\n");
    site.push_str("  en: \"The history of a fictional company, for benchmarks.\"\n");
    site.push_str("default_language: zh\nlanguages: [zh, en]\n");
    site.push_str("base_url: https://example.org/\ncompany_names: [Zephyr]\ncompany:\n");
    for (label_zh, label_en, zh, en) in [
        ("成立时间", "Founded", "2022年12月1日", "1 December 2022"),
        ("总部", "Headquarters", "杭州", "Hangzhou"),
        ("员工人数", "Employees", "约1200人", "about 1,200"),
    ] {
        let _ = writeln!(
            site,
            "  - label: {{zh: \"{label_zh}\", en: \"{label_en}\"}}\n    value: {{zh: \"{zh}\", en: \"{en}\"}}\n    cite: [{first_cite}]"
        );
    }
    out.add(&content.join("site.yaml"), &site)?;

    let mut products = String::from("# 15 products; aliases are recognised in event text.\n");
    for p in 0..PRODUCTS.len() {
        let name = product_name(p);
        let (kind, kind_zh, kind_en) = PRODUCT_KINDS[p % PRODUCT_KINDS.len()];
        let aliases = product_aliases(p);
        let released = day_after_start(p * SPAN_DAYS / PRODUCTS.len());
        let _ = write!(
            products,
            "- id: {id}\n  name: {name}\n  kind: {kind}\n  released: {y:04}-{m:02}-{d:02}\n  \
             aliases: [{a0}, {a1}, {a2}]\n  featured: {featured}\n  \
             summary:\n    zh: \"{name}是公司的{kind_zh}产品。\"\n    en: \"{name} is the company's {kind_en}.\"\n  \
             facts:\n    - label: {{zh: 类型, en: Kind}}\n      value: {{zh: {kind_zh}, en: {kind_en}}}\n      cite: [{first_cite}]\n",
            id = PRODUCTS[p],
            y = released.year,
            m = released.month,
            d = released.day,
            a0 = aliases[0],
            a1 = aliases[1],
            a2 = aliases[2],
            featured = p < 4,
        );
    }
    out.add(&content.join("products.yaml"), &products)?;

    let mut references = String::from("# Only the numbers that events cite.\n");
    for c in &cited {
        let date = day_after_start(*c as usize * SPAN_DAYS / CITATIONS);
        let _ = writeln!(
            references,
            "{c}: {{title: \"Report no. {c}\", publisher: Example News, url: \"https://example.org/sources/{c}\", date: {:04}-{:02}-{:02}}}",
            date.year, date.month, date.day
        );
    }
    out.add(&content.join("references.yaml"), &references)?;

    out.add(
        &content.join("_index.md"),
        &format!(
            "---\ntitle: 概览\n---\n\n公司时间线按栏目收录了公司自2023年以来的{} 个事件，每个事件都注明来源。\n",
            events.len()
        ),
    )?;
    out.add(
        &content.join("_index.en.md"),
        &format!(
            "---\ntitle: Overview\n---\n\nThe company timeline collects {} events since 2023, by section, each with its sources.\n",
            events.len()
        ),
    )?;

    // Per section, events in date order, in paragraphs of 1-4 entries of
    // one month. The paragraph layout is drawn once and used for both
    // languages.
    let mut rng = Rng::new(0x5EC7_1045 ^ events.len() as u64);
    for (s, (slug, title_zh, title_en)) in SECTIONS.iter().enumerate() {
        let mut zh = format!(
            "---\ntitle: \"{title_zh}\"\nslug: {slug}\norder: {}\n---\n\n本栏目按时间顺序记录公司在{title_zh}方面的大事。\n",
            (s + 1) * 10
        );
        let mut en = format!(
            "---\ntitle: \"{title_en}\"\n---\n\nThis section records the company's {} events in chronological order.\n",
            title_en.to_lowercase()
        );
        let mut previous: Option<Day> = None;
        let mut left = 0;
        for e in events.iter().filter(|e| e.section == s) {
            let new_month =
                previous.is_none_or(|p| (p.year, p.month) != (e.date.year, e.date.month));
            if left == 0 || new_month {
                let ends = if left > 0 { "\n\n" } else { "\n" };
                zh.push_str(ends);
                en.push_str(ends);
                previous = None;
                left = 1 + rng.below(4);
            } else {
                en.push(' ');
            }
            zh.push_str(&zh_date(e.date, previous));
            zh.push_str(&zh_text(e, &annals_marker));
            en.push_str(&en_date(e.date, previous));
            en.push_str(&en_text(e, &annals_marker));
            left -= 1;
            if left == 0 {
                zh.push('\n');
                en.push('\n');
            }
            previous = Some(e.date);
        }
        if left > 0 {
            zh.push('\n');
            en.push('\n');
        }
        out.add(&content.join(format!("s{:02}.md", s + 1)), &zh)?;
        out.add(&content.join(format!("s{:02}.en.md", s + 1)), &en)?;
    }
    Ok(out)
}

// ------------------------------------------------------------------- Hugo
//
// The same events as a Hugo site, with the anchor generator's templates and
// configuration (gen_anchor_sites.py, `gen_hugo`): one page per event and
// language, taxonomies products/years/months.

const HUGO_BASEOF: &str = r#"<!DOCTYPE html>
<html lang="{{ .Site.Language.Lang }}">
<head>
<meta charset="utf-8">
<title>{{ if not .IsHome }}{{ .Title }} · {{ end }}{{ .Site.Title }}</title>
</head>
<body>
<header>
<a class="home" href="{{ "/" | absLangURL }}">{{ .Site.Title }}</a>
<nav>{{ range .Site.Params.nav }}<a href="{{ printf "/%s/" .slug | absLangURL }}">{{ .name }}</a> {{ end }}</nav>
<div class="lang">{{ block "langswitch" . }}{{ range .Translations }}<a hreflang="{{ .Lang }}" href="{{ .Permalink }}">{{ .Language.LanguageName }}</a>{{ end }}{{ end }}</div>
</header>
<main>
{{ block "main" . }}{{ end }}
</main>
<footer>{{ i18n "home" }} · <a href="{{ "/products/" | absLangURL }}">{{ i18n "products" }}</a> · <a href="{{ "/years/" | absLangURL }}">{{ i18n "years" }}</a> · <a href="{{ "/months/" | absLangURL }}">{{ i18n "months" }}</a></footer>
</body>
</html>
"#;

const HUGO_SINGLE: &str = r#"{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p class="meta"><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2006-01-02" }}</time>
· <a href="{{ .CurrentSection.Permalink }}">{{ .CurrentSection.Title }}</a>
{{ with .GetTerms "products" }}· {{ i18n "products" }}: {{ range . }}<a href="{{ .Permalink }}">{{ .Title }}</a> {{ end }}{{ end }}
{{ range .GetTerms "years" }}· <a href="{{ .Permalink }}">{{ .Title }}</a>{{ end }}
{{ range .GetTerms "months" }}· <a href="{{ .Permalink }}">{{ .Title }}</a>{{ end }}
</p>
{{ .Content }}
<nav class="pn">{{ with .PrevInSection }}<a rel="prev" href="{{ .Permalink }}">{{ i18n "prev" }}: {{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a rel="next" href="{{ .Permalink }}">{{ i18n "next" }}: {{ .Title }}</a>{{ end }}</nav>
</article>
{{ end }}
"#;

const HUGO_LIST: &str = r#"{{ define "main" }}
{{ if eq .Kind "taxonomy" }}
<h1>{{ i18n .Data.Plural }}</h1>
<ul>
{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.Permalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>
{{ end }}</ul>
{{ else }}
<h1>{{ .Title }}</h1>
<p>{{ len .Pages }} {{ i18n "events" }}</p>
<ul>
{{ range .Pages }}<li><time>{{ .Date.Format "2006-01-02" }}</time> <a href="{{ .Permalink }}">{{ .Title }}</a></li>
{{ end }}</ul>
{{ end }}
{{ end }}
"#;

const HUGO_INDEX: &str = r#"{{ define "main" }}
<h1>{{ .Site.Title }}</h1>
<h2>{{ i18n "sections" }}</h2>
<ul>{{ range .Site.Params.nav }}<li><a href="{{ printf "/%s/" .slug | absLangURL }}">{{ .name }}</a></li>{{ end }}</ul>
<h2>{{ i18n "years" }}</h2>
<ul>{{ range .Site.Taxonomies.years.Alphabetical }}<li><a href="{{ .Page.Permalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>
{{ end }}
"#;

const I18N: [(&str, &str, &str); 9] = [
    ("events", "个事件", "events"),
    ("sections", "栏目", "Sections"),
    ("products", "产品", "Products"),
    ("years", "年份", "Years"),
    ("months", "月份", "Months"),
    ("sources", "来源", "Sources"),
    ("prev", "上一条", "Previous"),
    ("next", "下一条", "Next"),
    ("home", "首页", "Home"),
];

fn hugo_marker(c: u32) -> String {
    format!(" [[{c}]](https://example.org/sources/{c})")
}

/// Writes the Hugo site of `events` under `root` (replaced).
pub fn write_hugo(root: &Path, events: &[Event]) -> io::Result<Written> {
    if root.exists() {
        fs::remove_dir_all(root)?;
    }
    let mut out = Written {
        events: events.len(),
        ..Written::default()
    };
    let langs = [
        ("zh", "中文", "公司时间线"),
        ("en", "English", "Company Timeline"),
    ];
    let mut config = String::from(
        "baseURL = \"https://example.org/\"\ntitle = \"公司时间线\"\ndefaultContentLanguage = \"zh\"\n\
         defaultContentLanguageInSubdir = false\nhasCJKLanguage = true\ndisableAliases = true\n\
         disableKinds = [\"RSS\", \"sitemap\", \"robotsTXT\", \"404\"]\n\n[taxonomies]\n  \
         product = \"products\"\n  year = \"years\"\n  month = \"months\"\n\n",
    );
    for (w, (lang, name, title)) in langs.iter().enumerate() {
        let nav: Vec<String> = SECTIONS
            .iter()
            .map(|(slug, zh, en)| {
                format!(
                    "{{slug = \"{slug}\", name = \"{}\"}}",
                    if *lang == "zh" { zh } else { en }
                )
            })
            .collect();
        let _ = write!(
            config,
            "[languages.{lang}]\n  languageName = \"{name}\"\n  weight = {}\n  contentDir = \"content/{lang}\"\n  \
             title = \"{title}\"\n  [languages.{lang}.params]\n    nav = [{}]\n\n",
            w + 1,
            nav.join(", ")
        );
    }
    out.add(&root.join("config.toml"), &config)?;
    for (lang, ..) in langs {
        let tr: String = I18N
            .iter()
            .map(|(k, zh, en)| format!("{k} = \"{}\"\n", if lang == "zh" { zh } else { en }))
            .collect();
        out.add(&root.join("i18n").join(format!("{lang}.toml")), &tr)?;
    }
    let layouts = root.join("layouts");
    out.add(&layouts.join("_default/baseof.html"), HUGO_BASEOF)?;
    out.add(&layouts.join("_default/single.html"), HUGO_SINGLE)?;
    out.add(&layouts.join("_default/list.html"), HUGO_LIST)?;
    out.add(&layouts.join("index.html"), HUGO_INDEX)?;
    for (lang, _, title) in langs {
        let zh = lang == "zh";
        let c = root.join("content").join(lang);
        out.add(
            &c.join("_index.md"),
            &format!("+++\ntitle = \"{title}\"\n+++\n"),
        )?;
        for (slug, t_zh, t_en) in SECTIONS {
            let t = if zh { t_zh } else { t_en };
            out.add(
                &c.join(slug).join("_index.md"),
                &format!("+++\ntitle = \"{t}\"\n+++\n"),
            )?;
        }
        for e in events {
            let title = if zh {
                format!(
                    "{}{}（{}）",
                    ZH_SUBJECTS[e.subject], ZH_ACTIONS[e.action], e.num
                )
            } else {
                format!("Company {} ({})", EN_ACTIONS[e.action], e.num)
            };
            let list = |items: Vec<String>| {
                items
                    .iter()
                    .map(|s| format!("\"{s}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let products = list(
                e.products
                    .iter()
                    .map(|p| PRODUCTS[*p].to_string())
                    .collect(),
            );
            let d = e.date;
            let body = if zh {
                zh_text(e, &hugo_marker)
            } else {
                capitalize(&en_text(e, &hugo_marker))
            };
            let mut page = format!(
                "+++\ntitle = \"{title}\"\ndate = {:04}-{:02}-{:02}\nproducts = [{products}]\n\
                 years = [\"{:04}\"]\nmonths = [\"{:04}-{:02}\"]\n+++\n{body}\n\n## {}\n\n",
                d.year,
                d.month,
                d.day,
                d.year,
                d.year,
                d.month,
                if zh { "来源" } else { "Sources" }
            );
            for c in &e.cites {
                let _ = writeln!(
                    page,
                    "- [{c}] {} <https://example.org/sources/{c}>",
                    if zh {
                        format!("报道第{c}号")
                    } else {
                        format!("Report no. {c}")
                    }
                );
            }
            out.add(
                &c.join(SECTIONS[e.section].0)
                    .join(format!("e{:05}.md", e.num)),
                &page,
            )?;
        }
    }
    Ok(out)
}

fn usage() -> ! {
    eprintln!("usage: synthetic N OUTDIR [--hugo] [--seed S]");
    eprintln!("  writes OUTDIR/content (annals) and, with --hugo, OUTDIR/hugo (Hugo)");
    std::process::exit(2);
}

fn main() {
    let mut positional = Vec::new();
    let mut hugo = false;
    let mut seed = DEFAULT_SEED;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--hugo" => hugo = true,
            "--seed" => {
                seed = args
                    .next()
                    .and_then(|s| s.parse().ok())
                    .unwrap_or_else(|| usage())
            }
            "-h" | "--help" => usage(),
            _ => positional.push(a),
        }
    }
    let [n, outdir] = positional.as_slice() else {
        usage()
    };
    let n: usize = n.replace('_', "").parse().unwrap_or_else(|_| usage());
    let outdir = Path::new(outdir);
    let events = make_events(n, seed);
    let run = || -> io::Result<()> {
        let a = write_annals(outdir, &events)?;
        eprintln!(
            "annals: {} events, {} files, {} bytes in {}",
            a.events,
            a.files,
            a.bytes,
            outdir.join("content").display()
        );
        if hugo {
            let h = write_hugo(&outdir.join("hugo"), &events)?;
            eprintln!(
                "hugo: {} files, {} bytes in {}; expected pages: {}",
                h.files,
                h.bytes,
                outdir.join("hugo").display(),
                2 * (n + 70)
            );
        }
        Ok(())
    };
    if let Err(e) = run() {
        eprintln!("synthetic: {e}");
        std::process::exit(1);
    }
}
