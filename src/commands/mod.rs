//! The subcommands of the `annals` binary, as library functions: each takes
//! its options and returns what the process should exit with.

pub mod build;
pub mod check;
pub mod eject;
pub mod events;
pub mod import;
pub mod init;
pub mod serve;
pub mod ui;

pub use ui::Ui;

/// How a command ended, as the process exit status: 0 success, 1 content
/// errors (2, usage errors, is clap's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Success,
    ContentErrors,
}

impl Outcome {
    pub fn exit_code(self) -> i32 {
        match self {
            Outcome::Success => 0,
            Outcome::ContentErrors => 1,
        }
    }
}
