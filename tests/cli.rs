//! The command line as a user meets it: each command's help shows its own
//! options, each described, with an example; `-v` shows the phases.

mod common;

const COMMANDS: &[&str] = &[
    "check", "build", "events", "serve", "init", "eject", "import",
];

/// The summary help (`-h`): one line per option, whereas `--help` moves
/// every description to its own line once one option lists its values.
fn help(command: &str) -> String {
    let o = common::annals(&[command, "-h"]);
    assert!(o.status.success(), "{command} -h");
    String::from_utf8(o.stdout).unwrap()
}

/// The option lines of a help text: `  -q, --quiet  Print only errors`.
fn options(help: &str) -> Vec<&str> {
    help.lines()
        .skip_while(|l| *l != "Options:")
        .skip(1)
        .take_while(|l| !l.is_empty())
        .collect()
}

#[test]
fn every_option_is_described_and_every_command_has_an_example() {
    for command in COMMANDS {
        let help = help(command);
        let options = options(&help);
        assert!(!options.is_empty(), "{command}:\n{help}");
        for line in options {
            // Two or more spaces separate the option from its description.
            let described = line
                .trim_start()
                .split_once("  ")
                .is_some_and(|(_, d)| !d.trim().is_empty());
            assert!(described, "{command}: `{line}` has no description");
        }
        assert!(
            help.contains("Example"),
            "{command} has no example:\n{help}"
        );
    }
}

