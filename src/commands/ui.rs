//! What the commands print, and how: errors always, warnings and summaries
//! unless `--quiet`, phase timings with `--verbose`; colour only on a
//! terminal and never when `NO_COLOR` is set.

use crate::diagnostics::{terminal_safe, Diagnostic, Severity, Sources};
use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How many times one problem in one file is printed before the rest are
/// counted instead.
pub const SAME_PROBLEM_SHOWN: usize = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    Quiet,
    Normal,
    Verbose,
}

#[derive(Debug, Clone)]
pub struct Ui {
    pub verbosity: Verbosity,
    /// Colour diagnostics on stderr.
    pub color: bool,
    /// The folder diagnostics' paths are relative to, read for excerpts.
    pub root: PathBuf,
}

impl Ui {
    /// The interface for this process: colour when stderr is a terminal and
    /// `NO_COLOR` is unset or empty (<https://no-color.org>).
    pub fn for_terminal(quiet: bool, verbose: bool) -> Ui {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Ui {
            verbosity: match (quiet, verbose) {
                (true, _) => Verbosity::Quiet,
                (false, true) => Verbosity::Verbose,
                (false, false) => Verbosity::Normal,
            },
            color: std::io::stderr().is_terminal() && !no_color,
            root: PathBuf::from("."),
        }
    }

    /// Reads the source lines of diagnostics from `root` (the site's
    /// folder) rather than the current folder.
    pub fn reading_from(self, root: &Path) -> Ui {
        Ui {
            root: root.to_path_buf(),
            ..self
        }
    }

    /// Prints nothing but errors, uncoloured: for tests and embedding.
    pub fn silent() -> Ui {
        Ui {
            verbosity: Verbosity::Quiet,
            color: false,
            root: PathBuf::from("."),
        }
    }

    pub fn is_quiet(&self) -> bool {
        self.verbosity == Verbosity::Quiet
    }

    /// Errors always; warnings unless quiet. Excerpts come from the files
    /// under the site root ([`Ui::reading_from`]).
    ///
    /// The same problem in the same file is shown [`SAME_PROBLEM_SHOWN`]
    /// times and then counted (all of them with `--verbose`): a pasted run
    /// of ten thousand bad citations should not bury the one other error.
    pub fn diagnostics(&self, diags: &[Diagnostic]) {
        let mut sources = Sources::new(&self.root);
        let mut err = std::io::stderr().lock();
        let mut seen: HashMap<(Option<&Path>, &str, Severity), usize> = HashMap::new();
        for d in diags {
            if self.is_quiet() && d.severity == Severity::Warning {
                continue;
            }
            let path = d.location.as_ref().map(|l| l.path.as_path());
            let key = (path, d.message.as_str(), d.severity);
            let times = seen.entry(key).or_default();
            *times += 1;
            if *times <= SAME_PROBLEM_SHOWN || self.verbosity == Verbosity::Verbose {
                let _ = writeln!(err, "{}", d.render(&mut sources, self.color));
            }
        }
        if self.verbosity == Verbosity::Verbose {
            return;
        }
        let mut folded: Vec<_> = seen
            .into_iter()
            .filter(|(_, times)| *times > SAME_PROBLEM_SHOWN)
            .collect();
        folded.sort();
        for ((path, message, severity), times) in folded {
            let place = path.map_or(String::new(), |p| format!("{}: ", p.display()));
            let severity = match severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let line = format!(
                "{place}note: {} more of this {severity} not shown (--verbose shows them): {message}",
                times - SAME_PROBLEM_SHOWN
            );
            let _ = writeln!(err, "{}", terminal_safe(&line));
        }
    }

    /// A result line on stdout, unless quiet. Lines may hold names from
    /// the content, so they are made terminal-safe.
    pub fn summary(&self, line: impl AsRef<str>) {
        if !self.is_quiet() {
            self.answer(line);
        }
    }

    /// What the user asked for by name (`check --explain`): on stdout even
    /// with `--quiet`, terminal-safe like every line from the content.
    pub fn answer(&self, line: impl AsRef<str>) {
        println!("{}", terminal_safe(line.as_ref()));
    }

    /// A detail on stderr, only with `--verbose`.
    pub fn detail(&self, line: impl AsRef<str>) {
        if self.verbosity == Verbosity::Verbose {
            eprintln!("{}", terminal_safe(line.as_ref()));
        }
    }

