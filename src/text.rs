//! Language and script facts every part of annals shares: which characters
//! are CJK, readable ASCII slugs, excerpts cut where a reader expects a
//! cut, and the one escaper for HTML and XML text.

/// CJK ideographs, kana and hangul: the characters search indexes by
/// bigrams and text joins without spaces.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF
        | 0x3005..=0x3007
        | 0x3021..=0x3029
        | 0x3038..=0x303B
        | 0x3040..=0x30FF
        | 0x3100..=0x312F
        | 0x3131..=0x318F
        | 0x31A0..=0x31BF
        | 0x31F0..=0x31FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA960..=0xA97F
        | 0xAC00..=0xD7AF
        | 0xF900..=0xFAFF
        | 0xFF66..=0xFF9F
        | 0x20000..=0x3134F)
}

/// Characters a terminal or a page shows two columns wide: CJK text and
/// full-width punctuation (`，`, `。`). Text joins them without spaces, and
/// labels measure them at twice a Latin letter.
pub fn is_wide(c: char) -> bool {
    unicode_width::UnicodeWidthChar::width(c) == Some(2)
}

/// A readable ASCII slug: pinyin for Chinese (ü written v, as pinyin
/// keyboards do), Latin words kept, anything else dropped, words joined by
/// `-`; `section` when nothing is left.
pub fn slugify(title: &str) -> String {
    use pinyin::ToPinyin;
    let mut words: Vec<String> = Vec::new();
    let mut latin = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            latin.push(c.to_ascii_lowercase());
            continue;
        }
        if !latin.is_empty() {
            words.push(std::mem::take(&mut latin));
        }
        if let Some(p) = c.to_pinyin() {
            words.push(p.plain().replace('ü', "v"));
        }
    }
    if !latin.is_empty() {
        words.push(latin);
    }
    words.retain(|w| !w.is_empty() && w.is_ascii());
    if words.is_empty() {
        "section".to_string()
    } else {
        words.join("-")
    }
}

/// Clause punctuation an excerpt may end at: full-width marks end a
/// clause of CJK text where they stand, Latin ones when a space follows.
const CLAUSE_ENDS: &[char] = &['，', '、', '；', '。', '：', '！', '？'];
const LATIN_CLAUSE_ENDS: &[char] = &[',', ';', '.', ':', '!', '?'];

/// Columns a character takes: CJK and full-width marks two, others one.
/// A budget in columns holds about as much Chinese as English (a Chinese
/// character says about what two Latin letters do).
fn columns(c: char) -> usize {
    if is_wide(c) {
        2
    } else {
        1
    }
}

/// Whether `c` is part of a word of a spaced script, with the marks in and
/// around it (`all-round`, `DeepSeek’s`, `V2.5`, `GPQA,`): anything but
/// spaces and CJK, so such a text is cut at a space only.
fn in_word(c: char) -> bool {
    !c.is_whitespace() && !is_wide(c) && !is_cjk(c)
}

/// The start of a text, at most `max` columns (a CJK character two, see
/// `columns`) before a final `…`; a text that fits is whole. A cut never
/// splits a word of a spaced script (`in_word`), unless the first word
/// alone is longer than `max`; it ends at the last clause mark (`，`, `。`,
/// `, `, `. `…) of the second half when there is one, so a headline ends
/// on a clause. Punctuation before the `…` is dropped.
pub fn excerpt(text: &str, max: usize) -> String {
    let text = text.trim();
    let mut used = 0;
    let mut cut = None;
    for (n, (i, c)) in text.char_indices().enumerate() {
        used += columns(c);
        if used > max {
            cut = Some((i + c.len_utf8(), n + 1));
            break;
        }
    }
    let Some((cut, count)) = cut else {
        return text.to_string();
    };
    let mut chars: Vec<(usize, char)> = Vec::with_capacity(count);
    chars.extend(text[..cut].char_indices());
    // Positions k in `chars` where the head may end (before chars[k]).
    let last = chars.len() - 1;
    let word_end = |k: usize| k > 0 && !(in_word(chars[k - 1].1) && in_word(chars[k].1));
    let clause_end = |k: usize| {
        let (prev, next) = (chars[k - 1].1, chars[k].1);
        CLAUSE_ENDS.contains(&next)
            || (LATIN_CLAUSE_ENDS.contains(&prev)
                && next.is_whitespace()
                && k >= 2
                && !chars[k - 2].1.is_whitespace())
    };
    let half = last / 2;
    let mut end = (half.max(1)..=last)
        .rev()
        .find(|&k| clause_end(k))
        .or_else(|| (1..=last).rev().find(|&k| word_end(k)))
        .unwrap_or(last);
    // A bracket or quotation the head opens and does not close ("Nikkei
    // (Nihon Keizai…") is left out with what follows it, unless that
    // would leave too little: it opens in the first third.
    if let Some(open) = unclosed_opening(&chars[..end]).filter(|&k| k > last / 3) {
        end = open;
    }
    let head = text[..chars[end].0]
        .trim_end()
        .trim_end_matches(|c: char| {
            CLAUSE_ENDS.contains(&c)
                || LATIN_CLAUSE_ENDS.contains(&c)
                || matches!(c, '—' | '-' | '(' | '（' | '“' | '"')
        })
        .trim_end();
    let mut excerpt = String::with_capacity(head.len() + '…'.len_utf8());
    excerpt.push_str(head);
    excerpt.push('…');
    excerpt
}

