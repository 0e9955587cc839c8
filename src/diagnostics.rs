//! Problems found in a site, located at `path:line:col`, collected while
//! loading and rendered once, at the edge (the CLI or the dev server).

use serde::Serialize;
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// A place in a source file. Lines and columns count from 1; columns count
/// characters, not bytes, so they match what an editor shows for Chinese text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Location {
    pub path: PathBuf,
    pub line: usize,
    pub col: usize,
}

impl Location {
    pub fn new(path: impl Into<PathBuf>, line: usize, col: usize) -> Self {
        Location {
            path: path.into(),
            line,
            col,
        }
    }

    /// The location of byte `offset` in `source`.
    pub fn at_offset(path: &Path, source: &str, offset: usize) -> Self {
        let mut offset = offset.min(source.len());
        while !source.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &source[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = before[line_start..].chars().count() + 1;
        Location::new(path, line, col)
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.path.display(), self.line, self.col)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// `None` for problems of the site as a whole, such as a missing folder.
    pub location: Option<Location>,
    pub message: String,
    pub hint: Option<String>,
    /// A second place the problem involves, such as the first use of a
    /// duplicated id. Boxed: most diagnostics have none, and they travel
    /// in `Result`s.
    pub related: Option<Box<Related>>,
}

/// A second place a diagnostic points at, with what it is ("first given
/// here").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Related {
    pub location: Location,
    pub note: String,
}

impl Diagnostic {
    pub fn error(location: Option<Location>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            location,
            message: message.into(),
            hint: None,
            related: None,
        }
    }

    pub fn warning(location: Option<Location>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(location, message)
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn with_related(mut self, location: Location, note: impl Into<String>) -> Self {
        self.related = Some(Box::new(Related {
            location,
            note: note.into(),
        }));
        self
    }

    /// The diagnostic for a terminal or the serve overlay: each location
    /// with its source line and a caret under the column (when `sources`
    /// can read the file), the hint, and every string from the content
    /// made safe for a terminal. `color` adds ANSI colours.
    pub fn render(&self, sources: &mut Sources, color: bool) -> String {
        let paint = Paint(color);
        let (label, tone) = match self.severity {
            Severity::Error => ("error", RED),
            Severity::Warning => ("warning", YELLOW),
        };
        let mut blocks = vec![Block::new(
            self.location.as_ref(),
            label,
            tone,
            &self.message,
            sources,
        )];
        if let Some(r) = &self.related {
            blocks.push(Block::new(
                Some(&r.location),
                "note",
                CYAN,
                &r.note,
                sources,
            ));
        }
        // One gutter width for the whole diagnostic, so the bars line up.
        let gutter = blocks
            .iter()
            .filter_map(|b| b.excerpt.as_ref().map(|e| e.line.to_string().len()))
            .max()
            .unwrap_or(1);
        let mut out = String::new();
        for (i, block) in blocks.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            block.write(&mut out, gutter, paint);
            if i == 0 {
                if let Some(hint) = &self.hint {
                    out.push_str(&format!(
                        "\n{:gutter$} {} {}",
                        "",
                        paint.wrap(CYAN, "= hint:"),
                        terminal_safe(hint)
                    ));
                }
            }
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    /// [`Diagnostic::render`] without source lines or colour:
    /// `path:line:col: error: message`, then `  = hint: …` on its own line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(&mut Sources::none(), false))
    }
}

const RED: &str = "1;31";
const YELLOW: &str = "1;33";
const CYAN: &str = "36";
const BLUE: &str = "1;34";
const BOLD: &str = "1";

#[derive(Clone, Copy)]
struct Paint(bool);

