//! Counts per type, severity and category, for `scan --format summary`.
//! Filled from rule matches directly, so no issue records are built.

use std::collections::BTreeMap;
use std::io::{self, Write};

use crate::model::{Severity, sanitize_for_terminal};

/// Running totals of a scan.
#[derive(Debug, Default, Clone)]
pub(crate) struct Summary {
    /// Inputs read.
    pub files: u64,
    /// Lines read.
    pub lines: u64,
    /// Bytes read.
    pub bytes: u64,
    /// Issues found.
    pub issues: u64,
    by_severity: BTreeMap<Severity, u64>,
    by_category: BTreeMap<String, u64>,
    by_type: BTreeMap<String, (Severity, String, u64)>,
}

impl Summary {
    /// Counts one issue.
    pub(crate) fn add(&mut self, issue_type: &str, severity: Severity, category: &str) {
        self.issues += 1;
        *self.by_severity.entry(severity).or_default() += 1;
        *self.by_category.entry(category.to_string()).or_default() += 1;
        let entry = self.by_type.entry(issue_type.to_string()).or_insert((
            severity,
            category.to_string(),
            0,
        ));
        entry.0 = entry.0.max(severity);
        entry.2 += 1;
    }

    /// The gravest severity seen, if any issue was found.
    pub(crate) fn worst(&self) -> Option<Severity> {
        self.by_severity.keys().next_back().copied()
    }

    /// How many issues had `severity`.
    pub(crate) fn count(&self, severity: Severity) -> u64 {
        self.by_severity.get(&severity).copied().unwrap_or(0)
    }

    /// One line: `N issues (a CRITICAL, b ERROR) in F files, L lines`.
    pub(crate) fn headline(&self) -> String {
        let parts: Vec<String> = Severity::ALL
            .iter()
            .filter(|s| self.count(**s) > 0)
            .map(|s| format!("{} {s}", self.count(*s)))
            .collect();
        let detail = if parts.is_empty() {
            String::new()
        } else {
            format!(" ({})", parts.join(", "))
        };
        format!(
            "{} issue{}{detail} in {} file{}, {} lines",
            self.issues,
            plural(self.issues),
            self.files,
            plural(self.files),
            self.lines
        )
    }

    /// The full report.
    pub(crate) fn write(&self, out: &mut impl Write) -> io::Result<()> {
        writeln!(out, "{}", self.headline())?;
        writeln!(out, "\nseverity    issues")?;
        for severity in Severity::ALL {
            writeln!(out, "{:<10} {:>7}", severity.as_str(), self.count(severity))?;
        }
        writeln!(out, "\ncategory             issues")?;
        // Types and categories come from the rules file: shown inert.
        for (category, n) in &self.by_category {
            let category = sanitize_for_terminal(category);
            writeln!(out, "{category:<19} {n:>7}")?;
        }
        writeln!(
            out,
            "\ntype                     severity  category             issues"
        )?;
        for (issue_type, (severity, category, n)) in &self.by_type {
            let (issue_type, category) = (
                sanitize_for_terminal(issue_type),
                sanitize_for_terminal(category),
            );
            writeln!(
                out,
                "{issue_type:<24} {:<9} {category:<19} {n:>7}",
                severity.as_str()
            )?;
        }
        Ok(())
    }
}

fn plural(n: u64) -> &'static str {
    if n == 1 { "" } else { "s" }
}
