//! Where logwarden's own messages go while it runs live.

use std::fs::{File, OpenOptions};
use std::path::Path;
use std::sync::Mutex;

use tracing_subscriber::filter::LevelFilter;
use tracing_subscriber::layer::SubscriberExt;

use crate::error::{Error, Result};

/// Where logwarden's own messages go (and to `--log-file` as well, when given).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Logging {
    /// The dashboard's log pane.
    Dashboard,
    /// Standard error (headless serving).
    Stderr,
    /// The front end says them itself (`watch` prints the engine's notices).
    FrontEnd,
}

impl Logging {
    /// Installs the subscriber; one already installed (a second dashboard
    /// in one process, as in tests) is kept.
    pub(super) fn init(self, log_file: Option<&Path>) -> Result<()> {
        let file_layer = match log_file {
            Some(path) if self != Logging::FrontEnd => Some(
                tracing_subscriber::fmt::layer()
                    .with_ansi(false)
                    .with_target(false)
                    .with_writer(Mutex::new(open_log(path)?)),
            ),
            _ => None,
        };
        // Debug lines (a scanner's failed TLS handshake, say) only when
        // asked for: LOGWARDEN_LOG=debug.
        let level = match std::env::var("LOGWARDEN_LOG").as_deref() {
            Ok("debug") => LevelFilter::DEBUG,
            Ok("trace") => LevelFilter::TRACE,
            Ok("warn") => LevelFilter::WARN,
            Ok("error") => LevelFilter::ERROR,
            _ => LevelFilter::INFO,
        };
        let registry = tracing_subscriber::registry().with(level).with(file_layer);
        let _ = match self {
            Logging::Dashboard => {
                tui_logger::set_default_level(tui_logger::LevelFilter::Info);
                tracing::subscriber::set_global_default(
                    registry.with(tui_logger::TuiTracingSubscriberLayer),
                )
            }
            Logging::Stderr => tracing::subscriber::set_global_default(
                registry.with(
                    tracing_subscriber::fmt::layer()
                        .with_ansi(false)
                        .with_target(false)
                        .with_writer(std::io::stderr),
                ),
            ),
            Logging::FrontEnd => Ok(()),
        };
        Ok(())
    }

    /// A warning from starting up, said where this front end says things.
    pub(super) fn warn(self, message: &str) {
        match self {
            Logging::FrontEnd => eprintln!(
                "logwarden: warning: {}",
                crate::model::sanitize_for_terminal(message)
            ),
            _ => tracing::warn!("{message}"),
        }
    }
}

/// logwarden's own log file, appended to.
pub(crate) fn open_log(path: &Path) -> Result<File> {
    OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(|source| Error::OpenLog {
            path: path.display().to_string(),
            source,
        })
}
