//! The repository's DeepSeek site, built by the binary, and what comes with
//! its pages: the Atom feeds, the TimelineJS export, the inline SVG charts,
//! the side-by-side pages, the 404 page, the date badges, each page's
//! description, Open Graph tags, JSON-LD and favicon, and (with a
//! `base_url`) the sitemap's language alternates.

mod common;

use common::{attr_values, build_ok as build, escape_html, files_under as walk, read, resolve};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The DeepSeek site, built once for every test of this file.
fn site() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("site-extras-deepseek");
        build(repo(), &out);
        out
    })
}

/// `events.json`: every event record.
fn records(out: &Path) -> Vec<Value> {
    let v: Value = serde_json::from_str(&read(out, "events.json")).unwrap();
    v.as_array().unwrap().clone()
}

fn record<'a>(records: &'a [Value], id: &str, lang: &str) -> &'a Value {
    records
        .iter()
        .find(|r| r["id"] == id && r["lang"] == lang)
        .unwrap_or_else(|| panic!("no event {id} in {lang}"))
}

// ---- a small XML reader: well-formedness and a tree ------------------------

#[derive(Debug)]
struct Element {
    name: String,
    attrs: BTreeMap<String, String>,
    children: Vec<Node>,
}

#[derive(Debug)]
enum Node {
    El(Element),
    Text(String),
}

impl Element {
    fn all(&self, name: &str) -> std::vec::IntoIter<&Element> {
        self.children
            .iter()
            .filter_map(|c| match c {
                Node::El(e) if e.name == name => Some(e),
                _ => None,
            })
            .collect::<Vec<_>>()
            .into_iter()
    }

    fn one(&self, name: &str) -> &Element {
        match self.all(name).next() {
            Some(e) => e,
            None => panic!("<{}> has no <{name}>", self.name),
        }
    }

    fn text(&self) -> String {
        self.children
            .iter()
            .map(|c| match c {
                Node::Text(t) => t.clone(),
                Node::El(e) => e.text(),
            })
            .collect()
    }
}

/// Parses an XML document, failing on anything not well-formed: unclosed
/// or mismatched tags, unquoted or duplicate attributes, `<` in values, bad
/// entity references, text outside the root element.
fn parse_xml(doc: &str) -> Result<Element, String> {
    let mut p = Xml { s: doc, at: 0 };
    p.misc()?;
    let root = p.element()?;
    p.misc()?;
    if p.at != doc.len() {
        return Err(format!("content after the root element at byte {}", p.at));
    }
    Ok(root)
}

struct Xml<'a> {
    s: &'a str,
    at: usize,
}

impl Xml<'_> {
    fn rest(&self) -> &str {
        &self.s[self.at..]
    }

    fn err<T>(&self, what: &str) -> Result<T, String> {
        let line = self.s[..self.at].matches('\n').count() + 1;
        Err(format!("line {line}: {what}"))
    }

    fn skip_ws(&mut self) {
        let t = self.rest();
        self.at += t.len() - t.trim_start().len();
    }

    /// Whitespace, the XML declaration, comments, processing instructions.
    fn misc(&mut self) -> Result<(), String> {
        loop {
            self.skip_ws();
            if self.rest().starts_with("<?") {
                self.until("?>")?;
            } else if self.rest().starts_with("<!--") {
                self.until("-->")?;
            } else {
                return Ok(());
            }
        }
    }

    fn until(&mut self, end: &str) -> Result<String, String> {
        match self.rest().find(end) {
            Some(k) => {
                let out = self.rest()[..k].to_string();
                self.at += k + end.len();
                Ok(out)
            }
            None => self.err(&format!("`{end}` never comes")),
        }
    }

    fn name(&mut self) -> Result<String, String> {
        let t = self.rest();
        let len = t
            .find(|c: char| !(c.is_alphanumeric() || matches!(c, ':' | '_' | '-' | '.')))
            .unwrap_or(t.len());
        if len == 0 || t.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '.') {
            return self.err("a name was expected");
        }
        let name = t[..len].to_string();
        self.at += len;
        Ok(name)
    }

    fn unescape(&self, raw: &str) -> Result<String, String> {
        let mut out = String::new();
        let mut rest = raw;
        while let Some(k) = rest.find('&') {
            out.push_str(&rest[..k]);
            let Some(end) = rest[k..].find(';') else {
                return self.err(&format!("bare `&` in `{raw}`"));
            };
            let entity = &rest[k + 1..k + end];
            out.push(match entity {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                e if e.starts_with("#x") => u32::from_str_radix(&e[2..], 16)
                    .ok()
                    .and_then(char::from_u32)
                    .ok_or(format!("bad reference &{e};"))?,
                e if e.starts_with('#') => e[1..]
                    .parse::<u32>()
                    .ok()
                    .and_then(char::from_u32)
                    .ok_or(format!("bad reference &{e};"))?,
                e => return self.err(&format!("unknown entity &{e};")),
            });
            rest = &rest[k + end + 1..];
        }
        out.push_str(rest);
        Ok(out)
    }

    fn element(&mut self) -> Result<Element, String> {
        if !self.rest().starts_with('<') {
            return self.err("an element was expected");
        }
        self.at += 1;
        let name = self.name()?;
        let mut attrs = BTreeMap::new();
        loop {
            let before = self.at;
            self.skip_ws();
            if self.rest().starts_with("/>") {
                self.at += 2;
                return Ok(Element {
                    name,
                    attrs,
                    children: Vec::new(),
                });
            }
            if self.rest().starts_with('>') {
                self.at += 1;
                break;
            }
            if self.at == before {
                return self.err("whitespace before an attribute was expected");
            }
            let key = self.name()?;
            self.skip_ws();
            if !self.rest().starts_with('=') {
                return self.err(&format!("`=` after `{key}`"));
            }
            self.at += 1;
            self.skip_ws();
            let quote = match self.rest().chars().next() {
                Some(q @ ('"' | '\'')) => q,
                _ => return self.err(&format!("`{key}`'s value is not quoted")),
            };
            self.at += 1;
            let Some(len) = self.rest().find(quote) else {
                return self.err("an attribute value never ends");
            };
            let raw = &self.rest()[..len];
            if raw.contains('<') {
                return self.err("`<` in an attribute value");
            }
            let value = self.unescape(raw)?;
            self.at += len + 1;
            if attrs.insert(key.clone(), value).is_some() {
                return self.err(&format!("`{key}` twice"));
            }
        }
        let mut children = Vec::new();
        loop {
            let t = self.rest();
            if t.is_empty() {
                return self.err(&format!("<{name}> is never closed"));
            }
            if let Some(after) = t.strip_prefix("</") {
                let _ = after;
                self.at += 2;
                let end = self.name()?;
                self.skip_ws();
                if end != name || !self.rest().starts_with('>') {
                    return self.err(&format!("</{end}> closes <{name}>"));
                }
                self.at += 1;
                return Ok(Element {
                    name,
                    attrs,
                    children,
                });
            } else if t.starts_with("<!--") {
                self.until("-->")?;
            } else if t.starts_with("<![CDATA[") {
                self.at += 9;
                children.push(Node::Text(self.until("]]>")?));
            } else if t.starts_with('<') {
                children.push(Node::El(self.element()?));
            } else {
                let len = t.find('<').unwrap_or(t.len());
                let raw = &t[..len];
                if raw.contains("]]>") {
                    return self.err("`]]>` in text");
                }
                let text = self.unescape(raw)?;
                self.at += len;
                children.push(Node::Text(text));
            }
        }
    }
}

