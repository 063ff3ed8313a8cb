//! The running program, started once for every live front end: the
//! engine (following files), the store (issues, groups, history) and, when
//! asked for, the API server. The dashboard, headless serving, `watch` and
//! `demo` each call [`start`] and attach to the [`Running`] it returns;
//! [`Running::shutdown`] stops it all in order.

mod history;
mod logging;
mod remote;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use tokio::runtime::Runtime;
use tokio::sync::mpsc;

pub(crate) use logging::{Logging, open_log};

use crate::config::{ApiConfig, LiveSettings};
use crate::error::{Error, Result};
use crate::follow::{FollowStats, Follower};
use crate::heal::{self, Audit, HealHub, Trigger, spawn_runner};
use crate::server::Server;
use crate::store::{Responders, StoreHandle, StoreOptions, Tapped, spawn_store};

/// Updates in flight between the engine and the store.
const CHANNEL: usize = 1024;

/// The engine, the store and the server, running.
#[derive(Debug)]
pub struct Running {
    runtime: Runtime,
    follower: Follower,
    remote: Option<remote::Remote>,
    store: StoreHandle,
    server: Option<Server>,
    events: Option<mpsc::Receiver<Vec<Tapped>>>,
    hub: Option<Arc<HealHub>>,
}

/// Starts everything `settings` asks for: binds the API, sets up logging,
/// opens the state directory (its lock) and the history, starts following,
/// the store and the API. A failure stops what had started and says why.
pub fn start(settings: LiveSettings, logging: Logging) -> Result<Running> {
    let printer = logging == Logging::FrontEnd;
    let LiveSettings {
        classifier,
        patterns,
        mut live,
        retention,
        api,
        ..
    } = settings;
    // What can be refused is tried before anything is made: the API's
    // address, then the log file, then the state directory's lock.
    let api = match api {
        Some(api) => Some((bind(&api)?, api)),
        None => None,
    };
    let bound = remote::bind(&live.remote)?;
    logging.init(live.log_file.as_deref())?;
    // A printer shows each event once and keeps no history: the engine
    // saves its own read positions.
    let keep = (!printer).then_some(retention);
    let (state, db) = history::open(&mut live, keep, logging)?;
    let runtime = runtime()?;
    let (hub, queue) = heal_hub(
        &patterns,
        live.dry_run_actions,
        state.as_ref().map(|s| s.path()),
    );
    let (tx, updates) = mpsc::channel(CHANNEL);
    let line_cap = live.follow.line_cap;
    let follower = Follower::start_sending(live.follow, Arc::clone(&classifier), state, tx.clone())
        .map_err(Error::Start)?;
    let mut options = StoreOptions::engine(follower.stats(), db, patterns.signals, live.limits)
        .responding(Responders::new(patterns.alerts, hub.clone()));
    let events = printer.then(|| {
        // Batches: a few in flight are plenty.
        let (tx, rx) = mpsc::channel(4);
        options.tap = Some(tx);
        rx
    });
    let (store, remote, server) = runtime.block_on(async {
        let (store, _task) = spawn_store(updates, options);
        if let (Some(hub), Some(queue)) = (&hub, queue) {
            spawn_runner(Arc::clone(hub), queue, store.clone());
        }
        // The channel closes when the engine and the remote input are both gone.
        let remote = live
            .remote
            .any()
            .then(|| remote::start(&live.remote, bound, classifier, tx, line_cap))
            .transpose();
        let handle = remote
            .as_ref()
            .ok()
            .and_then(|r| r.as_ref().map(|r| r.handle.clone()));
        let stats = Some(follower.stats());
        let server = api.map(|(listener, api)| {
            Server::start(listener, api, store.clone(), stats, hub.clone(), handle)
        });
        (store, remote, server.transpose())
    });
    let (remote, server) = match (remote, server) {
        (Ok(remote), Ok(server)) => (remote, server),
        (remote, server) => {
            let why = match (remote, server) {
                (Ok(remote), Err(e)) => {
                    if let Some(remote) = remote {
                        remote.input.stop();
                    }
                    Error::Start(e)
                }
                (Err(e), _) => e,
                (Ok(_), Ok(_)) => unreachable!("matched above"),
            };
            follower.stopper().stop();
            follower.join();
            return Err(why);
        }
    };
    Ok(Running {
        runtime,
        follower,
        remote,
        store,
        server,
        events,
        hub,
    })
}

