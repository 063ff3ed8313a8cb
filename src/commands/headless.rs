//! `logwarden --no-tui --api ADDR [PATH...]`: the running program with the
//! JSON API and no terminal, for servers and scripts. Prints the address
//! and a readiness line on stderr; SIGINT/SIGTERM stop it cleanly
//! (positions saved, requests in progress finished).

use tokio::signal::unix::{SignalKind, signal};

use super::ExitStatus;
use crate::config::LiveSettings;
use crate::error::{Error, Result};
use crate::live::{Logging, Running, start};

/// Serves until a signal asks it to stop.
pub fn run(settings: LiveSettings) -> Result<ExitStatus> {
    if settings.api.is_none() {
        return Err(Error::Usage(
            "--no-tui needs --api ADDR (there is nothing else to show); for issues on stdout use `logwarden watch`"
                .into(),
        ));
    }
    let running = start(settings, Logging::Stderr)?;
    // Said before the API's address, which scripts wait for.
    for addr in running.syslog_addrs() {
        eprintln!("logwarden: syslog on {addr} (TCP and UDP)");
    }
    for addr in running.syslog_tls_addrs() {
        eprintln!("logwarden: syslog over TLS on {addr}");
    }
    if let Some(addr) = running.api_addr() {
        eprintln!("logwarden: API on http://{addr}");
    }
    let served = running.block_on(serve(&running));
    // Logged (stderr and the log file) by shutdown.
    let unsaved = running.shutdown();
    served?;
    match unsaved {
        Some(_) => Ok(ExitStatus::Failure),
        None => Ok(ExitStatus::Clean),
    }
}

/// Says when the engine is ready; returns at SIGINT or SIGTERM.
async fn serve(running: &Running) -> Result<()> {
    let mut interrupt = signal(SignalKind::interrupt()).map_err(Error::Start)?;
    let mut terminate = signal(SignalKind::terminate()).map_err(Error::Start)?;
    let mut snapshots = running.store().subscribe();
    let mut announced = false;
    loop {
        tokio::select! {
            changed = snapshots.changed() => {
                if changed.is_err() {
                    return Ok(());
                }
                let snap = snapshots.borrow_and_update().clone();
                if snap.ready && !announced {
                    announced = true;
                    eprintln!("logwarden: watching {} files", snap.files);
                }
            }
            _ = interrupt.recv() => return Ok(()),
            _ = terminate.recv() => return Ok(()),
        }
    }
}
