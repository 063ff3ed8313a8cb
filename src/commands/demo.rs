//! `logwarden demo`: realistic logs written live into a temporary
//! directory (or `--dir`), and the dashboard opened on them.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::ExitStatus;
use crate::cli::{DemoArgs, LiveArgs};
use crate::config::{LiveRequest, LiveSettings, Settings};
use crate::demo::DemoWriter;
use crate::error::{Error, Result};

/// Writes demo logs and shows them until the user quits; a temporary
/// directory is removed afterwards.
pub fn run(settings: &Settings, args: &DemoArgs) -> Result<ExitStatus> {
    let (dir, temporary) = match &args.dir {
        Some(dir) => (dir.clone(), false),
        None => (temp_dir(), true),
    };
    // Created first: the places to follow are resolved against what exists.
    let writer = DemoWriter::new(&dir, args.rate).map_err(|source| Error::CreateDir {
        what: "demo directory",
        path: dir.display().to_string(),
        source,
    })?;
    let outcome = show(settings, args, &dir, writer);
    // Also when a setting was refused: a temporary directory never stays.
    if temporary {
        let _ = std::fs::remove_dir_all(&dir);
    } else {
        eprintln!("logwarden: the demo logs are in {}", dir.display());
    }
    outcome
}

/// Resolves the settings for `dir`, writes into it and shows the dashboard
/// until the user quits.
fn show(
    settings: &Settings,
    args: &DemoArgs,
    dir: &Path,
    writer: DemoWriter,
) -> Result<ExitStatus> {
    let live = demo_live_args(dir);
    let request = LiveRequest {
        live: &live,
        api: Some(&args.api),
        retention: None,
        color: args.color,
    };
    let live_settings = LiveSettings::resolve(settings, request)?;
    let stop = Arc::new(AtomicBool::new(false));
    let thread = writer
        .spawn(args.rate, stop.clone())
        .map_err(Error::Start)?;
    let outcome = super::dashboard::run(live_settings);
    stop.store(true, Ordering::Relaxed);
    let _ = thread.join();
    outcome
}

/// The demo follows its own directory from the start, with its state inside.
fn demo_live_args(dir: &Path) -> LiveArgs {
    LiveArgs {
        state: Some(dir.join(".state")),
        from_start: true,
        line_cap: None,
        poll_interval: None,
        no_inotify: false,
        log_file: None,
        dry_run_actions: false,
        syslog: Vec::new(),
        syslog_tls: Vec::new(),
        syslog_tls_cert: None,
        syslog_tls_key: None,
        ingest: false,
        paths: vec![dir.display().to_string()],
    }
}

/// A fresh directory under the system's temporary directory.
fn temp_dir() -> PathBuf {
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    std::env::temp_dir().join(format!("logwarden-demo-{stamp}-{}", std::process::id()))
}
