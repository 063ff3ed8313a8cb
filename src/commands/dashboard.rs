//! `logwarden [OPTIONS] [PATH...]`: the terminal dashboard attached to the
//! running program; it reads the store's snapshots and sends it the
//! user's changes.

use std::io::IsTerminal;

use super::ExitStatus;
use crate::app::{Dashboard, TerminalGuard, spawn_input};
use crate::config::LiveSettings;
use crate::error::{Error, Result};
use crate::live::{Logging, Running, start};
use crate::model::sanitize_lines;
use crate::theme::{BUILTIN_NAMES, Theme};
use crate::ui::{Chrome, Notice, Palette};

/// Opens the dashboard; returns when the user quits.
pub fn run(mut settings: LiveSettings) -> Result<ExitStatus> {
    if !std::io::stdout().is_terminal() {
        return Err(Error::Usage(
            "the dashboard needs a terminal; for scripts use `logwarden watch` (issues on stdout), \
             or `--no-tui --api ADDR` to serve the JSON API"
                .into(),
        ));
    }
    let palettes = palettes(&settings.theme, settings.color);
    let from_start = settings.live.follow.from_start;
    let warnings = std::mem::take(&mut settings.warnings);
    let running = start(settings, Logging::Dashboard)?;
    // stderr is hidden behind the screen: the log pane and the status
    // bar say them again.
    let notices = warnings
        .iter()
        .map(|w| {
            let w = sanitize_lines(w);
            tracing::warn!("{w}");
            Notice::warning(format!("warning: {w}"))
        })
        .collect();
    let drawn = draw(&running, palettes, from_start, notices);
    // The terminal is back to normal: say it where the user sees it.
    let unsaved = running.shutdown();
    drawn?;
    match unsaved {
        Some(message) => {
            eprintln!("logwarden: {message}");
            Ok(ExitStatus::Failure)
        }
        None => Ok(ExitStatus::Clean),
    }
}

/// Runs the dashboard until the user quits; the terminal is restored
/// when it returns.
fn draw(
    running: &Running,
    palettes: Vec<Palette>,
    from_start: bool,
    notices: Vec<Notice>,
) -> Result<()> {
    let chrome = Chrome {
        api: running.api_addr().map(|addr| addr.to_string()),
        from_start,
    };
    let store = running.store().clone();
    let hub = running.hub().cloned();
    running
        .block_on(async {
            let mut guard = TerminalGuard::enter()?;
            let (input, control) = spawn_input();
            Dashboard::new(store, palettes, chrome)
                .with_hub(hub)
                .with_input(control)
                .with_notices(notices)
                .run(&mut guard.terminal, input)
                .await
        })
        .map_err(Error::Terminal)
}

/// The chosen theme first, then the other built-ins (`t` cycles).
fn palettes(theme: &Theme, color: bool) -> Vec<Palette> {
    let mut palettes = vec![Palette::new(theme.clone(), color)];
    for name in BUILTIN_NAMES {
        if *name != theme.name {
            palettes.push(Palette::new(Theme::load(name).0, color));
        }
    }
    palettes
}
