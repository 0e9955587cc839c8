//! What a page says about itself to search engines and link previews: its
//! description, its Open Graph type and locale, and its schema.org JSON-LD
//! (an `Organization` on the home page, an `Event` on an event's page).

use super::*;
use serde_json::json;
use std::fmt::Write as _;

/// Characters of an event's text its page's description holds.
const DESCRIPTION_CHARS: usize = 160;

impl Builder<'_> {
    /// The page's own summary (a section's, a product's) or its event's
    /// excerpt; else the site's description.
    pub(super) fn description(&self, page: &Page) -> String {
        let own = match page {
            Page::Event(id) => Some(excerpt(
                &self.site.events[self.view.by_id[id]].text.text,
                DESCRIPTION_CHARS,
            )),
            Page::Section(s) | Page::SectionBilingual(s) => {
                self.displayed_text(*s).and_then(|(_, t)| t.summary.clone())
            }
            Page::Product(p) | Page::ProductPart(p, _) => {
                Some(self.site.products[*p].summary.get(self.lang).to_string())
            }
            _ => None,
        };
        own.filter(|d| !d.trim().is_empty())
            .unwrap_or_else(|| self.site.config.description.get(self.lang).to_string())
    }

    /// The page's schema.org JSON-LD, ready for a `<script>` element;
    /// empty for the pages that have none. An event's is its page's
    /// `title` (date and headline), without a description: the page's
    /// `<meta name="description">` and `og:description` have that, and a
    /// third copy cost some 10% of an event page.
    pub(super) fn json_ld(
        &self,
        page: &Page,
        title: &str,
        description: &str,
        url: Option<&str>,
    ) -> String {
        match page {
            Page::Home => {
                let config = &self.site.config;
                let name = (config.company_names.first())
                    .map_or_else(|| config.title.get(self.lang), String::as_str);
                let mut org = json!({
                    "@context": "https://schema.org",
                    "@type": "Organization",
                    "name": name,
                    "description": description,
                });
                if let Some(date) = config.company.iter().find_map(founding_date) {
                    org["foundingDate"] = json!(date);
                }
                if let Some(url) = url {
                    org["url"] = json!(url);
                }
                script_json(&org)
            }
            Page::Event(id) => {
                let e = &self.site.events[self.view.by_id[id]];
                let event = EventLd {
                    context: "https://schema.org",
                    kind: "Event",
                    end_date: e.date.end.map(|end| end.iso()),
                    in_language: e.lang.html_tag(),
                    name: title,
                    start_date: e.date.start.iso(),
                    url,
                };
                script_safe(serde_json::to_string(&event).expect("JSON-LD of strings serializes"))
            }
            _ => String::new(),
        }
    }
}

/// An event page's JSON-LD, written straight from its fields (a
/// `serde_json::Value` made for each of 20,000 pages cost 2% of a 10k
/// build). The fields are in the order a `Value` writes its keys in, so the
/// home page's and the event pages' JSON-LD read alike.
#[derive(Serialize)]
struct EventLd<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "endDate", skip_serializing_if = "Option::is_none")]
    end_date: Option<String>,
    #[serde(rename = "inLanguage")]
    in_language: &'static str,
    name: &'a str,
    #[serde(rename = "startDate")]
    start_date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

/// The date of the infobox fact that tells the founding (`Founded`,
/// `成立日期`), when it carries its date as an event.
fn founding_date(fact: &Fact) -> Option<String> {
    let en = fact.label.get(Lang::En).to_lowercase();
    let zh = fact.label.get(Lang::Zh);
    let founding = ["found", "establish"].iter().any(|w| en.starts_with(w))
        || ["成立", "创立", "创办"].iter().any(|w| zh.contains(w));
    let event = fact.event.as_ref().filter(|_| founding)?;
    Some(event.date.iso())
}

/// `value` as JSON that cannot end the `<script>` element holding it nor
/// open markup in it, and holds no character HTML forbids in a page:
/// `<`, `>`, `&`, control characters and the line separators are written
/// as `\uXXXX` escapes, which JSON reads back as the same characters (they
/// only occur inside strings).
pub(super) fn script_json(value: &serde_json::Value) -> String {
    script_safe(value.to_string())
}