    /// Runs one phase of a command; with `--verbose`, prints its name and
    /// how long it took.
    pub fn phase<T>(&self, name: &str, work: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        let result = work();
        self.detail(format!("{name}: {} ms", started.elapsed().as_millis()));
        result
    }

    /// The `next:` line after a command that made a site in `dir`: each of
    /// `commands` run on it, written so that it works as printed (see
    /// `how_to_run_annals`), and how to put `annals` on the PATH when it
    /// is not there.
    pub fn next_steps(&self, dir: &Path, commands: &[&str]) {
        let annals = how_to_run_annals();
        let dir = shell_word(&dir.display().to_string());
        let steps: Vec<String> = commands
            .iter()
            .map(|c| format!("{annals} {c} --root {dir}"))
            .collect();
        self.summary(format!("next: {}", steps.join(" && ")));
        if annals != "annals" {
            self.summary(
                "(`cargo install --path .` in annals' source folder puts `annals` on the PATH)",
            );
        }
    }

    /// An error that is not a content diagnostic (I/O, refusing to overwrite).
    pub fn error(&self, message: impl AsRef<str>, hint: Option<&str>) {
        let d = Diagnostic::error(None, message.as_ref());
        let d = match hint {
            Some(h) => d.with_hint(h),
            None => d,
        };
        eprintln!("{}", d.render(&mut Sources::none(), self.color));
    }

    /// A progress line for long work, redrawn at most ten times a second,
    /// shown only on a terminal (never on a pipe, in CI, or when quiet).
    pub fn progress(&self, what: &'static str) -> Progress {
        let shown =
            !self.is_quiet() && std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
        Progress {
            what,
            shown,
            last: Mutex::new(None),
        }
    }
}

/// `annals` when this program is the `annals` found on the PATH, else the
/// path of this program, so that the printed command works as it is.
fn how_to_run_annals() -> String {
    let Ok(me) = std::env::current_exe().and_then(std::fs::canonicalize) else {
        return "annals".to_string();
    };
    let on_path = std::env::var_os("PATH").is_some_and(|paths| {
        std::env::split_paths(&paths).any(|dir| {
            std::fs::canonicalize(dir.join(me.file_name().unwrap_or_default()))
                .is_ok_and(|found| found == me)
        })
    });
    if on_path {
        me.file_stem().map_or_else(
            || "annals".to_string(),
            |s| s.to_string_lossy().into_owned(),
        )
    } else {
        shell_word(&me.display().to_string())
    }
}

/// `word` quoted for a POSIX shell when it holds anything but plain
/// characters.
pub(crate) fn shell_word(word: &str) -> String {
    let plain = |c: char| c.is_alphanumeric() || "-_./:=@+,".contains(c);
    if !word.is_empty() && word.chars().all(plain) {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// See [`Ui::progress`].
pub struct Progress {
    what: &'static str,
    shown: bool,
    last: Mutex<Option<Instant>>,
}

impl Progress {
    pub fn update(&self, done: usize, total: usize) {
        if !self.shown {
            return;
        }
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        if last.is_some_and(|t| t.elapsed() < Duration::from_millis(100)) && done < total {
            return;
        }
        *last = Some(Instant::now());
        eprint!("\r{} {done}/{total} files\x1b[K", self.what);
    }

    /// Clears the line, so the summary that follows stands alone.
    pub fn finish(&self) {
        if self.shown && self.last.lock().map(|l| l.is_some()).unwrap_or(false) {
            eprint!("\r\x1b[K");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Location;

    /// The text without its ANSI colour sequences.
    fn strip_colour(s: &str) -> String {
        let mut out = String::new();
        let mut in_escape = false;
        for c in s.chars() {
            match (in_escape, c) {
                (false, '\x1b') => in_escape = true,
                (true, 'm') => in_escape = false,
                (true, _) => {}
                (false, c) => out.push(c),
            }
        }
        out
    }

    #[test]
    fn colour_only_decorates() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.md"), "first\n日期 bad\n").unwrap();
        let d = Diagnostic::error(Some(Location::new("a.md", 2, 4)), "bad").with_hint("fix");
        let plain = d.render(&mut Sources::new(dir.path()), false);
        assert_eq!(
            plain,
            "a.md:2:4: error: bad\n  |\n2 | 日期 bad\n  |      ^\n  = hint: fix"
        );
        let coloured = d.render(&mut Sources::new(dir.path()), true);
        assert_ne!(coloured, plain);
        assert_eq!(strip_colour(&coloured), plain);
    }
}
