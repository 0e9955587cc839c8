#![no_main]
//! The whole loader: the input is written as a section file of a small
//! bilingual site, which is then loaded. If the first byte is even, a valid
//! front matter is put before the rest, so the fuzzer reaches the body
//! without first having to find `---\ntitle: …\n---`; if odd, the bytes are
//! the whole file (front matter, encoding and all).
//!
//! Besides not panicking: every diagnostic about the fuzzed file points at
//! a line and column that exist in it.

use annals::load::{load_site, LoadOptions};
use std::path::PathBuf;
use std::sync::OnceLock;

fn site() -> &'static PathBuf {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap().keep();
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
});
