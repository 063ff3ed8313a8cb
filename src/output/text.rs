//! The readable listing of `scan --format text`, compiler-style:
//! `path:line: SEVERITY type: log line`, severity colored on a terminal.

use std::io::{self, Write};

use crate::model::{Issue, Severity, sanitize_for_terminal};
use crate::theme::Theme;

/// Prints issues as text. Every piece of log text, and the type from the
/// rules file, is sanitized first.
pub(crate) struct TextPrinter {
    /// The theme to color severities with; `None` prints no colors.
    theme: Option<Theme>,
}

impl TextPrinter {
    /// A printer; with a theme, severities are colored by it.
    pub(crate) fn new(theme: Option<Theme>) -> Self {
        TextPrinter { theme }
    }

    /// Writes one issue (two lines when the event spans several lines).
    pub(crate) fn issue(&self, out: &mut impl Write, issue: &Issue) -> io::Result<()> {
        let line = issue.line.map(|n| format!(":{n}")).unwrap_or_default();
        writeln!(
            out,
            "{}{}: {} {}: {}",
            sanitize_for_terminal(&issue.source_file),
            line,
            self.severity(issue.severity),
            sanitize_for_terminal(&issue.issue_type),
            sanitize_for_terminal(&issue.log_line)
        )?;
        self.group(out, issue)?;
        let extra = issue.event.matches('\n').count();
        if extra > 0 {
            let last = issue.event.rsplit('\n').next().unwrap_or("");
            writeln!(
                out,
                "    (+{extra} more line{} in this event, ending: {})",
                if extra == 1 { "" } else { "s" },
                sanitize_for_terminal(last.trim())
            )?;
        }
        Ok(())
    }

    /// Writes an event printed before that more lines joined (a traceback
    /// read after its log record): what it is now.
    pub(crate) fn grown(&self, out: &mut impl Write, issue: &Issue) -> io::Result<()> {
        let line = issue.line.map(|n| format!(":{n}")).unwrap_or_default();
        let lines = issue.event.matches('\n').count() + 1;
        let last = issue.event.rsplit('\n').next().unwrap_or("");
        writeln!(
            out,
            "{}{}: grew to {lines} lines: now {} {}, ending: {}",
            sanitize_for_terminal(&issue.source_file),
            line,
            self.severity(issue.severity),
            sanitize_for_terminal(&issue.issue_type),
            sanitize_for_terminal(last.trim())
        )
    }

    /// What grouping says of it (`watch`; `scan` does not group): how often
    /// its group has occurred, and whether it spikes. (A new pattern is in
    /// the JSON only: `watch` keeps no history, so every group is new at
    /// first.)
    fn group(&self, out: &mut impl Write, issue: &Issue) -> io::Result<()> {
        let mut facts = Vec::new();
        if issue.count > 1 {
            facts.push(format!(
                "occurrence {} of its group, first at {}",
                issue.count, issue.first_seen
            ));
        }
        if let Some(factor) = issue.spike_factor {
            facts.push(format!("spiking at {factor:.0}x its usual rate"));
        }
        if facts.is_empty() {
            return Ok(());
        }
        writeln!(out, "    ({})", facts.join("; "))
    }

    fn severity(&self, severity: Severity) -> String {
        match &self.theme {
            Some(theme) => theme.severity(severity).paint(severity.as_str()),
            None => severity.to_string(),
        }
    }
}
