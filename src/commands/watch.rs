//! `logwarden watch`: the running program with a printer for a front end.
//! Every event goes to stdout as the store applied it, one record per
//! event with its group's fields (text or JSON Lines, flushed per record);
//! logwarden's own messages go to stderr (and to `--log-file`).

use std::fs::File;
use std::io::{self, ErrorKind, Write};

use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::mpsc::Receiver;

use super::ExitStatus;
use crate::cli::WatchFormat;
use crate::config::LiveSettings;
use crate::error::{Error, Result};
use crate::follow::{Notice, Stopper};
use crate::live::{Logging, open_log, start};
use crate::output::{TextPrinter, write_json_line};
use crate::store::Tapped;

/// Follows until SIGINT or SIGTERM (or the end of standard input when it
/// is the only input), then saves checkpoints and exits 0 (2 when they
/// could not be saved).
pub fn run(settings: LiveSettings, format: WatchFormat) -> Result<ExitStatus> {
    let own_log = match &settings.live.log_file {
        Some(path) => Some(open_log(path)?),
        None => None,
    };
    let mut printer = Printer {
        format,
        text: TextPrinter::new(settings.color.then(|| settings.theme.clone())),
        own_log,
        stdout_gone: false,
    };
    let mut running = start(settings, Logging::FrontEnd)?;
    let events = running
        .take_events()
        .ok_or_else(|| Error::Start(io::Error::other("the store gave no event stream")))?;
    let stats = running.stats();
    let status = running.block_on(consume(events, running.stopper(), &mut printer));
    running.shutdown();
    // Positions that could not be saved were said; the status says it too.
    match status {
        Ok(_) if stats.positions_were_unsaved() => Ok(ExitStatus::Failure),
        other => other,
    }
}

/// Prints records until the stream ends (the engine stopped); signals ask
/// the engine to stop (a second signal exits at once).
async fn consume(
    mut events: Receiver<Tapped>,
    stopper: Stopper,
    printer: &mut Printer,
) -> Result<ExitStatus> {
    let mut interrupt = signal(SignalKind::interrupt()).map_err(Error::Start)?;
    let mut terminate = signal(SignalKind::terminate()).map_err(Error::Start)?;
    let mut stopping = false;
    let mut status = ExitStatus::Clean;
    loop {
        let signalled = tokio::select! {
            record = events.recv() => match record {
                Some(record) => {
                    if let Err(e) = printer.show(record) {
                        eprintln!("logwarden: cannot write output: {e}");
                        status = ExitStatus::Failure;
                        printer.stdout_gone = true;
                    }
                    false
                }
                None => break,
            },
            _ = interrupt.recv() => true,
            _ = terminate.recv() => true,
        };
        if signalled {
            if stopping {
                std::process::exit(130);
            }
            stopping = true;
            stopper.stop();
        }
        if printer.stdout_gone {
            stopper.stop();
        }
    }
    Ok(status)
}

/// Where records are shown.
struct Printer {
    format: WatchFormat,
    text: TextPrinter,
    own_log: Option<File>,
    /// stdout was closed by the reader (`| head`): stop quietly.
    stdout_gone: bool,
}

impl Printer {
    fn show(&mut self, record: Tapped) -> io::Result<()> {
        match record {
            Tapped::Event(issue) => self.issue(&issue),
            Tapped::Notice(Notice { warning, message }) => {
                let prefix = if warning { "warning: " } else { "" };
                self.say(&format!("{prefix}{message}"));
                Ok(())
            }
            Tapped::Ready { files, stdin } => {
                let extra = if stdin { " and standard input" } else { "" };
                self.say(&format!("watching {files} files{extra}"));
                Ok(())
            }
        }
    }

    fn issue(&mut self, issue: &crate::model::Issue) -> io::Result<()> {
        if self.stdout_gone {
            return Ok(());
        }
        let mut out = io::stdout().lock();
        let written = match self.format {
            WatchFormat::Json => write_json_line(&mut out, issue),
            WatchFormat::Text => self.text.issue(&mut out, issue),
        }
        .and_then(|()| out.flush());
        match written {
            Err(e) if e.kind() == ErrorKind::BrokenPipe => {
                self.stdout_gone = true;
                Ok(())
            }
            other => other,
        }
    }

    /// A message of logwarden's own: stderr, and the log file if any.
    fn say(&mut self, message: &str) {
        // Paths in messages come from the file system: keep them inert.
        let message = crate::model::sanitize_for_terminal(message);
        eprintln!("logwarden: {message}");
        if let Some(log) = &mut self.own_log {
            let now = chrono::Local::now().format("%Y-%m-%dT%H:%M:%S%.3f");
            // The log is a convenience: failing to write it must not stop watching.
            let _ = writeln!(log, "{now} logwarden: {message}");
        }
    }
}
