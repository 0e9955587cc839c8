//! Content can hold terminal control sequences (`ESC ]0;title BEL` sets
//! the window title, `ESC [2J` clears the screen). Whatever `check`,
//! `build` and `serve` print from a site, such a sequence reaches the
//! terminal escaped (`\u{1b}`), never raw.

mod common;

use std::path::Path;

const HOSTILE: &str = "\u{1b}]0;PWNED\u{7}\u{1b}[2J";

/// A site whose front-matter key, slug, file name and citation marker
/// each hold the hostile sequence.
fn hostile_site(root: &Path) {
    // YAML spells ESC and BEL as \e and \a inside double quotes.
    let yaml = r#"\e]0;PWNED\a\e[2J"#;
    common::write(root, "content/site.yaml", "title: {zh: 测试, en: Test}\n");
    common::write(
        root,
        "content/a.md",
        &format!("---\ntitle: 甲\n---\n\n2025年1月1日，甲事件 [1] [{HOSTILE}]。\n"),
    );
    common::write(
        root,
        "content/a.en.md",
        "---\ntitle: A\n---\n\nOn 1 January 2025, event A [1].\n",
    );
    common::write(
        root,
        "content/b.md",
        &format!("---\ntitle: 乙\n\"{yaml}\": 1\n---\n\n2025年1月2日，乙 [2]。\n"),
    );
    common::write(
        root,
        "content/c.md",
        &format!("---\ntitle: 丙\nslug: \"{yaml}\"\n---\n\n2025年1月3日，丙 [3]。\n"),
    );
    common::write(
        root,
        &format!("content/{HOSTILE}.md"),
        "---\ntitle: 丁\n---\n\n2025年1月4日，丁 [4]。\n",
    );
}

fn assert_escaped(what: &str, output: &std::process::Output) {
    let text = [&output.stdout[..], &output.stderr[..]].concat();
    let text = String::from_utf8_lossy(&text);
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{7}'),
        "{what} printed a raw control character:\n{}",
        text.escape_debug()
    );
    // The sequence is shown, escaped, at least once: the output does
    // speak of the hostile names.
    assert!(text.contains(r"\u{1b}]0;PWNED\u{7}"), "{what}:\n{text}");
}

#[test]
fn check_build_and_serve_print_control_sequences_escaped() {
    let site = tempfile::tempdir().unwrap();
    hostile_site(site.path());
    let root = site.path().to_str().unwrap();
    let out = site.path().join("out");
    for (what, args) in [
        ("check", vec!["check", "--root", root]),
        ("check -v", vec!["check", "-v", "--root", root]),
        (
            "build",
            vec!["build", "--root", root, "--out", out.to_str().unwrap()],
        ),
        // The first build fails, so serve reports and exits.
        ("serve", vec!["serve", "--root", root, "--port", "0"]),
    ] {
        let o = common::annals(&args);
        assert_eq!(o.status.code(), Some(1), "{what}");
        assert_escaped(what, &o);
    }
}
