//! The `logwarden` binary: parse flags, dispatch, map outcomes to exit codes.

use std::process::ExitCode;

use clap::Parser;

use logwarden::cli::{Cli, Command, PatternsCommand};
use logwarden::commands::{ExitStatus, patterns, scan};
use logwarden::config::FileLayer;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(status) => status.into(),
        Err(error) => {
            eprintln!("logwarden: {error}");
            ExitStatus::Failure.into()
        }
    }
}

fn run(cli: &Cli) -> logwarden::error::Result<ExitStatus> {
    let layer = FileLayer::load(cli.config.as_deref())?;
    let patterns_flag = cli.patterns.as_deref();
    match &cli.command {
        Command::Scan(args) => scan::run(patterns_flag, &layer, args),
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
