//! `logwarden [OPTIONS] [PATH...]`: the terminal dashboard on the live
//! engine. The engine thread feeds the store task; the dashboard reads
//! the store's snapshots and sends it the user's changes.

use std::io::IsTerminal;
use std::path::Path;
use std::sync::Arc;

use tracing_subscriber::layer::SubscriberExt;

use super::ExitStatus;
use super::live::{
    api_config, bind_error, finish_history, open_history, open_inputs, open_log, retention,
};
use crate::app::{Dashboard, TerminalGuard, spawn_input};
use crate::cli::{ApiArgs, ColorChoice, DashboardArgs};
use crate::config::{FileLayer, LiveConfig, use_color};
use crate::error::{Error, Result};
use crate::follow::Follower;
use crate::server::Server;
use crate::store::Retention;
use crate::store::{StoreHandle, StoreOptions, spawn_store};
use crate::theme::{BUILTIN_NAMES, Theme};
use crate::ui::{Chrome, Palette};

/// Updates in flight between the engine and the store.
const CHANNEL: usize = 1024;

/// Opens the dashboard on the places `args` name; returns when the user quits.
pub fn run(
    patterns_flag: Option<&Path>,
    theme: Theme,
    layer: &FileLayer,
    args: &DashboardArgs,
) -> Result<ExitStatus> {
    let config = LiveConfig::resolve(&args.live, layer)?;
    let keep = retention(args.retention.as_deref(), &config.limits)?;
    if args.no_tui {
        return super::headless::run(patterns_flag, layer, config, &args.api, keep);
    }
    run_config(
        patterns_flag,
        theme,
        layer,
        config,
        args.color,
        &args.api,
        keep,
    )
}

/// [`run`] with the live settings already resolved (the demo builds its own).
pub fn run_config(
    patterns_flag: Option<&Path>,
    theme: Theme,
    layer: &FileLayer,
    config: LiveConfig,
    color: Option<ColorChoice>,
    api_args: &ApiArgs,
    keep: Retention,
) -> Result<ExitStatus> {
    if !std::io::stdout().is_terminal() {
        return Err(Error::Usage(
            "the dashboard needs a terminal; for scripts use `logwarden watch` (issues on stdout), \
             or `--no-tui --api ADDR` to serve the JSON API"
                .into(),
        ));
    }
    let (classifier, settings, state, state_problem) = open_inputs(patterns_flag, layer, &config)?;
    let api = api_config(api_args, layer, &settings)?;
    init_logging(config.log_file.as_deref())?;
    if let Some(problem) = state_problem {
        tracing::warn!("{problem}");
    }
    let palettes = palettes(theme, use_color(color.unwrap_or(ColorChoice::Auto)));
    let history = open_history(state.as_ref(), keep);
    let mut config = config;
    super::live::positions_in_history(&mut config.follow, history.as_ref());
    let signals = settings.signals;
    let limits = config.limits;
    let runtime = super::runtime()?;
    let (follower, updates) =
        Follower::start(config.follow, classifier, state, CHANNEL).map_err(Error::Start)?;
    let stats = follower.stats();
    let outcome: Result<StoreHandle> = runtime.block_on(async move {
        let options = StoreOptions::engine(Arc::clone(&stats), history, signals, limits);
        let (store, _task) = spawn_store(updates, options);
        let server = match api {
            Some(api) => Some(
                Server::start(api.clone(), store.clone(), Some(stats))
                    .await
                    .map_err(|e| bind_error(&api, &e))?,
            ),
            None => None,
        };
        let chrome = Chrome {
            api: server.as_ref().map(|s| s.local_addr().to_string()),
        };
        let drawn = async {
            let mut guard = TerminalGuard::enter()?;
            let input = spawn_input();
            Dashboard::new(store.clone(), palettes, chrome)
                .run(&mut guard.terminal, input)
                .await
        }
        .await;
        if let Some(server) = server {
            server.stop().await;
        }
        drawn.map_err(|e| Error::Usage(format!("terminal error: {e}")))?;
        Ok(store)
    });
    follower.stopper().stop();
    follower.join();
    // The terminal is back to normal: say it where the user sees it.
    match finish_history(&runtime, &outcome?) {
        Some(message) => {
            eprintln!("logwarden: {message}");
            Ok(ExitStatus::Failure)
        }
        None => Ok(ExitStatus::Clean),
    }
}

/// The chosen theme first, then the other built-ins (`t` cycles).
fn palettes(theme: Theme, color: bool) -> Vec<Palette> {
    let mut palettes = vec![Palette::new(theme.clone(), color)];
    for name in BUILTIN_NAMES {
        if *name != theme.name {
            palettes.push(Palette::new(Theme::load(name).0, color));
        }
    }
    palettes
}

/// logwarden's own messages: to the dashboard's log pane, and to
/// `--log-file` when given.
fn init_logging(log_file: Option<&Path>) -> Result<()> {
    tui_logger::set_default_level(tui_logger::LevelFilter::Info);
    let file_layer = match log_file {
        Some(path) => {
            let file = open_log(path)?;
            Some(
                tracing_subscriber::fmt::layer()
                    .with_ansi(false)
                    .with_target(false)
                    .with_writer(std::sync::Mutex::new(file)),
            )
        }
        None => None,
    };
    let subscriber = tracing_subscriber::registry()
        .with(tui_logger::TuiTracingSubscriberLayer)
        .with(file_layer);
    // Already set (a second dashboard in one process, as in tests): keep the first.
    let _ = tracing::subscriber::set_global_default(subscriber);
    Ok(())
}
