//! Never half-written: a build killed at any moment leaves the previous
//! output as it was, and the next build cleans up after it.
//!
//! A small site is built into `public/`; then `annals build` of a large site
//! (1,500 events in each language, generated here) into the same folder is killed
//! with SIGKILL once its staging folder (`.public.annals-tmp-PID` beside
//! `public/`) holds pages. `public/` must be byte for byte what it was. The
//! next build must replace it wholly — no file of the old site survives —
//! and remove the killed build's staging folder.
//!
//! Two builds of the same input being byte-identical is
//! `builds_are_reproducible` in `tests/build.rs`; a build failing on a
//! template error leaving the output alone is
//! `a_broken_template_leaves_the_previous_output_alone` there.

#![cfg(unix)]

mod common;

use annals::model::date::MONTHS_EN;
use common::{build_ok, snapshot, write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A bilingual site of `sections` sections of `per_section` events each,
/// plus a section only the small site has when `old` is set.
fn site(root: &Path, sections: usize, per_section: usize, old: bool) {
    write(
        root,
        "content/site.yaml",
        "title: {zh: 大事记, en: Timeline}\ndescription: {zh: 测试。, en: A test.}\n",
    );
    write(
        root,
        "content/references.yaml",
        "1: {title: Source one, url: \"https://example.org/1\"}\n2: {title: Source two}\n",
    );
    for s in 0..sections {
        let year = 1990 + s;
        let mut zh = format!("---\ntitle: 第{s}部分\nslug: part-{s}\norder: {s}\n---\n\n");
        let mut en = format!("---\ntitle: Part {s}\norder: {s}\n---\n\n");
        for k in 0..per_section {
            let (month, day) = (k / 28 + 1, k % 28 + 1);
            let cite = 1 + k % 2;
            zh.push_str(&format!(
                "{year}年{month}月{day}日，第{s}部分的第{k}件事发生了，公司为此发布了一份说明。[{cite}]\n\n"
            ));
            en.push_str(&format!(
                "On {day} {} {year}, event {k} of part {s} happened, and the company published a note on it.[{cite}]\n\n",
                MONTHS_EN[month - 1]
            ));
        }
        write(root, &format!("content/part-{s}.md"), &zh);
        write(root, &format!("content/part-{s}.en.md"), &en);
    }
    if old {
        write(
            root,
            "content/old.md",
            "---\ntitle: 旧\nslug: old-section\n---\n\n1980年1月1日，旧事件。[1]\n",
        );
        write(
            root,
            "content/old.en.md",
            "---\ntitle: Old\n---\n\nOn 1 January 1980, an old event.[1]\n",
        );
    }
}

fn build_command(root: &Path, out: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_annals"));
    c.args([
        "--root",
        root.to_str().unwrap(),
        "build",
        "--out",
        out.to_str().unwrap(),
    ]);
    c
}

/// The entries of `dir` whose name holds `annals-tmp`.
fn staging_folders(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .contains("annals-tmp")
        })
        .collect();
    found.sort();
    found
}

#[test]
fn a_killed_build_leaves_the_output_untouched_and_the_next_build_cleans_up() {
    let tmp = tempfile::tempdir().unwrap();
    let small = tmp.path().join("small");
    let large = tmp.path().join("large");
    let out = tmp.path().join("public");
    site(&small, 2, 5, true);
    site(&large, 15, 100, false);
    build_ok(&small, &out);
    let before = snapshot(&out);
    assert!(before
        .keys()
        .any(|p| p.starts_with("zh/sections/old-section")));

    // Kill the large build once its staging folder holds some pages.
    let mut child = build_command(&large, &out)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let expected_staging = tmp
        .path()
        .join(format!(".public.annals-tmp-{}", child.id()));
    let started = Instant::now();
    let written = loop {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the build finished before it could be killed; make the site larger"
        );
        let n = walkdir::WalkDir::new(&expected_staging)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .count();
        if n >= 50 {
            break n;
        }
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "no staging folder appeared: {:?}",
            staging_folders(tmp.path())
        );
        std::thread::sleep(Duration::from_millis(2));
    };
    child.kill().unwrap(); // SIGKILL
    let status = child.wait().unwrap();
    assert!(!status.success(), "killed, yet it succeeded");
    eprintln!(
        "killed after {:?}, with {written}+ files staged",
        started.elapsed()
    );

    assert_eq!(
        snapshot(&out),
        before,
        "the killed build changed the output"
    );
    assert_eq!(
        staging_folders(tmp.path()),
        vec![expected_staging.clone()],
        "a killed build leaves its staging folder"
    );

    // The next build replaces the output wholly and removes the leftover.
    build_ok(&large, &out);
    let after = snapshot(&out);
    assert!(
        !after
            .keys()
            .any(|p| p.starts_with("zh/sections/old-section")
                || p.starts_with("en/sections/old-section")),
        "files of the old site survived"
    );
    assert!(after.len() > 1500, "{} files", after.len());
    let fresh = tmp.path().join("fresh");
    build_ok(&large, &fresh);
    assert_eq!(
        after,
        snapshot(&fresh),
        "the rebuilt output differs from a fresh build"
    );
    // Whether a process runs is told from /proc; without it, leftovers stay.
    let left = if cfg!(target_os = "linux") {
        Vec::new()
    } else {
        vec![expected_staging]
    };
    assert_eq!(
        staging_folders(tmp.path()),
        left,
        "the killed build's staging folder was not removed"
    );
}

/// Stale files never survive: a build from a site that lost a section and
/// a static file leaves neither in the output (the output is replaced, not
/// updated).
#[test]
fn files_of_a_previous_build_never_survive() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    let out = tmp.path().join("public");
    site(&root, 1, 3, true);
    write(&root, "static/extra.txt", "old\n");
    build_ok(&root, &out);
    assert!(out.join("extra.txt").is_file());
    assert!(out.join("zh/sections/old-section/index.html").is_file());

    std::fs::remove_file(root.join("static/extra.txt")).unwrap();
    std::fs::remove_file(root.join("content/old.md")).unwrap();
    std::fs::remove_file(root.join("content/old.en.md")).unwrap();
    build_ok(&root, &out);
    let fresh = tmp.path().join("fresh");
    build_ok(&root, &fresh);
    assert_eq!(snapshot(&out), snapshot(&fresh));
    assert!(!out.join("extra.txt").exists());
    assert!(!out.join("zh/sections/old-section").exists());
}
