#![no_main]
//! Segmentation of a paragraph into lead prose and dated entries, in both
//! languages, with the date context carried from one paragraph to the next
//! as the loader does (the input is split into paragraphs at `\n\n`).

use annals::load::dates::DateContext;
use annals::load::segment::segment;
use annals::model::Lang;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for lang in Lang::ALL {
        let mut ctx = DateContext::default();
        for paragraph in text.split("\n\n") {
            let seg = segment(lang, paragraph, &mut ctx);
            for e in &seg.entries {
                assert!(e.offset < paragraph.len().max(1), "{paragraph:?}");
                assert!(paragraph.is_char_boundary(e.offset), "{paragraph:?}");
                let mut previous = 0;
                for run in &e.text.citations {
                    assert!(previous <= run.offset && run.offset <= e.text.text.len());
                    assert!(e.text.text.is_char_boundary(run.offset), "{paragraph:?}");
                    previous = run.offset;
                }
                let _ = (e.date.display(lang), e.text.numbers());
            }
            for p in &seg.problems {
                assert!(
                    paragraph.get(p.offset..p.offset + p.len).is_some(),
                    "{paragraph:?}"
                );
            }
            if let Some(lead) = &seg.lead {
                assert!(!lead.text.is_empty());
            }
        }
    }
});
