//! A regex typed by the user (search, include and exclude filters),
//! compiled once when its prompt is confirmed. The text is untrusted: its
//! length and compiled size are bounded, and a bad one is an error to show,
//! never a panic.

use std::fmt;

use regex::{Regex, RegexBuilder};

use super::text::safe;
use crate::model::Issue;

/// Longest pattern accepted, in bytes.
pub(super) const MAX_PATTERN: usize = 512;

/// Compiled size a pattern may take (the regex crate's `size_limit`): a
/// small `a{1000}{1000}` must not eat memory on the draw loop's thread.
const SIZE_LIMIT: usize = 1 << 20;

/// A compiled, case-insensitive regex and the text it came from. Equal
/// when their texts are (the view's memo keys on it).
#[derive(Clone)]
pub struct Pattern {
    source: String,
    regex: Regex,
}

impl Pattern {
    /// Compiles `source`, case-insensitive (`(?-i)` turns that off); the
    /// error is one line, safe to draw.
    pub fn new(source: &str) -> Result<Pattern, String> {
        if source.len() > MAX_PATTERN {
            return Err(format!("longer than {MAX_PATTERN} bytes"));
        }
        let regex = RegexBuilder::new(source)
            .case_insensitive(true)
            .size_limit(SIZE_LIMIT)
            .dfa_size_limit(SIZE_LIMIT)
            .build()
            .map_err(|e| one_line(&e))?;
        Ok(Pattern {
            source: source.to_string(),
            regex,
        })
    }

    /// The text typed.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Whether the regex matches `text`.
    pub fn is_match(&self, text: &str) -> bool {
        self.regex.is_match(text)
    }

    /// Whether the regex matches anything `issue` shows: its event (the
    /// whole traceback), its log line, type, category and file.
    pub fn matches(&self, issue: &Issue) -> bool {
        // The log line is usually the event's first line: search it apart
        // only when it is not.
        let line_apart = !issue.event.starts_with(issue.log_line.as_str());
        self.is_match(&issue.event)
            || (line_apart && self.is_match(&issue.log_line))
            || [&issue.issue_type, &issue.category, &issue.source_file]
                .iter()
                .any(|field| self.is_match(field))
    }
}

impl PartialEq for Pattern {
    fn eq(&self, other: &Pattern) -> bool {
        self.source == other.source
    }
}

impl Eq for Pattern {}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Pattern({:?})", self.source)
    }
}

impl fmt::Display for Pattern {
    /// The text, made safe for the terminal.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&safe(&self.source))
    }
}

/// The regex crate's error in one line: its messages span several lines
/// (the pattern quoted, a caret under the spot), a prompt line has one.
fn one_line(error: &regex::Error) -> String {
    let text = match error {
        regex::Error::CompiledTooBig(_) => "too big once compiled".to_string(),
        other => {
            let text = other.to_string();
            text.lines()
                .rev()
                .find_map(|l| l.trim().strip_prefix("error: ").map(str::to_string))
                .unwrap_or_else(|| text.lines().last().unwrap_or("invalid").trim().to_string())
        }
    };
    safe(&text).into_owned()
}

#[cfg(test)]
mod tests;
