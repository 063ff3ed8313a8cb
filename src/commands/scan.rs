//! `logwarden scan`: classify existing logs once and report.

use std::io::{self, BufWriter, ErrorKind, Write};

use chrono::Local;

use super::ExitStatus;
use crate::classify::Classifier;
use crate::cli::{FailOn, Format, ScanArgs};
use crate::config::{ScanConfig, Settings, load_classifier};
use crate::error::Result;
use crate::ingest::Event;
use crate::ingest::{Input, expand};
use crate::model::{sanitize_for_terminal, sanitize_lines};
use crate::output::{Summary, TextPrinter, write_json_line};
use crate::pipeline::{Scanner, issue_from_event};
use crate::theme::Theme;

/// Runs a scan; problems with individual paths are reported on stderr and
/// give exit status 2 once everything readable has been scanned.
pub fn run(settings: &Settings, args: &ScanArgs) -> Result<ExitStatus> {
    let config = ScanConfig::resolve(args, &settings.layer)?;
    let (classifier, _) = load_classifier(settings.patterns.as_deref())?;
    let theme = Some(settings.theme.clone());
    let (inputs, input_errors) = expand(&config.paths);
    let mut failed = !input_errors.is_empty();
    for error in &input_errors {
        eprintln!("logwarden: {}", sanitize_lines(&error.to_string()));
    }
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(256 * 1024, stdout.lock());
    let mut report = Report::new(&config, &classifier, theme);
    let mut scanner = Scanner::new(&classifier, config.line_cap);
    if let Some(threads) = config.threads {
        scanner = scanner.with_threads(threads);
    }
    for input in &inputs {
        match report.scan_one(&mut scanner, input, &mut out) {
            Ok(()) => {}
            Err(ScanError::Output(e)) if e.kind() == ErrorKind::BrokenPipe => {
                return Ok(report.status(failed));
            }
            Err(ScanError::Output(e)) => {
                eprintln!("logwarden: cannot write output: {e}");
                return Ok(ExitStatus::Failure);
            }
            Err(ScanError::Input(e)) => {
                let said = format!("{}: {e}", input.name());
                eprintln!("logwarden: {}", sanitize_for_terminal(&said));
                failed = true;
            }
        }
    }
    let finished = report.finish(&mut out).and_then(|()| out.flush());
    match finished {
        Err(e) if e.kind() != ErrorKind::BrokenPipe => {
            eprintln!("logwarden: cannot write output: {e}");
            Ok(ExitStatus::Failure)
        }
        _ => Ok(report.status(failed)),
    }
}

enum ScanError {
    Input(io::Error),
    Output(io::Error),
}

/// Accumulates results and prints them in the chosen format.
struct Report<'a> {
    config: &'a ScanConfig,
    classifier: &'a Classifier,
    summary: Summary,
    text: TextPrinter,
}

impl<'a> Report<'a> {
    fn new(config: &'a ScanConfig, classifier: &'a Classifier, theme: Option<Theme>) -> Self {
        Report {
            config,
            classifier,
            summary: Summary::default(),
            text: TextPrinter::new(theme.filter(|_| config.color)),
        }
    }

    fn scan_one(
        &mut self,
        scanner: &mut Scanner<'_>,
        input: &Input,
        out: &mut impl Write,
    ) -> std::result::Result<(), ScanError> {
        let reader = input.open().map_err(ScanError::Input)?;
        let source = input.name();
        let today = Local::now().date_naive();
        let mut write_error: Option<io::Error> = None;
        let counts = scanner
            .scan(reader, |event: &Event| {
                if write_error.is_some() {
                    return;
                }
                if let Err(e) = self.record(event, &source, today, out) {
                    write_error = Some(e);
                }
            })
            .map_err(ScanError::Input)?;
        if let Some(e) = write_error {
            return Err(ScanError::Output(e));
        }
        self.summary.files += 1;
        self.summary.lines += counts.lines;
        self.summary.bytes += counts.bytes;
        Ok(())
    }

    fn record(
        &mut self,
        event: &Event,
        source: &str,
        today: chrono::NaiveDate,
        out: &mut impl Write,
    ) -> io::Result<()> {
        let Some(best) = &event.best else {
            return Ok(());
        };
        let rule = self.classifier.rule(best.matched.rule);
        let issue_type = self.classifier.rules().type_of(rule);
        self.summary
            .add(&issue_type.id, rule.severity, &issue_type.category);
        if self.config.format == Format::Summary {
            return Ok(());
        }
        let Some(issue) = issue_from_event(event, self.classifier, source, today) else {
            return Ok(());
        };
        match self.config.format {
            Format::Json => write_json_line(out, &issue),
            _ => self.text.issue(out, &issue),
        }
    }

    fn finish(&self, out: &mut impl Write) -> io::Result<()> {
        match self.config.format {
            Format::Summary => self.summary.write(out),
            Format::Text => writeln!(out, "{}", self.summary.headline()),
            Format::Json => Ok(()),
        }
    }

    fn status(&self, failed: bool) -> ExitStatus {
        if failed {
            return ExitStatus::Failure;
        }
        let tripped = match (self.config.fail_on, self.summary.worst()) {
            (FailOn::AtLeast(threshold), Some(worst)) => worst >= threshold,
            _ => false,
        };
        if tripped {
            ExitStatus::IssuesFound
        } else {
            ExitStatus::Clean
        }
    }
}