#[test]
fn the_xml_reader_rejects_what_is_not_well_formed() {
    assert!(parse_xml("<?xml version=\"1.0\"?>\n<a x=\"1\"><b/>t &amp; &#x4e2d;</a>\n").is_ok());
    for bad in [
        "<a><b></a></b>",
        "<a>",
        "<a x=1/>",
        "<a x=\"<\"/>",
        "<a>&nbsp;</a>",
        "<a>AT&T</a>",
        "<a/><b/>",
        "<a x=\"1\" x=\"2\"/>",
    ] {
        assert!(parse_xml(bad).is_err(), "{bad} was accepted");
    }
}

// ---- the feed ----------------------------------------------------------------

fn is_rfc3339_utc(s: &str) -> bool {
    let b = s.as_bytes();
    s.len() == 20
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b'T',
            13 | 16 => *c == b':',
            19 => *c == b'Z',
            _ => c.is_ascii_digit(),
        })
}

#[test]
fn each_language_has_an_atom_feed_of_the_50_latest_events() {
    let out = site();
    let records = records(out);
    let restatements: BTreeSet<&str> = records
        .iter()
        .filter(|r| !r["same_as"].is_null())
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(restatements.len() >= 12, "the article restates events");
    for lang in ["zh", "en"] {
        let raw = read(out, &format!("{lang}/feed.xml"));
        let feed = parse_xml(&raw).unwrap_or_else(|e| panic!("{lang}/feed.xml: {e}"));
        assert_eq!(feed.name, "feed");
        assert_eq!(feed.attrs["xmlns"], "http://www.w3.org/2005/Atom");
        assert!(feed.one("id").text().starts_with("tag:"));
        assert!(is_rfc3339_utc(&feed.one("updated").text()));
        let entries: Vec<&Element> = feed.all("entry").collect();
        assert_eq!(entries.len(), 50, "{lang}: entries");

        let mut previous: Option<(String, String, String)> = None;
        let mut ids = BTreeSet::new();
        for entry in &entries {
            let id = entry.one("id").text();
            // No base_url: tag URIs of the site title, the date, the event.
            assert!(
                id.starts_with("tag:deepseek-da-shi-ji,20")
                    && id.contains(&format!(":{lang}/events/")),
                "{id}"
            );
            assert!(ids.insert(id.clone()), "{id} twice");
            let event = id.rsplit('/').next().unwrap().to_string();
            assert!(
                !restatements.contains(event.as_str()),
                "{event} restates another"
            );
            // Deterministic dates derived from the event's own date, newest
            // first (ties by id).
            let updated = entry.one("updated").text();
            assert!(is_rfc3339_utc(&updated), "{updated}");
            let date = record(&records, &event, lang)["date"]["start"]
                .as_str()
                .unwrap()
                .to_string();
            assert!(updated.starts_with(&date), "{updated} is not {date}");
            if let Some((p_updated, p_date, p_event)) = &previous {
                assert!(updated <= *p_updated, "{event} out of order");
                if date == *p_date && updated == *p_updated {
                    assert!(event < *p_event, "{event}: ties go by id");
                }
            }
            previous = Some((updated, date, event.clone()));
            // Links are relative to the feed and name the event's page.
            let link = entry.one("link");
            assert_eq!(link.attrs["href"], format!("events/{event}/index.html"));
            assert!(out.join(lang).join(&link.attrs["href"]).is_file());
            // The content is HTML, escaped once in the XML: the text, then
            // the citation links.
            let content = entry.one("content");
            assert_eq!(content.attrs["type"], "html");
            let html = content.text();
            let text = record(&records, &event, lang)["text"].as_str().unwrap();
            let head: String = text.chars().take(12).collect();
            assert!(html.contains(&escape_html(&head)), "{event}: {html}");
            assert!(html.starts_with("<p>"), "{html}");
            let cited = !record(&records, &event, lang)["citations"]
                .as_array()
                .unwrap()
                .is_empty();
            assert_eq!(
                html.contains("<sup class=\"cite\"><a href=\"references/index.html#ref-"),
                cited,
                "{html}"
            );
        }
        assert!(
            !raw.contains("<p>") && !raw.contains("<sup"),
            "markup is escaped"
        );
        // The newest event of the site opens the feed.
        assert_eq!(
            entries[0].one("link").attrs["href"],
            "events/2025-04-17-high-level-meetings/index.html"
        );
    }
    // Every page announces its language's feed.
    for page in walk(out)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
    {
        let html = std::fs::read_to_string(&page).unwrap();
        let rel = page.strip_prefix(out).unwrap();
        let lang = match rel.iter().next().and_then(|c| c.to_str()) {
            Some("en") => "en",
            _ => "zh",
        };
        let depth = rel.iter().count() - 1;
        let href = format!("{}{lang}/feed.xml", "../".repeat(depth));
        assert!(
            html.contains(&format!(
                "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"{href}\""
            )),
            "{} lacks its feed link",
            rel.display()
        );
    }
}