/// JSON text as [`script_json`] writes it. Scanned as bytes, the runs
/// between escapes copied whole: going character by character took 9,000
/// instructions an event page at 10,000 events, as most pages hold a `…`,
/// whose first byte is a line separator's.
fn script_safe(text: String) -> String {
    let bytes = text.as_bytes();
    let Some(first) = (0..bytes.len()).find(|&i| escaped_len(&bytes[i..]).is_some()) else {
        return text;
    };
    let mut out = String::with_capacity(text.len() + 16);
    let (mut run, mut i) = (0, first);
    while i < bytes.len() {
        let Some(len) = escaped_len(&bytes[i..]) else {
            i += 1;
            continue;
        };
        // `i` starts a character: the escaped ones are ASCII or lead bytes.
        out.push_str(&text[run..i]);
        if let Some(c) = text[i..].chars().next() {
            let _ = write!(out, "\\u{:04x}", c as u32);
        }
        i += len;
        run = i;
    }
    out.push_str(&text[run..]);
    out
}

/// The length in bytes of the character `bytes` starts with, if
/// [`script_safe`] escapes it: `<`, `>`, `&`, a control character (C0,
/// DEL, C1) or a line separator (U+2028, U+2029).
fn escaped_len(bytes: &[u8]) -> Option<usize> {
    match bytes {
        [b'<' | b'>' | b'&' | 0x7f, ..] => Some(1),
        [b, ..] if *b < 0x20 => Some(1),
        [0xc2, 0x80..=0x9f, ..] => Some(2),
        [0xe2, 0x80, 0xa8 | 0xa9, ..] => Some(3),
        _ => None,
    }
}

/// `og:locale` of a language.
pub fn og_locale(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "zh_CN",
        Lang::En => "en_US",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_pages_json_ld_is_what_a_json_value_of_it_writes() {
        // A plain title (kept as it is) and one with characters to escape.
        let titles = [
            "25 January 2025: R1",
            "2025年1月20日：发布 <R1> & “V3”\u{2028}",
        ];
        let ends = [None, Some("2025-06")];
        let urls = [None, Some("https://example.org/zh/")];
        for (title, (end, url)) in titles.into_iter().zip(ends.into_iter().zip(urls)) {
            let ld = EventLd {
                context: "https://schema.org",
                kind: "Event",
                end_date: end.map(str::to_string),
                in_language: "zh-Hans",
                name: title,
                start_date: "2025-01-20".into(),
                url,
            };
            let mut value = json!({
                "@context": "https://schema.org",
                "@type": "Event",
                "name": title,
                "startDate": "2025-01-20",
                "inLanguage": "zh-Hans",
            });
            if let Some(end) = end {
                value["endDate"] = json!(end);
            }
            if let Some(url) = url {
                value["url"] = json!(url);
            }
            let text = serde_json::to_string(&ld).unwrap();
            assert_eq!(script_safe(text), script_json(&value), "{title}");
        }
    }

    #[test]
    fn script_safe_escapes_exactly_the_characters_it_names() {
        // What it writes, character by character.
        let reference = |text: &str| -> String {
            text.chars()
                .map(|c| {
                    if matches!(c, '<' | '>' | '&' | '\u{2028}' | '\u{2029}') || c.is_control() {
                        format!("\\u{:04x}", c as u32)
                    } else {
                        c.to_string()
                    }
                })
                .collect()
        };
        let pieces = [
            "a", "<", ">", "&", "\u{0}", "\u{1f}", "\u{7f}", "\u{80}", "\u{85}", "\u{9f}",
            "\u{a0}", "é", "…", "\u{2028}", "\u{2029}", "\u{202a}", "，", "开源", "\u{fffd}", "😀",
            " ",
        ];
        // Every pair and triple of pieces, so each sits at the start, the
        // middle and the end of a text.
        for a in pieces {
            for b in pieces {
                for c in ["", "x", "\u{2028}", "…"] {
                    let text = format!("{a}{b}{c}");
                    assert_eq!(script_safe(text.clone()), reference(&text), "{text:?}");
                }
            }
        }
    }

    #[test]
    fn script_json_cannot_close_its_script() {
        let v = json!({"name": "</script><script>alert(1)</script> & <!--\u{7f}\u{1}\u{2028}"});
        let text = script_json(&v);
        assert_eq!(
            text,
            r#"{"name":"\u003c/script\u003e\u003cscript\u003ealert(1)\u003c/script\u003e \u0026 \u003c!--\u007f\u0001\u2028"}"#
        );
        assert_eq!(serde_json::from_str::<serde_json::Value>(&text).unwrap(), v);
    }
}
