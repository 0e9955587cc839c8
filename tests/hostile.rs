//! Nothing hostile reaches a reader. A site is built whose every content
//! field — site title and description, the company infobox, section titles,
//! summaries, headings and prose, event text in both languages, product
//! names, aliases, summaries and facts (a kind is one of three words),
//! reference titles, publishers, dates and a URL with quotes in it —
//! carries markup, script, template syntax, CDATA and comment openers, a
//! U+2028 and control characters. Then every file of the output is
//! checked for what it is:
//!
//! - HTML pages: a tag scanner (quoted attributes, raw-text `<script>`
//!   bodies) finds every tag; the only scripts are the site's own two and
//!   the JSON-LD (no `<`, `>` or `&` in it, its JSON giving back the
//!   texts), no
//!   attribute is an event handler, no `href`/`src`/`action` has a
//!   `javascript:`, `data:` or `vbscript:` scheme, no comment or CDATA
//!   opens, no control character HTML forbids is written, and each field's
//!   text appears escaped exactly as written but for those characters (so
//!   `{{ 7*7 }}` was not evaluated);
//! - `events.json` and each `timeline.json` parse, and give back the exact
//!   strings (TimelineJS's HTML fields once unescaped);
//! - the search files are `annalsSearch.…(N, JSON);`, hold no `<` at all
//!   (so no `</script` or `<!--`), and their JSON gives back the texts;
//! - the Atom feeds and the sitemap are well-formed XML, and their text
//!   (and the HTML inside a feed's `content`) is the fields' text.
//!
//! Also: `javascript:`/`data:`-like reference URLs are refused with their
//! diagnostic, Markdown links in prose, tables and raw HTML never become a
//! `javascript:` link (with `trust_html` off; with it on, raw HTML blocks
//! pass as written and Markdown links are still checked), and slugs that
//! would leave the output folder are refused (see
//! `tests/fixtures/invalid/slug-*`).

mod common;

use common::{build, build_ok, write};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Every hostile piece, in one string.
const HOSTILE: &str = concat!(
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "</script><script>alert(2)</script>",
    "'-alert(3)-'",
    "]]>",
    "<!--",
    "&amp;lt;",
    "<![CDATA[x]]>",
    "{{ 7*7 }}",
    "{% raw %}",
    "\u{2028}",
    "\u{1}\u{8}\u{b}\u{c}\u{1b}\u{7f}",
);

/// A reference URL that is a web link, with quotes and markup in it.
const URL: &str = "https://example.org/a\"><script>alert(9)</script>?q='x'&y=1";

/// Raw HTML and Markdown links with script URLs, in prose, a table and an
/// HTML block.
const LINKS: &str = "\
See [x](javascript:alert(11)) and <a href=\"javascript:alert(12)\">raw</a> \
and <javascript:alert(13)>.

