//! Invalid sites that a fixture folder cannot hold: symbolic links. Git
//! stores a symlink as a blob holding its target, and a checkout without
//! symlink support (Windows by default, some archive tools) turns it into a
//! plain text file, so the case would silently test something else. A link
//! to a place outside the repository would also mean different things on
//! different machines. So each site here is built in a temporary folder,
//! from `tests/fixtures/invalid/_base/`, and its links are made by the test.
#![cfg(unix)]

use annals::load::{load_site, LoadOptions};
use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;

fn base_site() -> tempfile::TempDir {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invalid/_base");
    let site = tempfile::tempdir().unwrap();
    for entry in walkdir::WalkDir::new(&base) {
        let entry = entry.unwrap();
        let dest = site.path().join(entry.path().strip_prefix(&base).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&dest).unwrap();
        } else {
            fs::copy(entry.path(), &dest).unwrap();
        }
    }
    site
}

fn diagnostics(root: &Path) -> String {
    load_site(root, &LoadOptions::default())
        .diagnostics
        .items
        .iter()
        .map(|d| format!("{d}\n"))
        .collect()
}

const SECTION_B: &str = "---\ntitle: 乙\n---\n\n2025年1月2日，乙事件 [1]。\n";

#[test]
fn a_link_to_a_file_outside_content_is_refused() {
    let site = base_site();
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("b.md"), SECTION_B).unwrap();
    symlink(
        outside.path().join("b.md"),
        site.path().join("content/b.md"),
    )
    .unwrap();
    assert_eq!(
        diagnostics(site.path()),
        "content/b.md:1:1: error: this symbolic link points outside the content folder\n  = hint: copy the file into content/ instead of linking to it\n"
    );
}

#[test]
fn a_link_to_a_folder_outside_content_is_refused_once() {
    let site = base_site();
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("_index.md"), SECTION_B).unwrap();
    fs::write(outside.path().join("c.md"), SECTION_B).unwrap();
    symlink(outside.path(), site.path().join("content/x")).unwrap();
    assert_eq!(
        diagnostics(site.path()),
        "content/x:1:1: error: this symbolic link points outside the content folder\n  = hint: copy the file into content/ instead of linking to it\n"
    );
}

#[test]
fn a_relative_link_that_climbs_out_of_content_is_refused() {
    let site = base_site();
    fs::write(site.path().join("b.md"), SECTION_B).unwrap();
    symlink("../b.md", site.path().join("content/b.md")).unwrap();
    assert_eq!(
        diagnostics(site.path()),
        "content/b.md:1:1: error: this symbolic link points outside the content folder\n  = hint: copy the file into content/ instead of linking to it\n"
    );
}

#[test]
fn a_link_inside_content_is_followed() {
    let site = base_site();
    let shared = site.path().join("content/shared");
    fs::create_dir(&shared).unwrap();
    fs::write(shared.join("_index.md"), "---\ntitle: 共享\n---\n").unwrap();
    fs::write(shared.join("_index.en.md"), "---\ntitle: Shared\n---\n").unwrap();
    symlink("../a.md", shared.join("again.md")).unwrap();
    symlink("../a.en.md", shared.join("again.en.md")).unwrap();
    let loaded = load_site(site.path(), &LoadOptions::default());
    assert!(
        loaded.diagnostics.items.is_empty(),
        "{:?}",
        loaded.diagnostics.items
    );
    let site = loaded.site.unwrap();
    let paths: Vec<String> = site.sections.iter().map(|s| s.path.join("/")).collect();
    assert_eq!(paths, vec!["a", "shared", "shared/a"]);
}

#[test]
fn a_dangling_link_is_reported() {
    let site = base_site();
    symlink("missing.md", site.path().join("content/b.md")).unwrap();
    assert_eq!(
        diagnostics(site.path()),
        "content/b.md:1:1: error: this symbolic link points to `missing.md`, which does not exist\n  = hint: remove the link, or restore what it points to\n"
    );
}

#[test]
fn a_link_loop_is_reported_once() {
    let site = base_site();
    let x = site.path().join("content/x");
    fs::create_dir(&x).unwrap();
    fs::write(x.join("_index.md"), "---\ntitle: 循环\n---\n").unwrap();
    fs::write(x.join("_index.en.md"), "---\ntitle: Loop\n---\n").unwrap();
    symlink("..", x.join("up")).unwrap();
    assert_eq!(
        diagnostics(site.path()),
        "content/x/up:1:1: error: this symbolic link makes a loop: it leads back to content\n  = hint: remove the link\n"
    );
}

#[test]
fn a_data_file_linked_from_outside_is_refused() {
    let site = base_site();
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("references.yaml"), "1: {title: 外部}\n").unwrap();
    symlink(
        outside.path().join("references.yaml"),
        site.path().join("content/references.yaml"),
    )
    .unwrap();
    assert_eq!(
        diagnostics(site.path()),
        "content/references.yaml:1:1: error: this symbolic link points outside the content folder\n  = hint: copy the file into content/ instead of linking to it\n"
    );
}

/// `annals build` of `site` into `site/public`, with a secret in its
/// environment.
fn build_with_secret(site: &Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_annals"))
        .args(["--root", site.to_str().unwrap(), "build"])
        .env("SECRET_TOKEN", "hunter2")
        .output()
        .unwrap()
}

