#![no_main]
//! The citation scanner and the stripping of markers from text.

use annals::load::citations::{scan, strip};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let found = scan(text);
    let mut previous_end = 0;
    for m in &found.markers {
        assert!(previous_end <= m.start && m.start < m.end, "{text:?}");
        assert!(text.get(m.start..m.end).is_some(), "{text:?}");
        assert!(text[m.start..].starts_with('[') && text[..m.end].ends_with(']'));
        assert!(!m.numbers.is_empty() && !m.numbers.contains(&0), "{text:?}");
        previous_end = m.end;
    }
    for p in &found.problems {
        assert!(text.get(p.offset..p.offset + p.len).is_some(), "{text:?}");
        let _ = (p.kind.to_string(), p.kind.hint());
    }
    let stripped = strip(text, &found.markers);
    assert!(stripped.text.len() <= text.len() + found.markers.len());
    let mut previous = 0;
    for (at, numbers) in &stripped.runs {
        assert!(previous <= *at && *at <= stripped.text.len(), "{text:?}");
        assert!(stripped.text.is_char_boundary(*at), "{text:?}");
        assert!(!numbers.is_empty());
        previous = *at;
    }
    for i in 0..=stripped.text.len() {
        if stripped.text.is_char_boundary(i) {
            assert!(stripped.source_offset(i) <= text.len(), "{text:?}");
        }
    }
});
