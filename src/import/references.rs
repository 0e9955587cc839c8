//! Reference notes (the numbered list under 参考文献, or after the
//! Category lines) as `references.yaml` entries: what each note states of
//! its title, publisher, URL, publication date and access date.

use crate::model::Reference;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Headings whose content is notes or outside links, never page text:
/// 参考文献, 参考资料和註釋, 参考来源, 注释, References, Notes, ….
pub fn is_notes_heading(title: &str) -> bool {
    const NOTES: [&str; 6] = ["参考", "參考", "注释", "註釋", "脚注", "腳註"];
    const NOTES_EN: [&str; 6] = [
        "references",
        "notes",
        "footnotes",
        "sources",
        "citations",
        "bibliography",
    ];
    let t = title.trim().to_lowercase();
    NOTES.iter().any(|w| t.contains(w))
        || NOTES_EN.iter().any(|w| t.starts_with(w))
        || is_outside_links_heading(&t)
}

/// 外部链接 / External links: links away from the article, dropped.
pub fn is_outside_links_heading(title: &str) -> bool {
    const LINKS: [&str; 5] = [
        "外部链接",
        "外部連結",
        "外部鏈接",
        "external links",
        "further reading",
    ];
    let t = title.trim().to_lowercase();
    LINKS.iter().any(|w| t.contains(w))
}

/// Reads one note, given as the Markdown the importer wrote for it (links
/// as `[text](url)`) before leftovers were cleaned (templates still in).
pub fn from_note(note: &str) -> Reference {
    let mut reference = Reference::default();
    let mut rest = note.to_string();
    if let Some((start, end)) = template_span(&rest) {
        read_template(&rest[start + 2..end - 2], &mut reference);
        rest.replace_range(start..end, " ");
    }
    if let Some((start, end, text, url)) = first_web_link(&rest) {
        reference.title.get_or_insert(text);
        reference.url.get_or_insert(url);
        rest.replace_range(start..end, " ");
    }
    let rest = super::wiki::clean(&rest);
    let mut publisher = Vec::new();
    let mut accessed_next = false;
    for piece in rest
        .split(['，', ',', '、', '。', '|'])
        .flat_map(|p| p.split(". "))
        .map(|p| p.trim().trim_matches(['.', '*', ' ']))
        .filter(|p| !p.is_empty())
    {
        let lower = piece.to_lowercase();
        let says_accessed = ["retrieved", "accessed", "访问", "查阅", "存档"]
            .iter()
            .any(|w| lower.contains(w));
        match find_date(piece) {
            Some(date) if says_accessed || accessed_next => {
                reference.accessed.get_or_insert(date);
            }
            Some(date) => {
                let before = piece[..piece.find(&date).unwrap_or(0)]
                    .trim_end_matches(['-', ' '])
                    .trim();
                if !before.is_empty() && reference.publisher.is_none() {
                    publisher.push(before.to_string());
                }
                reference
                    .date
                    .get_or_insert(super::dated::iso(&date).unwrap_or(date));
            }
            None if says_accessed => accessed_next = true,
            None if reference.title.is_none() => reference.title = Some(piece.to_string()),
            None => publisher.push(piece.to_string()),
        }
    }
    // Only a web address may reach a reader (the loader rejects others).
    reference.url = reference.url.filter(|u| crate::model::is_safe_url(u));
    if reference.publisher.is_none() && !publisher.is_empty() {
        reference.publisher = Some(publisher.join(" "));
    }
    if let Some(accessed) = reference.accessed.take() {
        reference.accessed = Some(super::dated::iso(&accessed).unwrap_or(accessed));
    }
    reference
}

/// The byte span of the first `{{…}}`, braces included.
fn template_span(text: &str) -> Option<(usize, usize)> {
    let start = text.find("{{")?;
    let end = text[start..].find("}}")? + start + 2;
    Some((start, end))
}

/// `Cite web |url = … |title = … |accessdate=…` parameters.
fn read_template(inner: &str, reference: &mut Reference) {
    for param in inner.split('|').skip(1) {
        let Some((key, value)) = param.split_once('=') else {
            continue;
        };
        // pandoc makes a bare URL in a template a link: `[url](url)`.
        let value = match first_web_link(value) {
            Some((_, _, _, url)) => url,
            None => value.trim().to_string(),
        };
        if value.is_empty() {
            continue;
        }
        let slot = match key
            .trim()
            .to_lowercase()
            .replace(['-', '_', ' '], "")
            .as_str()
        {
            "url" => &mut reference.url,
            "title" => &mut reference.title,
            "publisher" | "work" | "website" | "newspaper" => &mut reference.publisher,
            "date" => &mut reference.date,
            "accessdate" => &mut reference.accessed,
            _ => continue,
        };
        slot.get_or_insert(value);
    }
}

