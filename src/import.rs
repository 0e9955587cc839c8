//! `annals import`: an encyclopedic article (plain text as copied from Baidu
//! Baike, or Markdown) becomes a content tree that `annals check` accepts.
//!
//! Plain text states no heading levels, so they are inferred: a heading
//! directly followed by another heading opens a group that nests the
//! headings after it, until a blank line closes the group.

use crate::diagnostics::{Diagnostic, Location};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// An article as a tree: intro paragraphs, then top-level sections.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Article {
    pub title: String,
    pub intro: Vec<String>,
    pub sections: Vec<ImportedSection>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportedSection {
    pub title: String,
    pub paragraphs: Vec<String>,
    pub children: Vec<ImportedSection>,
}

/// Longest line (in characters) taken for a heading in plain text.
const MAX_HEADING_CHARS: usize = 24;

/// Parses an article; Markdown when `markdown` is true, else plain text.
pub fn parse_article(source: &str, markdown: bool, fallback_title: &str) -> Article {
    let mut article = if markdown {
        parse_markdown(source)
    } else {
        parse_plain(source)
    };
    article.title = guess_title(&article).unwrap_or_else(|| fallback_title.to_string());
    article
}

fn is_plain_heading(line: &str) -> bool {
    let line = line.trim();
    let chars = line.chars().count();
    chars > 0
        && chars <= MAX_HEADING_CHARS
        && !line.contains('[')
        && !line.contains(['，', '。', '：', ':', '；'])
        && !line.ends_with(['！', '？', '!', '?', '”', '.', '）'])
}

fn parse_plain(source: &str) -> Article {
    let lines: Vec<&str> = source.lines().map(str::trim_end).collect();
    let mut article = Article::default();
    // The open group, if a heading directly followed by a heading opened one.
    let mut group: Option<ImportedSection> = None;
    let mut current: Option<ImportedSection> = None;
    let flush = |article: &mut Article,
                 group: &mut Option<ImportedSection>,
                 current: &mut Option<ImportedSection>| {
        if let Some(s) = current.take() {
            match group {
                Some(g) => g.children.push(s),
                None => article.sections.push(s),
            }
        }
    };
    for (i, raw) in lines.iter().enumerate() {
        let line = raw.trim();
        if line.is_empty() {
            flush(&mut article, &mut group, &mut current);
            if let Some(g) = group.take() {
                article.sections.push(g);
            }
            continue;
        }
        if is_plain_heading(line) {
            flush(&mut article, &mut group, &mut current);
            let next_is_heading = lines.get(i + 1).is_some_and(|n| is_plain_heading(n));
            let section = ImportedSection {
                title: line.to_string(),
                ..Default::default()
            };
            if next_is_heading {
                if let Some(g) = group.take() {
                    article.sections.push(g);
                }
                group = Some(section);
            } else {
                current = Some(section);
            }
            continue;
        }
        match current.as_mut() {
            Some(s) => s.paragraphs.push(line.to_string()),
            None => match group.as_mut() {
                Some(g) => g.paragraphs.push(line.to_string()),
                None => article.intro.push(line.to_string()),
            },
        }
    }
    flush(&mut article, &mut group, &mut current);
    if let Some(g) = group.take() {
        article.sections.push(g);
    }
    article
}

fn parse_markdown(source: &str) -> Article {
    let mut article = Article::default();
    let mut para = String::new();
    // Sections by level: index 0 is `#`.
    let mut stack: Vec<(usize, ImportedSection)> = Vec::new();
    fn close_to(level: usize, stack: &mut Vec<(usize, ImportedSection)>, article: &mut Article) {
        while stack.last().is_some_and(|(l, _)| *l >= level) {
            let (_, s) = stack.pop().unwrap_or_default();
            match stack.last_mut() {
                Some((_, parent)) => parent.children.push(s),
                None => article.sections.push(s),
            }
        }
    }
    let push_para =
        |para: &mut String, stack: &mut Vec<(usize, ImportedSection)>, article: &mut Article| {
            let text = unwiki(para.trim());
            para.clear();
            if text.is_empty() {
                return;
            }
            match stack.last_mut() {
                Some((_, s)) => s.paragraphs.push(text),
                None => article.intro.push(text),
            }
        };
    for line in source.lines() {
        let trimmed = line.trim();
        let hashes = trimmed.chars().take_while(|c| *c == '#').count();
        if hashes > 0 && trimmed[hashes..].starts_with(' ') {
            push_para(&mut para, &mut stack, &mut article);
            close_to(hashes, &mut stack, &mut article);
            stack.push((
                hashes,
                ImportedSection {
                    title: unwiki(trimmed[hashes..].trim()),
                    ..Default::default()
                },
            ));
        } else if trimmed.is_empty() {
            push_para(&mut para, &mut stack, &mut article);
        } else {
            if !para.is_empty() && !is_cjk_join(&para, trimmed) {
                para.push(' ');
            }
            para.push_str(trimmed);
        }
    }
    push_para(&mut para, &mut stack, &mut article);
    close_to(0, &mut stack, &mut article);
    // A single `#` title wrapping everything is the article's title, not a section.
    if article.sections.len() == 1
        && article.intro.is_empty()
        && !article.sections[0].children.is_empty()
    {
        let top = article.sections.remove(0);
        article.intro = top.paragraphs;
        article.sections = top.children;
        article.title = top.title;
    }
    article
}