| a | b |
|---|---|
| [x](javascript:alert(14)) | <a href=\"javascript:alert(15)\">y</a> |
| <javascript:alert(16)> | ![i](data:text/html,x) [z](&#106;avascript:alert(17)) |

<div><a href=\"javascript:alert(18)\" onclick=\"alert(19)\">z</a></div>

<script>alert(20)</script>
";

// ---- the fixture -------------------------------------------------------

/// `s` as a YAML double-quoted scalar: control characters, U+2028/9 and
/// NEL escaped (YAML would read the line separators as line breaks).
fn yq(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20
                || matches!(c, '\u{7f}' | '\u{85}' | '\u{2028}' | '\u{2029}') =>
            {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The same text in both languages.
fn both(s: &str) -> String {
    format!("{{zh: {}, en: {}}}", yq(s), yq(s))
}

/// `s` as Markdown that means exactly `s`: every ASCII punctuation
/// character backslash-escaped.
fn md_literal(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The field `name`'s hostile text.
fn field(name: &str) -> String {
    format!("{name}{HOSTILE}")
}

/// What Markdown makes of `HOSTILE` written as is: inline HTML stays text,
/// and the entity `&amp;` is an ampersand.
fn hostile_as_markdown() -> String {
    HOSTILE.replace("&amp;lt;", "&lt;")
}

fn fixture(root: &Path, trust_html: bool) {
    write(
        root,
        "content/site.yaml",
        &format!(
            "title: {}\ndescription: {}\ndefault_language: zh\nlanguages: [zh, en]\n\
             base_url: \"https://example.org/a&b'c/\"\ntrust_html: {trust_html}\n\
             company:\n  - label: {}\n    value: {}\n    cite: [1]\n",
            both(&field("SiteTitle")),
            both(&field("SiteDesc")),
            both(&field("CompanyLabel")),
            both(&field("CompanyValue")),
        ),
    );
    write(
        root,
        "content/products.yaml",
        &format!(
            "- id: widget\n  name: {}\n  aliases: [{}]\n  kind: model\n  released: 2025-01-01\n  \
             featured: true\n  summary: {}\n  facts:\n    - label: {}\n      value: {}\n      cite: [2]\n",
            both(&field("ProductName")),
            yq(&field("ProductAlias")),
            both(&field("ProductSummary")),
            both(&field("ProductFactLabel")),
            both(&field("ProductFactValue")),
        ),
    );
    write(
        root,
        "content/references.yaml",
        &format!(
            "1: {{title: {}, publisher: {}, url: {}, date: {}}}\n\
             2: {{title: {}, publisher: {}, date: {}}}\n",
            yq(&field("RefTitle")),
            yq(&field("RefPublisher")),
            yq(URL),
            yq(&field("RefDate")),
            yq(&field("Ref2Title")),
            yq(&field("Ref2Publisher")),
            yq(&field("Ref2Date")),
        ),
    );
    for (lang, suffix, day1, day2) in [
        ("zh", "", "2025年1月1日，", "2025年1月2日，"),
        ("en", ".en", "On 1 January 2025, ", "On 2 January 2025, "),
    ] {
        write(
            root,
            &format!("content/_index{suffix}.md"),
            &format!(
                "---\ntitle: {}\nslug: overview\nsummary: {}\n---\n\n{} [1]\n",
                yq(&field("OverviewTitle")),
                yq(&field("OverviewSummary")),
                md_literal(&field("Lead")),
            ),
        );
        // One event written so that its text is the hostile string exactly,
        // one written as is (its markup inline HTML, its `[` not markers).
        write(
            root,
            &format!("content/history{suffix}.md"),
            &format!(
                "---\ntitle: {}\nslug: history\nsummary: {}\n---\n\n\
                 {day1}{} [1]\n\n{day2}Raw{lang}{HOSTILE} [2]\n\n## {}\n\n{LINKS}",
                yq(&field("HistoryTitle")),
                yq(&field("HistorySummary")),
                md_literal(&field(&format!("Event{lang}"))),
                md_literal(&field("Heading")),
            ),
        );
    }
}

/// Every file under `dir`, by path relative to it, as text.
fn files(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).unwrap();
            let rel = rel.to_string_lossy().replace('\\', "/");
            // Lossy: the output holds binary files too (a font).
            let bytes = std::fs::read(entry.path()).unwrap();
            out.insert(rel, String::from_utf8_lossy(&bytes).into_owned());
        }
    }
    out
}

// ---- escaping ----------------------------------------------------------

/// C0 controls but tab, line feed, form feed and carriage return; DEL; C1.
/// Written out here rather than taken from `annals::load::files`, so that a
/// mistake in the library's list cannot hide from this test.
fn is_stray_control(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
}

/// Text as annals writes it in HTML and XML alike: without the control
/// characters HTML does not allow in text, nor the characters XML 1.0
/// cannot hold (form feed, U+FFFE, U+FFFF).
fn as_html_text(s: &str) -> String {
    s.chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{fffe}' && c != '\u{ffff}')
        })
        .filter(|&c| !is_stray_control(c))
        .collect()
}

/// HTML escaping as the renderer and Tera do it (see [`as_html_text`]).
fn esc(s: &str) -> String {
    common::escape_html(&as_html_text(s))
}

/// Decodes the character references annals writes (and XML's `&apos;`);
/// panics on any other `&`, which would be a raw ampersand.
fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let end = tail
            .find(';')
            .unwrap_or_else(|| panic!("a raw `&` in {s:?}"));
        let name = &tail[1..end];
        let c = match name {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let n = if let Some(hex) = name.strip_prefix("#x").or(name.strip_prefix("#X")) {
                    u32::from_str_radix(hex, 16).ok()
                } else if let Some(dec) = name.strip_prefix('#') {
                    dec.parse().ok()
                } else {
                    None
                };
                n.and_then(char::from_u32)
                    .unwrap_or_else(|| panic!("an unknown reference `&{name};` in {s:?}"))
            }
        };
        out.push(c);
        rest = &tail[end + 1..];
    }
    out.push_str(rest);
    out
}

// ---- a tag scanner -----------------------------------------------------

#[derive(Debug)]
enum Token {
    Start {
        name: String,
        attrs: Vec<(String, String)>,
        /// For `<script>` and `<style>`: the raw text up to the end tag.
        body: Option<String>,
        /// Written `<… />`.
        self_closing: bool,
        /// Some attribute value is not in quotes.
        unquoted: bool,
    },
    End(String),
    /// `<!…` other than a doctype: a comment, CDATA, a declaration.
    Bang(String),
    /// `<?…?>`.
    Pi(String),
    Text(String),
}

