//! `logwarden --no-tui --api ADDR [PATH...]`: the engine and the JSON API
//! without a terminal, for servers and scripts. Prints the address and a
//! readiness line on stderr; SIGINT/SIGTERM stop it cleanly (positions
//! saved, requests in progress finished).

use std::path::Path;
use std::sync::Arc;

use tokio::signal::unix::{SignalKind, signal};
use tracing_subscriber::layer::SubscriberExt;

use super::ExitStatus;
use super::live::{api_config, bind_error, finish_history, open_history, open_inputs, open_log};
use crate::cli::ApiArgs;
use crate::config::{FileLayer, LiveConfig};
use crate::error::{Error, Result};
use crate::follow::Follower;
use crate::server::Server;
use crate::store::Retention;
use crate::store::{StoreHandle, StoreOptions, spawn_store};

/// Updates in flight between the engine and the store.
const CHANNEL: usize = 1024;

/// Serves until a signal asks it to stop.
pub fn run(
    patterns_flag: Option<&Path>,
    layer: &FileLayer,
    config: LiveConfig,
    api_args: &ApiArgs,
    keep: Retention,
) -> Result<ExitStatus> {
    let (classifier, settings, state, state_problem) = open_inputs(patterns_flag, layer, &config)?;
    let api = api_config(api_args, layer, &settings)?.ok_or_else(|| {
        Error::Usage(
            "--no-tui needs --api ADDR (there is nothing else to show); for issues on stdout use `logwarden watch`"
                .into(),
        )
    })?;
    init_logging(config.log_file.as_deref())?;
    if let Some(problem) = state_problem {
        tracing::warn!("{problem}");
    }
    let history = open_history(state.as_ref(), keep);
    let mut config = config;
    super::live::positions_in_history(&mut config.follow, history.as_ref());
    let signals = settings.signals;
    let limits = config.limits;
    let runtime = super::runtime()?;
    let (follower, updates) =
        Follower::start(config.follow, Arc::clone(&classifier), state, CHANNEL)
            .map_err(Error::Start)?;
    let stats = follower.stats();
    let outcome: Result<StoreHandle> = runtime.block_on(async move {
        let options = StoreOptions::engine(Arc::clone(&stats), history, signals, limits);
        let (store, _task) = spawn_store(updates, options);
        let server = Server::start(api.clone(), store.clone(), Some(stats))
            .await
            .map_err(|e| bind_error(&api, &e))?;
        eprintln!("logwarden: API on http://{}", server.local_addr());
        let mut interrupt = signal(SignalKind::interrupt()).map_err(Error::Start)?;
        let mut terminate = signal(SignalKind::terminate()).map_err(Error::Start)?;
        let mut snapshots = store.subscribe();
        let mut announced = false;
        loop {
            tokio::select! {
                changed = snapshots.changed() => {
                    if changed.is_err() {
                        break;
                    }
                    let snap = snapshots.borrow_and_update().clone();
                    if snap.ready && !announced {
                        announced = true;
                        eprintln!("logwarden: watching {} files", snap.files);
                    }
                }
                _ = interrupt.recv() => break,
                _ = terminate.recv() => break,
            }
        }
        server.stop().await;
        Ok(store)
    });
    follower.stopper().stop();
    follower.join();
    // Logged (stderr and the log file) by finish_history.
    match finish_history(&runtime, &outcome?) {
        Some(_) => Ok(ExitStatus::Failure),
        None => Ok(ExitStatus::Clean),
    }
}

/// logwarden's own messages: to stderr, and to `--log-file` when given.
fn init_logging(log_file: Option<&Path>) -> Result<()> {
    let file_layer = match log_file {
        Some(path) => Some(
            tracing_subscriber::fmt::layer()
                .with_ansi(false)
                .with_target(false)
                .with_writer(std::sync::Mutex::new(open_log(path)?)),
        ),
        None => None,
    };
    let stderr_layer = tracing_subscriber::fmt::layer()
        .with_ansi(false)
        .with_target(false)
        .with_writer(std::io::stderr);
    let subscriber = tracing_subscriber::registry()
        .with(stderr_layer)
        .with(file_layer);
    let _ = tracing::subscriber::set_global_default(subscriber);
    Ok(())
}
