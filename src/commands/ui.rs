//! What the commands print, and how: errors always, warnings and summaries
//! unless `--quiet`, phase timings with `--verbose`; colour only on a
//! terminal and never when `NO_COLOR` is set.

use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use std::io::{IsTerminal, Write};
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    Quiet,
    Normal,
    Verbose,
}

#[derive(Debug, Clone, Copy)]
pub struct Ui {
    pub verbosity: Verbosity,
    /// Colour diagnostics on stderr.
    pub color: bool,
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
        }
    }

    /// Prints nothing but errors, uncoloured: for tests and embedding.
    pub fn silent() -> Ui {
        Ui {
            verbosity: Verbosity::Quiet,
            color: false,
        }
    }

    pub fn is_quiet(&self) -> bool {
        self.verbosity == Verbosity::Quiet
    }

    /// Errors always; warnings unless quiet.
    pub fn diagnostics(&self, diags: &Diagnostics) {
        let mut err = std::io::stderr().lock();
        for d in &diags.items {
            if self.is_quiet() && d.severity == Severity::Warning {
                continue;
            }
            let _ = writeln!(err, "{}", self.paint(d));
        }
    }

    /// A result line on stdout, unless quiet.
    pub fn summary(&self, line: impl AsRef<str>) {
        if !self.is_quiet() {
            println!("{}", line.as_ref());
        }
    }

    /// A detail on stderr, only with `--verbose`.
    pub fn detail(&self, line: impl AsRef<str>) {
        if self.verbosity == Verbosity::Verbose {
            eprintln!("{}", line.as_ref());
        }
    }

    /// An error that is not a content diagnostic (I/O, refusing to overwrite).
    pub fn error(&self, message: impl AsRef<str>, hint: Option<&str>) {
        let d = Diagnostic::error(None, message.as_ref());
        let d = match hint {
            Some(h) => d.with_hint(h),
            None => d,
        };
        eprintln!("{}", self.paint(&d));
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

    fn paint(&self, d: &Diagnostic) -> String {
        if !self.color {
            return d.to_string();
        }
        let (label, colour) = match d.severity {
            Severity::Error => ("error", "1;31"),
            Severity::Warning => ("warning", "1;33"),
        };
        let mut s = String::new();
        if let Some(loc) = &d.location {
            s.push_str(&format!("\x1b[1m{loc}:\x1b[0m "));
        }
        s.push_str(&format!("\x1b[{colour}m{label}:\x1b[0m {}", d.message));
        if let Some(h) = &d.hint {
            s.push_str(&format!("\n  \x1b[36m= hint:\x1b[0m {h}"));
        }
        s
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

    #[test]
    fn colour_only_decorates() {
        let d = Diagnostic::error(Some(crate::diagnostics::Location::new("a.md", 1, 2)), "bad")
            .with_hint("fix");
        let plain = Ui::silent().paint(&d);
        assert_eq!(plain, "a.md:1:2: error: bad\n  = hint: fix");
        let coloured = Ui {
            verbosity: Verbosity::Normal,
            color: true,
        }
        .paint(&d);
        let stripped: String = {
            let mut out = String::new();
            let mut in_escape = false;
            for c in coloured.chars() {
                match (in_escape, c) {
                    (false, '\x1b') => in_escape = true,
                    (true, 'm') => in_escape = false,
                    (true, _) => {}
                    (false, c) => out.push(c),
                }
            }
            out
        };
        assert_eq!(stripped, plain);
    }
}