/// Splits markup into tags and text, as a browser's tokenizer would in the
/// states that matter here: attribute values in either quotes or none,
/// `<script>`/`<style>` bodies raw up to their end tag, `<` not followed
/// by a letter, `/`, `!` or `?` being text.
fn tokens(src: &str) -> Vec<Token> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut text_start = 0;
    while i < b.len() {
        if b[i] != b'<' || i + 1 >= b.len() {
            i += 1;
            continue;
        }
        let next = b[i + 1];
        if !(next.is_ascii_alphabetic() || matches!(next, b'/' | b'!' | b'?')) {
            i += 1;
            continue;
        }
        if text_start < i {
            out.push(Token::Text(src[text_start..i].to_string()));
        }
        let close =
            |from: usize| -> usize { src[from..].find('>').map_or(b.len(), |k| from + k + 1) };
        match next {
            b'!' => {
                let end = if src[i..].starts_with("<!--") {
                    src[i..].find("-->").map_or(b.len(), |k| i + k + 3)
                } else {
                    close(i)
                };
                let decl = &src[i..end];
                if !decl.to_ascii_lowercase().starts_with("<!doctype") {
                    out.push(Token::Bang(decl.to_string()));
                }
                i = end;
            }
            b'?' => {
                let end = close(i);
                out.push(Token::Pi(src[i..end].to_string()));
                i = end;
            }
            b'/' => {
                let end = close(i);
                let name = src[i + 2..end]
                    .trim_end_matches('>')
                    .trim()
                    .to_ascii_lowercase();
                out.push(Token::End(name));
                i = end;
            }
            _ => {
                let tag = start_tag(src, i);
                let (name, attrs, self_closing, unquoted) =
                    (tag.name, tag.attrs, tag.self_closing, tag.unquoted);
                i = tag.end;
                let mut body = None;
                if name == "script" || name == "style" {
                    let lower = src[i..].to_ascii_lowercase();
                    let k = lower.find(&format!("</{name}")).map_or(b.len(), |k| i + k);
                    body = Some(src[i..k].to_string());
                    i = k;
                }
                out.push(Token::Start {
                    name,
                    attrs,
                    body,
                    self_closing,
                    unquoted,
                });
            }
        }
        text_start = i;
    }
    if text_start < b.len() {
        out.push(Token::Text(src[text_start..].to_string()));
    }
    out
}

struct StartTag {
    name: String,
    attrs: Vec<(String, String)>,
    self_closing: bool,
    unquoted: bool,
    /// Just past its `>`.
    end: usize,
}

/// The start tag at `at`.
fn start_tag(src: &str, at: usize) -> StartTag {
    let b = src.as_bytes();
    let mut i = at + 1;
    let name_end = src[i..]
        .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
        .map_or(b.len(), |k| i + k);
    let mut tag = StartTag {
        name: src[i..name_end].to_ascii_lowercase(),
        attrs: Vec::new(),
        self_closing: false,
        unquoted: false,
        end: b.len(),
    };
    i = name_end;
    loop {
        let mut slash = false;
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            slash = b[i] == b'/';
            i += 1;
        }
        if i >= b.len() {
            return tag;
        }
        if b[i] == b'>' {
            tag.self_closing = slash;
            tag.end = i + 1;
            return tag;
        }
        let attr_end = src[i..]
            .find(|c: char| c.is_ascii_whitespace() || matches!(c, '=' | '>' | '/'))
            .map_or(b.len(), |k| i + k);
        let attr = src[i..attr_end].to_ascii_lowercase();
        i = attr_end;
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let quote = b[i] as char;
                let end = src[i + 1..].find(quote).map_or(b.len(), |k| i + 1 + k);
                value = src[i + 1..end].to_string();
                i = (end + 1).min(b.len());
            } else {
                let end = src[i..]
                    .find(|c: char| c.is_ascii_whitespace() || c == '>')
                    .map_or(b.len(), |k| i + k);
                value = src[i..end].to_string();
                tag.unquoted = true;
                i = end;
            }
        }
        tag.attrs.push((attr, value));
    }
}

/// The scheme of a URL as a browser reads it (tabs and newlines dropped,
/// control characters and spaces around it trimmed), lowercased.
fn scheme(url: &str) -> Option<String> {
    let url: String = url
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let url = url.trim_matches(|c: char| c <= ' ');
    let i = url.find([':', '/', '?', '#'])?;
    url[i..]
        .starts_with(':')
        .then(|| url[..i].to_ascii_lowercase())
}