/// Brackets and quotation marks that open, each with the mark closing it.
const PAIRS: &[(char, char)] = &[
    ('(', ')'),
    ('（', '）'),
    ('“', '”'),
    ('‘', '’'),
    ('「', '」'),
    ('『', '』'),
    ('《', '》'),
    ('【', '】'),
    ('[', ']'),
];

/// The index in `chars` of the outermost bracket or quotation mark that is
/// opened and not closed, if any. (`’` also writes an apostrophe, so `‘`
/// is closed by any later `’`.)
fn unclosed_opening(chars: &[(usize, char)]) -> Option<usize> {
    let mut open: Vec<(usize, char)> = Vec::new();
    for (k, &(_, c)) in chars.iter().enumerate() {
        if let Some(&(_, close)) = PAIRS.iter().find(|(o, _)| *o == c) {
            open.push((k, close));
        } else if let Some(at) = open.iter().rposition(|&(_, close)| close == c) {
            open.truncate(at);
        }
    }
    open.first().map(|&(k, _)| k)
}

/// Whether HTML and XML text leave `c` out: the C0 controls but tab, line
/// feed and carriage return (XML 1.0 cannot carry them; form feed is one),
/// DEL and the C1 controls (HTML forbids them), and the noncharacters
/// U+FFFE and U+FFFF.
pub fn is_unprintable(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}')
}

/// Escapes text for HTML or XML element content and quoted attribute
/// values, leaving out [unprintable](is_unprintable) characters.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    push_escaped(&mut out, s);
    out
}

/// [`escape`], appended to `out`.
pub fn push_escaped(out: &mut String, s: &str) {
    escape_runs(s, |piece| out.push_str(piece));
}

/// Tera's escape function: the same escaping as [`escape`], for HTML and
/// XML templates alike. Tera's own writes one byte at a time through
/// `dyn Write`, which took 8% of a large build's CPU; this writes each run
/// between special characters at once.
pub fn escape_for_tera(s: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut result = Ok(());
    escape_runs(s, |piece| {
        if result.is_ok() {
            result = out.write_all(piece.as_bytes());
        }
    });
    result
}

/// The bytes [`escape_runs`] must look at: the five it writes as entities
/// and the first byte of every unprintable character (C0 and DEL are one
/// byte; C1 starts 0xC2, U+FFFE/F 0xEF). Everything else is copied as is.
const LOOK: [bool; 256] = {
    let mut look = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        look[b] = !matches!(b as u8, b'\t' | b'\n' | b'\r');
        b += 1;
    }
    let mut k = 0;
    let special = [b'&', b'<', b'>', b'"', b'\'', 0x7F, 0xC2, 0xEF];
    while k < special.len() {
        look[special[k] as usize] = true;
        k += 1;
    }
    look
};

