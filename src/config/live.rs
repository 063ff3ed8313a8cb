//! Settings of the live modes (`watch`, the dashboard, headless serving):
//! flags over the config file's `[live]` section, validated.

use std::path::PathBuf;
use std::time::Duration;

use serde::Deserialize;

use super::{FileLayer, line_cap};
use crate::cli::LiveArgs;
use crate::error::{Error, Result};
use crate::follow::{DEFAULT_PLACES, FollowConfig, WatchSpec};
use crate::ingest::checkpoint::StateDir;

/// Bounds on `--poll-interval`, in milliseconds.
const POLL_RANGE: std::ops::RangeInclusive<u64> = 10..=600_000;

/// The config file's `[live]` section.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct LiveSection {
    state: Option<PathBuf>,
    line_cap: Option<usize>,
    poll_interval: Option<u64>,
    inotify: Option<bool>,
    log_file: Option<PathBuf>,
}

/// Everything a live mode needs, validated.
#[derive(Debug, Clone)]
pub struct LiveConfig {
    /// How to follow.
    pub follow: FollowConfig,
    /// The state directory (`None` when only standard input is read).
    pub state_dir: Option<PathBuf>,
    /// logwarden's own log file, if any.
    pub log_file: Option<PathBuf>,
    /// How much the store may hold (`[limits]`).
    pub limits: crate::store::Limits,
    /// `--dry-run-actions`: actions say what they would do and do nothing.
    pub dry_run_actions: bool,
    /// Input from other machines (syslog, shippers).
    pub remote: super::RemoteConfig,
}

impl LiveConfig {
    /// The state directory: the flag, else the config's `[live] state`,
    /// else the default place.
    pub fn state_dir(flag: Option<&std::path::Path>, file: &FileLayer) -> Result<PathBuf> {
        let configured = flag
            .map(std::path::Path::to_path_buf)
            .or_else(|| file.config.live.state.as_deref().map(|p| file.relative(p)));
        configured.or_else(StateDir::default_dir).ok_or_else(|| {
            Error::Usage(
                "no state directory: HOME and XDG_STATE_HOME are unset; pass --state DIR".into(),
            )
        })
    }

    /// Merges flags over the config file and validates the result.
    pub fn resolve(args: &LiveArgs, file: &FileLayer) -> Result<LiveConfig> {
        let section = &file.config.live;
        let remote = super::RemoteConfig::resolve(args, file)?;
        let specs = if args.paths.is_empty() && remote.any() {
            // Logs come from other machines: local files only when named
            // (this machine's syslog is often forwarded too).
            Vec::new()
        } else if args.paths.is_empty() {
            WatchSpec::defaults()
        } else {
            args.paths.iter().map(|p| WatchSpec::parse(p)).collect()
        };
        if specs.is_empty() && !remote.any() {
            return Err(Error::Usage(format!(
                "nothing to watch: none of the default places exist ({}); pass files, directories or globs \
                 (e.g. `logwarden /var/log/app.log`), or try `logwarden demo`",
                DEFAULT_PLACES.join(", ")
            )));
        }
        let poll = args.poll_interval.or(section.poll_interval).unwrap_or(1000);
        if !POLL_RANGE.contains(&poll) {
            return Err(Error::Config {
                path: if args.poll_interval.is_some() {
                    "--poll-interval".into()
                } else {
                    file.name()
                },
                message: format!(
                    "poll interval {poll} ms is out of range ({}..={} ms)",
                    POLL_RANGE.start(),
                    POLL_RANGE.end()
                ),
            });
        }
        let log_file = args
            .log_file
            .clone()
            .or_else(|| section.log_file.as_deref().map(|p| file.relative(p)));
        let mut follow = FollowConfig::new(specs);
        follow.from_start = args.from_start;
        follow.line_cap = line_cap(args.line_cap, section.line_cap, file)?;
        follow.poll_interval = Duration::from_millis(poll);
        follow.notify = !args.no_inotify && section.inotify.unwrap_or(true);
        follow.exclude.extend(log_file.clone());
        let only_stdin =
            !follow.specs.is_empty() && follow.specs.iter().all(|s| *s == WatchSpec::Stdin);
        let state_dir = if only_stdin {
            None
        } else {
            Some(LiveConfig::state_dir(args.state.as_deref(), file)?)
        };
        let limits = file.config.limits.resolve(file)?;
        Ok(LiveConfig {
            follow,
            state_dir,
            log_file,
            limits,
            dry_run_actions: args.dry_run_actions,
            remote,
        })
    }
}