// ---- TimelineJS ----------------------------------------------------------------

#[test]
fn timeline_json_is_timelinejs_data_with_the_precision_of_each_date() {
    let out = site();
    let records = records(out);
    let written = |lang: &str| records.iter().filter(|r| r["lang"] == lang).count();
    assert!(written("zh") > 0);
    assert_eq!(
        written("zh"),
        written("en"),
        "every event is in both languages"
    );
    for lang in ["zh", "en"] {
        let restating = records
            .iter()
            .filter(|r| r["lang"] == lang && !r["same_as"].is_null())
            .count();
        assert!(restating >= 12, "the article restates events");

        let data: Value = serde_json::from_str(&read(out, &format!("{lang}/timeline.json")))
            .unwrap_or_else(|e| panic!("{lang}/timeline.json: {e}"));
        let title = data["title"]["text"]["headline"].as_str().unwrap();
        assert_eq!(
            title,
            if lang == "zh" {
                "DeepSeek 大事记"
            } else {
                "DeepSeek Timeline"
            }
        );
        let events = data["events"].as_array().unwrap();
        // Every event but the restatements.
        assert_eq!(
            events.len(),
            written(lang) - restating,
            "{lang} timeline.json events"
        );
        let ids: BTreeSet<&str> = events
            .iter()
            .map(|e| e["unique_id"].as_str().unwrap())
            .collect();
        assert_eq!(ids.len(), events.len(), "unique ids");
        let by_id = |id: &str| {
            events
                .iter()
                .find(|e| e["unique_id"] == id)
                .unwrap_or_else(|| panic!("{id} missing from {lang}/timeline.json"))
        };
        for e in events {
            let id = e["unique_id"].as_str().unwrap();
            let r = record(&records, id, lang);
            assert!(r["same_as"].is_null());
            assert_eq!(e["display_date"], r["date"]["display"], "{id}");
            // No headline: it would repeat the start of the text.
            assert!(e["text"].get("headline").is_none() && e["text"]["text"].is_string());
            assert!(e["group"].is_string());
            let start = &e["start_date"];
            let iso = r["date"]["start"].as_str().unwrap();
            let parts: Vec<&str> = iso.split('-').collect();
            assert_eq!(start["year"].as_i64().unwrap().to_string(), parts[0]);
            // Precision kept: no month or day the date does not state.
            assert_eq!(start.get("month").is_some(), parts.len() > 1, "{id}");
            assert_eq!(start.get("day").is_some(), parts.len() > 2, "{id}");
            assert_eq!(
                e.get("end_date").is_some(),
                !r["date"]["end"].is_null(),
                "{id}"
            );
        }
        // A month-precision event has no day; part of a month neither.
        let month = records
            .iter()
            .find(|r| {
                r["lang"] == lang && r["date"]["precision"] == "month" && r["same_as"].is_null()
            })
            .unwrap();
        let m = &by_id(month["id"].as_str().unwrap())["start_date"];
        assert!(m.get("month").is_some() && m.get("day").is_none(), "{m}");
        let early = &by_id("2025-02-social-impact")["start_date"];
        assert_eq!(early["month"], 2);
        assert!(early.get("day").is_none());
        assert_eq!(
            early["display_date"],
            if lang == "zh" {
                "2025年2月上旬"
            } else {
                "early February 2025"
            }
        );
        // A year-precision event: the year alone.
        let year = &by_id("2025-expansion")["start_date"];
        assert!(year.get("month").is_none() && year.get("day").is_none());
        // A clock time keeps its hour and minute; "evening" has none.
        let clock_id = records
            .iter()
            .find(|r| {
                let text = r["text"].as_str().unwrap();
                r["lang"] == lang && (text.contains("19时46分") || text.starts_with("At 19:46"))
            })
            .map(|r| r["id"].as_str().unwrap())
            .expect("the 19:46 entry");
        let clock = &by_id(clock_id)["start_date"];
        assert_eq!(
            (clock["hour"].as_i64(), clock["minute"].as_i64()),
            (Some(19), Some(46))
        );
        let evening = &by_id("2025-01-27-breakthrough-4")["start_date"];
        assert!(evening.get("day").is_some() && evening.get("hour").is_none());
        // A range has its end.
        let range = by_id("2025-01-27-cyberattacks");
        assert_eq!(range["end_date"]["day"], 28);
    }
    // The timeline page links the data.
    let page = read(out, "en/timeline/index.html");
    assert!(
        page.contains("href=\"../../events.json\"")
            && page.contains("href=\"../../en/timeline.json\"")
    );
    assert!(page.contains("Data: "));
}

// ---- charts ------------------------------------------------------------------

/// The `<svg>` of class `class` in a page.
fn svg<'a>(html: &'a str, class: &str) -> &'a str {
    let start = html
        .find(&format!("<svg class=\"{class}\""))
        .unwrap_or_else(|| panic!("no {class} chart"));
    let end = html[start..].find("</svg>").unwrap() + start + 6;
    &html[start..end]
}

/// `(id, height)` of every bar of a month chart.
fn bars(svg: &str) -> Vec<(String, f64)> {
    svg.split("<rect class=\"bar")
        .skip(1)
        .map(|rest| {
            let tag = &rest[..rest.find("/>").unwrap()];
            let id = attr_values(tag, "id")[0].to_string();
            let height: f64 = attr_values(tag, "height")[0].parse().unwrap();
            (id, height)
        })
        .collect()
}