/// The first `[text](http…)` link: its span, text and URL.
fn first_web_link(text: &str) -> Option<(usize, usize, String, String)> {
    let mut from = 0;
    while let Some(mid) = text[from..].find("](").map(|i| i + from) {
        let start = text[..mid].rfind('[');
        let end = text[mid..].find(')').map(|i| i + mid + 1);
        if let (Some(start), Some(end)) = (start, end) {
            let url = text[mid + 2..end - 1].trim_matches(['<', '>']).to_string();
            if crate::model::is_safe_url(&url) {
                return Some((start, end, text[start + 1..mid].trim().to_string(), url));
            }
        }
        from = mid + 2;
    }
    None
}

/// The first date written in `text`, as written: `2014年3月11日`,
/// `2018-10-15`, or an English `5 March 2010` / `March 5, 2010` / `2010`.
fn find_date(text: &str) -> Option<String> {
    let written = text.char_indices().find_map(|(i, _)| {
        let len = super::dated::date_prefix(&text[i..])?;
        (len > 4).then(|| text[i..i + len].to_string())
    });
    if written.is_some() {
        return written;
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let year = words.iter().position(|w| is_year(w))?;
    let day_or_month = |w: &&&str| {
        let w = w.trim_end_matches(',');
        w.bytes().all(|b| b.is_ascii_digit()) || MONTHS.iter().any(|m| w.starts_with(m))
    };
    let from = year
        - words[..year]
            .iter()
            .rev()
            .take(2)
            .take_while(day_or_month)
            .count();
    Some(
        words[from..=year]
            .join(" ")
            .trim_end_matches(['.', ','])
            .to_string(),
    )
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn is_year(word: &str) -> bool {
    let w = word.trim_end_matches(['.', ',', ')']);
    w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit())
}

/// `references.yaml`, numbers ascending.
pub fn to_yaml(references: &BTreeMap<u32, Reference>) -> String {
    let mut out =
        String::from("# Citation numbers -> sources: see the README's \"references.yaml\".\n");
    for (n, r) in references {
        let fields: Vec<String> = [
            ("title", &r.title),
            ("publisher", &r.publisher),
            ("url", &r.url),
            ("date", &r.date),
            ("accessed", &r.accessed),
        ]
        .iter()
        .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k}: {}", super::yaml_str(v))))
        .collect();
        let _ = writeln!(out, "{n}: {{{}}}", fields.join(", "));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_and_link_headings() {
        for notes in [
            "参考文献",
            "参考资料和註釋",
            "參考來源",
            "注释",
            "References",
            "Notes and references",
        ] {
            assert!(is_notes_heading(notes), "{notes}");
        }
        assert!(is_outside_links_heading("外部連結"));
        assert!(!is_notes_heading("参看"));
        assert!(!is_notes_heading("历史"));
    }

    #[test]
    fn a_note_with_link_publisher_and_date() {
        let r = from_note("[奇虎与腾讯不正当竞争纠纷上诉案](http://www.apdnews.com/news/51537.html) ，亚太日报，2014年3月11日");
        assert_eq!(r.title.as_deref(), Some("奇虎与腾讯不正当竞争纠纷上诉案"));
        assert_eq!(
            r.url.as_deref(),
            Some("http://www.apdnews.com/news/51537.html")
        );
        assert_eq!(r.publisher.as_deref(), Some("亚太日报"));
        assert_eq!(r.date.as_deref(), Some("2014-03-11"));
    }

    #[test]
    fn publisher_glued_to_a_date() {
        let r = from_note("[拿騰訊填海](https://www.am730.com.hk/x)  AM730-2018年10月14日");
        assert_eq!(r.publisher.as_deref(), Some("AM730"));
        assert_eq!(r.date.as_deref(), Some("2018-10-14"));
    }

    #[test]
    fn a_cite_template_gives_its_fields_and_access_date() {
        let r = from_note("{{ Cite web |url = [https://a.example/x](https://a.example/x) |title = 标题 |publisher = 新浪 |accessdate = 2019-05-01 }}");
        assert_eq!(r.url.as_deref(), Some("https://a.example/x"));
        assert_eq!(r.title.as_deref(), Some("标题"));
        assert_eq!(r.publisher.as_deref(), Some("新浪"));
        assert_eq!(r.accessed.as_deref(), Some("2019-05-01"));
        let unsafe_url = from_note("{{Cite web |url = javascript:alert(1) }}");
        assert_eq!(unsafe_url.url, None);
    }

    #[test]
    fn an_english_note_with_retrieved() {
        let r = from_note("[Acme opens plant](https://news.example/acme). The Daily. 5 March 2010. Retrieved 1 May 2019.");
        assert_eq!(r.title.as_deref(), Some("Acme opens plant"));
        assert_eq!(r.publisher.as_deref(), Some("The Daily"));
        assert_eq!(r.date.as_deref(), Some("5 March 2010"));
        assert_eq!(r.accessed.as_deref(), Some("1 May 2019"));
    }

    #[test]
    fn yaml_holds_every_number() {
        let mut refs = BTreeMap::new();
        refs.insert(2, Reference::default());
        refs.insert(1, from_note("[T](https://x.example/)"));
        assert_eq!(
            to_yaml(&refs).lines().skip(1).collect::<Vec<_>>(),
            vec!["1: {title: \"T\", url: \"https://x.example/\"}", "2: {}"]
        );
    }
}
