//! MediaWiki leftovers that the Markdown conversion let through, removed
//! from a block's text: `-{…}-` language conversion, `{{…}}` templates,
//! HTML comments and image-caption debris.

/// Removes every leftover from `text`.
pub fn clean(text: &str) -> String {
    let text = resolve_conversions(text);
    let text = remove_between(&text, "{{", "}}");
    let text = remove_between(&text, "<!--", "-->");
    // Empty brackets are what removed templates leave behind: `公司（）是`,
    // or brackets opening on the separators between removed names:
    // `万科（；、；简称万科）`.
    let text = drop_separators_after_openings(&text.replace("]]", ""));
    let text = text.replace("（）", "").replace("()", "");
    collapse_spaces(&text)
}

/// `（；、；简称万科）` → `（简称万科）`: separators right after an opening
/// bracket separate nothing (the names before them were templates).
fn drop_separators_after_openings(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut after_opening = false;
    for c in text.chars() {
        let separator = matches!(c, '；' | '、' | '，' | ';' | ',') || c.is_whitespace();
        if after_opening && separator {
            continue;
        }
        after_opening = matches!(c, '（' | '(');
        out.push(c);
    }
    out
}

/// `-{zh-hant:計程車;zh-hans:计程车}-` is the simplified variant, `-{網}-`
/// its content and `-{}-` nothing: the site's Chinese is simplified where
/// the article offers a choice, and as written otherwise.
pub fn resolve_conversions(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find("-{") {
        out.push_str(&rest[..open]);
        let inner_start = &rest[open + 2..];
        let Some(close) = inner_start.find("}-") else {
            out.push_str(&rest[open..]);
            return out;
        };
        out.push_str(&conversion_choice(&inner_start[..close]));
        rest = &inner_start[close + 2..];
    }
    out.push_str(rest);
    out
}

/// The variant to keep from the inside of `-{…}-`.
fn conversion_choice(inner: &str) -> String {
    let variants: Vec<(&str, &str)> = inner
        .split(';')
        .filter_map(|v| v.split_once(':'))
        .map(|(k, v)| (k.trim(), v.trim()))
        .filter(|(k, _)| k.starts_with("zh"))
        .collect();
    if variants.is_empty() {
        return inner.to_string();
    }
    [
        "zh-hans", "zh-cn", "zh-sg", "zh", "zh-hant", "zh-tw", "zh-hk",
    ]
    .iter()
    .find_map(|want| variants.iter().find(|(k, _)| k == want))
    .or(variants.first())
    .map(|(_, v)| v.to_string())
    .unwrap_or_default()
}

/// Removes every `open … close` span, nested ones included; an unclosed
/// opener runs to the end of the text.
fn remove_between(text: &str, open: &str, close: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        if rest.starts_with(open) {
            depth += 1;
            i += open.len();
        } else if depth > 0 && rest.starts_with(close) {
            depth -= 1;
            i += close.len();
        } else {
            let c = rest.chars().next().unwrap_or(' ');
            if depth == 0 {
                out.push(c);
            }
            i += c.len_utf8();
        }
    }
    out
}

/// Runs of whitespace become one space, none at either end.
fn collapse_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The blockquote the dump's converter puts first: "本文内容由…转换而来。"
pub fn is_conversion_note(text: &str) -> bool {
    ["转换而来", "轉換而來", "converted from"]
        .iter()
        .any(|w| text.contains(w))
}

/// A link to an article of the wiki itself, which the site cannot follow.
pub fn is_wikilink(dest: &str, title: &str) -> bool {
    title == "wikilink" || dest.starts_with("../Page/") || dest.contains("wikipedia.org/wiki/")
}

/// An image (its link title is `fig:…`) or file page.
pub fn is_image(dest: &str, title: &str) -> bool {
    title.starts_with("fig:") || dest.contains("/File:") || dest.contains("/Image:")
}

pub fn is_category(dest: &str) -> bool {
    dest.contains("Category:")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversion_markup_keeps_the_simplified_variant() {
        assert_eq!(
            resolve_conversions("搭-{zh-hant:計程車;zh-hans:计程车}-去"),
            "搭计程车去"
        );
        assert_eq!(resolve_conversions("金山軟-{}-件"), "金山軟件");
        assert_eq!(resolve_conversions("-{網}-易"), "網易");
        assert_eq!(resolve_conversions("半个 -{ 未闭合"), "半个 -{ 未闭合");
    }

    #[test]
    fn templates_comments_and_caption_ends_go() {
        assert_eq!(
            clean("公司{{-}}成立{{ Cite web |url = x {{y}} }}。"),
            "公司成立。"
        );
        assert_eq!(clean("甲<!-- end list -->乙"), "甲乙");
        assert_eq!(clean("众创空间]]2015年，成立"), "众创空间2015年，成立");
        assert_eq!(clean("  founded   in 1998 "), "founded in 1998");
        assert_eq!(
            clean("万科企业股份有限公司（；、；简称万科），是"),
            "万科企业股份有限公司（简称万科），是"
        );
        assert_eq!(clean("百度（；）是"), "百度是");
        assert_eq!(clean("Acme (, Inc.) and (a, b)"), "Acme (Inc.) and (a, b)");
    }
}