#[test]
fn the_month_chart_has_a_bar_per_month_and_february_2025_stands_out() {
    let out = site();
    let mut expected = Vec::new();
    // From the founding, July 2023.
    let (mut y, mut m) = (2023, 7);
    while (y, m) <= (2025, 4) {
        expected.push(format!("chart-months-{y:04}-{m:02}"));
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    assert_eq!(expected.len(), 22);
    for (lang, page, root) in [
        ("zh", "zh/index.html", "../"),
        ("en", "en/index.html", "../"),
        ("zh", "zh/timeline/index.html", "../../"),
        ("en", "en/timeline/index.html", "../../"),
    ] {
        let html = read(out, page);
        let chart = svg(&html, "chart month-chart");
        assert!(
            !chart.contains("role=")
                && chart.contains("aria-labelledby=\"chart-months-title chart-months-desc\"")
        );
        assert!(
            chart.contains("<title id=\"chart-months-title\">")
                && chart.contains("<desc id=\"chart-months-desc\">")
        );
        let bars = bars(chart);
        let ids: Vec<&str> = bars.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(ids, expected, "{page}");
        let (tallest, h) = bars.iter().max_by(|a, b| a.1.total_cmp(&b.1)).unwrap();
        assert_eq!(tallest, "chart-months-2025-02", "{page}");
        assert!(
            bars.iter()
                .filter(|(id, _)| id != tallest)
                .all(|(_, other)| *other < h / 2.0),
            "the burst stands out"
        );
        // Each bar of a month with events links to its page, with a
        // tooltip in the page's language; empty months are drawn too.
        let february = records(out)
            .iter()
            .filter(|r| {
                r["lang"] == lang
                    && r["same_as"].is_null()
                    && r["date"]["start"].as_str().unwrap().starts_with("2025-02")
            })
            .count();
        let (tip, empty) = if lang == "zh" {
            (
                format!("<title>2025年2月：{february} 条</title>"),
                "<title>2023年9月：0 条</title>",
            )
        } else {
            (
                format!("<title>February 2025: {february} events</title>"),
                "<title>September 2023: 0 events</title>",
            )
        };
        assert!(
            chart.contains(&format!(
                "<a href=\"{root}{lang}/dates/2025/02/index.html\">{tip}"
            )),
            "{page}: {chart}"
        );
        assert!(chart.contains(&format!("<g>{empty}")));
        for href in attr_values(chart, "href") {
            let target = resolve(Path::new(page).parent().unwrap(), href).unwrap();
            assert!(out.join(target).is_file(), "{href}");
        }
        let axis = if lang == "zh" {
            ">月份</text>"
        } else {
            ">Month</text>"
        };
        assert!(chart.contains(axis));
    }

    // The products on a time axis: a dot per dated product, linking to it.
    for lang in ["zh", "en"] {
        let page = format!("{lang}/products/index.html");
        let html = read(out, &page);
        let chart = svg(&html, "chart product-chart");
        assert_eq!(chart.matches("<circle class=\"dot\"").count(), 19, "{page}");
        assert!(chart.contains(">DeepSeek-R1</text>"));
        let hrefs = attr_values(chart, "href");
        assert_eq!(hrefs.len(), 19);
        for href in hrefs {
            let target = resolve(Path::new(&page).parent().unwrap(), href).unwrap();
            assert!(out.join(target).is_file(), "{href}");
        }
    }
}

// ---- side by side ------------------------------------------------------------

#[test]
fn every_section_has_one_side_by_side_page_both_languages_link() {
    let out = site();
    let mut sections = 0;
    for lang in ["zh", "en"] {
        let link = if lang == "zh" {
            ">中英对照</a>"
        } else {
            ">Side by side</a>"
        };
        for page in walk(&out.join(lang).join("sections"))
            .into_iter()
            .filter(|p| p.file_name().is_some_and(|n| n == "index.html"))
        {
            sections += 1;
            // One page per section, under the default language (zh): it
            // holds both languages' text already.
            let rel = page.strip_prefix(out.join(lang)).unwrap();
            let side = out.join("zh").join(rel).with_file_name("bilingual.html");
            assert!(
                side.is_file(),
                "{} has no side-by-side page",
                page.display()
            );
            if lang == "en" {
                assert!(
                    !page.with_file_name("bilingual.html").exists(),
                    "{} has a side-by-side copy of its own",
                    page.display()
                );
            }
            let normal = std::fs::read_to_string(&page).unwrap();
            let href = format!(
                "/zh/{}\">{}",
                rel.with_file_name("bilingual.html").display(),
                &link[1..]
            );
            assert!(
                normal.contains(&format!("<a href=\"bilingual.html\">{}", &link[1..]))
                    || normal.contains(&href),
                "{} does not link its side-by-side page",
                page.display()
            );
        }
        let timeline = read(out, &format!("{lang}/timeline/index.html"));
        assert!(timeline.contains(&format!(
            "href=\"../../{lang}/timeline/side-by-side/index.html\""
        )));
        assert!(out
            .join(lang)
            .join("timeline/side-by-side/index.html")
            .is_file());
    }
    assert_eq!(sections, 44, "22 sections in each language");
    // Its switch to English leads to the section in English, not back to
    // itself, and it names no English version of its own.
    let side = read(out, "zh/sections/history/breakthrough/bilingual.html");
    assert!(side.contains(
        "<a href=\"../../../../en/sections/history/breakthrough/index.html\" hreflang=\"en\""
    ));
    assert!(!side.contains("<link rel=\"alternate\" hreflang=\"en\""));

    // A known event in both languages, in two columns, on the section's
    // page and both languages' timeline pages; the page's own language first.
    let records = records(out);
    let zh = record(&records, "2025-01-22-breakthrough", "zh")["text"]
        .as_str()
        .unwrap();
    let en = record(&records, "2025-01-22-breakthrough", "en")["text"]
        .as_str()
        .unwrap();
    let head = |s: &str| escape_html(&s.chars().take(16).collect::<String>());
    for (lang, first) in [("zh", "zh-Hans"), ("en", "en")] {
        let section = "zh/sections/history/breakthrough/bilingual.html".to_string();
        let timeline = format!("{lang}/timeline/side-by-side/index.html");
        for page in [&timeline]
            .into_iter()
            .chain((lang == "zh").then_some(&section))
        {
            let html = read(out, page);
            let row_at = html
                .find("<tr id=\"e-2025-01-22-breakthrough\">")
                .unwrap_or_else(|| panic!("{page} lacks the event"));
            let row = &html[row_at..row_at + html[row_at..].find("</tr>").unwrap()];
            let zh_at = row
                .find(&head(zh))
                .unwrap_or_else(|| panic!("{page}: no Chinese"));
            let en_at = row
                .find(&head(en))
                .unwrap_or_else(|| panic!("{page}: no English"));
            assert_eq!(zh_at < en_at, lang == "zh", "{page}: column order");
            assert!(row.contains(&format!("<td lang=\"{first}\"")));
            assert!(row.contains("<time datetime=\"2025-01-22\">2025年1月22日</time>"));
            assert!(row.contains("<time datetime=\"2025-01-22\">22 January 2025</time>"));
        }
    }
}

// ---- 404 ---------------------------------------------------------------------

/// Runs the 404 page's script in a stand-in for the browser, served at
/// `address`; returns its links after the script.
fn run_404_script(html: &str, address: &str) -> Option<Vec<String>> {
    let start = html.find("<script")?;
    let open_end = html[start..].find('>')? + start + 1;
    let close = html[open_end..].find("</script>")? + open_end;
    let attrs = &html[start..open_end];
    let code = &html[open_end..close];
    let data = |name: &str| attr_values(attrs, name).first().map(|v| v.to_string());
    let links: Vec<String> = attr_values(html, "href")
        .into_iter()
        .chain(attr_values(html, "action"))
        .map(str::to_string)
        .collect();
    let (protocol, rest) = address.split_once("//")?;
    let pathname = &rest[rest.find('/')?..];
    let harness = format!(
        r#"
const els = {links}.map(v => {{
  const e = {{ v }};
  e.hasAttribute = () => false;
  e.getAttribute = () => e.v;
  e.setAttribute = (_, x) => {{ e.v = x; }};
  return e;
}});
global.location = {{ protocol: {protocol:?}, pathname: {pathname:?} }};
global.document = {{
  currentScript: {{ getAttribute: n => ({{"data-root": {root}, "data-folders": {folders:?}}})[n] ?? null }},
  querySelectorAll: () => els,
}};
{code}
console.log(JSON.stringify(els.map(e => e.v)));
"#,
        links = serde_json::to_string(&links).unwrap(),
        root = data("data-root").map_or("null".to_string(), |r| format!("{r:?}")),
        folders = data("data-folders").unwrap_or_default(),
    );
    let out = Command::new("node")
        .arg("-e")
        .arg(&harness)
        .output()
        .expect("node runs the 404 page's script: install Node.js (scripts/test does)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "the 404 script's links: {e}: {}",
            String::from_utf8_lossy(&out.stdout)
        )
    }))
}

