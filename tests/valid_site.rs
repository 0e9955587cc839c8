//! The valid bilingual fixture site loads without a problem, and its events
//! match the committed snapshot (`ANNALS_BLESS=1` rewrites it; review the diff).

use annals::export;
use annals::load::{load_site, LoadOptions};
use std::path::Path;

#[test]
fn valid_site_events_match_snapshot() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid_site");
    let loaded = load_site(&root, &LoadOptions::default());
    assert!(
        loaded.diagnostics.items.is_empty(),
        "{:?}",
        loaded.diagnostics.items
    );
    let site = loaded.site.unwrap();
    let mut actual = String::new();
    for r in export::records(&site, None) {
        actual.push_str(&serde_json::to_string(&r).unwrap());
        actual.push('\n');
    }
    let snapshot = root.join("events.snap.jsonl");
    if std::env::var_os("ANNALS_BLESS").is_some() {
        std::fs::write(&snapshot, &actual).unwrap();
    }
    let expected = std::fs::read_to_string(&snapshot).expect("snapshot exists");
    assert_eq!(actual, expected);
}
