//! Output folders that are not a plain folder in a writable parent: a
//! symbolic link (a common deployment layout), a path through a folder that
//! does not exist, a name near the file system's limit, a folder the build
//! may not change, and a mount point (a container volume). Each builds the
//! small site of `tests/fixtures/invalid/_base/`.
#![cfg(target_os = "linux")]

mod common;

use common::{build, build_ok, snapshot, write};
use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::{Command, Output};

fn base_site(root: &Path) {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invalid/_base");
    for entry in walkdir::WalkDir::new(&base) {
        let entry = entry.unwrap();
        let dest = root.join(entry.path().strip_prefix(&base).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&dest).unwrap();
        } else {
            fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn an_output_that_is_a_symbolic_link_is_built_through_the_link() {
    let tmp = tempfile::tempdir().unwrap();
    let (site, deploy) = (tmp.path().join("site"), tmp.path().join("x/deploy"));
    base_site(&site);
    build_ok(&site, &deploy);
    symlink(&deploy, site.join("public")).unwrap();
    write(&site, "static/added.txt", "new");

    let o = build(&site, &site.join("public"));
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(fs::read_link(site.join("public")).unwrap(), deploy);
    assert_eq!(fs::read_to_string(deploy.join("added.txt")).unwrap(), "new");
    assert!(deploy.join("zh/index.html").is_file());
    assert_eq!(names(&site), ["content", "public", "static"]);
    assert_eq!(names(&tmp.path().join("x")), ["deploy"]);

    // A link to an empty folder: the folder ends up holding the site.
    let empty = tmp.path().join("empty");
    fs::create_dir(&empty).unwrap();
    let link = tmp.path().join("link");
    symlink(&empty, &link).unwrap();
    build_ok(&site, &link);
    assert!(fs::symlink_metadata(&link).unwrap().is_symlink());
    assert_eq!(snapshot(&empty), snapshot(&deploy));
}

#[test]
fn an_output_link_to_nothing_is_refused_before_anything_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    base_site(&site);
    symlink(tmp.path().join("gone"), site.join("public")).unwrap();
    let o = build(&site, &site.join("public"));
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("which does not exist"),
        "{}",
        stderr(&o)
    );
    assert_eq!(names(&site), ["content", "public"]);
    assert_eq!(names(tmp.path()), ["site"]);
}

#[test]
fn an_output_climbing_out_of_a_missing_folder_is_checked_like_any_other() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    base_site(&site);
    let o = build(&site, &site.join("public/.."));
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("it holds the site's own folder"),
        "{}",
        stderr(&o)
    );
    assert_eq!(names(&site), ["content"], "no public/ is made");
}

#[test]
fn an_output_name_near_the_limit_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    base_site(&site);
    let out = tmp.path().join("o".repeat(250));
    build_ok(&site, &out);
    // And again, replacing the first build.
    build_ok(&site, &out);
    assert!(out.join("zh/index.html").is_file());
    assert_eq!(names(tmp.path()), ["o".repeat(250), "site".into()]);
}

/// Runs `annals` as user `nobody` when the test runs as root (root may
/// change any folder, so the case could not happen), as itself otherwise.
fn annals_unprivileged(args: &[&str], tree: &Path) -> Output {
    // SAFETY: geteuid has no preconditions and cannot fail.
    let root = unsafe { libc::geteuid() } == 0;
    let mut command = if root {
        for entry in walkdir::WalkDir::new(tree) {
            let path = entry.unwrap().into_path();
            std::os::unix::fs::lchown(&path, Some(65534), Some(65534)).unwrap();
        }
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"]);
        c.arg(env!("CARGO_BIN_EXE_annals"));
        c
    } else {
        Command::new(env!("CARGO_BIN_EXE_annals"))
    };
    command.args(args).output().expect("annals runs")
}

#[test]
fn a_read_only_output_is_replaced_and_the_message_says_so() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    fs::set_permissions(tmp.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let (site, out) = (tmp.path().join("site"), tmp.path().join("out"));
    base_site(&site);
    build_ok(&site, &out);
    write(&site, "static/added.txt", "new");
    fs::set_permissions(&out, fs::Permissions::from_mode(0o555)).unwrap();

    let o = annals_unprivileged(
        &[
            "--root",
            site.to_str().unwrap(),
            "build",
            "--out",
            out.to_str().unwrap(),
        ],
        tmp.path(),
    );
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert_eq!(fs::read_to_string(out.join("added.txt")).unwrap(), "new");
    let leftover: Vec<String> = names(tmp.path())
        .into_iter()
        .filter(|n| n.starts_with(".out.annals-tmp-"))
        .collect();
    assert_eq!(leftover.len(), 1, "{:?}", names(tmp.path()));
    assert!(
        err.contains("the new site is in place")
            && err.contains(&leftover[0])
            && !err.contains("left as it was"),
        "{err}"
    );
}