impl Paint {
    fn wrap(self, code: &str, text: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

/// One located message: its header line and, when the file can be read,
/// its excerpt.
struct Block {
    header: String,
    label: &'static str,
    tone: &'static str,
    message: String,
    excerpt: Option<Excerpt>,
}

impl Block {
    fn new(
        location: Option<&Location>,
        label: &'static str,
        tone: &'static str,
        message: &str,
        sources: &mut Sources,
    ) -> Block {
        Block {
            header: location
                .map_or_else(String::new, |l| terminal_safe(&l.to_string()).into_owned()),
            label,
            tone,
            message: terminal_safe(message).into_owned(),
            excerpt: location.and_then(|l| {
                let text = sources.line(&l.path, l.line)?;
                Some(Excerpt::new(l.line, &text, l.col))
            }),
        }
    }

    fn write(&self, out: &mut String, gutter: usize, paint: Paint) {
        if !self.header.is_empty() {
            out.push_str(&paint.wrap(BOLD, &format!("{}:", self.header)));
            out.push(' ');
        }
        out.push_str(&paint.wrap(self.tone, &format!("{}:", self.label)));
        out.push(' ');
        out.push_str(&self.message);
        if let Some(e) = &self.excerpt {
            let bar = paint.wrap(BLUE, "|");
            out.push_str(&format!("\n{:gutter$} {bar}", ""));
            out.push_str(&format!(
                "\n{} {bar} {}",
                paint.wrap(BLUE, &format!("{:>gutter$}", e.line)),
                e.text
            ));
            let caret = format!("{}{}", " ".repeat(e.caret_at), "^".repeat(e.caret_width));
            out.push_str(&format!(
                "\n{:gutter$} {bar} {}",
                "",
                paint.wrap(self.tone, &caret)
            ));
        }
    }
}

/// A source line as shown, and where the caret goes, in terminal columns.
struct Excerpt {
    line: usize,
    text: String,
    caret_at: usize,
    caret_width: usize,
}

/// Past this many columns a line is cut around the caret: a Chinese
/// paragraph is often one line of thousands of characters.
const EXCERPT_COLUMNS: usize = 100;
const TAB_STOP: usize = 4;

impl Excerpt {
    /// `col` counts characters from 1, as [`Location`] does. Wide (CJK)
    /// characters take two columns, combining marks none, a tab runs to
    /// the next stop, and a control character takes the width of its
    /// escape.
    fn new(line: usize, source: &str, col: usize) -> Excerpt {
        // Widths are computed on the fly in each pass rather than stored per
        // character: a line can be a megabyte long (a YAML value, a packed
        // paragraph), and its excerpt must not cost memory in proportion.
        let total = pieces(source).count();
        let at = col.saturating_sub(1).min(total);
        let (mut width, mut columns_before, mut caret_width) = (0, 0, 1);
        for (i, (_, w)) in pieces(source).enumerate() {
            if i == at {
                columns_before = width;
                caret_width = w.max(1);
            }
            width += w;
        }
        if at == total {
            columns_before = width;
        }
        // The window of pieces shown: all of them if they fit, otherwise a
        // stretch that keeps the caret a third of the way in.
        let (mut first, mut last) = (0, total);
        let mut skipped = 0;
        if width > EXCERPT_COLUMNS {
            let keep_before = columns_before.saturating_sub(EXCERPT_COLUMNS / 3);
            let mut shown = 0;
            last = at;
            for (i, (_, w)) in pieces(source).enumerate() {
                if i < at && skipped < keep_before {
                    skipped += w;
                    first = i + 1;
                } else if shown + w <= EXCERPT_COLUMNS {
                    shown += w;
                    last = i + 1;
                } else {
                    break;
                }
            }
        }
        let mut text = String::new();
        let mut caret_at = columns_before;
        if first > 0 {
            text.push('…');
            caret_at = caret_at - skipped + 1;
        }
        for (i, (c, w)) in pieces(source).enumerate().take(last) {
            if i >= first {
                if c == '\t' {
                    text.extend(std::iter::repeat_n(' ', w));
                } else if needs_escape(c) {
                    text.extend(c.escape_unicode());
                } else {
                    text.push(c);
                }
            }
        }
        if last < total {
            text.push('…');
        }
        Excerpt {
            line,
            text,
            caret_at,
            caret_width,
        }
    }
}

/// Each character of `source` with the columns it takes: wide (CJK)
/// characters two, combining marks none, a tab to the next stop, and a
/// control character the width of its escape.
fn pieces(source: &str) -> impl Iterator<Item = (char, usize)> + '_ {
    use unicode_width::UnicodeWidthChar;
    let mut width = 0;
    source.chars().map(move |c| {
        let w = if c == '\t' {
            TAB_STOP - width % TAB_STOP
        } else if needs_escape(c) {
            c.escape_unicode().count()
        } else {
            c.width().unwrap_or(0)
        };
        width += w;
        (c, w)
    })
}

/// Characters a terminal would act on rather than show: C0 and C1
/// controls (ESC starts colour, title and screen sequences; BEL rings) and
/// the bidirectional overrides that reorder what is shown.
fn needs_escape(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every character a terminal would act on written as its
/// escape (`\u{1b}`); new lines are kept. Every string that comes from
/// content passes through here before it is printed.
pub fn terminal_safe(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if needs_escape(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// The source files diagnostics point into, read when a diagnostic is
/// rendered (each file once), relative to the site's root. Diagnostics
/// carry only `path:line:col`: a site with thousands of problems keeps no
/// copies of its lines, and the code that finds a problem needs no access
/// to the text around it.
pub struct Sources {
    root: Option<PathBuf>,
    /// Each file's text (`None` if it is not to be read), and how many
    /// excerpts of it were shown.
    files: HashMap<PathBuf, (Option<String>, usize)>,
}

/// Excerpts shown per file. A hostile or generated file can hold thousands
/// of problems on one long line; past this many, problems print without
/// their line, so printing stays quick (each excerpt scans its line).
const EXCERPTS_PER_FILE: usize = 100;

impl Sources {
    /// Reads files under `root` (paths in diagnostics are relative to it;
    /// absolute ones are read as they are).
    pub fn new(root: &Path) -> Sources {
        Sources {
            root: Some(root.to_path_buf()),
            files: HashMap::new(),
        }
    }

    /// Reads nothing: diagnostics render without excerpts.
    pub fn none() -> Sources {
        Sources {
            root: None,
            files: HashMap::new(),
        }
    }

    /// Line `n` (from 1) of `path`, without its line ending; the first
    /// line without a byte order mark, as columns are counted without it.
    fn line(&mut self, path: &Path, n: usize) -> Option<String> {
        let root = self.root.as_ref()?;
        let (text, shown) = self
            .files
            .entry(path.to_path_buf())
            .or_insert_with(|| (excerpt_source(root, path), 0));
        if *shown == EXCERPTS_PER_FILE {
            return None;
        }
        *shown += 1;
        let text = text.as_deref()?;
        let line = text.split('\n').nth(n.checked_sub(1)?)?;
        let line = line.strip_suffix('\r').unwrap_or(line);
        Some(
            if n == 1 {
                line.trim_start_matches('\u{feff}')
            } else {
                line
            }
            .to_string(),
        )
    }
}

/// The text of `path` for excerpts, read under the loader's rules: only a
/// regular file (a FIFO would block the printing of a problem about it), and
/// for a site's file only one that really is inside the site, so that a
/// refused link to `/etc/passwd` or `/proc/self/environ` is not printed
/// into a terminal or a CI log by the problem that refuses it.
fn excerpt_source(root: &Path, path: &Path) -> Option<String> {
    let full = root.join(path);
    if path.is_relative() {
        let site = root.canonicalize().ok()?;
        if !full.canonicalize().ok()?.starts_with(site) {
            return None;
        }
    }
    let bytes = crate::load::files::read_bytes(&full, path).ok()?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

/// The problems found so far, in the order they were found.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Diagnostics {
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.severity == Severity::Error)
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Warning)
    }

    pub fn has_errors(&self) -> bool {
        self.errors().next().is_some()
    }

    /// Sorted by file and position so output is stable across runs.
    pub fn sorted(mut self) -> Self {
        self.items.sort_by(|a, b| a.location.cmp(&b.location));
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters() {
        let src = "第一行\n日期：2025年2月30日";
        let off = src.find("2025").unwrap();
        let loc = Location::at_offset(Path::new("a.md"), src, off);
        assert_eq!((loc.line, loc.col), (2, 4));
    }

    /// The excerpt's text and the caret line under it.
    fn excerpt(line: &str, col: usize) -> (String, String) {
        let e = Excerpt::new(1, line, col);
        let caret = format!("{}{}", " ".repeat(e.caret_at), "^".repeat(e.caret_width));
        (e.text, caret)
    }

    #[test]
    fn carets_count_terminal_columns() {
        // Wide characters take two columns, and the caret is as wide.
        assert_eq!(excerpt("日期 2月30日", 4).1, "     ^");
        assert_eq!(excerpt("日期 2月30日", 5).1, "      ^^");
        // A tab runs to the next stop of four.
        assert_eq!(
            excerpt("a\tb", 3),
            ("a   b".to_string(), "    ^".to_string())
        );
        // A combining mark takes no column of its own.
        assert_eq!(excerpt("e\u{301}x", 3).1, " ^");
        // A control character is shown escaped, and the caret covers it.
        assert_eq!(
            excerpt("a\u{1b}]0;x\u{7}b", 2),
            ("a\\u{1b}]0;x\\u{7}b".to_string(), " ^^^^^^".to_string())
        );
        // Past the end of the line: just after it.
        assert_eq!(excerpt("ab", 3).1, "  ^");
    }

    #[test]
    fn long_lines_are_cut_around_the_caret() {
        let line = "甲".repeat(300);
        let (text, caret) = excerpt(&line, 200);
        assert!(text.starts_with('…') && text.ends_with('…'), "{text}");
        assert!(unicode_width::UnicodeWidthStr::width(text.as_str()) <= EXCERPT_COLUMNS + 2);
        // The caret is under a character of the shown text.
        assert_eq!(caret.trim_start().len(), 2);
        assert!(caret.len() - 2 < unicode_width::UnicodeWidthStr::width(text.as_str()));
    }

    #[test]
    fn terminal_safe_escapes_what_a_terminal_would_act_on() {
        assert_eq!(terminal_safe("a\nb 日"), "a\nb 日");
        assert_eq!(
            terminal_safe("\u{1b}]0;PWNED\u{7}\u{1b}[2J\u{202e}"),
            "\\u{1b}]0;PWNED\\u{7}\\u{1b}[2J\\u{202e}"
        );
        let d = Diagnostic::error(Some(Location::new("\u{1b}[2J.md", 1, 1)), "k\u{1b}")
            .with_hint("h\u{7}");
        assert!(!d.to_string().contains('\u{1b}') && !d.to_string().contains('\u{7}'));
    }

    #[test]
    fn renders_with_hint() {
        let d = Diagnostic::error(Some(Location::new("a.md", 3, 7)), "bad").with_hint("fix it");
        assert_eq!(d.to_string(), "a.md:3:7: error: bad\n  = hint: fix it");
    }

    #[test]
    fn a_file_with_many_problems_shows_only_the_first_excerpts() {
        let site = tempfile::tempdir().unwrap();
        std::fs::write(site.path().join("a.md"), "甲乙丙\n").unwrap();
        let mut sources = Sources::new(site.path());
        let with_excerpt = (0..EXCERPTS_PER_FILE + 20)
            .map(|_| Diagnostic::error(Some(Location::new("a.md", 1, 2)), "bad"))
            .filter(|d| d.render(&mut sources, false).contains("甲乙丙"))
            .count();
        assert_eq!(with_excerpt, EXCERPTS_PER_FILE);
    }

    #[cfg(unix)]
    #[test]
    fn links_out_of_the_site_are_not_excerpted() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.txt"), "hunter2\n").unwrap();
        let site = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret.txt"), site.path().join("a.md"))
            .unwrap();
        let d = Diagnostic::error(Some(Location::new("a.md", 1, 1)), "a link out");
        assert!(!d
            .render(&mut Sources::new(site.path()), false)
            .contains("hunter2"));
    }
}