/// The 404 page at `page` (`404.html`, `en/404.html`).
fn check_404(out: &Path, page: &str, served_under: &str) {
    let html = read(out, page);
    let folder = out.join(page).parent().unwrap().to_path_buf();
    let links: Vec<&str> = attr_values(&html, "href")
        .into_iter()
        .chain(attr_values(&html, "action"))
        .collect();
    assert!(links.len() >= 4);
    // Opened at the root (or from disk), every link resolves as written.
    for link in &links {
        let path = link.split('#').next().unwrap();
        if path.is_empty() || link.starts_with("https://") {
            continue;
        }
        assert!(!link.starts_with('/'), "{link}");
        assert!(folder.join(path).is_file(), "{page}: {link} names no file");
    }
    // Served for a missing address deep in the site, the script makes them
    // absolute paths from the site's root.
    let address = format!("https://example.org{served_under}zh/events/no-such-event/");
    let rewritten = run_404_script(&html, &address).expect("the 404 page has its script");
    assert_eq!(rewritten.len(), links.len());
    for link in rewritten {
        if link.starts_with('#') || link.starts_with("https://") {
            continue;
        }
        let rel = link
            .strip_prefix(served_under)
            .unwrap_or_else(|| panic!("{link} is not under {served_under}"));
        assert!(out.join(rel).is_file(), "{link} names no file");
    }
}

#[test]
fn the_404_page_links_work_from_any_depth() {
    let out = site();
    let html = read(out, "404.html");
    assert!(html.contains("<script data-folders=\"zh en\">"));
    for page in ["404.html", "zh/404.html", "en/404.html"] {
        check_404(out, page, "/");
        // Without base_url the root is found from the first language folder.
        check_404(out, page, "/some/sub-path/");
    }
}

/// The root's 404 page, shown for any missing address, speaks every
/// language; each language's folder has its own in that language alone.
#[test]
fn the_404_pages_speak_the_language_of_the_address() {
    let out = site();
    let root = read(out, "404.html");
    assert!(root.contains("<html lang=\"zh-Hans\">"));
    assert!(root.contains(
        "<h1><span lang=\"zh-Hans\">页面未找到</span> · <span lang=\"en\">Page not found</span></h1>"
    ));
    assert!(root.contains("<p lang=\"zh-Hans\">您要找的页面不存在。"));
    assert!(root.contains("<p lang=\"en\">The page you were looking for does not exist."));
    assert!(root.contains("<title>页面未找到 · Page not found – DeepSeek 大事记</title>"));

    let en = read(out, "en/404.html");
    assert!(en.contains("<html lang=\"en\">"));
    assert!(en.contains("<title>Page not found – DeepSeek Timeline</title>"));
    assert!(en.contains("<h1><span lang=\"en\">Page not found</span></h1>"));
    assert!(en.contains("<a class=\"site-title\" href=\"../en/index.html\">"));
    assert!(
        !en.contains("页面未找到"),
        "no Chinese in the English 404 page"
    );

    let zh = read(out, "zh/404.html");
    assert!(zh.contains("<html lang=\"zh-Hans\">"));
    assert!(zh.contains("<h1><span lang=\"zh-Hans\">页面未找到</span></h1>"));
    assert!(!zh.contains("Page not found"));
}

// ---- head: description, Open Graph, JSON-LD, favicon ------------------------

/// The `content` of every `<meta {attr}="{key}" content="…">` of a page.
fn metas<'a>(html: &'a str, attr: &str, key: &str) -> Vec<&'a str> {
    let open = format!("<meta {attr}=\"{key}\" content=\"");
    html.match_indices(&open)
        .map(|(i, _)| {
            let v = &html[i + open.len()..];
            &v[..v.find('"').unwrap()]
        })
        .collect()
}

/// The one `<meta {attr}="{key}">` of a page.
fn meta<'a>(html: &'a str, attr: &str, key: &str) -> &'a str {
    match metas(html, attr, key)[..] {
        [one] => one,
        ref other => panic!("{} <meta {attr}=\"{key}\">", other.len()),
    }
}