/// Runs `script` with `sh` in a new mount namespace where the test is root
/// (a user namespace mapping its user to root), so it may mount.
fn in_mount_namespace(script: &str, args: &[&Path]) -> Output {
    let mut c = Command::new("unshare");
    c.args([
        "--user",
        "--map-root-user",
        "--mount",
        "sh",
        "-euc",
        script,
        "sh",
    ]);
    c.args(args);
    c.output().expect("unshare runs")
}

#[test]
fn an_output_that_is_a_mount_point_is_replaced_in_place() {
    let tmp = tempfile::tempdir().unwrap();
    let (site, out, volume) = (
        tmp.path().join("site"),
        // A space, which the mount table writes as `\040`.
        tmp.path().join("out dir"),
        tmp.path().join("volume"),
    );
    base_site(&site);
    fs::create_dir(&out).unwrap();
    fs::create_dir(&volume).unwrap();
    let fresh = tmp.path().join("fresh");
    build_ok(&site, &fresh);

    // A bind mount (same file system: only the mount table tells) and a
    // tmpfs (another file system). Each is built twice: the second build
    // replaces the first, and a file the site no longer has is gone.
    let script = r#"
        annals="$1"; site="$2"; out="$3"; volume="$4"
        for kind in bind tmpfs; do
            if [ "$kind" = bind ]; then mount --bind "$volume" "$out"; else mount -t tmpfs annals "$out"; fi
            "$annals" --quiet --root "$site" build --out "$out"
            mkdir -p "$site/static"; echo new > "$site/static/added.txt"
            "$annals" --quiet --root "$site" build --out "$out"
            rm "$site/static/added.txt"
            "$annals" --quiet --root "$site" build --out "$out"
            echo "$kind: $(ls -A "$out" | tr '\n' ' ')"
            # The replaced folder is the site of the last build, byte for byte.
            (cd "$out" && find . -type f | sort | xargs sha256sum) > "$site/../$kind.sums"
            umount "$out"
        done
    "#;
    let o = in_mount_namespace(
        script,
        &[
            Path::new(env!("CARGO_BIN_EXE_annals")),
            &site,
            &out,
            &volume,
        ],
    );
    assert!(
        o.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&o.stdout),
        stderr(&o)
    );
    let listing = String::from_utf8_lossy(&o.stdout);
    let expected = names(&fresh).join(" ");
    assert_eq!(
        listing.trim(),
        format!("bind: {expected} \ntmpfs: {expected}"),
        "no staging folder is left inside"
    );
    let sums = Command::new("sh")
        .arg("-c")
        .arg("find . -type f | sort | xargs sha256sum")
        .current_dir(&fresh)
        .output()
        .unwrap();
    for kind in ["bind", "tmpfs"] {
        assert_eq!(
            fs::read(tmp.path().join(format!("{kind}.sums"))).unwrap(),
            sums.stdout,
            "{kind}"
        );
    }
}

#[test]
fn a_mount_point_output_whose_entries_cannot_be_moved_keeps_its_old_site() {
    let tmp = tempfile::tempdir().unwrap();
    let (site, out) = (tmp.path().join("site"), tmp.path().join("out"));
    base_site(&site);
    fs::create_dir(&out).unwrap();
    // A mount point inside the output cannot be moved aside: the
    // replacement fails part-way and must put back what it moved.
    let script = r#"
        annals="$1"; site="$2"; out="$3"; record="$4"
        mount -t tmpfs annals "$out"
        "$annals" --quiet --root "$site" build --out "$out"
        mkdir "$out/inner"; mount -t tmpfs inner "$out/inner"; echo kept > "$out/inner/file"
        # tmpfs lists the newest entry first: renamed back and forth, the
        # others come before the mount point, so they are moved aside
        # before the failure and have to be moved back.
        for name in $(ls -A "$out"); do
            if [ "$name" != inner ]; then mv "$out/$name" "$out/$name.x"; mv "$out/$name.x" "$out/$name"; fi
        done
        (cd "$out" && find . -type f | sort | xargs sha256sum) > "$record/before"
        if "$annals" --quiet --root "$site" build --out "$out" 2> "$record/stderr"; then echo "built"; fi
        (cd "$out" && find . -type f | sort | xargs sha256sum) > "$record/after"
        ls -A "$out" > "$record/names"
    "#;
    let o = in_mount_namespace(
        script,
        &[
            Path::new(env!("CARGO_BIN_EXE_annals")),
            &site,
            &out,
            tmp.path(),
        ],
    );
    let record = |name: &str| fs::read_to_string(tmp.path().join(name)).unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(String::from_utf8_lossy(&o.stdout), "", "the build failed");
    assert!(
        record("stderr").contains("Device or resource busy")
            && record("stderr").contains("was left as it was"),
        "{}",
        record("stderr")
    );
    assert_eq!(record("after"), record("before"));
    assert!(
        !record("names").contains("annals-tmp"),
        "{}",
        record("names")
    );
}
