//! `logwarden demo`: realistic logs written live into a temporary
//! directory (or `--dir`), and the dashboard opened on them.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::ExitStatus;
use super::dashboard::run_config;
use crate::cli::{DemoArgs, LiveArgs};
use crate::config::{FileLayer, LiveConfig};
use crate::demo::DemoWriter;
use crate::error::{Error, Result};
use crate::theme::Theme;

/// Writes demo logs and shows them until the user quits; a temporary
/// directory is removed afterwards.
pub fn run(
    patterns_flag: Option<&Path>,
    theme: Theme,
    layer: &FileLayer,
    args: &DemoArgs,
) -> Result<ExitStatus> {
    let (dir, temporary) = match &args.dir {
        Some(dir) => (dir.clone(), false),
        None => (temp_dir(), true),
    };
    let writer = DemoWriter::new(&dir).map_err(|e| {
        Error::Usage(format!(
            "cannot create the demo directory {}: {e}",
            dir.display()
        ))
    })?;
    let live = LiveArgs {
        state: Some(dir.join(".state")),
        from_start: true,
        line_cap: None,
        poll_interval: None,
        no_inotify: false,
        log_file: None,
        paths: vec![dir.display().to_string()],
    };
    let config = LiveConfig::resolve(&live, layer)?;
    let stop = Arc::new(AtomicBool::new(false));
    let thread = writer
        .spawn(args.rate, stop.clone())
        .map_err(Error::Start)?;
    let keep = crate::store::Retention::within(&config.limits);
    let outcome = run_config(
        patterns_flag,
        theme,
        layer,
        config,
        args.color,
        &args.api,
        keep,
    );
    stop.store(true, Ordering::Relaxed);
    let _ = thread.join();
    if temporary {
        let _ = std::fs::remove_dir_all(&dir);
    } else {
        eprintln!("logwarden: the demo logs are in {}", dir.display());
    }
    outcome
}

/// A fresh directory under the system's temporary directory.
fn temp_dir() -> PathBuf {
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    std::env::temp_dir().join(format!("logwarden-demo-{stamp}-{}", std::process::id()))
}