/// The page's JSON-LD, if it has one (never more).
fn json_ld(html: &str) -> Option<Value> {
    let open = "<script type=\"application/ld+json\">";
    assert!(html.matches(open).count() <= 1);
    let at = html.find(open)? + open.len();
    let body = &html[at..at + html[at..].find("</script>").unwrap()];
    assert!(!body.contains(['<', '>', '&']), "{body}");
    Some(serde_json::from_str(body).unwrap())
}

#[test]
fn every_page_describes_itself_for_search_engines_and_link_previews() {
    let out = site();
    let mut pages = 0;
    for file in walk(out) {
        let path = file
            .strip_prefix(out)
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        let lang = match path.split('/').next() {
            Some(l @ ("zh" | "en")) if path.ends_with(".html") => l,
            _ => continue,
        };
        pages += 1;
        let html = read(out, &path);
        assert!(!meta(&html, "name", "description").is_empty(), "{path}");
        assert_eq!(
            meta(&html, "property", "og:description"),
            meta(&html, "name", "description"),
            "{path}"
        );
        assert!(!meta(&html, "property", "og:title").is_empty(), "{path}");
        let event = path.contains("/events/");
        let kind = if event { "article" } else { "website" };
        assert_eq!(meta(&html, "property", "og:type"), kind, "{path}");
        let locale = if lang == "zh" { "zh_CN" } else { "en_US" };
        assert_eq!(meta(&html, "property", "og:locale"), locale, "{path}");
        assert_eq!(meta(&html, "name", "twitter:card"), "summary", "{path}");
        // No base_url: no absolute address to give.
        assert!(metas(&html, "property", "og:url").is_empty(), "{path}");
        let home = path.ends_with("/index.html") && path.matches('/').count() == 1;
        let is_404 = path.ends_with("/404.html");
        assert_eq!(
            json_ld(&html).is_some(),
            (home || event) && !is_404,
            "{path}"
        );
        // The favicon, from the page's folder.
        let icon = attr_values(&html, "href")
            .into_iter()
            .find(|h| h.ends_with("favicon.svg"))
            .unwrap_or_else(|| panic!("{path}: no favicon"));
        assert!(html.contains(&format!(
            "<link rel=\"icon\" href=\"{icon}\" type=\"image/svg+xml\">"
        )));
        assert_eq!(
            resolve(Path::new(&path).parent().unwrap(), icon),
            Some(PathBuf::from("favicon.svg")),
            "{path}"
        );
    }
    assert!(pages > 700, "{pages} pages");
    let icon = read(out, "favicon.svg");
    assert!(icon.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));

    // The home page: the site's description, the company.
    let html = read(out, "en/index.html");
    assert_eq!(
        meta(&html, "name", "description"),
        "The history of the Chinese AI company DeepSeek, compiled from an encyclopedic article."
    );
    assert_eq!(meta(&html, "property", "og:title"), "DeepSeek Timeline");
    assert_eq!(
        json_ld(&html).unwrap(),
        serde_json::json!({
            "@context": "https://schema.org",
            "@type": "Organization",
            "name": "DeepSeek",
            "foundingDate": "2023-07-17",
            "description": "The history of the Chinese AI company DeepSeek, compiled from an encyclopedic article.",
        })
    );
    // A product: its summary.
    let html = read(out, "zh/products/deepseek-r1/index.html");
    assert_eq!(
        meta(&html, "name", "description"),
        "DeepSeek-R1是DeepSeek于2025年1月20日正式发布并同步开源模型权重的推理模型。"
    );

    // Every event: its excerpt, and an Event at the precision of its date.
    let all = records(out);
    let mut ranges = 0;
    for r in &all {
        let (id, lang) = (r["id"].as_str().unwrap(), r["lang"].as_str().unwrap());
        let html = read(out, &format!("{lang}/events/{id}/index.html"));
        let text = r["text"].as_str().unwrap();
        let description = meta(&html, "name", "description");
        let cut = description.trim_end_matches('…');
        assert!(escape_html(text).starts_with(cut), "{id}: {description}");
        let ld = json_ld(&html).unwrap();
        assert_eq!(ld["@type"], "Event");
        assert_eq!(ld["startDate"], r["date"]["start"], "{id}");
        assert_eq!(ld["endDate"], r["date"]["end"], "{id}");
        ranges += usize::from(!r["date"]["end"].is_null());
        // Named by the page's title; described by its meta description.
        assert!(ld.get("description").is_none(), "{id}");
        let name = ld["name"].as_str().unwrap();
        assert_eq!(escape_html(name), meta(&html, "property", "og:title"));
        let headline = name.trim_end_matches('…');
        assert!(
            (0..headline.len())
                .filter(|&k| headline.is_char_boundary(k))
                .any(|k| k + 8 < headline.len() && text.starts_with(&headline[k..])),
            "{id}: {name}"
        );
    }
    assert!(ranges > 0);
    // A month's event says its month, no day.
    let month = (all.iter())
        .find(|r| r["date"]["precision"] == "month" && r["date"]["end"].is_null())
        .unwrap();
    let html = read(
        out,
        &format!(
            "{}/events/{}/index.html",
            month["lang"].as_str().unwrap(),
            month["id"].as_str().unwrap()
        ),
    );
    let start = json_ld(&html).unwrap()["startDate"].clone();
    assert_eq!(start.as_str().unwrap().len(), "2024-12".len(), "{start}");
}

// ---- date badges ---------------------------------------------------------------

