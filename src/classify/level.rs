//! Finding the log level a line declares (its own severity field).
//!
//! Rules can require a level (`min_level = "ERROR"`): the level field is how
//! software itself reports that something went wrong, and it is far more
//! precise than the word "error" anywhere in a line ("0 errors",
//! "ErrorHandler registered"). Only the *first* level-looking token near the
//! start of the line counts, so `INFO ... ERROR queue drained` is INFO.

use std::fmt;
use std::str::FromStr;

pub(crate) use detect::{detect_level, detect_level_span, letter_level};

mod detect;

/// A normalized log level (syslog's scale plus TRACE/DEBUG).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LogLevel {
    /// TRACE, FINEST, VERBOSE.
    Trace,
    /// DEBUG, FINE, FINER.
    Debug,
    /// INFO, LOG (PostgreSQL), CONFIG.
    Info,
    /// NOTICE.
    Notice,
    /// WARN, WARNING.
    Warning,
    /// ERROR, ERR, SEVERE.
    Error,
    /// CRITICAL, CRIT, FATAL.
    Critical,
    /// ALERT.
    Alert,
    /// EMERG, EMERGENCY, PANIC.
    Emergency,
}

impl LogLevel {
    /// Upper-case name as written in patterns.toml.
    pub fn as_str(self) -> &'static str {
        match self {
            LogLevel::Trace => "TRACE",
            LogLevel::Debug => "DEBUG",
            LogLevel::Info => "INFO",
            LogLevel::Notice => "NOTICE",
            LogLevel::Warning => "WARNING",
            LogLevel::Error => "ERROR",
            LogLevel::Critical => "CRITICAL",
            LogLevel::Alert => "ALERT",
            LogLevel::Emergency => "EMERGENCY",
        }
    }

    fn from_word(word: &[u8]) -> Option<LogLevel> {
        let upper = word.to_ascii_uppercase();
        LEVEL_WORDS
            .iter()
            .find(|(_, words)| words.iter().any(|w| w.as_bytes() == upper.as_slice()))
            .map(|(level, _)| *level)
    }

    fn from_letter(letter: u8) -> Option<LogLevel> {
        Some(match letter {
            b'V' => LogLevel::Trace,
            b'D' => LogLevel::Debug,
            b'I' => LogLevel::Info,
            b'W' => LogLevel::Warning,
            b'E' => LogLevel::Error,
            b'F' | b'C' => LogLevel::Critical,
            b'A' => LogLevel::Alert,
            _ => return None,
        })
    }
}

impl fmt::Display for LogLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A log level name that is not one (the message lists the valid ones).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown log level `{0}` (valid: TRACE, DEBUG, INFO, NOTICE, WARNING, ERROR, CRITICAL, \
     ALERT, EMERGENCY, and the aliases WARN, ERR, SEVERE, CRIT, FATAL, EMERG, PANIC)"
)]
pub struct UnknownLevel(pub String);

impl FromStr for LogLevel {
    type Err = UnknownLevel;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        LogLevel::from_word(s.as_bytes()).ok_or_else(|| UnknownLevel(s.to_string()))
    }
}

/// Words each level is written as (upper case), for building prefilters.
const LEVEL_WORDS: &[(LogLevel, &[&str])] = &[
    (LogLevel::Trace, &["TRACE", "FINEST", "VERBOSE"]),
    (LogLevel::Debug, &["DEBUG", "DBG", "FINE", "FINER"]),
    (LogLevel::Info, &["INFO", "INF", "CONFIG"]),
    (LogLevel::Notice, &["NOTICE"]),
    (LogLevel::Warning, &["WARN", "WARNING", "WRN"]),
    (LogLevel::Error, &["ERROR", "ERR", "EROR", "SEVERE"]),
    (LogLevel::Critical, &["CRITICAL", "CRIT", "FATAL", "FTL"]),
    (LogLevel::Alert, &["ALERT"]),
    (LogLevel::Emergency, &["EMERG", "EMERGENCY", "PANIC"]),
];

/// Microsoft.Extensions.Logging's console format: `fail: Category[id]` at line start.
const DOTNET_LEVELS: &[(&[u8], LogLevel)] = &[
    (b"trce", LogLevel::Trace),
    (b"dbug", LogLevel::Debug),
    (b"info", LogLevel::Info),
    (b"warn", LogLevel::Warning),
    (b"fail", LogLevel::Error),
    (b"crit", LogLevel::Critical),
];

/// Where lower- or mixed-case level words are accepted, as written before the word.
const LEVEL_KEYS: &[&str] = &[
    "level=",
    "lvl=",
    "severity=",
    "\"level\":\"",
    "\"severity\":\"",
    "\"level\": \"",
    "\"@level\":\"",
];

/// Literals that find every line on which [`detect_level`] can report a
/// level of `min` or above, except one-letter layouts ([`letter_level`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct LevelHints {
    /// Searched case-sensitively in the original text: upper-case words.
    pub upper: Vec<String>,
    /// Searched in lower-cased text: the delimited forms of the words.
    pub lower: Vec<String>,
}

/// The prefilter literals for levels `min` and above.
pub(crate) fn level_hints(min: LogLevel) -> LevelHints {
    let mut hints = LevelHints::default();
    for (level, words) in LEVEL_WORDS {
        if *level < min {
            continue;
        }
        for word in *words {
            let lower = word.to_ascii_lowercase();
            hints.upper.push(word.to_string());
            hints.lower.push(format!("[{lower}"));
            hints.lower.push(format!("\t{lower}"));
            hints.lower.push(format!(":{lower}]"));
            hints.lower.push(format!("<{lower}>"));
            hints.lower.push(format!("{lower}:"));
            hints
                .lower
                .extend(LEVEL_KEYS.iter().map(|key| format!("{key}{lower}")));
        }
        if let Some(letter) = level_letter(*level) {
            hints
                .lower
                .push(format!("\"s\":\"{}\"", letter.to_ascii_lowercase() as char));
        }
    }
    for (number, level) in [
        ("60", LogLevel::Critical),
        ("50", LogLevel::Error),
        ("40", LogLevel::Warning),
    ] {
        if level >= min {
            hints.lower.push(format!("\"level\":{number}"));
        }
    }
    for (word, level) in DOTNET_LEVELS {
        if *level >= min {
            hints
                .lower
                .push(format!("{}: ", String::from_utf8_lossy(word)));
        }
    }
    hints
}

fn level_letter(level: LogLevel) -> Option<u8> {
    Some(match level {
        LogLevel::Trace => b'V',
        LogLevel::Debug => b'D',
        LogLevel::Info => b'I',
        LogLevel::Warning => b'W',
        LogLevel::Error => b'E',
        LogLevel::Critical => b'F',
        _ => return None,
    })
}

#[cfg(test)]
mod tests;
