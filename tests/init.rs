//! `annals init` creates a site that loads cleanly, and never overwrites.

use annals::commands::{init, Outcome, Ui};
use annals::load::{load_site, LoadOptions};

#[test]
fn init_creates_a_clean_bilingual_site() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("site");
    assert_eq!(init::run(&dir, &Ui::silent()), Outcome::Success);
    let loaded = load_site(&dir, &LoadOptions::default());
    assert!(
        loaded.diagnostics.items.is_empty(),
        "{:?}",
        loaded.diagnostics.items
    );
    let site = loaded.site.unwrap();
    assert_eq!(site.events.len(), 6);
    assert!(site.events.iter().all(|e| e.counterpart.is_some()));
    assert_eq!(site.products.len(), 1);
    assert!(site
        .events
        .iter()
        .any(|e| e.products == vec!["example-one".to_string()]));
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("keep.txt"), "mine").unwrap();
    assert_eq!(init::run(tmp.path(), &Ui::silent()), Outcome::ContentErrors);
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("keep.txt")).unwrap(),
        "mine"
    );
}
