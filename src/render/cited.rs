//! Text with citation runs, as HTML: the text escaped, a superscript link to
//! the references page at each run's offset, one per number (MediaWiki
//! style: `[3][4]`, not `[3, 4]`).
//!
//! This module and [`crate::text::escape`] are the only producers of HTML that templates
//! print unescaped (apart from the loader's own Markdown rendering of code
//! blocks and tables).

use crate::model::{CitedText, Lang};
use crate::text::push_escaped;
use std::collections::BTreeMap;

/// Escaped text whose hard line breaks become `<br>`.
fn push_text(out: &mut String, s: &str) {
    for (i, line) in s.split('\n').enumerate() {
        if i > 0 {
            out.push_str("<br>");
        }
        push_escaped(out, line);
    }
}

/// The `id` of the superscript for the `occurrence`-th use (0-based) of
/// number `n` in the text identified by `prefix`: `cite-<prefix>-<n>`, then
/// `cite-<prefix>-<n>-2`, `-3` for further uses in the same text.
pub fn anchor_id(prefix: &str, n: u32, occurrence: usize) -> String {
    // Made for every superscript of every page (120,000 at 10,000 events):
    // joined, not through `format!`, which took a thousand instructions.
    let mut number = itoa::Buffer::new();
    let id = ["cite-", prefix, "-", number.format(n)].concat();
    match occurrence {
        0 => id,
        _ => [id.as_str(), "-", itoa::Buffer::new().format(occurrence + 1)].concat(),
    }
}

/// Every use of a number in the order it is shown, with its anchor id.
pub fn uses(numbers: impl IntoIterator<Item = u32>, prefix: &str) -> Vec<(u32, String)> {
    let mut seen: BTreeMap<u32, usize> = BTreeMap::new();
    numbers
        .into_iter()
        .map(|n| {
            let k = seen.entry(n).or_insert(0);
            let id = anchor_id(prefix, n, *k);
            *k += 1;
            (n, id)
        })
        .collect()
}

/// The numbers of a text's runs in reading order (runs sorted by offset).
pub fn numbers_in_order(text: &CitedText) -> Vec<u32> {
    sorted_runs(text)
        .into_iter()
        .flat_map(|(_, ns)| ns.iter().copied())
        .collect()
}

fn sorted_runs(text: &CitedText) -> Vec<(usize, &[u32])> {
    let mut runs: Vec<(usize, &[u32])> = text
        .citations
        .iter()
        .map(|r| (floor_boundary(&text.text, r.offset), r.numbers.as_slice()))
        .collect();
    runs.sort_by_key(|(offset, _)| *offset);
    runs
}

fn floor_boundary(s: &str, offset: usize) -> usize {
    let mut i = offset.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// How superscripts link: to `root` and `refs`, the references page as
/// seen from the page being rendered (`../../` and
/// `zh/references/index.html`); `ids` puts an `id` on each link so the
/// references page can link back (off where the same text is shown twice
/// on one page).
#[derive(Debug, Clone, Copy)]
pub struct Links<'a> {
    /// Written as it is: the page's `../` prefix, or a fragment's
    /// placeholder for it (which escaping would leave out).
    pub root: &'a str,
    pub refs: &'a str,
    pub ids: bool,
}

fn push_sup(out: &mut String, links: Links<'_>, n: u32, prefix: &str, occurrence: usize) {
    let mut number = itoa::Buffer::new();
    let number = number.format(n);
    out.push_str("<sup class=\"cite\"><a href=\"");
    out.push_str(links.root);
    push_escaped(out, links.refs);
    out.push_str("#ref-");
    out.push_str(number);
    out.push('"');
    if links.ids {
        out.push_str(" id=\"");
        push_escaped(out, &anchor_id(prefix, n, occurrence));
        out.push('"');
    }
    out.push_str(">[");
    out.push_str(number);
    out.push_str("]</a></sup>");
}

/// The previews of a language's references (`static/cite.js` finds it
/// next to the references page a superscript links to).
pub fn previews_path(lang: Lang) -> String {
    format!("{}/references/refs.js", lang.code())
}

/// `text` as HTML with its citation superscripts; `prefix` names the text in
/// the anchors (an event id, `lead-…`, `fact-…`).
pub fn html(text: &CitedText, prefix: &str, links: Links<'_>) -> String {
    let mut out = String::with_capacity(text.text.len() + text.text.len() / 4 + 128);
    // How often each number was used so far.
    let mut seen: BTreeMap<u32, usize> = BTreeMap::new();
    let mut at = 0;
    for (offset, numbers) in sorted_runs(text) {
        push_text(&mut out, &text.text[at..offset]);
        at = offset;
        for &n in numbers {
            let k = seen.entry(n).or_insert(0);
            let occurrence = *k;
            *k += 1;
            push_sup(&mut out, links, n, prefix, occurrence);
        }
    }
    push_text(&mut out, &text.text[at..]);
    out
}

/// Superscripts alone, for a fact's `cite` list.
pub fn sups(numbers: &[u32], prefix: &str, links: Links<'_>) -> String {
    let mut out = String::new();
    let mut seen: BTreeMap<u32, usize> = BTreeMap::new();
    for &n in numbers {
        let k = seen.entry(n).or_insert(0);
        push_sup(&mut out, links, n, prefix, *k);
        *k += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CitationRun;

    const LINKS: Links<'static> = Links {
        root: "../",
        refs: "references/index.html",
        ids: true,
    };

    #[test]
    fn runs_become_one_sup_per_number() {
        let text = CitedText {
            text: "发布R1。后来".into(),
            citations: vec![
                CitationRun {
                    offset: "发布R1。".len(),
                    numbers: vec![1, 2],
                },
                CitationRun {
                    offset: "发布R1。后来".len(),
                    numbers: vec![1],
                },
            ],
        };
        let h = html(&text, "e1", LINKS);
        assert_eq!(
            h,
            "发布R1。<sup class=\"cite\"><a href=\"../references/index.html#ref-1\" id=\"cite-e1-1\">[1]</a></sup>\
             <sup class=\"cite\"><a href=\"../references/index.html#ref-2\" id=\"cite-e1-2\">[2]</a></sup>后来\
             <sup class=\"cite\"><a href=\"../references/index.html#ref-1\" id=\"cite-e1-1-2\">[1]</a></sup>"
        );
        assert_eq!(numbers_in_order(&text), vec![1, 2, 1]);
    }

    #[test]
    fn text_is_escaped_and_offsets_are_clamped() {
        let text = CitedText {
            text: "<script>alert(1)</script> & 'x'\nnext".into(),
            citations: vec![CitationRun {
                offset: 999,
                numbers: vec![7],
            }],
        };
        let h = html(
            &text,
            "e",
            Links {
                root: "",
                refs: "r.html",
                ids: false,
            },
        );
        assert!(
            h.starts_with("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#39;x&#39;<br>next"),
            "{h}"
        );
        assert!(h.ends_with("<a href=\"r.html#ref-7\">[7]</a></sup>"), "{h}");
        // An offset inside a character moves back to its start.
        let cjk = CitedText {
            text: "中文".into(),
            citations: vec![CitationRun {
                offset: 1,
                numbers: vec![1],
            }],
        };
        assert!(html(&cjk, "e", LINKS).starts_with("<sup"));
    }

    #[test]
    fn fact_sups() {
        let s = sups(&[3, 3], "fact-0", LINKS);
        assert!(s.contains("id=\"cite-fact-0-3\"") && s.contains("id=\"cite-fact-0-3-2\""));
    }
}
