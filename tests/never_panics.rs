//! The loader never panics, whatever the bytes of a section file.

use annals::load::dates::DateContext;
use annals::load::{load_site, segment, LoadOptions};
use annals::model::Lang;
use proptest::prelude::*;
use std::fs;

fn text_strategy() -> impl Strategy<Value = String> {
    // Arbitrary Unicode, biased towards the characters dates and markers use.
    let pieces = prop_oneof![
        any::<String>(),
        proptest::string::string_regex("[0-9０-９年月日至同截消息晚凌晨上中下旬当地时间\\[\\]\\-, 。，；On JanuaryFebruary]{0,40}").unwrap(),
    ];
    proptest::collection::vec(pieces, 0..6).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn segmenting_never_panics(text in text_strategy()) {
        for lang in Lang::ALL {
            let mut ctx = DateContext::default();
            let seg = segment::segment(lang, &text, &mut ctx);
            for e in &seg.entries {
                for run in &e.text.citations {
                    prop_assert!(run.offset <= e.text.text.len());
                    prop_assert!(e.text.text.is_char_boundary(run.offset));
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn loading_never_panics(body in text_strategy(), front in any::<String>(), bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        fs::create_dir_all(&content).unwrap();
        fs::write(content.join("site.yaml"), "title: T\n").unwrap();
        fs::write(content.join("a.md"), format!("---\ntitle: 甲\n---\n\n{body}\n")).unwrap();
        fs::write(content.join("b.md"), format!("---\n{front}\n---\n{body}")).unwrap();
        fs::write(content.join("c.en.md"), &bytes).unwrap();
        let _ = load_site(dir.path(), &LoadOptions::default());
    }
}