#[test]
fn date_badges_show_the_date_in_the_page_language() {
    let out = site();
    for (page, badges) in [
        (
            "zh/sections/social-impact/index.html",
            vec!["<time datetime=\"2025-02\">2025年2月上旬</time>"],
        ),
        (
            "en/sections/social-impact/index.html",
            vec!["<time datetime=\"2025-02\">early February 2025</time>"],
        ),
        (
            "zh/sections/history/breakthrough/index.html",
            vec!["<time datetime=\"2025-01-27\">2025年1月27日晚</time>"],
        ),
        (
            "en/sections/history/breakthrough/index.html",
            vec![
                "<time datetime=\"2025-01-27\">evening of 27 January 2025</time>",
                "<time datetime=\"2025-01-27\">evening of 27 January 2025</time> (local time)",
            ],
        ),
        (
            "en/sections/history/cyberattacks/index.html",
            vec!["<time datetime=\"2025-01-27\">evening of 27 January 2025</time> – <time datetime=\"2025-01-28\">early hours of 28 January 2025</time>"],
        ),
        (
            "zh/sections/history/cyberattacks/index.html",
            vec!["<time datetime=\"2025-01-27\">2025年1月27日晚</time>至<time datetime=\"2025-01-28\">2025年1月28日凌晨</time>"],
        ),
    ] {
        let html = read(out, page);
        for badge in badges {
            assert!(
                html.contains("<span class=\"badge\"><a class=\"date\" href=\"") && html.contains(badge),
                "{page} lacks {badge}"
            );
        }
    }
}

// ---- with a base_url ------------------------------------------------------------

fn copy_dir(from: &Path, to: &Path) {
    for file in walk(from) {
        let rel = file.strip_prefix(from).unwrap();
        let dest = to.join(rel);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::copy(&file, dest).unwrap();
    }
}

/// A copy of the DeepSeek content in `dir/site`, served from a sub-path.
fn deepseek_with_base_url(dir: &Path) -> PathBuf {
    let root = dir.join("site");
    copy_dir(&repo().join("content"), &root.join("content"));
    let mut config = std::fs::read_to_string(root.join("content/site.yaml")).unwrap();
    config.push_str("base_url: \"https://example.org/deepseek/\"\n");
    std::fs::write(root.join("content/site.yaml"), config).unwrap();
    root
}