#[test]
fn site_options_are_shown_only_where_they_mean_something() {
    for command in ["init", "import"] {
        let help = help(command);
        let options = options(&help).join("\n");
        assert!(
            !options.contains("--root") && !options.contains("--drafts"),
            "{command}:\n{help}"
        );
    }
    for command in ["check", "build", "events", "serve"] {
        let help = help(command);
        assert!(
            help.contains("--root") && help.contains("--drafts"),
            "{command}"
        );
    }
    // `--root` before the command still works, as scripts write it.
    let site = tempfile::tempdir().unwrap();
    let init = common::annals(&["init", site.path().join("s").to_str().unwrap()]);
    assert!(init.status.success());
    let root = site.path().join("s");
    let o = common::annals(&["--root", root.to_str().unwrap(), "check"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn verbose_prints_each_phase_with_its_time() {
    let (site, root) = new_site();
    let root = root.to_str().unwrap();
    let out = site.path().join("out");
    let article = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/import/deepseek-baike.txt"
    )
    .to_string();
    let imported = site.path().join("imported").to_str().unwrap().to_string();
    for (args, phases) in [
        (
            vec!["check", "-v", "--root", root],
            vec!["load", "summarise"],
        ),
        (
            vec![
                "build",
                "-v",
                "--root",
                root,
                "--out",
                out.to_str().unwrap(),
            ],
            vec!["load", "render and write"],
        ),
        (
            vec!["events", "-v", "--root", root],
            vec!["load", "export", "write"],
        ),
        (vec!["eject", "-v", "--root", root], vec!["write"]),
        (
            vec!["import", "-v", &article, "--out", &imported],
            vec!["read", "write, load and mend", "move into place"],
        ),
    ] {
        let o = common::annals(&args);
        assert!(o.status.success(), "{args:?}");
        let stderr = String::from_utf8(o.stderr).unwrap();
        for phase in phases {
            let shown = stderr.lines().any(|l| is_phase(l, phase));
            assert!(shown, "{args:?}: no `{phase}: N ms` in\n{stderr}");
        }
    }
}

/// A folder holding a site started by `annals init` (its folder `s`).
fn new_site() -> (tempfile::TempDir, std::path::PathBuf) {
    let site = tempfile::tempdir().unwrap();
    let root = site.path().join("s");
    assert!(common::annals(&["init", root.to_str().unwrap()])
        .status
        .success());
    (site, root)
}

/// Whether `line` is `phase: N ms`, as `-v` prints a phase.
fn is_phase(line: &str, phase: &str) -> bool {
    line.strip_prefix(phase)
        .and_then(|rest| rest.strip_prefix(": "))
        .and_then(|rest| rest.strip_suffix(" ms"))
        .is_some_and(|n| n.parse::<u64>().is_ok())
}

#[test]
fn verbose_serve_prints_the_phases_of_the_first_build_and_of_each_rebuild() {
    let (_site, root) = new_site();
    let mut server = Served::start(&root, &["-v"]);
    let history = root.join("content/history.md");
    let text = std::fs::read_to_string(&history).unwrap();
    std::fs::write(&history, text.replace("在杭州成立", "在杭州正式成立")).unwrap();
    let printed = server.wait_for(&|l| l.iter().any(|x| x.starts_with("rebuilt after")));
    // The first build's phases, then at least one rebuild's.
    for phase in ["load", "prepare"] {
        let times = printed.iter().filter(|l| is_phase(l, phase)).count();
        assert!(
            times >= 2,
            "`{phase}: N ms` {times} time(s) in {printed:#?}"
        );
    }
}

/// Ten identical errors in one file are shown three times and counted; the
/// other error in the file is still shown, and `-v` shows all of them.
#[test]
fn a_problem_repeated_in_one_file_is_shown_a_few_times_and_counted() {
    let (_site, root) = new_site();
    let history = root.join("content/history.md");
    let mut text = std::fs::read_to_string(&history).unwrap();
    text.push_str(&format!(
        "\n\n2025年1月1日，甲事件{}\n\n2025年1月2日，乙事件[9-2]\n",
        "[1-500]".repeat(10)
    ));
    std::fs::write(&history, text).unwrap();
    let root = root.to_str().unwrap();
    let wide = "citation range `1-500` spans more than 50 references";
    let stderr = |args: &[&str]| {
        let o = common::annals(args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        String::from_utf8(o.stderr).unwrap()
    };
    let normal = stderr(&["check", "--root", root]);
    let errors = |s: &str| {
        let heading = format!(": error: {wide}");
        s.lines().filter(|l| l.ends_with(&heading)).count()
    };
    assert_eq!(errors(&normal), 3, "{normal}");
    assert!(
        normal.contains("note: 7 more of this error not shown"),
        "{normal}"
    );
    assert!(normal.contains("`9-2`"), "{normal}");
    let verbose = stderr(&["check", "-v", "--root", root]);
    assert_eq!(errors(&verbose), 10, "{verbose}");
    assert!(!verbose.contains("not shown"), "{verbose}");
}

/// `build --base-url` replaces site.yaml's address in every absolute link,
/// and is checked as strictly as the file's.
#[test]
fn build_base_url_replaces_the_sites_own_and_is_checked() {
    let (site, root) = new_site();
    let out = site.path().join("out");
    let build = |url: &str| {
        common::annals(&[
            "build",
            "--root",
            root.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--base-url",
            url,
        ])
    };
    let built = build("https://example.org/history/");
    assert!(built.status.success(), "{built:?}");
    let home = common::read(&out, "zh/index.html");
    assert!(
        home.contains(r#"rel="canonical" href="https://example.org/history/zh/"#),
        "{home}"
    );
    let refused = build("https://user@example.org/");
    assert_eq!(refused.status.code(), Some(1));
    let stderr = String::from_utf8(refused.stderr).unwrap();
    assert!(
        stderr.contains("error: --base-url `https://user@example.org/` holds `@`"),
        "{stderr}"
    );
    // The refused build left the previous output as it was.
    assert_eq!(common::read(&out, "zh/index.html"), home);
}

/// `serve` says when a site's events have no pages of their own
/// (`event_page_limit`): when it starts, and after a save that crosses the
/// limit.
#[test]
fn serve_tells_when_events_have_no_pages_of_their_own() {
    let (_site, root) = new_site();
    let config = root.join("content/site.yaml");
    let yaml = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{yaml}\nevent_page_limit: 0\n")).unwrap();
    let mut server = Served::start(&root, &[]);
    let notes = |lines: &[String]| {
        (lines.iter())
            .filter(|l| l.starts_with("note: ") && l.contains("event_page_limit (0)"))
            .count()
    };
    // At start, one for each language.
    let at_start = server.wait_for(&|l| notes(l) >= 2);
    assert_eq!(notes(&at_start), 2, "{at_start:#?}");
    // Raised: nothing to tell; lowered again: told again.
    std::fs::write(&config, format!("{yaml}\nevent_page_limit: 1000\n")).unwrap();
    let raised = server.wait_for(&|l| l.iter().any(|x| x.starts_with("rebuilt after")));
    assert_eq!(notes(&raised), 2, "{raised:#?}");
    std::thread::sleep(std::time::Duration::from_millis(200));
    std::fs::write(&config, format!("{yaml}\nevent_page_limit: 0\n")).unwrap();
    let lowered = server.wait_for(&|l| notes(l) >= 4);
    assert_eq!(notes(&lowered), 4, "{lowered:#?}");
}

/// `annals serve --port 0 ARGS` on `root`, started (its `serving …` line
/// read), its standard error read line by line; killed when dropped.
struct Served {
    child: std::process::Child,
    lines: std::sync::mpsc::Receiver<String>,
    printed: Vec<String>,
    deadline: std::time::Instant,
}

impl Served {
    fn start(root: &std::path::Path, args: &[&str]) -> Served {
        use std::io::{BufRead, BufReader};
        use std::process::{Command, Stdio};
        let mut child = Command::new(env!("CARGO_BIN_EXE_annals"))
            .args(["serve", "--port", "0", "--root", root.to_str().unwrap()])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let (send, lines) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = send.send(line);
            }
        });
        // `serving … at …` is printed once the first build is done and the
        // folders are watched, so a save after it is seen.
        let mut serving = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut serving)
            .unwrap();
        assert!(serving.starts_with("serving"), "{serving:?}");
        Served {
            child,
            lines,
            printed: Vec::new(),
            deadline: std::time::Instant::now() + std::time::Duration::from_secs(60),
        }
    }

    /// The lines printed so far, once `done` holds of them (or a minute
    /// after the start).
    fn wait_for(&mut self, done: &dyn Fn(&[String]) -> bool) -> Vec<String> {
        while !done(&self.printed) {
            let left = self
                .deadline
                .saturating_duration_since(std::time::Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => self.printed.push(line),
                Err(_) => break,
            }
        }
        self.printed.clone()
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
