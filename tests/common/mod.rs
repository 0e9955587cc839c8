//! Helpers the integration tests share. Each test binary uses some of them.
#![allow(dead_code)]

pub mod links;

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// Writes `text` at `root/rel`, creating folders.
pub fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Runs the `annals` binary.
pub fn annals(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_annals"))
        .args(args)
        .output()
        .expect("the annals binary runs")
}

/// `annals --root ROOT build --out OUT`.
pub fn build(root: &Path, out: &Path) -> Output {
    annals(&[
        "--root",
        root.to_str().unwrap(),
        "build",
        "--out",
        out.to_str().unwrap(),
    ])
}

/// Builds and fails the test, with the tool's output, if the build fails.
pub fn build_ok(root: &Path, out: &Path) {
    let o = build(root, out);
    assert!(
        o.status.success(),
        "build failed:\n{}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Every file under `dir`, sorted.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    out.sort();
    out
}

/// Every file under `dir` with its bytes, by relative path: a snapshot to
/// compare.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    files_under(dir)
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p.strip_prefix(dir).unwrap().to_path_buf(), bytes)
        })
        .collect()
}

/// The text of `out/rel`.
pub fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// `base/rel` with `.` and `..` resolved lexically; `None` above the root.
pub fn resolve(base: &Path, rel: &str) -> Option<PathBuf> {
    let mut parts: Vec<String> = base
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s.to_string()),
        }
    }
    Some(parts.iter().collect())
}

/// A bilingual site of `count` events with `list_limit: limit`: each event
/// on its own day (28 days a month, from January 2000), in one section
/// (paragraphs of 28 entries), citing one reference and mentioning the
/// product Atlas.
pub fn long_list_site(root: &Path, count: usize, limit: usize) {
    use annals::model::date::MONTHS_EN;
    write(
        root,
        "content/site.yaml",
        &format!("title: {{zh: 测试, en: Test}}\nlanguages: [zh, en]\nlist_limit: {limit}\n"),
    );
    let (mut zh, mut en) = (String::new(), String::new());
    for i in 0..count {
        if i > 0 && i % 28 == 0 {
            zh.push_str("\n\n");
            en.push_str("\n\n");
        }
        let (year, month, day) = (2000 + i / 336, (i / 28) % 12 + 1, i % 28 + 1);
        let cite = i % 300 + 1;
        zh.push_str(&format!(
            "{year}年{month}月{day}日，公司发布Atlas新版本 [{cite}]。"
        ));
        en.push_str(&format!(
            "On {day} {} {year}, the company released a new version of Atlas [{cite}]. ",
            MONTHS_EN[month - 1]
        ));
    }
    write(
        root,
        "content/products.yaml",
        "- id: atlas\n  name: Atlas\n  kind: model\n",
    );
    write(
        root,
        "content/history.md",
        &format!("---\ntitle: 历程\n---\n\n{zh}\n"),
    );
    write(
        root,
        "content/history.en.md",
        &format!("---\ntitle: History\n---\n\n{en}\n"),
    );
}

/// The values of `name="…"` attributes in `html` (the name after a blank,
/// the scan never looking inside a value).
pub fn attr_values<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let needle = format!("{name}=\"");
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = html[from..].find(&needle) {
        let start = from + i;
        let value_start = start + needle.len();
        let preceded_by_space = html[..start].ends_with(|c: char| c.is_ascii_whitespace());
        let Some(len) = html[value_start..].find('"') else {
            break;
        };
        if preceded_by_space {
            out.push(&html[value_start..value_start + len]);
        }
        from = value_start + len + 1;
    }
    out
}

/// HTML escaping as the renderer and Tera do it for text and quoted
/// attribute values.
pub fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// Headless Chromium: `/usr/bin/chromium`, or the path in `ANNALS_CHROMIUM`.
/// Without it a test fails with one line naming how to install it.
pub fn chromium() -> PathBuf {
    let candidates: Vec<PathBuf> = match std::env::var_os("ANNALS_CHROMIUM") {
        Some(p) => vec![PathBuf::from(p)],
        None => ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
            .iter()
            .map(PathBuf::from)
            .collect(),
    };
    let looked: Vec<String> = candidates.iter().map(|p| p.display().to_string()).collect();
    candidates
        .into_iter()
        .find(|p| p.is_file())
        .unwrap_or_else(|| {
            panic!(
                "missing tool: Chromium (looked for {}); install it with \
                 `apt-get install -y chromium` or `scripts/test`, or set ANNALS_CHROMIUM",
                looked.join(", ")
            )
        })
}

/// The repository's own site (the DeepSeek history) built into Cargo's
/// temporary folder for tests, as `name` (one name per test binary, so
/// binaries running at once never share a folder).
pub fn build_repo_site(name: &str) -> PathBuf {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    build_ok(Path::new(env!("CARGO_MANIFEST_DIR")), &out);
    out
}

pub fn percent_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The `file://` URL of `page` of the built `site`, with a search query.
pub fn file_url(site: &Path, page: &str, query: Option<&str>) -> String {
    let path = percent_encode(site.join(page).to_str().unwrap());
    match query {
        Some(q) => format!("file://{path}?q={}", percent_encode(q)),
        None => format!("file://{path}"),
    }
}

/// Runs headless Chromium on `url` with `extra` arguments; its stdout.
pub fn run_chromium(url: &str, extra: &[String]) -> String {
    let profile = tempfile::tempdir().unwrap();
    // To files, not pipes: a DOM larger than a pipe's buffer would block
    // Chromium while this waits for it.
    let stdout = profile.path().join("stdout");
    let stderr = profile.path().join("stderr");
    let mut child = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--virtual-time-budget=5000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(url)
        .stdout(std::fs::File::create(&stdout).unwrap())
        .stderr(std::fs::File::create(&stderr).unwrap())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start Chromium: {e}"));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(90) {
            child.kill().unwrap();
            let _ = child.wait();
            panic!("Chromium took over 90 s on {url}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(
        status.success(),
        "Chromium failed on {url}:\n{}",
        std::fs::read_to_string(&stderr).unwrap_or_default()
    );
    std::fs::read_to_string(&stdout).unwrap()
}

/// HTML escaping undone, for the entities annals writes.
pub fn unescape_html(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// axe-core's script, where `scripts/test` installs it; a missing one
/// fails the test with the command that installs it.
pub fn axe_script() -> String {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("target/tools/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "missing tool: axe-core (no {}); install it with `scripts/test --no-run`",
            path.display()
        )
    })
}

/// Opens in Chromium a copy of `page` of `site` (written beside it, its
/// name ending in `suffix`) with axe-core and `runner` added before
/// `</body>`, in the dark colour scheme when `dark`; the DOM as Chromium
/// leaves it.
pub fn dom_with_axe(
    site: &Path,
    page: &str,
    suffix: &str,
    runner: &str,
    query: Option<&str>,
    dark: bool,
) -> String {
    let html = std::fs::read_to_string(site.join(page)).unwrap();
    let at = html
        .rfind("</body>")
        .unwrap_or_else(|| panic!("no </body> in {page}"));
    let copy = page.replace(".html", suffix);
    std::fs::write(
        site.join(&copy),
        format!(
            "{}<script>{}</script>{runner}{}",
            &html[..at],
            axe_script().replace("</script", "<\\/script"),
            &html[at..]
        ),
    )
    .unwrap();
    let mut flags = vec!["--dump-dom".to_string()];
    if dark {
        flags.push("--blink-settings=preferredColorScheme=0".into());
    }
    run_chromium(&file_url(site, &copy, query), &flags)
}