#[test]
fn with_a_base_url_feeds_and_sitemap_are_absolute_and_name_every_language() {
    let tmp = tempfile::tempdir().unwrap();
    let root = deepseek_with_base_url(tmp.path());
    // A newest event, in Chinese only, whose text holds markup.
    let file = root.join("content/history/two-sessions.md");
    let mut text = std::fs::read_to_string(&file).unwrap();
    text.push_str("\n2025年4月30日，测试<b>&</b>转义。[1]\n");
    std::fs::write(&file, text).unwrap();
    let out = tmp.path().join("out");
    build(&root, &out);

    // Sitemap: every page, with its version in each language.
    let raw = read(&out, "sitemap.xml");
    let sitemap = parse_xml(&raw).unwrap();
    assert_eq!(sitemap.attrs["xmlns:xhtml"], "http://www.w3.org/1999/xhtml");
    let urls: Vec<&Element> = sitemap.all("url").collect();
    assert!(urls.len() > 700);
    let timeline = urls
        .iter()
        .find(|u| u.one("loc").text() == "https://example.org/deepseek/en/timeline/")
        .expect("the timeline is listed");
    let alternates: Vec<(String, String)> = timeline
        .all("xhtml:link")
        .map(|l| (l.attrs["hreflang"].clone(), l.attrs["href"].clone()))
        .collect();
    assert_eq!(
        alternates,
        vec![
            (
                "zh-Hans".to_string(),
                "https://example.org/deepseek/zh/timeline/".to_string()
            ),
            (
                "en".to_string(),
                "https://example.org/deepseek/en/timeline/".to_string()
            ),
        ]
    );
    // The pages name the same versions, as absolute addresses.
    let page = read(&out, "en/timeline/index.html");
    for (hreflang, href) in &alternates {
        let link = format!(r#"<link rel="alternate" hreflang="{hreflang}" href="{href}">"#);
        assert!(page.contains(&link), "no {link} in en/timeline/index.html");
    }
    let paired = urls
        .iter()
        .filter(|u| u.all("xhtml:link").count() == 2)
        .count();
    assert!(paired > 700, "{paired} pages with alternates");
    for u in &urls {
        assert!(
            u.all("xhtml:link").count() != 1,
            "a single alternate is pointless"
        );
    }

    // Open Graph and JSON-LD give the page's absolute address.
    let html = read(&out, "en/index.html");
    assert_eq!(
        meta(&html, "property", "og:url"),
        "https://example.org/deepseek/en/"
    );
    assert_eq!(
        json_ld(&html).unwrap()["url"],
        "https://example.org/deepseek/en/"
    );
    let html = read(&out, "zh/events/2025-04-30-two-sessions/index.html");
    let url = "https://example.org/deepseek/zh/events/2025-04-30-two-sessions/";
    assert_eq!(meta(&html, "property", "og:url"), url);
    assert_eq!(json_ld(&html).unwrap()["url"], url);

    // Feeds: absolute ids and links; the untranslated event is there in
    // English too, marked as Chinese, its markup escaped.
    for lang in ["zh", "en"] {
        let raw = read(&out, &format!("{lang}/feed.xml"));
        let feed = parse_xml(&raw).unwrap();
        assert_eq!(
            feed.one("id").text(),
            format!("https://example.org/deepseek/{lang}/feed.xml")
        );
        let first = feed.all("entry").next().unwrap();
        assert_eq!(
            first.one("id").text(),
            format!("https://example.org/deepseek/{lang}/events/2025-04-30-two-sessions/")
        );
        assert_eq!(first.one("updated").text(), "2025-04-30T00:00:00Z");
        assert_eq!(feed.one("updated").text(), "2025-04-30T00:00:00Z");
        let content = first.one("content").text();
        assert!(
            content.contains("测试&lt;b&gt;&amp;&lt;/b&gt;转义"),
            "{content}"
        );
        assert!(content.contains(&format!(
            "href=\"https://example.org/deepseek/{lang}/references/#ref-1\""
        )));
        assert!(raw.contains("&amp;lt;b&amp;gt;&amp;amp;&amp;lt;/b&amp;gt;"));
        assert!(!raw.contains("<b>"));
        if lang == "en" {
            assert_eq!(first.attrs["xml:lang"], "zh-Hans");
        }
        assert_eq!(feed.all("entry").count(), 50);
    }
    // TimelineJS text links to the event's page, escaped.
    let data: Value = serde_json::from_str(&read(&out, "zh/timeline.json")).unwrap();
    let last = data["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["unique_id"], "2025-04-30-two-sessions");
    let text = last["text"]["text"].as_str().unwrap();
    assert!(text.contains("测试&lt;b&gt;&amp;&lt;/b&gt;转义"), "{text}");
    assert!(text
        .contains("<a href=\"https://example.org/deepseek/zh/events/2025-04-30-two-sessions/\">"));

    // The 404 page knows the site's path.
    let html = read(&out, "404.html");
    assert!(html.contains("<script data-root=\"/deepseek/\" data-folders=\"zh en\">"));
    check_404(&out, "404.html", "/deepseek/");
    check_404(&out, "en/404.html", "/deepseek/");
    // Even where no language folder is in the address.
    let links = run_404_script(&html, "https://example.org/deepseek/nothing-here")
        .expect("the 404 page has its script");
    assert!(
        links.iter().all(|l| l.starts_with("/deepseek/")
            || l.starts_with('#')
            || l.starts_with("https://example.org/deepseek/")),
        "{links:?}"
    );
}

#[test]
fn restatements_are_listed_once_on_the_timeline_and_product_pages() {
    let out = site();
    let records = records(out);
    for lang in ["zh", "en"] {
        let restated: BTreeSet<String> = records
            .iter()
            .filter(|r| r["lang"] == lang && !r["same_as"].is_null())
            .map(|r| format!("events/{}/index.html", r["id"].as_str().unwrap()))
            .collect();
        assert!(!restated.is_empty());
        let mut pages = vec![format!("{lang}/timeline/index.html")];
        for p in walk(&out.join(lang).join("products")) {
            pages.push(p.strip_prefix(out).unwrap().to_string_lossy().into_owned());
        }
        for page in pages {
            let html = read(out, &page);
            let headlines: Vec<&str> = html
                .split("class=\"headline\" href=\"")
                .skip(1)
                .map(|rest| &rest[..rest.find('"').unwrap()])
                .collect();
            let unique: BTreeSet<&&str> = headlines.iter().collect();
            assert_eq!(unique.len(), headlines.len(), "{page} lists an event twice");
            for h in headlines {
                assert!(
                    !restated.iter().any(|r| h.ends_with(r.as_str())),
                    "{page} lists the restatement {h}"
                );
            }
        }
    }
}

/// Writes a site's own templates into `root/templates`.
fn write_templates(root: &Path, files: &[(&str, &str)]) {
    let templates = root.join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    for (name, text) in files {
        std::fs::write(templates.join(name), text).unwrap();
    }
}

#[test]
fn a_site_overrides_the_feed_sitemap_and_robots_templates() {
    let tmp = tempfile::tempdir().unwrap();
    let root = deepseek_with_base_url(tmp.path());
    write_templates(
        &root,
        &[
            (
                "atom.xml",
                "<feed lang=\"{{ feed.lang }}\">{% for e in feed.entries %}<id>{{ e.id }}</id>{% endfor %}</feed>\n",
            ),
            ("sitemap.xml", "<urlset count=\"{{ entries | length }}\"/>\n"),
            ("robots.txt", "Disallow: {{ sitemap }}\n"),
        ],
    );
    let out = tmp.path().join("out");
    build(&root, &out);

    let feed = read(&out, "zh/feed.xml");
    assert!(feed.starts_with("<feed lang=\"zh-Hans\"><id>https://example.org/deepseek/zh/events/"));
    assert_eq!(feed.matches("<id>").count(), 50);
    let sitemap = read(&out, "sitemap.xml");
    let count: usize = sitemap
        .trim_start_matches("<urlset count=\"")
        .trim_end_matches("\"/>\n")
        .parse()
        .unwrap();
    assert!(count > 700, "{sitemap}");
    assert_eq!(
        read(&out, "robots.txt"),
        "Disallow: https://example.org/deepseek/sitemap.xml\n"
    );
}

#[test]
fn a_sites_event_fragments_are_printed_on_every_list_with_links_from_each_page() {
    // `_entry.html` and `_event.html` are rendered once per event and kind,
    // with a placeholder for `root`: each page, at its own depth, must get
    // links that lead to the event's page.
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&repo().join("content"), &root.join("content"));
    write_templates(
        &root,
        &[
            (
                "_entry.html",
                "<li class=\"mine\"><a href=\"{{ root }}{{ e.url }}\">{{ e.date }}</a></li>\n",
            ),
            (
                "_event.html",
                "<span class=\"mine-inline\"><a href=\"{{ root }}{{ e.url }}\">{{ e.date }}</a>{{ e.html | safe }}</span>",
            ),
        ],
    );
    let out = tmp.path().join("out");
    build(&root, &out);

    let mut depths = BTreeSet::new();
    let mut kinds = BTreeSet::new();
    for file in walk(&out) {
        let rel = file.strip_prefix(&out).unwrap();
        if rel.extension().is_none_or(|x| x != "html") {
            continue;
        }
        let html = std::fs::read_to_string(&file).unwrap();
        assert!(
            !html.contains('\u{1}'),
            "{} holds the placeholder for `root`",
            rel.display()
        );
        let folder = rel.parent().unwrap();
        for (kind, marker) in [
            ("entry", "<li class=\"mine\"><a href=\""),
            ("inline", "<span class=\"mine-inline\"><a href=\""),
        ] {
            for piece in html.split(marker).skip(1) {
                let href = &piece[..piece.find('"').unwrap()];
                let target = resolve(folder, href.split('#').next().unwrap())
                    .unwrap_or_else(|| panic!("{}: {href} leaves the site", rel.display()));
                assert!(
                    out.join(&target).is_file(),
                    "{}: {href} leads to no page",
                    rel.display()
                );
                depths.insert(rel.components().count());
                kinds.insert(kind);
            }
        }
        // The citations inside an inline event link to the references page
        // from this page too.
        if html.contains("mine-inline") {
            for href in attr_values(&html, "href")
                .into_iter()
                .filter(|h| h.contains("references/index.html#ref-"))
            {
                let target = resolve(folder, href.split('#').next().unwrap()).unwrap();
                assert!(out.join(&target).is_file(), "{}: {href}", rel.display());
            }
        }
    }
    assert_eq!(kinds.len(), 2, "both fragments are printed");
    assert!(
        depths.len() >= 3,
        "pages at several depths print fragments: {depths:?}"
    );
}
