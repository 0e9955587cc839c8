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
    let site = tempfile::tempdir().unwrap();
    let root = site.path().join("s");
    assert!(common::annals(&["init", root.to_str().unwrap()])
        .status
        .success());
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
            let shown = stderr.lines().any(|l| {
                l.strip_prefix(phase)
                    .and_then(|rest| rest.strip_prefix(": "))
                    .and_then(|rest| rest.strip_suffix(" ms"))
                    .is_some_and(|n| n.parse::<u64>().is_ok())
            });
            assert!(shown, "{args:?}: no `{phase}: N ms` in\n{stderr}");
        }
    }
}
