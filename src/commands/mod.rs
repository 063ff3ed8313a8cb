//! The subcommands, each a function from validated settings to an exit status.

pub mod dashboard;
pub mod demo;
pub mod headless;
pub mod history;
mod import;
pub mod patterns;
pub mod scan;
pub mod templates;
pub mod watch;

/// How a command ended, as the process exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// 0: done, nothing at or above the threshold.
    Clean = 0,
    /// 1: issues at or above `--fail-on` were found.
    IssuesFound = 1,
    /// 2: a usage, config or I/O error.
    Failure = 2,
}

impl From<ExitStatus> for std::process::ExitCode {
    fn from(status: ExitStatus) -> Self {
        std::process::ExitCode::from(status as u8)
    }
}
