//! `logwarden watch`: the live engine without a terminal UI. Issues go to
//! stdout as they are detected (text or JSON Lines, flushed per issue);
//! logwarden's own messages go to stderr (and to `--log-file`).

use std::fs::File;
use std::io::{self, ErrorKind, Write};
use std::path::Path;

use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::mpsc::Receiver;

use super::ExitStatus;
use super::live::{open_inputs, open_log};
use crate::cli::{ColorChoice, WatchArgs, WatchFormat};
use crate::config::{FileLayer, LiveConfig, use_color};
use crate::error::{Error, Result};
use crate::follow::{Follower, Notice, Stopper, Update};
use crate::output::{TextPrinter, write_json_line};
use crate::theme::Theme;

/// Updates in flight between the engine and the printer.
const CHANNEL: usize = 1024;

/// Follows until SIGINT or SIGTERM (or the end of standard input when it
/// is the only input), then saves checkpoints and exits 0 (2 when they
/// could not be saved).
pub fn run(
    patterns_flag: Option<&Path>,
    theme: Option<Theme>,
    layer: &FileLayer,
    args: &WatchArgs,
) -> Result<ExitStatus> {
    let config = LiveConfig::resolve(&args.live, layer)?;
    let (classifier, _settings, state, state_problem) = open_inputs(patterns_flag, layer, &config)?;
    if let Some(problem) = state_problem {
        eprintln!("logwarden: warning: {problem}");
    }
    let own_log = match &config.log_file {
        Some(path) => Some(open_log(path)?),
        None => None,
    };
    let color = use_color(args.color.unwrap_or(ColorChoice::Auto));
    let mut printer = Printer {
        format: args.format.unwrap_or(WatchFormat::Text),
        text: TextPrinter::new(theme.filter(|_| color)),
        own_log,
        stdout_gone: false,
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(Error::Start)?;
    let (follower, updates) =
        Follower::start(config.follow, classifier, state, CHANNEL).map_err(Error::Start)?;
    let stats = follower.stats();
    let status = runtime.block_on(consume(updates, follower.stopper(), &mut printer));
    follower.join();
    // Positions that could not be saved were said; the status says it too.
    match status {
        Ok(_) if stats.positions_were_unsaved() => Ok(ExitStatus::Failure),
        other => other,
    }
}

/// Prints updates until the engine closes the channel; signals ask it to
/// stop (a second signal exits at once).
async fn consume(
    mut updates: Receiver<Update>,
    stopper: Stopper,
    printer: &mut Printer,
) -> Result<ExitStatus> {
    let mut interrupt = signal(SignalKind::interrupt()).map_err(Error::Start)?;
    let mut terminate = signal(SignalKind::terminate()).map_err(Error::Start)?;
    let mut stopping = false;
    let mut status = ExitStatus::Clean;
    loop {
        let signalled = tokio::select! {
            update = updates.recv() => match update {
                Some(update) => {
                    if let Err(e) = printer.show(update) {
                        eprintln!("logwarden: cannot write output: {e}");
                        status = ExitStatus::Failure;
                        printer.stdout_gone = true;
                        stopper.stop();
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

/// Where updates are shown.
struct Printer {
    format: WatchFormat,
    text: TextPrinter,
    own_log: Option<File>,
    /// stdout was closed by the reader (`| head`): stop quietly.
    stdout_gone: bool,
}

impl Printer {
    fn show(&mut self, update: Update) -> io::Result<()> {
        match update {
            Update::Issue(issue, _) => {
                if self.stdout_gone {
                    return Ok(());
                }
                let mut out = io::stdout().lock();
                let written = match self.format {
                    WatchFormat::Json => write_json_line(&mut out, &issue),
                    WatchFormat::Text => self.text.issue(&mut out, &issue),
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
            // `watch` prints each event once; growth is for the store.
            Update::Grew(..) => Ok(()),
            // watch saves its own positions; the store is not involved.
            Update::Positions(_) => Ok(()),
            Update::Notice(Notice { warning, message }) => {
                let prefix = if warning { "warning: " } else { "" };
                self.say(&format!("{prefix}{message}"));
                Ok(())
            }
            Update::Ready { files, stdin } => {
                let extra = if stdin { " and standard input" } else { "" };
                self.say(&format!("watching {files} files{extra}"));
                Ok(())
            }
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