/// The problems of one HTML document (a page, or the HTML in a feed entry):
/// scripts other than the site's own, event-handler attributes, URLs with
/// a script scheme, comments and CDATA, tags that content could make.
fn markup_problems(doc: &str) -> Vec<String> {
    let mut problems = Vec::new();
    for token in tokens(doc) {
        match token {
            Token::Start {
                name, attrs, body, ..
            } => {
                for (attr, value) in &attrs {
                    let value = unescape(value);
                    if attr.starts_with("on") {
                        problems.push(format!("<{name} {attr}=…>"));
                    }
                    if matches!(
                        attr.as_str(),
                        "href" | "src" | "action" | "formaction" | "xlink:href" | "poster" | "data"
                    ) {
                        if let Some(s) = scheme(&value) {
                            if !matches!(s.as_str(), "http" | "https" | "mailto") {
                                problems.push(format!("<{name} {attr}={value:?}>"));
                            }
                        }
                    }
                }
                match name.as_str() {
                    // The search page's `<script src="…search.js">`, the
                    // timeline's and year pages' `<script defer src="…filter.js">`, the
                    // citation previews' `<script src="…cite.js" defer>`,
                    // the 404 page's inline script, which reads its two
                    // data attributes, and the JSON-LD.
                    "script" => {
                        let body = body.unwrap_or_default();
                        let names: Vec<&str> = attrs.iter().map(|(a, _)| a.as_str()).collect();
                        let own_src = (names == ["src"] && attrs[0].1.ends_with("search.js")
                            || names == ["defer", "src"] && attrs[1].1.ends_with("filter.js"))
                            && body.is_empty();
                        let cite_js = names == ["src", "defer"]
                            && attrs[0].1.ends_with("/cite.js")
                            && body.is_empty();
                        let own_inline = names
                            .iter()
                            .all(|a| ["data-root", "data-folders"].contains(a))
                            && body.contains("document.currentScript")
                            && !body.contains("alert");
                        // Escaped so that nothing in it reads as markup.
                        let json_ld = attrs
                            == [("type".to_string(), "application/ld+json".to_string())]
                            && !body.contains(['<', '>', '&'])
                            && serde_json::from_str::<serde_json::Value>(&body).is_ok();
                        // The story page's TimelineJS, its data (escaped
                        // as the JSON-LD) and the script starting it.
                        let story_src = names == ["src"]
                            && attrs[0].1.ends_with("vendor/timelinejs/js/timeline.js")
                            && body.is_empty();
                        let story_data = attrs
                            == [
                                ("type".to_string(), "application/json".to_string()),
                                ("id".to_string(), "story-data".to_string()),
                            ]
                            && !body.contains(['<', '>', '&'])
                            && serde_json::from_str::<serde_json::Value>(&body).is_ok();
                        let story_start = names == ["data-for"]
                            && body.contains("new TL.Timeline(")
                            && !body.contains("alert");
                        if !(own_src
                            || cite_js
                            || own_inline
                            || json_ld
                            || story_src
                            || story_data
                            || story_start)
                        {
                            problems.push(format!(
                                "a script not of the site: <script {attrs:?}>{body}"
                            ));
                        }
                    }
                    "img" | "iframe" | "frame" | "object" | "embed" | "style" | "base" => {
                        problems.push(format!("<{name} {attrs:?}>"))
                    }
                    _ => {}
                }
            }
            Token::Bang(d) => problems.push(format!("markup declaration {d:?}")),
            Token::Pi(p) => problems.push(format!("processing instruction {p:?}")),
            Token::End(_) | Token::Text(_) => {}
        }
    }
    problems
}

/// Checks that `doc` is well-formed XML as far as annals' feeds and
/// sitemap use it: an XML declaration, one root element, every tag closed
/// in order, attribute values quoted, no comment, CDATA or other
/// declaration, every `&` a known reference, no `<` in text or attribute
/// values, and no character XML 1.0 cannot hold. Returns the decoded text.
fn assert_well_formed_xml(name: &str, doc: &str) -> String {
    assert!(
        doc.starts_with("<?xml version=\"1.0\""),
        "{name}: no XML declaration"
    );
    assert_eq!(as_html_text(doc), doc, "{name}: characters XML cannot hold");
    let mut stack: Vec<String> = Vec::new();
    let mut roots = 0;
    let mut text = String::new();
    for (k, token) in tokens(doc).into_iter().enumerate() {
        match token {
            Token::Pi(p) => assert!(k == 0 && p.starts_with("<?xml "), "{name}: {p}"),
            Token::Bang(d) => panic!("{name}: markup declaration {d:?}"),
            Token::Start {
                name: tag,
                attrs,
                body,
                self_closing,
                unquoted,
            } => {
                assert!(body.is_none() || self_closing, "{name}: <{tag}> in a feed");
                assert!(!unquoted, "{name}: <{tag}> has an unquoted attribute");
                for (attr, value) in &attrs {
                    assert!(!value.contains('<'), "{name}: `<` in {attr}={value:?}");
                    unescape(value);
                }
                if stack.is_empty() {
                    roots += 1;
                }
                if !self_closing {
                    stack.push(tag);
                }
            }
            Token::End(tag) => {
                assert_eq!(
                    stack.pop().as_deref(),
                    Some(tag.as_str()),
                    "{name}: </{tag}>"
                );
            }
            Token::Text(t) => {
                assert!(!t.contains('<'), "{name}: `<` in text {t:?}");
                if stack.is_empty() {
                    assert!(t.trim().is_empty(), "{name}: text outside the root: {t:?}");
                }
                text.push_str(&unescape(&t));
            }
        }
    }
    assert!(stack.is_empty(), "{name}: unclosed {stack:?}");
    assert_eq!(roots, 1, "{name}: {roots} root elements");
    text
}

