//! `logwarden watch`: the running program with a printer for a front end.
//! Every event goes to stdout as the store applied it, one record per
//! event with its group's fields (text or JSON Lines, flushed per record);
//! logwarden's own messages go to stderr (and to `--log-file`).

use std::fs::File;
use std::io::{self, BufWriter, ErrorKind, StdoutLock, Write};

use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::mpsc::Receiver;

use super::ExitStatus;
use crate::cli::WatchFormat;
use crate::config::LiveSettings;
use crate::error::{Error, Result};
use crate::follow::Notice;
use crate::live::Stopper;
use crate::live::{Logging, open_log, start};
use crate::output::{TextPrinter, write_grown_json_line, write_json_line};
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
    for addr in running.syslog_addrs() {
        eprintln!("logwarden: syslog on {addr} (TCP and UDP)");
    }
    for addr in running.syslog_tls_addrs() {
        eprintln!("logwarden: syslog over TLS on {addr}");
    }
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
    mut events: Receiver<Vec<Tapped>>,
    stopper: Stopper,
    printer: &mut Printer,
) -> Result<ExitStatus> {
    let mut interrupt = signal(SignalKind::interrupt()).map_err(Error::Start)?;
    let mut terminate = signal(SignalKind::terminate()).map_err(Error::Start)?;
    let mut stopping = false;
    let mut status = ExitStatus::Clean;
    loop {
        let signalled = tokio::select! {
            batch = events.recv() => match batch {
                Some(batch) => {
                    if let Err(e) = printer.show(batch) {
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

/// Standard output, buffered for one batch.
type Out<'a> = BufWriter<StdoutLock<'a>>;

/// Where records are shown.
struct Printer {
    format: WatchFormat,
    text: TextPrinter,
    own_log: Option<File>,
    /// stdout was closed by the reader (`| head`): stop quietly.
    stdout_gone: bool,
}

impl Printer {
    /// Shows a batch in order; stdout is flushed before a message of ours
    /// and at the end, so nothing waits in a buffer.
    fn show(&mut self, batch: Vec<Tapped>) -> io::Result<()> {
        // Stdout alone writes line by line; a batch goes in few writes.
        let mut out = BufWriter::with_capacity(64 * 1024, io::stdout().lock());
        let mut written = Ok(());
        for record in batch {
            match record {
                Tapped::Event(issue) => {
                    if written.is_ok() && !self.stdout_gone {
                        written = self.issue(&mut out, &issue, false);
                    }
                }
                Tapped::Grew(issue) => {
                    if written.is_ok() && !self.stdout_gone {
                        written = self.issue(&mut out, &issue, true);
                    }
                }
                Tapped::Notice(Notice { warning, message }) => {
                    written = written.and_then(|()| self.flushed(&mut out));
                    let prefix = if warning { "warning: " } else { "" };
                    self.say(&format!("{prefix}{message}"));
                }
                Tapped::Ready { files, stdin } => {
                    written = written.and_then(|()| self.flushed(&mut out));
                    let extra = if stdin { " and standard input" } else { "" };
                    self.say(&format!("watching {files} files{extra}"));
                }
            }
        }
        written.and_then(|()| self.flushed(&mut out))
    }

    /// One record: an event, or (`grew`) an event printed before, grown.
    fn issue(
        &mut self,
        out: &mut Out<'_>,
        issue: &crate::model::Issue,
        grew: bool,
    ) -> io::Result<()> {
        let written = match (self.format, grew) {
            (WatchFormat::Json, false) => write_json_line(out, issue),
            (WatchFormat::Json, true) => write_grown_json_line(out, issue),
            (WatchFormat::Text, false) => self.text.issue(out, issue),
            (WatchFormat::Text, true) => self.text.grown(out, issue),
        };
        self.gone_is_no_error(written)
    }

    fn flushed(&mut self, out: &mut Out<'_>) -> io::Result<()> {
        if self.stdout_gone {
            return Ok(());
        }
        let flushed = out.flush();
        self.gone_is_no_error(flushed)
    }

    /// A closed pipe (`| head`) ends output quietly.
    fn gone_is_no_error(&mut self, written: io::Result<()>) -> io::Result<()> {
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