/// Lines of Chinese text join without a space, as soft breaks do in Chinese.
fn is_cjk_join(before: &str, after: &str) -> bool {
    let cjk = |c: char| c as u32 >= 0x2E80;
    before.chars().next_back().is_some_and(cjk) || after.chars().next().is_some_and(cjk)
}

/// `[[Page]]` and `[[Page|shown]]` become their shown text; `\[12\]` a marker.
fn unwiki(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find("[[") {
        out.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        match after.find("]]") {
            Some(close) => {
                let inner = &after[..close];
                out.push_str(inner.rsplit('|').next().unwrap_or(inner));
                rest = &after[close + 2..];
            }
            None => {
                out.push_str("[[");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out.replace("\\[", "[").replace("\\]", "]")
}

fn guess_title(article: &Article) -> Option<String> {
    if !article.title.is_empty() {
        return Some(article.title.clone());
    }
    let first = article.intro.first()?;
    let end = first.find(['，', '（', '(', '是', ','])?;
    let name = first[..end].trim();
    (!name.is_empty() && name.chars().count() <= 20).then(|| name.to_string())
}

/// A readable ASCII slug: pinyin for Chinese, Latin words kept.
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
            words.push(p.plain().to_string());
        }
    }
    if !latin.is_empty() {
        words.push(latin);
    }
    let slug = words.join("-");
    if slug.is_empty() {
        "section".to_string()
    } else {
        slug
    }
}