/// Whether `path` is a file someone may execute.
fn is_executable(path: &std::path::Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// The actions' hub and the runner's queue, when the rules name actions;
/// the audit is kept in the state directory when there is one.
fn heal_hub(
    patterns: &crate::rules::FileSettings,
    dry_run: bool,
    state: Option<&std::path::Path>,
) -> (Option<Arc<HealHub>>, Option<mpsc::Receiver<Trigger>>) {
    let actions = patterns.actions.clone();
    if actions.is_empty() {
        return (None, None);
    }
    let (tx, rx) = mpsc::channel(heal::QUEUE);
    let audit = state.map_or_else(Audit::in_memory, Audit::in_dir);
    if dry_run {
        tracing::warn!("--dry-run-actions: no action is carried out; the audit says what would be");
    }
    // Checked where it runs (a rules file may be checked on another machine).
    for action in &actions {
        if let heal::ActionKind::Command { argv } = &action.kind
            && let Some(program) = argv.first()
            && !is_executable(std::path::Path::new(program))
        {
            tracing::warn!(
                "action {}: {} is not an executable file here: the action will fail until it is",
                action.id,
                crate::model::sanitize_for_terminal(program)
            );
        }
    }
    // Webhooks send log text out of the process: redacted like the API's,
    // whatever the API is told.
    let redactor = crate::config::redactor(patterns).unwrap_or_else(|e| {
        tracing::warn!(
            "webhooks: the [[redact]] rules cannot be built ({e}); the built-in ones are used"
        );
        crate::redact::Redactor::new(&[]).unwrap_or_else(|_| crate::redact::Redactor::off())
    });
    let hub = HealHub::new(actions, tx, dry_run, audit, Arc::new(redactor));
    (Some(Arc::new(hub)), Some(rx))
}

/// The API's address, bound (so one in use is refused before anything starts).
fn bind(api: &ApiConfig) -> Result<std::net::TcpListener> {
    Server::bind(api).map_err(|source| Error::Bind {
        addr: api.addr,
        source,
    })
}

impl Running {
    /// The healing actions, when the rules name any.
    pub fn hub(&self) -> Option<&Arc<HealHub>> {
        self.hub.as_ref()
    }

    /// The store: snapshots to read, commands to send.
    pub fn store(&self) -> &StoreHandle {
        &self.store
    }

    /// Where syslog is received (the real ports), when it is.
    pub fn syslog_addrs(&self) -> &[SocketAddr] {
        self.remote.as_ref().map_or(&[], |r| r.syslog.as_slice())
    }

    /// Where syslog over TLS is received (the real ports), when it is.
    pub fn syslog_tls_addrs(&self) -> &[SocketAddr] {
        self.remote
            .as_ref()
            .map_or(&[], |r| r.syslog_tls.as_slice())
    }

    /// Where the API listens, when it is served.
    pub fn api_addr(&self) -> Option<SocketAddr> {
        self.server.as_ref().map(Server::local_addr)
    }

    /// Every event as the store applied it, with the engine's notices (for
    /// a [`Logging::FrontEnd`] start; once). The stream ends when the engine stops.
    pub fn take_events(&mut self) -> Option<mpsc::Receiver<Vec<Tapped>>> {
        self.events.take()
    }

    /// Stops the engine (it saves its positions; the event stream ends).
    pub fn stopper(&self) -> Stopper {
        Stopper {
            engine: self.follower.stopper(),
            remote: self.remote.as_ref().map(|r| r.input.stop_flag()),
        }
    }

    /// The engine's live counters.
    pub fn stats(&self) -> Arc<FollowStats> {
        self.follower.stats()
    }

    /// Runs a front end's future on the program's runtime until it ends.
    pub fn block_on<F: Future>(&self, front_end: F) -> F::Output {
        self.runtime.block_on(front_end)
    }

    /// Stops in order: the API (requests in progress finish), the engine
    /// (positions saved), then the store applies and writes what is left.
    /// Returns why the history is incomplete, if it is (already logged).
    pub fn shutdown(self) -> Option<String> {
        if let Some(server) = self.server {
            self.runtime.block_on(server.stop());
        }
        // What was received is classified and reported before the store ends.
        if let Some(remote) = self.remote {
            remote.input.stop();
        }
        self.follower.stopper().stop();
        self.follower.join();
        history::finish(&self.runtime, &self.store)
    }
}

/// Stops the engine and the remote input, from a signal handler: the event
/// stream ends once both have handed over what they hold.
#[derive(Debug, Clone)]
pub struct Stopper {
    engine: crate::follow::Stopper,
    remote: Option<Arc<tokio::sync::watch::Sender<bool>>>,
}

impl Stopper {
    /// Requests a graceful stop (positions saved, received lines classified).
    pub fn stop(&self) {
        if let Some(remote) = &self.remote {
            let _ = remote.send(true);
        }
        self.engine.stop();
    }
}

/// Two workers, so the API answers while the store applies a flood of updates.
fn runtime() -> Result<Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(Error::Start)
}
