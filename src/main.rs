//! The `logwarden` binary: parse flags, dispatch, map outcomes to exit codes.

use std::process::ExitCode;

use clap::Parser;

use logwarden::cli::{Cli, Command, PatternsCommand};
use logwarden::commands::{ExitStatus, dashboard, demo, history, patterns, scan, templates, watch};
use logwarden::config::FileLayer;
use logwarden::model::sanitize_lines;
use logwarden::theme::Theme;

fn main() -> ExitCode {
    // A write past the file-size limit (ulimit -f) must fail with EFBIG,
    // which the history reports like a full disk, not kill the process.
    // SAFETY: called before any thread starts; SIG_IGN installs no handler.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
    let cli = Cli::parse();
    match run(&cli) {
        Ok(status) => status.into(),
        Err(error) => {
            // Errors quote rules files, paths and config: keep them inert.
            eprintln!("logwarden: {}", sanitize_lines(&error.to_string()));
            ExitStatus::Failure.into()
        }
    }
}

fn run(cli: &Cli) -> logwarden::error::Result<ExitStatus> {
    let layer = FileLayer::load(cli.config.as_deref())?;
    let patterns_flag = cli.patterns.as_deref();
    let Some(command) = &cli.command else {
        return dashboard::run(
            patterns_flag,
            load_theme(&layer, cli),
            &layer,
            &cli.dashboard,
        );
    };
    match command {
        Command::Demo(args) => demo::run(patterns_flag, load_theme(&layer, cli), &layer, args),
        Command::Scan(args) => {
            scan::run(patterns_flag, Some(load_theme(&layer, cli)), &layer, args)
        }
        Command::Watch(args) => {
            watch::run(patterns_flag, Some(load_theme(&layer, cli)), &layer, args)
        }
        Command::Templates(args) => templates::run(args),
        Command::Export(args) => history::export(patterns_flag, &layer, args),
        Command::Import(args) => history::import(patterns_flag, &layer, args),
        Command::Patterns(PatternsCommand::Check { file }) => {
            let path = file.clone().or_else(|| layer.patterns_path(patterns_flag));
            patterns::check(path.as_deref())
        }
        Command::Patterns(PatternsCommand::Test { file, lines }) => {
            let rules = layer.patterns_path(patterns_flag);
            patterns::test(rules.as_deref(), file.as_deref(), lines)
        }
    }
}

/// The theme from flag or config; problems with it are warnings, not errors.
fn load_theme(layer: &FileLayer, cli: &Cli) -> Theme {
    let Some(name) = layer.theme(cli.theme.as_deref()) else {
        return Theme::default_theme();
    };
    let (theme, warnings) = Theme::load(&name);
    for warning in warnings {
        eprintln!(
            "logwarden: warning: {}",
            sanitize_lines(&warning.to_string())
        );
    }
    theme
}
