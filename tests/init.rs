//! `annals init` creates a site that loads cleanly, never overwrites, and
//! says how to go on; `annals eject` gives a site the built-in look to edit.

use annals::commands::{eject, init, Outcome, Ui};
use annals::load::{load_site, LoadOptions};
use std::path::Path;
use std::process::Command;

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

/// `init` and `import` both end with a `next:` line that works as printed.
#[test]
fn the_next_line_names_a_command_that_runs() {
    let tmp = tempfile::tempdir().unwrap();
    let article = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/import/deepseek-baike.txt"
    );
    let run = |command: &str, dir: &Path, path: &std::ffi::OsStr| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_annals"));
        c.arg(command);
        if command == "import" {
            c.arg(article).arg("--out");
        }
        let o = c.arg(dir).env("PATH", path).output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).unwrap()
    };
    for command in ["init", "import"] {
        let dir = tmp.path().join(command);
        // No `annals` on this PATH: the line must name this binary.
        let stdout = run(command, &dir, "/nonexistent".as_ref());
        let next = stdout
            .lines()
            .find_map(|l| l.strip_prefix("next: "))
            .unwrap_or_else(|| panic!("{stdout}"));
        let program = next.split(' ').next().unwrap();
        assert_eq!(
            std::fs::canonicalize(program).unwrap(),
            std::fs::canonicalize(env!("CARGO_BIN_EXE_annals")).unwrap(),
            "{next}"
        );
        assert!(
            next.contains(&format!("check --root {}", dir.display())),
            "{next}"
        );
        assert!(stdout.contains("cargo install --path ."), "{stdout}");

        // With the binary's folder on the PATH, plain `annals`.
        let bin = Path::new(env!("CARGO_BIN_EXE_annals")).parent().unwrap();
        let again = tmp.path().join(format!("{command}-again"));
        let stdout = run(command, &again, bin.as_os_str());
        assert!(
            stdout.contains(&format!("next: annals check --root {}", again.display())),
            "{stdout}"
        );
        assert!(!stdout.contains("cargo install"), "{stdout}");
    }
}

#[test]
fn eject_copies_the_built_in_look_and_overwrites_only_with_force() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("site");
    assert_eq!(init::run(&dir, &Ui::silent()), Outcome::Success);
    std::fs::create_dir_all(dir.join("templates")).unwrap();
    std::fs::write(dir.join("templates/base.html"), "mine").unwrap();

    assert_eq!(eject::run(&dir, false, &Ui::silent()), Outcome::Success);
    for file in [
        "templates/home.html",
        "templates/i18n.yaml",
        "static/style.css",
    ] {
        assert!(dir.join(file).is_file(), "{file}");
    }
    assert_eq!(
        std::fs::read_to_string(dir.join("templates/base.html")).unwrap(),
        "mine"
    );
    // The ejected files are the built-in ones: the site renders as before.
    let home = std::fs::read_to_string(dir.join("templates/home.html")).unwrap();
    assert_eq!(
        home,
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/templates/home.html"))
    );

    assert_eq!(eject::run(&dir, true, &Ui::silent()), Outcome::Success);
    assert_eq!(
        std::fs::read_to_string(dir.join("templates/base.html")).unwrap(),
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/templates/base.html"))
    );
}

#[test]
fn eject_lists_what_it_wrote() {
    let tmp = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_annals"))
        .args(["eject", "--root"])
        .arg(tmp.path())
        .output()
        .unwrap();
    assert!(o.status.success());
    let stdout = String::from_utf8(o.stdout).unwrap();
    assert!(stdout.contains("templates/i18n.yaml"), "{stdout}");
    assert!(stdout.contains("static/search.js"), "{stdout}");
    let again = Command::new(env!("CARGO_BIN_EXE_annals"))
        .args(["eject", "--root"])
        .arg(tmp.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8(again.stdout).unwrap();
    assert!(stdout.contains("0 file(s) written"), "{stdout}");
    assert!(stdout.contains("--force overwrites them"), "{stdout}");
}
