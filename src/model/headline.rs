//! The line that names an issue's problem, for one-line views.

use super::Issue;

/// How a Python traceback starts; the line says nothing about the problem.
const TRACEBACK_HEAD: &str = "Traceback (most recent call last)";

impl Issue {
    /// The line that names the problem: the log line, except for a Python
    /// traceback, whose first line says nothing and whose last non-blank
    /// line holds the exception and its message.
    pub fn headline(&self) -> &str {
        if self.log_line.trim_start().starts_with(TRACEBACK_HEAD) {
            let last = self.event.lines().rev().find(|l| !l.trim().is_empty());
            if let Some(last) = last {
                return last;
            }
        }
        &self.log_line
    }
}

#[cfg(test)]
mod tests;