/// The JSON payload of a search file: `annalsSearch.NAME(N,PAYLOAD);\n`
/// (`titles("zh",PAYLOAD)` for a language's products and sections).
fn search_payload(name: &str, js: &str) -> serde_json::Value {
    let rest = js
        .strip_prefix("annalsSearch.shard(")
        .or_else(|| js.strip_prefix("annalsSearch.docs("))
        .or_else(|| js.strip_prefix("annalsSearch.titles("))
        .unwrap_or_else(|| panic!("{name}: not a search callback: {js:.80}"));
    let comma = rest.find(',').unwrap();
    let first = rest[..comma].trim_matches('"');
    assert!(first.bytes().all(|b| b.is_ascii_alphanumeric()), "{name}");
    let payload = rest[comma + 1..]
        .strip_suffix(");\n")
        .unwrap_or_else(|| panic!("{name}: does not end with `);`"));
    serde_json::from_str(payload).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The texts events have once loaded, by language and day.
fn event_texts() -> Vec<(&'static str, String)> {
    vec![
        ("zh", format!("2025年1月1日，{}", field("Eventzh"))),
        (
            "zh",
            format!("2025年1月2日，Rawzh{}", hostile_as_markdown()),
        ),
        ("en", format!("On 1 January 2025, {}", field("Eventen"))),
        (
            "en",
            format!("On 2 January 2025, Rawen{}", hostile_as_markdown()),
        ),
    ]
}

#[test]
fn hostile_content_reaches_every_output_as_text() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    let out = tmp.path().join("public");
    fixture(&root, false);
    build_ok(&root, &out);
    let all = files(&out);
    let texts = event_texts();
    // `{{ 7*7 }}` follows `<![CDATA[x]]>` in every field: evaluated, it
    // would leave a `49` right after it, escaped or not.
    for (path, text) in &all {
        assert!(
            !text.contains("]]>49") && !text.contains("]]&gt;49") && !text.contains("u003e49"),
            "{path}: a template expression was evaluated"
        );
    }

    // ---- HTML pages ----
    let pages: Vec<(&String, &String)> = all.iter().filter(|(p, _)| p.ends_with(".html")).collect();
    assert!(pages.len() > 30, "{} pages", pages.len());
    let mut scripts = 0;
    let mut json_lds = Vec::new();
    for (path, page) in &pages {
        let problems = markup_problems(page);
        assert!(problems.is_empty(), "{path}: {problems:#?}");
        for raw in [
            "<script>alert",
            "<img",
            "</script><script>",
            "<!--",
            "<![CDATA[",
            "]]>",
        ] {
            assert!(!page.contains(raw), "{path} holds {raw:?} as markup");
        }
        // No control character that HTML forbids in text is written.
        assert!(
            !page.chars().any(is_stray_control),
            "{path} holds a control character"
        );
        // The site title is in every page, escaped as written: the Tera
        // expression in it was not evaluated, nothing but its control
        // characters was dropped.
        assert!(
            page.contains(&esc(&field("SiteTitle"))),
            "{path}: the site title is not there exactly"
        );
        // (A headline may end the text after `{{ 7*7`, at a word.)
        assert_eq!(
            page.matches("7*7").count(),
            page.matches("{{ 7*7").count(),
            "{path}: a template expression was changed"
        );
        scripts += page.matches("<script").count();
        if let Some((_, ld)) = page.split_once("<script type=\"application/ld+json\">") {
            let ld: serde_json::Value =
                serde_json::from_str(&ld[..ld.find("</script>").unwrap()]).unwrap();
            json_lds.push((path.to_string(), ld));
        }
    }
    // The search pages' `search.js`, the 404 pages' own script (the
    // root's and each language's), `filter.js` on the timelines and the
    // year pages, the JSON-LD of the home and event pages, `cite.js` in every page that shows text
    // (all but the root pages, the search, references and products list
    // pages) and the story pages' three (TimelineJS, its data, its start).
    let listing = |p: &str| {
        ["search", "references", "products"]
            .iter()
            .any(|k| p.len() == 3 + k.len() + 11 && p[3..].starts_with(k))
    };
    let citing = (pages.iter())
        .filter(|(p, _)| p.contains('/') && !p.ends_with("404.html") && !listing(p))
        .count();
    let story_pages = pages
        .iter()
        .filter(|(p, _)| p.contains("/timeline/story/"))
        .count();
    assert_eq!(story_pages, 2);
    let year_pages = (pages.iter())
        .filter(|(p, _)| {
            let parts: Vec<&str> = p.split('/').collect();
            parts.len() == 4 && parts[1] == "dates" && parts[3] == "index.html"
        })
        .count();
    assert!(year_pages > 0);
    assert_eq!(
        scripts,
        7 + year_pages + json_lds.len() + citing + 3 * story_pages,
        "scripts in the pages"
    );
    let event_pages = pages.iter().filter(|(p, _)| p.contains("/events/")).count();
    assert_eq!(json_lds.len(), 2 + event_pages);
    // The JSON-LD gives back the texts, as written (an event's cut short).
    let site_desc = as_html_text(&field("SiteDesc"));
    for (path, ld) in &json_lds {
        let name = ld["name"].as_str().unwrap();
        if ld["@type"] == "Organization" {
            let description = ld["description"].as_str().unwrap();
            assert_eq!(as_html_text(description), site_desc, "{path}");
            assert_eq!(
                ld["url"].as_str().unwrap().replace("%27", "'"),
                format!("https://example.org/a&b'c/{}/", &path[..2])
            );
        } else {
            // An event's is its page's title; its description is the
            // page's `<meta name="description">` alone.
            assert!(ld.get("description").is_none(), "{path}");
            let html = (pages.iter())
                .find(|(p, _)| p.as_str() == path)
                .map(|(_, h)| h.as_str())
                .unwrap();
            let og_title = format!("<meta property=\"og:title\" content=\"{}\">", esc(name));
            assert!(html.contains(&og_title), "{path}: {og_title}");
            let cut = as_html_text(name.trim_end_matches('…'));
            assert!(
                (texts.iter()).any(|(_, t)| (0..cut.len())
                    .filter(|&k| cut.is_char_boundary(k))
                    .any(|k| k + 8 < cut.len() && as_html_text(t).starts_with(&cut[k..]))),
                "{path}: {name:?} ends in no event's start"
            );
        }
    }

    // Each field shows up, exactly, in some page.
    let mut expected: Vec<String> = [
        "SiteTitle",
        "SiteDesc",
        "CompanyLabel",
        "CompanyValue",
        "ProductName",
        "ProductAlias",
        "ProductSummary",
        "ProductFactLabel",
        "ProductFactValue",
        "RefTitle",
        "RefPublisher",
        "RefDate",
        "Ref2Title",
        "Ref2Publisher",
        "Ref2Date",
        "OverviewTitle",
        "OverviewSummary",
        "Lead",
        "HistoryTitle",
        "HistorySummary",
        "Heading",
    ]
    .iter()
    .map(|f| esc(&field(f)))
    .collect();
    expected.extend(texts.iter().map(|(_, t)| esc(t)));
    expected.push(format!("href=\"{}\"", esc(URL)));
    // Raw HTML in a Markdown block is shown as text (pulldown-cmark leaves
    // quotes in text as they are).
    expected.push(esc("<script>alert(20)</script>"));
    expected.push(
        "&lt;div&gt;&lt;a href=\"javascript:alert(18)\" onclick=\"alert(19)\"&gt;z&lt;/a&gt;&lt;/div&gt;"
            .into(),
    );
    for want in &expected {
        assert!(
            pages.iter().any(|(_, page)| page.contains(want.as_str())),
            "no page shows {want:?}"
        );
    }

    // ---- events.json: the exact strings ----
    let events: serde_json::Value = serde_json::from_str(&all["events.json"]).unwrap();
    let events = events.as_array().unwrap();
    assert_eq!(events.len(), 4);
    for (lang, text) in &texts {
        let e = events
            .iter()
            .find(|e| e["text"] == text.as_str())
            .unwrap_or_else(|| panic!("events.json lacks {text:?}"));
        assert_eq!(e["lang"], *lang);
        assert_eq!(e["section"], serde_json::json!([field("HistoryTitle")]));
    }

    // ---- timeline.json: HTML fields escaped, and the strings once unescaped ----
    for lang in ["zh", "en"] {
        let name = format!("{lang}/timeline.json");
        let tl: serde_json::Value = serde_json::from_str(&all[&name]).unwrap();
        let html = |v: &serde_json::Value| {
            let s = v.as_str().unwrap().to_string();
            let problems = markup_problems(&s);
            assert!(problems.is_empty(), "{name}: {problems:?} in {s:?}");
            assert!(
                !s.contains("<script") && !s.contains("<img"),
                "{name}: {s:?}"
            );
            s
        };
        // HTML fields: as the pages write them, control characters left out.
        assert_eq!(
            unescape(&html(&tl["title"]["text"]["headline"])),
            as_html_text(&field("SiteTitle"))
        );
        assert_eq!(
            unescape(&html(&tl["title"]["text"]["text"])),
            as_html_text(&field("SiteDesc"))
        );
        let slides = tl["events"].as_array().unwrap();
        assert_eq!(slides.len(), 2);
        for slide in slides {
            assert_eq!(
                unescape(&html(&slide["group"])),
                as_html_text(&field("HistoryTitle"))
            );
            // No headline: it would repeat the start of the text.
            assert!(slide["text"].get("headline").is_none());
            let text = html(&slide["text"]["text"]);
            let (text, link) = text.split_once(" <a href=\"").expect("a link to the event");
            assert!(
                link.starts_with("https://example.org/a&amp;b&#39;c/"),
                "{link}"
            );
            let text = unescape(text);
            assert!(
                texts
                    .iter()
                    .any(|(l, t)| *l == lang && as_html_text(t) == text),
                "{name}: {text:?}"
            );
        }
    }

    // ---- search and citation preview files: no `<` at all, JSON inside
    // the callback ----
    for (path, js) in all.iter().filter(|(p, _)| p.ends_with("/refs.js")) {
        assert!(!js.contains('<') && !js.contains('\u{2028}'), "{path}");
    }
    let mut docs = Vec::new();
    for (path, js) in all.iter().filter(|(p, _)| p.starts_with("search/")) {
        assert!(!js.contains('<'), "{path} holds a `<`");
        assert!(
            !js.contains('\u{2028}') && !js.contains('\u{2029}'),
            "{path}"
        );
        let payload = search_payload(path, js);
        if path.starts_with("search/docs-") {
            docs.extend(payload.as_array().unwrap().iter().map(|d| d["t"].clone()));
        }
    }
    for (_, text) in &texts {
        assert!(
            docs.iter().any(|t| t == text.as_str()),
            "search lacks {text:?}"
        );
    }

    // ---- feeds and sitemap: well-formed, the text escaped ----
    for lang in ["zh", "en"] {
        let name = format!("{lang}/feed.xml");
        let feed = &all[&name];
        let text = assert_well_formed_xml(&name, feed);
        assert!(
            text.contains(&as_html_text(&field("SiteTitle"))),
            "{name}: title"
        );
        assert!(
            text.contains(&as_html_text(&field("SiteDesc"))),
            "{name}: subtitle"
        );
        // Each entry's content is HTML, escaped into the XML.
        let mut entries = 0;
        for part in feed.split("<content type=\"html\">").skip(1) {
            let html = unescape(&part[..part.find("</content>").unwrap()]);
            let problems = markup_problems(&html);
            assert!(problems.is_empty(), "{name}: {problems:?} in {html}");
            assert!(
                texts
                    .iter()
                    .any(|(l, t)| *l == lang && html.contains(&esc(&as_html_text(t)))),
                "{name}: {html}"
            );
            entries += 1;
        }
        assert_eq!(entries, 2, "{name}");
    }
    assert_well_formed_xml("sitemap.xml", &all["sitemap.xml"]);
    assert!(all["sitemap.xml"].contains("<loc>https://example.org/a&amp;b&#39;c/zh/</loc>"));
}

