//! Helpers the integration tests share. Each test binary uses some of them.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Output};

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
