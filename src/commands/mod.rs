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

/// Has the system back this process's memory with small pages only, no
/// transparent huge pages. A build touches some 200 MB at 10,000 events,
/// much of it in short-lived pieces, and the first touch of a huge page
/// makes the kernel zero all 2 MB of it: measured on our 2-core machines,
/// that zeroing was 10–12% of a 10k build's CPU time. With small pages:
/// 14% less CPU, 8% less wall time and 19% less peak memory (medians of
/// six alternating runs; `docs/benchmarks.md`). Where the system has no
/// such switch, nothing changes.
pub(crate) fn without_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: `prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0)` only sets a flag of
    // this process; an error (an old kernel) leaves things as they were.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

impl Outcome {
    pub fn exit_code(self) -> i32 {
        match self {
            Outcome::Success => 0,
            Outcome::ContentErrors => 1,
        }
    }
}