#[test]
fn trusted_html_passes_as_written_but_markdown_links_are_still_checked() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    let out = tmp.path().join("public");
    fixture(&root, true);
    build_ok(&root, &out);
    let page = std::fs::read_to_string(out.join("zh/sections/history/index.html")).unwrap();
    // `trust_html: true` is the author vouching for their HTML blocks.
    assert!(
        page.contains("<div><a href=\"javascript:alert(18)\" onclick=\"alert(19)\">z</a></div>")
    );
    assert!(page.contains("<script>alert(20)</script>"));
    // Inline HTML in a paragraph stays text either way; a table cell's is
    // let through, as in a block.
    assert!(page.contains(&esc("<a href=\"javascript:alert(12)\">raw</a>")));
    assert!(page.contains("<a href=\"javascript:alert(15)\">y</a>"));
    // Markdown's own links, autolinks and images never get a script URL.
    for n in [11, 13, 14, 16, 17] {
        assert!(
            !page.contains(&format!("javascript:alert({n})\"")),
            "alert({n})"
        );
    }
    assert!(!page.contains("src=\"data:"));
}

#[test]
fn script_and_data_reference_urls_are_refused() {
    for url in [
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "//evil.example/",
        "https:alert(1)",
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        let out = tmp.path().join("public");
        two_file_site(&root, "title: {zh: 测试, en: Test}\n");
        write(
            &root,
            "content/references.yaml",
            &format!("1: {{url: {}}}\n", yq(url)),
        );
        let o = build(&root, &out);
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{url:?}: {stderr}");
        assert!(
            stderr.contains("content/references.yaml:1:1: error: reference 1 has an unsafe URL `")
                && stderr.contains("hint: reference URLs must start with http:// or https://"),
            "{url:?}: {stderr}"
        );
        assert!(!out.exists(), "{url:?}: something was built");
    }
}

