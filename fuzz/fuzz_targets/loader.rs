#![no_main]
//! The whole loader: the input is written as a section file of a small
//! bilingual site, which is then loaded. If the first byte is even, a valid
//! front matter is put before the rest, so the fuzzer reaches the body
//! without first having to find `---\ntitle: …\n---`; if odd, the bytes are
//! the whole file (front matter, encoding and all).
//!
//! Besides not panicking: every diagnostic about the fuzzed file points at
//! a line and column that exist in it; and what the Markdown renders as
//! HTML (code, tables, rules; the site does not trust raw HTML) holds only
//! the tags pulldown-cmark writes for them, no event-handler attribute, and
//! no link or image whose URL has a scheme other than http, https, mailto.

use annals::load::markdown::is_safe_link;
use annals::load::{load_site, LoadOptions};
use annals::model::BodyBlock;
use std::path::PathBuf;
use std::sync::OnceLock;

/// The small site, in `annals-fuzz-loader-PID` in the temporary folder:
/// one per fuzzing process, rewritten on every input. libFuzzer ends the
/// process with `exit`, so the folder stays; the next run removes those
/// whose process is gone (told from `/proc`), so at most one is left.
fn site() -> &'static PathBuf {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        let tmp = std::env::temp_dir();
        for entry in std::fs::read_dir(&tmp).into_iter().flatten().flatten() {
            let name = entry.file_name();
            let Some(pid) = name
                .to_str()
                .and_then(|n| n.strip_prefix("annals-fuzz-loader-"))
                .and_then(|p| p.parse::<u32>().ok())
            else {
                continue;
            };
            let gone = std::path::Path::new("/proc/self").exists()
                && !std::path::Path::new(&format!("/proc/{pid}")).exists();
            if gone && entry.file_type().is_ok_and(|t| t.is_dir()) {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
        let dir = tmp.join(format!("annals-fuzz-loader-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let content = dir.join("content");
        std::fs::create_dir_all(&content).unwrap();
        std::fs::write(
            content.join("site.yaml"),
            "title: {zh: 测试, en: Test}\ncompany_names: [DeepSeek]\n",
        )
        .unwrap();
        std::fs::write(
            content.join("products.yaml"),
            "- id: r1\n  name: DeepSeek-R1\n  aliases: [R1]\n",
        )
        .unwrap();
        std::fs::write(content.join("references.yaml"), "1: {title: 甲}\n").unwrap();
        std::fs::write(
            content.join("a.en.md"),
            "---\ntitle: A\n---\n\nOn 1 January 2025, event A [1].\n",
        )
        .unwrap();
        dir
    })
}

/// Tags pulldown-cmark writes for code blocks, tables and their inline
/// content, and rules.
const TAGS: &[&str] = &[
    "pre", "code", "table", "thead", "tbody", "tr", "th", "td", "hr", "a", "img", "em", "strong",
    "del", "br", "p",
];

/// Checks the HTML of a block, as described above. Text is escaped, so
/// every `<` opens a tag; attribute values are in double quotes, in which
/// `"` is escaped.
fn check_html(html: &str) {
    for (at, _) in html.match_indices('<') {
        let rest = &html[at + 1..];
        let end = rest
            .find('>')
            .unwrap_or_else(|| panic!("unclosed tag in {html:?}"));
        let tag = &rest[..end];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        assert!(TAGS.contains(&name.as_str()), "<{tag}> in {html:?}");
        let mut attrs = tag.trim_start_matches('/')[name.len()..].trim_end_matches('/');
        while let Some(eq) = attrs.find("=\"") {
            let attr = attrs[..eq].trim();
            let value_end = eq
                + 2
                + attrs[eq + 2..]
                    .find('"')
                    .unwrap_or_else(|| panic!("unclosed value in <{tag}>"));
            let value = &attrs[eq + 2..value_end];
            assert!(!attr.to_ascii_lowercase().starts_with("on"), "<{tag}>");
            if attr == "href" || attr == "src" {
                let value = value.replace("&amp;", "&");
                assert!(is_safe_link(&value), "<{tag}> in {html:?}");
            }
            attrs = &attrs[value_end + 1..];
        }
        assert!(attrs.trim().is_empty(), "<{tag}>: {attrs:?}");
    }
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let mut file = Vec::new();
    if mode % 2 == 0 {
        file.extend_from_slice("---\ntitle: 甲\nslug: a\n---\n\n".as_bytes());
    }
    file.extend_from_slice(rest);
    let root = site();
    std::fs::write(root.join("content/a.md"), &file).unwrap();
    let loaded = load_site(
        root,
        &LoadOptions {
            drafts: mode & 2 != 0,
        },
    );

    let text = String::from_utf8_lossy(&file);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let lines: Vec<&str> = text.split('\n').collect();
    for d in &loaded.diagnostics.items {
        let _ = d.to_string();
        let Some(at) = &d.location else { continue };
        assert!(at.line >= 1 && at.col >= 1, "{d}");
        if at.path.ends_with("a.md") {
            let line = lines.get(at.line - 1).unwrap_or_else(|| panic!("{d}"));
            let chars = line.trim_end_matches('\r').chars().count();
            assert!(at.col <= chars + 1, "{d}: line has {chars} characters");
        }
    }

    let Some(site) = &loaded.site else { return };
    for section in &site.sections {
        for text in section.texts.values() {
            for block in &text.body {
                if let BodyBlock::Html { html } = block {
                    check_html(html);
                }
            }
        }
    }
});