/// Gives `s` to `emit` as pieces: runs of text with nothing to escape and
/// the entities of the characters between them; unprintable characters
/// are left out.
fn escape_runs<'a>(s: &'a str, mut emit: impl FnMut(&'a str)) {
    let bytes = s.as_bytes();
    let (mut start, mut i) = (0, 0);
    while i < bytes.len() {
        if !LOOK[usize::from(bytes[i])] {
            i += 1;
            continue;
        }
        let (entity, width) = match bytes[i] {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' => ("&quot;", 1),
            b'\'' => ("&#39;", 1),
            // Told by their bytes, not decoded: 0xEF also starts the
            // full-width punctuation (，（）：) of nearly every Chinese
            // sentence.
            0xC2 if bytes[i + 1] < 0xA0 => ("", 2),
            0xEF if bytes[i + 1] == 0xBF && bytes[i + 2] >= 0xBE => ("", 3),
            0xC2 | 0xEF => {
                i += 1;
                continue;
            }
            _ => ("", 1),
        };
        if start < i {
            emit(&s[start..i]);
        }
        if !entity.is_empty() {
            emit(entity);
        }
        i += width;
        start = i;
    }
    if start < s.len() {
        emit(&s[start..]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_leaves_out_what_html_and_xml_cannot_carry() {
        assert_eq!(
            escape("a\u{1}b\u{7}\tc\u{7f}d\u{85}e\u{c}f\u{e9}<\u{fffe}\u{ffff}\u{fffd}\r\n"),
            "ab\tcdef\u{e9}&lt;\u{fffd}\r\n"
        );
        assert_eq!(escape("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&#39;");
        assert_eq!(escape("中文\u{c2a0}"), "中文\u{c2a0}");
    }

    #[test]
    fn the_byte_table_finds_every_unprintable_character() {
        let chars = (0..0x800).chain(0xFFF0..0x10000).filter_map(char::from_u32);
        for c in chars {
            let shown = escape(&format!("a{c}b"));
            let kept = shown.len() > 2;
            assert_eq!(kept, !is_unprintable(c), "{:?}", c);
        }
    }

    #[test]
    fn english_excerpts_end_on_a_word() {
        assert_eq!(excerpt("The company releases", 14), "The company…");
        assert_eq!(excerpt("The company releases", 12), "The company…");
        assert_eq!(excerpt("The company releases", 11), "The company…");
        assert_eq!(excerpt("Supercalifragilistic", 5), "Super…");
        assert_eq!(excerpt("  short  ", 10), "short");
        // Joined words are one word; punctuation before the cut is dropped.
        assert_eq!(
            excerpt("It launched an all-round model", 18),
            "It launched an…"
        );
        assert_eq!(excerpt("Released DeepSeek’s model", 17), "Released…");
        assert_eq!(excerpt("It released A, B, C, D", 16), "It released A…");
        assert_eq!(
            excerpt("It released DeepSeek-V2.5 today", 24),
            "It released…"
        );
    }

    #[test]
    fn english_excerpts_end_on_a_clause_in_their_second_half() {
        assert_eq!(
            excerpt("In 2024, it released a model. It was large and fast", 40),
            "In 2024, it released a model…"
        );
        assert_eq!(
            excerpt("In 2024, it released a large model", 30),
            "In 2024, it released a large…"
        );
    }

    #[test]
    fn chinese_excerpts_count_two_columns_a_character_and_end_on_a_clause() {
        assert_eq!(excerpt("公司发布新版本", 14), "公司发布新版本");
        assert_eq!(
            excerpt("公司发布新版本随后，开源代码", 20),
            "公司发布新版本随后…"
        );
        assert_eq!(
            excerpt("公司发布新版本随后开源代码", 20),
            "公司发布新版本随后开…"
        );
        // A Latin word in Chinese text is not split.
        assert_eq!(excerpt("公司发布DeepSeek模型", 14), "公司发布…");
    }

    #[test]
    fn excerpts_do_not_end_inside_an_unclosed_bracket() {
        assert_eq!(
            excerpt("The report in Nikkei (Nihon Keizai Shimbun) said more", 32),
            "The report in Nikkei…"
        );
        assert_eq!(
            excerpt("The report (a short one) said that the firm grew", 36),
            "The report (a short one) said that…"
        );
        assert_eq!(
            excerpt("据《日本经济新闻》（日经）报道，该公司继续扩张业务", 30),
            "据《日本经济新闻》（日经）报道…"
        );
        assert_eq!(
            excerpt("公司发布了新的模型（名为深度求索第三代大模型）并开源", 30),
            "公司发布了新的模型…"
        );
        // An opening in the first third stays: too little would be left.
        assert_eq!(
            excerpt("(Reuters) The company said the model is large", 20),
            "(Reuters) The…"
        );
    }

    #[test]
    fn cjk_scripts() {
        assert!(is_cjk('中') && is_cjk('カ') && is_cjk('한') && !is_cjk('a'));
    }

    #[test]
    fn slugs_are_readable_ascii() {
        assert_eq!(slugify("DeepSeek 大事记"), "deepseek-da-shi-ji");
        assert_eq!(slugify("!!"), "section");
        assert_eq!(slugify("发展历程"), "fa-zhan-li-cheng");
        assert_eq!(slugify("NVIDIA CEO黄仁勋"), "nvidia-ceo-huang-ren-xun");
        assert_eq!(slugify("騰訊戰略投資"), "teng-xun-zhan-lve-tou-zi");
        assert_eq!(slugify("——"), "section");
        assert!(slugify("Ⅱ期 ① ǖ").is_ascii());
    }
}