/// Slugs become folder names of the output; the loader refuses any that
/// could climb out of it or that Windows cannot create. (Their exact
/// diagnostics are the `tests/fixtures/invalid/slug-*` cases.)
/// A clean bilingual site of one entry, with `site_yaml` as its
/// configuration.
fn two_file_site(root: &Path, site_yaml: &str) {
    write(root, "content/site.yaml", site_yaml);
    write(
        root,
        "content/a.md",
        "---\ntitle: 甲\nslug: a\n---\n\n2025年1月1日，甲事件 [1]。\n",
    );
    write(
        root,
        "content/a.en.md",
        "---\ntitle: A\n---\n\nOn 1 January 2025, event A [1].\n",
    );
}

/// Every absolute link starts with `base_url`: a script or data scheme, a
/// missing host, or a path a browser reads as another host would put the
/// reader somewhere else.
#[test]
fn base_urls_that_are_not_this_sites_web_address_build_nothing() {
    for (url, problem) in [
        (
            "javascript:alert(document.domain)//",
            "must start with https:// or http://",
        ),
        (
            "JavaScript:alert(1)//",
            "must start with https:// or http://",
        ),
        (
            "data:text/html,<script>alert(1)</script>",
            "must start with https:// or http://",
        ),
        ("//evil.example/", "must start with https:// or http://"),
        ("https:evil.example", "must start with https:// or http://"),
        ("https://", "has no host after the scheme"),
        ("https:///evil.example/", "has no host after the scheme"),
        (
            "https://e.org//evil.example/",
            "has a path starting with `//`",
        ),
        ("https://e.org/\\evil.example/", "holds a backslash"),
        ("https://e.org@evil.example/", "holds `@`"),
        ("https://e.org/a b/", "holds a blank"),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        let out = tmp.path().join("public");
        two_file_site(
            &root,
            &format!("title: {{zh: 测试, en: Test}}\nbase_url: {}\n", yq(url)),
        );
        let o = build(&root, &out);
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{url:?}: {stderr}");
        assert!(
            stderr.contains(&format!(
                "content/site.yaml:2:11: error: `base_url` {problem}"
            )),
            "{url:?}: {stderr}"
        );
        assert!(!out.exists(), "{url:?}: something was built");
    }
    // The forms a site is really served from still build.
    for url in [
        "https://example.org",
        "http://example.org:8080/deep/seek/",
        "HTTPS://[::1]/a/",
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        two_file_site(
            &root,
            &format!("title: {{zh: 测试, en: Test}}\nbase_url: {}\n", yq(url)),
        );
        build_ok(&root, &tmp.path().join("public"));
    }
}

#[test]
fn slugs_that_are_not_plain_folder_names_build_nothing() {
    for slug in ["'..'", "a/b", "/abs", "'a\\b'", "con", "LPT1", "'.'", "''"] {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        let out = tmp.path().join("public");
        write(&root, "content/site.yaml", "title: {zh: 测试, en: Test}\n");
        write(
            &root,
            "content/a.md",
            &format!("---\ntitle: 甲\nslug: {slug}\n---\n\n2025年1月1日，甲事件。\n"),
        );
        let o = build(&root, &out);
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{slug}: {stderr}");
        assert!(stderr.contains("is not a usable slug"), "{slug}: {stderr}");
        assert!(!out.exists(), "{slug}: something was built");
        let outside: Vec<PathBuf> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p != &root)
            .collect();
        assert!(outside.is_empty(), "{slug}: wrote {outside:?}");
    }
}
