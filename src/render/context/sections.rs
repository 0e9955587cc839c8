//! Section pages: a section's text with its events in place, its
//! subsections, and the links between sections.

use super::*;

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BlockView {
    Heading { level: u8, text: String },
    Html { html: String },
    Paragraph { item: TextView },
    Quote { item: TextView },
    List { ordered: bool, items: Vec<TextView> },
}

/// A paragraph or list item: lead prose, then its events, each
/// `_event.html` rendered.
#[derive(Debug, Clone, Serialize)]
pub struct TextView {
    pub lead: Option<String>,
    pub events: Vec<tera::Value>,
}

/// A section's text as a page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct SectionBody {
    pub title: String,
    pub url: String,
    /// No text in the page's language: the original is shown.
    pub untranslated: bool,
    pub text_lang: &'static str,
    pub blocks: Vec<BlockView>,
    /// Events of the section in other languages that have no translation
    /// in the body shown, each `_entry.html` rendered.
    pub extra: Vec<tera::Value>,
    /// Whether the events show as headlines (`compact`): past `list_limit`
    /// events in the section.
    pub headlines: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct TreeItem {
    pub title: String,
    pub url: String,
    pub children: Vec<TreeItem>,
}

/// The whole article: every section's text in order (`article.html`).
#[derive(Debug, Clone, Serialize)]
pub struct ArticlePage {
    pub sections: Vec<ArticleSection>,
    /// Whether each section's text is on the page: not past `list_limit`
    /// events, where the page would hold the whole site; it then lists
    /// the sections with their summaries.
    pub whole: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ArticleSection {
    /// The section title's heading level: 2 for a top-level section, one
    /// more per level below; the headings of its text are moved down with
    /// it.
    pub level: u8,
    /// The section's anchor on the page: `s-` and its path.
    pub id: String,
    pub link: Link,
    pub summary: Option<String>,
    /// The section's text, when the page is `whole`.
    pub body: Option<SectionBody>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionPage {
    pub body: SectionBody,
    pub summary: Option<String>,
    pub children: Vec<Link>,
    pub prev: Option<Link>,
    pub next: Option<Link>,
    pub event_count: usize,
    /// The side-by-side variant of the page, when there is one.
    pub bilingual_url: Option<String>,
}

impl<'a> Builder<'a> {
    /// The text a section's page shows in this language: its own, else the
    /// original (default language first).
    pub fn displayed_text(&self, s: SectionId) -> Option<(Lang, &'a SectionText)> {
        let texts = &self.site.sections[s].texts;
        if let Some(t) = texts.get(&self.lang) {
            return Some((self.lang, t));
        }
        let default = self.site.config.default_language;
        texts
            .get(&default)
            .map(|t| (default, t))
            .or_else(|| texts.iter().next().map(|(l, t)| (*l, t)))
    }

    /// Events of the section shown in this language but not in its body.
    pub(super) fn extra_events(&self, s: SectionId, body: Option<&SectionText>) -> Vec<EventId> {
        let in_body: BTreeSet<EventId> = body
            .map(|t| {
                t.body
                    .iter()
                    .flat_map(|b| match b {
                        BodyBlock::Text { events, .. } => events.clone(),
                        _ => Vec::new(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let mut extra: Vec<EventId> = self
            .view
            .order
            .iter()
            .copied()
            .filter(|&i| self.site.events[i].section == s && !in_body.contains(&i))
            .collect();
        // Source order, like the body.
        extra.sort_unstable();
        extra
    }

    pub(super) fn lead_prefix(&self, s: SectionId, block: usize) -> String {
        format!("lead-{}-{block}", self.site.sections[s].path.join("-"))
    }

    pub fn section_body(&self, s: SectionId, root: &str) -> Result<SectionBody, BuildError> {
        let section = &self.site.sections[s];
        let refs = self.refs();
        let links = self.links(root, &refs, true);
        let shown = self.displayed_text(s);
        let headlines = self.section_lists_headlines(s);
        let (inline, listed) = if headlines {
            (Fragment::InlineHeadline, Fragment::Headline)
        } else {
            (Fragment::InlineWhole, Fragment::Whole)
        };
        let mut blocks: Vec<BlockView> = Vec::new();
        if let Some((_, text)) = shown {
            for (b, block) in text.body.iter().enumerate() {
                let view = match block {
                    BodyBlock::Heading { level, text } => BlockView::Heading {
                        level: (*level).clamp(2, 6),
                        text: text.clone(),
                    },
                    BodyBlock::Html { html } => BlockView::Html { html: html.clone() },
                    BodyBlock::Text { kind, lead, events } => {
                        let item = TextView {
                            lead: lead
                                .as_ref()
                                .map(|l| cited::html(l, &self.lead_prefix(s, b), links)),
                            events: self.fragments(
                                events.iter().copied().filter(|&i| self.view.shows(i)),
                                inline,
                            )?,
                        };
                        match kind {
                            TextKind::Paragraph => BlockView::Paragraph { item },
                            TextKind::Quote => BlockView::Quote { item },
                            TextKind::ListItem { ordered } => {
                                if let Some(BlockView::List { ordered: o, items }) =
                                    blocks.last_mut()
                                {
                                    if *o == *ordered {
                                        items.push(item);
                                        continue;
                                    }
                                }
                                BlockView::List {
                                    ordered: *ordered,
                                    items: vec![item],
                                }
                            }
                        }
                    }
                };
                blocks.push(view);
            }
        }
        let extra = self.fragments(self.extra_events(s, shown.map(|(_, t)| t)), listed)?;
        let text_lang = shown.map_or(self.lang, |(l, _)| l);
        Ok(SectionBody {
            headlines,
            title: section.title(self.lang).to_string(),
            url: urls::section(self.lang, section),
            untranslated: text_lang != self.lang,
            text_lang: text_lang.html_tag(),
            blocks,
            extra,
        })
    }

    /// Whether section `s` shows its events' headlines, each linking to
    /// where the event is read in full: past `list_limit` events.
    pub(super) fn section_lists_headlines(&self, s: SectionId) -> bool {
        self.section_event_count(s) > self.list_limit()
    }

    /// The events of section `s` (not its subsections) shown here.
    fn section_event_count(&self, s: SectionId) -> usize {
        (self.view.order.iter())
            .filter(|&&i| self.site.events[i].section == s)
            .count()
    }

    pub(super) fn section_link(&self, s: SectionId) -> Link {
        Link {
            title: self.site.sections[s].title(self.lang).to_string(),
            url: urls::section(self.lang, &self.site.sections[s]),
        }
    }

    /// The sections `ids`, each with its subsections when `open` says so.
    pub(super) fn tree(
        &self,
        ids: &[SectionId],
        open: &dyn Fn(SectionId) -> bool,
    ) -> Vec<TreeItem> {
        ids.iter()
            .map(|&s| {
                let link = self.section_link(s);
                TreeItem {
                    title: link.title,
                    url: link.url,
                    children: if open(s) {
                        self.tree(&self.site.sections[s].children, open)
                    } else {
                        Vec::new()
                    },
                }
            })
            .collect()
    }

    pub fn section_page(&self, s: SectionId, root: &str) -> Result<SectionPage, BuildError> {
        let section = &self.site.sections[s];
        let n = self.site.sections.len();
        Ok(SectionPage {
            body: self.section_body(s, root)?,
            summary: self.displayed_text(s).and_then(|(_, t)| t.summary.clone()),
            children: section
                .children
                .iter()
                .map(|&c| self.section_link(c))
                .collect(),
            prev: (s > 0).then(|| self.section_link(s - 1)),
            next: (s + 1 < n).then(|| self.section_link(s + 1)),
            event_count: self.section_event_count(s),
            bilingual_url: self.existing_url(Page::SectionBilingual(s).url(self.site, self.lang)),
        })
    }

    /// Every section in document order, its headings one level deeper per
    /// level of nesting.
    pub fn article(&self, root: &str) -> Result<ArticlePage, BuildError> {
        let whole = self.view.order.len() <= self.list_limit();
        let sections = (0..self.site.sections.len())
            .map(|s| {
                let section = &self.site.sections[s];
                let depth = u8::try_from(section.path.len()).unwrap_or(u8::MAX);
                let body = whole
                    .then(|| {
                        let mut body = self.section_body(s, root)?;
                        for block in &mut body.blocks {
                            if let BlockView::Heading { level, .. } = block {
                                *level = level.saturating_add(depth).min(6);
                            }
                        }
                        Ok(body)
                    })
                    .transpose()?;
                Ok(ArticleSection {
                    level: depth.saturating_add(1).min(6),
                    id: format!("s-{}", section.path.join("-")),
                    link: self.section_link(s),
                    summary: self.displayed_text(s).and_then(|(_, t)| t.summary.clone()),
                    body,
                })
            })
            .collect::<Result<_, BuildError>>()?;
        Ok(ArticlePage { sections, whole })
    }
}