#[test]
fn links_out_of_static_and_templates_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    fs::create_dir(&site).unwrap();
    let base = base_site();
    fs::rename(base.path().join("content"), site.join("content")).unwrap();
    fs::create_dir_all(site.join("static")).unwrap();
    fs::create_dir_all(site.join("templates")).unwrap();
    fs::write(tmp.path().join("secret.html"), "the secret").unwrap();
    symlink("/proc/self/environ", site.join("static/env.txt")).unwrap();
    symlink("/etc/passwd", site.join("static/passwd.txt")).unwrap();
    symlink("../../secret.html", site.join("templates/404.html")).unwrap();
    symlink("/etc", site.join("static/etc")).unwrap();

    let o = build_with_secret(&site);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    let refused = |path: &str, folder: &str| {
        format!("{path}:1:1: error: this symbolic link points outside the {folder} folder\n  = hint: copy the file into {folder}/ instead of linking to it\n")
    };
    assert_eq!(
        err,
        [
            refused("templates/404.html", "templates"),
            refused("static/env.txt", "static"),
            refused("static/etc", "static"),
            refused("static/passwd.txt", "static"),
            "error: 4 error(s): nothing was built\n  = hint: nothing was written\n".to_string(),
        ]
        .concat()
    );
    assert!(!site.join("public").exists());
}

#[test]
fn links_inside_static_and_templates_are_followed() {
    let site = base_site();
    fs::create_dir_all(site.path().join("static/img")).unwrap();
    fs::create_dir_all(site.path().join("templates")).unwrap();
    fs::write(site.path().join("static/img/logo.svg"), "<svg/>").unwrap();
    symlink("img/logo.svg", site.path().join("static/logo.svg")).unwrap();
    symlink("img", site.path().join("static/pictures")).unwrap();
    fs::write(site.path().join("templates/gone.html"), "gone").unwrap();
    symlink("gone.html", site.path().join("templates/404.html")).unwrap();
    let o = build_with_secret(site.path());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let public = site.path().join("public");
    for rel in ["logo.svg", "img/logo.svg", "pictures/logo.svg"] {
        assert_eq!(fs::read_to_string(public.join(rel)).unwrap(), "<svg/>");
    }
    assert_eq!(fs::read_to_string(public.join("404.html")).unwrap(), "gone");
}

/// Makes a named pipe at `path`.
fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
#[cfg(target_os = "linux")]
fn a_named_pipe_as_a_data_file_is_refused_without_waiting() {
    let site = base_site();
    let config = site.path().join("content/site.yaml");
    let yaml = fs::read(&config).unwrap();
    fs::remove_file(&config).unwrap();
    mkfifo(&config);
    // Whoever opens the pipe to read gets a valid site.yaml: a loader that
    // reads pipes loads the site without a word (rather than hanging).
    let writer = {
        let config = config.clone();
        std::thread::spawn(move || fs::write(config, yaml))
    };
    let shown = diagnostics(site.path());
    // The loader did not open the pipe: open it here so the writer ends.
    {
        use std::os::unix::fs::OpenOptionsExt;
        let _reader = fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NONBLOCK)
            .open(&config)
            .unwrap();
        writer.join().unwrap().unwrap();
    }
    assert_eq!(
        shown,
        "content/site.yaml:1:1: error: this is a named pipe (FIFO), not a regular file\n  = hint: annals reads only regular files; replace it with one\n"
    );
}

#[test]
fn a_named_pipe_as_a_section_is_reported() {
    let site = base_site();
    mkfifo(&site.path().join("content/b.md"));
    assert_eq!(
        diagnostics(site.path()),
        "content/b.md:1:1: error: this is a named pipe (FIFO), not a regular file\n  = hint: annals reads only regular files; replace it with one\n"
    );
}

#[test]
fn an_upper_case_extension_is_reported_not_passed_over() {
    let site = base_site();
    fs::write(site.path().join("content/c.MD"), SECTION_B).unwrap();
    assert_eq!(
        diagnostics(site.path()),
        "content/c.MD:1:1: warning: this file is not read: section files end in `.md`, in lower case\n  = hint: rename it to c.md\n"
    );
}

#[test]
fn names_longer_than_a_file_name_can_be_are_reported_where_they_are_written() {
    let site = base_site();
    let slug = "a".repeat(4000);
    fs::write(
        site.path().join("content/b.md"),
        format!("---\ntitle: 乙\nslug: {slug}\n---\n"),
    )
    .unwrap();
    fs::write(site.path().join("content/b.en.md"), "---\ntitle: B\n---\n").unwrap();
    let id = "p".repeat(300);
    fs::write(
        site.path().join("content/products.yaml"),
        format!("- id: {id}\n  name: P\n"),
    )
    .unwrap();
    // The longest that fits: 255 bytes.
    fs::write(
        site.path().join("content/c.md"),
        format!("---\ntitle: 丙\nslug: {}\n---\n", "c".repeat(255)),
    )
    .unwrap();
    fs::write(site.path().join("content/c.en.md"), "---\ntitle: C\n---\n").unwrap();
    let too_long = |n: usize| {
        format!("it names a folder of the site, and a folder name is at most 255 bytes; this one has {n}")
    };
    assert_eq!(
        diagnostics(site.path()),
        format!(
            "content/b.md:3:1: error: `{slug}` is not a usable slug\n  = hint: {}, e.g. `slug: early-history`\n\
             content/products.yaml:1:7: error: product id `{id}` is not a usable slug\n  = hint: {}\n",
            too_long(4000),
            too_long(300)
        )
    );
}
