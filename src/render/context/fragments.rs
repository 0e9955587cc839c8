//! Each event as lists and prose show it, rendered once per language and
//! kind: `_entry.html` for the lists (the timeline, date pages, products,
//! the home page, a section's untranslated events) and `_event.html` for
//! a section's text. Every page showing the event prints the same rendered
//! fragment instead of passing the event through Tera again (at 10,000
//! events a headline is on a month page and on each of its products').
//!
//! A fragment is shared by pages at different depths, so it is rendered
//! with [`ROOT`] as its `root`; [`fill_root`] puts each page's own in its
//! place once the page is rendered. The placeholder is a control character
//! the site's text never holds: escaping leaves those out.

use super::*;
use std::borrow::Cow;
use tera::Value;

/// What a fragment's `root` is while it is rendered.
pub const ROOT: &str = "\u{1}";

/// How a page shows an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fragment {
    /// In a list, its headline linking to where it is read.
    Headline,
    /// A headline with the keys the timeline's filter matches it by.
    FilteredHeadline,
    /// In a list, whole, with its anchor (`id="e-…"`).
    Whole,
    /// Whole without its anchor, where it may be on the page twice (the
    /// home page's latest events, beside the overview).
    WholeUnanchored,
    /// In a section's text, its headline (a long section).
    InlineHeadline,
    /// In a section's text, whole.
    InlineWhole,
}

impl Fragment {
    pub const ALL: [Fragment; 6] = [
        Fragment::Headline,
        Fragment::FilteredHeadline,
        Fragment::Whole,
        Fragment::WholeUnanchored,
        Fragment::InlineHeadline,
        Fragment::InlineWhole,
    ];

    /// The kinds kept once rendered, for every page showing them. An
    /// event is shown [`Fragment::Whole`] on its day's page only (and in a
    /// short section's list of events it does not tell), so that kind is
    /// rendered where it is shown: at 10,000 events keeping it took 30 MB
    /// of a 160 MB peak, for nothing.
    pub const KEPT: [Fragment; 5] = [
        Fragment::Headline,
        Fragment::FilteredHeadline,
        Fragment::WholeUnanchored,
        Fragment::InlineHeadline,
        Fragment::InlineWhole,
    ];

    /// Where this kind is in [`Fragment::KEPT`], if it is kept.
    fn kept_at(self) -> Option<usize> {
        Self::KEPT.iter().position(|&k| k == self)
    }

    pub fn template(self) -> &'static str {
        match self {
            Fragment::InlineHeadline | Fragment::InlineWhole => "_event.html",
            _ => "_entry.html",
        }
    }
}

impl Builder<'_> {
    /// Event `i` as `kind`: `_entry.html` or `_event.html` rendered, made on
    /// first use for the language (when the language keeps its fragments,
    /// see [`LangShared::new`], and the kind is one of [`Fragment::KEPT`]).
    /// A safe string, printed as it is.
    pub fn fragment(&self, i: EventId, kind: Fragment) -> Result<Value, BuildError> {
        let (Some(cells), Some(at)) = (self.shared.fragments(i), kind.kept_at()) else {
            return Ok(Value::safe_string(&self.render_fragment(i, kind)?));
        };
        let cell = &cells[at];
        if let Some(html) = cell.get() {
            return Ok(html.clone());
        }
        let html = self.render_fragment(i, kind)?;
        Ok(cell.get_or_init(|| Value::safe_string(&html)).clone())
    }

    /// Event `i` as `kind` for each of `events`.
    pub fn fragments(
        &self,
        events: impl IntoIterator<Item = EventId>,
        kind: Fragment,
    ) -> Result<Vec<Value>, BuildError> {
        events.into_iter().map(|i| self.fragment(i, kind)).collect()
    }

    /// What the template of event `i` as `kind` receives besides `root`
    /// and `t`.
    pub fn fragment_context(&self, i: EventId, kind: Fragment) -> FragmentContext<'_> {
        let e = match kind {
            Fragment::Headline | Fragment::InlineHeadline => Cow::Borrowed(self.headline_view(i)),
            Fragment::FilteredHeadline => Cow::Owned(self.filtered_headline(i)),
            Fragment::Whole | Fragment::InlineWhole => Cow::Owned(self.event_view(i, true)),
            Fragment::WholeUnanchored => Cow::Owned(self.event_view(i, false)),
        };
        FragmentContext {
            e,
            lang: self.lang.code(),
            html_lang: self.lang.html_tag(),
        }
    }

    fn render_fragment(&self, i: EventId, kind: Fragment) -> Result<String, BuildError> {
        let fail = |e: tera::Error| {
            let event = &self.site.events[i];
            BuildError::Render {
                page: format!(
                    "event `{}` ({}:{})",
                    event.id,
                    event.source.path.display(),
                    event.source.line
                ),
                template: kind.template().to_string(),
                message: tera_message(&e),
            }
        };
        let mut ctx =
            tera::Context::from_serialize(&self.fragment_context(i, kind)).map_err(fail)?;
        ctx.insert_value("root", Value::safe_string(ROOT));
        ctx.insert_value("t", self.strings.clone());
        self.tera.render(kind.template(), &ctx).map_err(fail)
    }
}

/// What a fragment's template receives besides `root` and `t`.
#[derive(Serialize)]
pub struct FragmentContext<'a> {
    e: Cow<'a, EventView>,
    lang: &'static str,
    html_lang: &'static str,
}

/// A rendered page with its `root` in place of each [`ROOT`] its fragments
/// hold.
pub fn fill_root(html: Vec<u8>, root: &str) -> Vec<u8> {
    let mark = ROOT.as_bytes()[0];
    let count = memchr::memchr_iter(mark, &html).count();
    if count == 0 {
        return html;
    }
    let mut filled = Vec::with_capacity(html.len() + count * root.len());
    let mut from = 0;
    for at in memchr::memchr_iter(mark, &html) {
        filled.extend_from_slice(&html[from..at]);
        filled.extend_from_slice(root.as_bytes());
        from = at + 1;
    }
    filled.extend_from_slice(&html[from..]);
    filled
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_placeholder_becomes_the_pages_root() {
        let html = format!("<a href=\"{ROOT}zh/a/\">a</a><a href=\"{ROOT}b\">b</a>{ROOT}");
        assert_eq!(
            fill_root(html.into_bytes(), "../../"),
            b"<a href=\"../../zh/a/\">a</a><a href=\"../../b\">b</a>../../"
        );
        assert_eq!(fill_root(b"<p>none</p>".to_vec(), "../"), b"<p>none</p>");
        assert_eq!(fill_root(ROOT.as_bytes().to_vec(), ""), b"");
    }
}
