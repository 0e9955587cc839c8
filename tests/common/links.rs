//! The link checker of built sites: every relative link names a file of
//! the output and every fragment an `id` of its page.

use super::{attr_values, files_under, resolve, unescape_html};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

#[derive(Debug, Default)]
pub struct LinkReport {
    pub pages: usize,
    pub links: usize,
    pub fragments: usize,
    pub problems: Vec<String>,
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

/// Checks every `href`/`src` of every HTML page under `out`: relative links
/// must name an existing file (not a folder) inside `out`, and a fragment
/// must be an `id` of the page it points to. Absolute `http(s)` links (the
/// canonical link, reference URLs) are not followed.
pub fn check_links(out: &Path) -> LinkReport {
    let mut report = LinkReport::default();
    let mut ids: HashMap<PathBuf, BTreeSet<String>> = HashMap::new();
    let mut ids_of = |rel: &Path| -> BTreeSet<String> {
        ids.entry(rel.to_path_buf())
            .or_insert_with(|| {
                let html = std::fs::read_to_string(out.join(rel)).unwrap_or_default();
                attr_values(&html, "id")
                    .into_iter()
                    .map(unescape_html)
                    .collect()
            })
            .clone()
    };
    for page in files_under(out)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
    {
        report.pages += 1;
        let rel_page = page.strip_prefix(out).unwrap().to_path_buf();
        let html = std::fs::read_to_string(&page).unwrap();
        let own_ids: Vec<String> = attr_values(&html, "id")
            .into_iter()
            .map(unescape_html)
            .collect();
        let unique: BTreeSet<&String> = own_ids.iter().collect();
        if unique.len() != own_ids.len() {
            report
                .problems
                .push(format!("{}: duplicate ids", rel_page.display()));
        }
        let dir = rel_page.parent().unwrap_or(Path::new(""));
        let mut links: Vec<String> = attr_values(&html, "href")
            .into_iter()
            .map(unescape_html)
            .collect();
        links.extend(attr_values(&html, "src").into_iter().map(unescape_html));
        for link in links {
            if link.starts_with("https://")
                || link.starts_with("http://")
                || link.starts_with("mailto:")
            {
                continue;
            }
            report.links += 1;
            let problem = |what: &str| format!("{}: `{link}` {what}", rel_page.display());
            if link.starts_with('/') || link.contains("://") || link.starts_with("//") {
                report.problems.push(problem("is not relative"));
                continue;
            }
            let (path, fragment) = match link.split_once('#') {
                Some((p, f)) => (p, Some(f)),
                None => (link.as_str(), None),
            };
            let target = if path.is_empty() {
                rel_page.clone()
            } else {
                match resolve(dir, &percent_decode(path)) {
                    Some(t) => t,
                    None => {
                        report.problems.push(problem("leaves the output folder"));
                        continue;
                    }
                }
            };
            if !out.join(&target).is_file() {
                report.problems.push(problem("names no file"));
                continue;
            }
            if let Some(fragment) = fragment {
                report.fragments += 1;
                if !ids_of(&target).contains(fragment) {
                    report.problems.push(problem(&format!(
                        "has no id `{fragment}` in {}",
                        target.display()
                    )));
                }
            }
        }
    }
    report
}

pub fn assert_links_ok(out: &Path) -> LinkReport {
    let report = check_links(out);
    assert!(
        report.problems.is_empty(),
        "{} broken link(s), first ones:\n{}",
        report.problems.len(),
        report
            .problems
            .iter()
            .take(20)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(report.links > 0);
    report
}