/// Escapes what Markdown would read as markup, keeping citation markers.
fn escape_markdown(paragraph: &str) -> String {
    let mut out = String::with_capacity(paragraph.len());
    for c in paragraph.chars() {
        if matches!(c, '*' | '_' | '`' | '<' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    let starts_block = out.starts_with(['#', '>', '-', '+', '=', '|'])
        || out.chars().take_while(|c| c.is_ascii_digit()).count() > 0
            && out
                .trim_start_matches(|c: char| c.is_ascii_digit())
                .starts_with(['.', ')']);
    if starts_block {
        out.insert(0, '\\');
    }
    out
}

/// One file to write: path relative to the output folder, and its text.
pub type File = (PathBuf, String);

/// The content tree for an article, as files.
pub fn content_files(article: &Article) -> Vec<File> {
    let mut files = Vec::new();
    let mut cfg = String::new();
    let _ = writeln!(
        cfg,
        "# Site configuration: see the README's \"Content model\"."
    );
    let _ = writeln!(
        cfg,
        "title:\n  zh: {}\n  en: {}",
        yaml_str(&article.title),
        yaml_str(&article.title)
    );
    let _ = writeln!(cfg, "default_language: zh\nlanguages: [zh, en]");
    let _ = writeln!(cfg, "company_names: [{}]", yaml_str(&article.title));
    files.push((PathBuf::from("content/site.yaml"), cfg));
    files.push((
        PathBuf::from("content/_index.md"),
        section_file(
            &format!("{}概述", article.title),
            "overview",
            0,
            &article.intro,
        ),
    ));
    let mut used = vec!["overview".to_string()];
    for (i, s) in article.sections.iter().enumerate() {
        let slug = unique_slug(&s.title, &mut used);
        let order = (i as i64 + 1) * 10;
        if s.children.is_empty() {
            files.push((
                PathBuf::from(format!("content/{slug}.md")),
                section_file(&s.title, &slug, order, &s.paragraphs),
            ));
            continue;
        }
        files.push((
            PathBuf::from(format!("content/{slug}/_index.md")),
            section_file(&s.title, &slug, order, &s.paragraphs),
        ));
        let mut child_used = Vec::new();
        for (j, c) in s.children.iter().enumerate() {
            let child = unique_slug(&c.title, &mut child_used);
            files.push((
                PathBuf::from(format!("content/{slug}/{child}.md")),
                section_file(&c.title, &child, (j as i64 + 1) * 10, &c.paragraphs),
            ));
        }
    }
    files
}

fn unique_slug(title: &str, used: &mut Vec<String>) -> String {
    let base = slugify(title);
    let mut slug = base.clone();
    let mut n = 2;
    while used.contains(&slug) {
        slug = format!("{base}-{n}");
        n += 1;
    }
    used.push(slug.clone());
    slug
}

fn yaml_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

fn section_file(title: &str, slug: &str, order: i64, paragraphs: &[String]) -> String {
    let mut s = format!(
        "---\ntitle: {}\nslug: {slug}\norder: {order}\n---\n",
        yaml_str(title)
    );
    for p in paragraphs {
        let _ = write!(s, "\n{}\n", escape_markdown(p));
    }
    s
}

/// Imports `article` into `out`, which must not exist or be empty. Files are
/// written to a temporary folder beside it and moved in at the end, so a
/// failed import leaves nothing half-written.
pub fn import(article_path: &Path, out: &Path) -> Result<usize, Diagnostic> {
    let shown = article_path.to_path_buf();
    let source = crate::load::files::read_text(article_path, &shown)?;
    let markdown = article_path
        .extension()
        .is_some_and(|e| e == "md" || e == "markdown");
    let stem = article_path
        .file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    let article = parse_article(&source, markdown, &stem);
    if article.sections.is_empty() && article.intro.is_empty() {
        return Err(Diagnostic::error(
            Some(Location::new(&shown, 1, 1)),
            "the article has no text to import",
        ));
    }
    if out.exists()
        && std::fs::read_dir(out)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        return Err(Diagnostic::error(
            None,
            format!("{} already exists and is not empty", out.display()),
        )
        .with_hint("import into a new folder; annals never overwrites a site"));
    }
    let files = content_files(&article);
    crate::output::write_tree_atomically(out, &files)
        .map_err(|e| Diagnostic::error(None, format!("cannot write {}: {e}", out.display())))?;
    Ok(files.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nests_headings_that_follow_headings_until_a_blank_line() {
        let text = "公司简介 [1]。\n发展历程\n早期发展\n2023年，成立。\n模型爆火\n2025年，爆火。\n\n主要产品\n2024年，发布。\n";
        let a = parse_article(text, false, "x");
        assert_eq!(a.intro, vec!["公司简介 [1]。"]);
        assert_eq!(a.sections.len(), 2);
        assert_eq!(a.sections[0].title, "发展历程");
        let kids: Vec<_> = a.sections[0]
            .children
            .iter()
            .map(|c| c.title.as_str())
            .collect();
        assert_eq!(kids, vec!["早期发展", "模型爆火"]);
        assert_eq!(a.sections[1].title, "主要产品");
        assert!(a.sections[1].children.is_empty());
        assert_eq!(a.sections[1].paragraphs, vec!["2024年，发布。"]);
    }

    #[test]
    fn markdown_articles_with_wikilinks_and_escaped_markers() {
        let md = "# 某公司\n\n某公司，是一家公司 \\[1\\]。\n\n## 历史\n\n### 早期\n\n2023年，[[北京|北京市]]成立。 \\[2-3\\]\n续行\n";
        let a = parse_article(md, true, "x");
        assert_eq!(a.title, "某公司");
        assert_eq!(a.intro, vec!["某公司，是一家公司 [1]。"]);
        assert_eq!(
            a.sections[0].children[0].paragraphs,
            vec!["2023年，北京市成立。 [2-3]续行"]
        );
    }

    #[test]
    fn slugs_are_readable_ascii() {
        assert_eq!(slugify("发展历程"), "fa-zhan-li-cheng");
        assert_eq!(slugify("NVIDIA CEO黄仁勋"), "nvidia-ceo-huang-ren-xun");
        assert_eq!(escape_markdown("1. 第一 *注*"), "\\1. 第一 \\*注\\*");
    }
}
