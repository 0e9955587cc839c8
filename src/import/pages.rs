//! The article as the files of a content tree: one page per section (a
//! section with subsections becomes a folder), `site.yaml` and
//! `references.yaml`. Sections nested deeper than two levels are written
//! as headings inside their second-level section.

use super::{references, yaml_str, Article, Block, ImportedSection};
use crate::model::Lang;
use crate::text::slugify;
use std::fmt::Write as _;
use std::path::PathBuf;

/// One section file about to be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub path: PathBuf,
    pub title: String,
    pub slug: String,
    pub order: i64,
    pub blocks: Vec<Block>,
}

/// A page's text, with the line in it where each block starts.
pub struct Rendered {
    pub text: String,
    pub block_lines: Vec<usize>,
}

impl Page {
    pub fn render(&self) -> Rendered {
        let mut text = format!(
            "---\ntitle: {}\nslug: {}\norder: {}\n---\n",
            yaml_str(&self.title),
            self.slug,
            self.order
        );
        let mut block_lines = Vec::with_capacity(self.blocks.len());
        for block in &self.blocks {
            text.push('\n');
            block_lines.push(text.matches('\n').count() + 1);
            match block {
                Block::Text { markdown, .. } => text.push_str(&escape_block_start(markdown)),
                Block::Table(markdown) => text.push_str(markdown),
                Block::Heading { level, text: title } => {
                    let _ = write!(text, "{} {}", "#".repeat(usize::from(*level)), title);
                }
            }
            text.push('\n');
        }
        Rendered { text, block_lines }
    }
}

/// Every section of the article as a page, the overview first.
pub fn pages(article: &Article) -> Vec<Page> {
    let overview = match article.lang {
        Lang::Zh => format!("{}概述", article.title),
        Lang::En => format!("{} overview", article.title),
    };
    let mut pages = vec![Page {
        path: PathBuf::from("content/_index.md"),
        title: overview,
        slug: "overview".into(),
        order: 0,
        blocks: article.intro.clone(),
    }];
    let mut used = vec!["overview".to_string()];
    for (i, section) in article.sections.iter().enumerate() {
        let slug = unique_slug(&section.title, &mut used);
        let order = (i as i64 + 1) * 10;
        if section.children.is_empty() {
            pages.push(Page {
                path: PathBuf::from(format!("content/{slug}.md")),
                title: section.title.clone(),
                slug,
                order,
                blocks: section.blocks.clone(),
            });
            continue;
        }
        pages.push(Page {
            path: PathBuf::from(format!("content/{slug}/_index.md")),
            title: section.title.clone(),
            slug: slug.clone(),
            order,
            blocks: section.blocks.clone(),
        });
        let mut child_used = Vec::new();
        for (j, child) in section.children.iter().enumerate() {
            let child_slug = unique_slug(&child.title, &mut child_used);
            let mut blocks = Vec::new();
            flatten(child, 3, &mut blocks);
            pages.push(Page {
                path: PathBuf::from(format!("content/{slug}/{child_slug}.md")),
                title: child.title.clone(),
                slug: child_slug,
                order: (j as i64 + 1) * 10,
                blocks,
            });
        }
    }
    pages
}

/// A section's blocks, then each subsection's under its title as a heading.
fn flatten(section: &ImportedSection, level: u8, out: &mut Vec<Block>) {
    out.extend(section.blocks.iter().cloned());
    for child in &section.children {
        out.push(Block::Heading {
            level: level.min(6),
            text: super::escape_inline(&child.title),
        });
        flatten(child, level + 1, out);
    }
}

pub fn site_yaml(article: &Article) -> String {
    let other = match article.lang {
        Lang::Zh => Lang::En,
        Lang::En => Lang::Zh,
    };
    let title = yaml_str(&article.title);
    format!(
        "# Site configuration: see the README's \"Content model\".\ntitle:\n  zh: {title}\n  en: {title}\ndefault_language: {}\nlanguages: [{}, {}]\ncompany_names: [{title}]\n",
        article.lang, article.lang, other
    )
}

/// The files besides the pages: configuration and references.
pub fn data_files(article: &Article) -> Vec<(PathBuf, String)> {
    let mut files = vec![(PathBuf::from("content/site.yaml"), site_yaml(article))];
    if !article.references.is_empty() {
        files.push((
            PathBuf::from("content/references.yaml"),
            references::to_yaml(&article.references),
        ));
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

/// Escapes what would open a block (a heading, quote, list item or table
/// row) at the start of a paragraph.
pub(super) fn escape_block_start(text: &str) -> String {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let numbered = digits > 0 && text[digits..].starts_with(['.', ')']);
    if numbered || text.starts_with(['#', '>', '-', '+', '=', '|']) {
        format!("\\{text}")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_openers_are_escaped() {
        assert_eq!(escape_block_start("1. 第一"), "\\1. 第一");
        assert_eq!(escape_block_start("- 项"), "\\- 项");
        assert_eq!(escape_block_start("2023年，成立"), "2023年，成立");
    }

    #[test]
    fn deep_sections_become_headings_and_lines_are_known() {
        let article = Article {
            title: "甲".into(),
            ..Article::new(Lang::Zh)
        };
        let article = Article {
            sections: vec![ImportedSection {
                title: "历史".into(),
                children: vec![ImportedSection {
                    title: "2019年".into(),
                    children: vec![ImportedSection {
                        title: "股价".into(),
                        blocks: vec![Block::Text {
                            markdown: "2019年1月，跌。".into(),
                            line: 9,
                        }],
                        ..Default::default()
                    }],
                    ..Default::default()
                }],
                ..Default::default()
            }],
            ..article
        };
        let pages = pages(&article);
        let child = &pages[2];
        assert_eq!(child.path, PathBuf::from("content/li-shi/2019-nian.md"));
        let rendered = child.render();
        let lines: Vec<&str> = rendered.text.lines().collect();
        assert_eq!(lines[rendered.block_lines[0] - 1], "### 股价");
        assert_eq!(lines[rendered.block_lines[1] - 1], "2019年1月，跌。");
    }
}
