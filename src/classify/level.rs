//! Finding the log level a line declares (its own severity field).
//!
//! Rules can require a level (`min_level = "ERROR"`): the level field is how
//! software itself reports that something went wrong, and it is far more
//! precise than the word "error" anywhere in a line ("0 errors",
//! "ErrorHandler registered"). Only the *first* level-looking token near the
//! start of the line counts, so `INFO ... ERROR queue drained` is INFO.

use std::fmt;
use std::str::FromStr;

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

/// How far into a line a level field may start (past timestamps, hosts, pids).
const SEARCH_WINDOW: usize = 200;

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
];

/// Literals that find every line on which [`detect_level`] can report a
/// level of `min` or above, except one-letter layouts ([`letter_level`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LevelHints {
    /// Searched case-sensitively in the original text: upper-case words.
    pub upper: Vec<String>,
    /// Searched in lower-cased text: the delimited forms of the words.
    pub lower: Vec<String>,
}

/// The prefilter literals for levels `min` and above.
pub fn level_hints(min: LogLevel) -> LevelHints {
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

/// The level a line declares, if any.
pub fn detect_level(line: &[u8]) -> Option<LogLevel> {
    detect_level_span(line).map(|(level, _)| level)
}

/// The level a line declares and the byte range of its token, so rules can
/// ignore the level word itself when matching the message.
pub fn detect_level_span(line: &[u8]) -> Option<(LogLevel, std::ops::Range<usize>)> {
    if let Some(level) = klog_level(line) {
        return Some((level, 0..1));
    }
    if let Some(level) = dotnet_level(line) {
        return Some((level, 0..4));
    }
    let window = &line[..line.len().min(SEARCH_WINDOW)];
    let mut i = 0;
    while i < window.len() {
        let b = window[i];
        if !b.is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let start = i;
        while i < window.len() && window[i].is_ascii_alphanumeric() {
            i += 1;
        }
        let before = if start == 0 {
            None
        } else {
            Some(window[start - 1])
        };
        let after = window.get(i).copied();
        if let Some(level) = level_token(window, start, i, before, after) {
            return Some((level, start..i));
        }
    }
    None
}

/// A one-letter level the literal prefilter cannot see: klog
/// (`E0310 12:00:00.000000 ...`), Android logcat (`... 1702 E Tag:`), or
/// GlusterFS (`[2024-03-10 06:07:00.123456 +0000] E [MSGID: ...]`).
pub fn letter_level(line: &[u8]) -> Option<LogLevel> {
    klog_level(line)
        .or_else(|| logcat_level(line))
        .or_else(|| bracketed_letter_level(line))
}

/// `] E [`: a level letter between a bracketed timestamp and a bracket.
fn bracketed_letter_level(line: &[u8]) -> Option<LogLevel> {
    if line.first() != Some(&b'[') {
        return None;
    }
    let window = &line[..line.len().min(64)];
    let pos = window
        .windows(5)
        .position(|w| w[0] == b']' && w[1] == b' ' && w[3] == b' ' && w[4] == b'[')?;
    LogLevel::from_letter(window[pos + 2])
}

/// Interprets the word `window[start..end]` as a level if its shape and
/// surroundings say it is one.
fn level_token(
    window: &[u8],
    start: usize,
    end: usize,
    before: Option<u8>,
    after: Option<u8>,
) -> Option<LogLevel> {
    let word = &window[start..end];
    let opens = |b: Option<u8>| {
        matches!(
            b,
            None | Some(b' ' | b'\t' | b'[' | b'(' | b'<' | b'|' | b'.')
        )
    };
    let closes = |b: Option<u8>| {
        matches!(
            b,
            None | Some(b' ' | b'\t' | b']' | b')' | b'>' | b'|' | b':' | b',' | b'/')
        )
    };
    if word.len() == 1 {
        // logcat: "... 1702  2395 E WindowManager: msg" (letter between spaces
        // after the pid/tid columns), or MongoDB JSON `"s":"E"`.
        let prior = &window[..start];
        let json = prior.ends_with(b"\"s\":\"") && after == Some(b'"');
        let logcat = before == Some(b' ') && after == Some(b' ') && looks_like_logcat_head(prior);
        // GlusterFS: `[2024-03-10 06:07:00.123456 +0000] E [MSGID: 114058] ...`
        let gluster = bracketed_letter_level(window).is_some()
            && prior.ends_with(b"] ")
            && window[end..].starts_with(b" [");
        return if json || logcat || gluster {
            LogLevel::from_letter(word[0])
        } else {
            None
        };
    }
    let level = LogLevel::from_word(word)?;
    let upper = word.iter().all(|b| !b.is_ascii_lowercase());
    // PostgreSQL writes `LOG:` for info; the bare word LOG is too common.
    if upper && opens(before) && closes(after) {
        return Some(level);
    }
    // Lower or mixed case only where a layout puts a level there:
    // `[error]` (Apache, nginx), `level=error`, `"level":"error"`, zap's tabs.
    let bracketed = before == Some(b'[') && after == Some(b']');
    let keyed = {
        let prior = &window[..start];
        let lowered: Vec<u8> = prior[prior.len().saturating_sub(12)..].to_ascii_lowercase();
        lowered.ends_with(b"level=")
            || lowered.ends_with(b"lvl=")
            || lowered.ends_with(b"severity=")
            || lowered.ends_with(b"\"level\":\"")
            || lowered.ends_with(b"\"severity\":\"")
            || lowered.ends_with(b"\"level\": \"")
    };
    let tabbed = before == Some(b'\t') && after == Some(b'\t');
    (bracketed || keyed || tabbed).then_some(level)
}

/// .NET console logging: `fail: Microsoft.EntityFrameworkCore[20004]`.
fn dotnet_level(line: &[u8]) -> Option<LogLevel> {
    if line.get(4..6) != Some(b": ") {
        return None;
    }
    DOTNET_LEVELS
        .iter()
        .find(|(word, _)| line.starts_with(word))
        .map(|(_, level)| *level)
}

/// klog (Kubernetes, glog): `E0310 12:00:00.000000    1234 file.go:12] msg`.
fn klog_level(line: &[u8]) -> Option<LogLevel> {
    let head = line.get(..6)?;
    let digits = head[1..5].iter().all(u8::is_ascii_digit);
    if digits && head[5] == b' ' && matches!(head[0], b'I' | b'W' | b'E' | b'F') {
        LogLevel::from_letter(head[0])
    } else {
        None
    }
}

/// logcat `threadtime`: `03-17 16:13:38.811  1702  2395 E Tag: msg`.
fn logcat_level(line: &[u8]) -> Option<LogLevel> {
    // Cheap shape check first: this runs on lines the prefilter skipped.
    if line.len() < 20 || line[2] != b'-' || line[5] != b' ' {
        return None;
    }
    let window = &line[..line.len().min(48)];
    let pos = window
        .windows(3)
        .position(|w| w[0] == b' ' && b"VDIWEF".contains(&w[1]) && w[2] == b' ')?;
    looks_like_logcat_head(&window[..pos + 1]).then(|| LogLevel::from_letter(window[pos + 1]))?
}

/// `MM-DD hh:mm:ss.mmm  pid  tid ` (the columns before a logcat level letter).
fn looks_like_logcat_head(prior: &[u8]) -> bool {
    let fields: Vec<&[u8]> = prior
        .split(|&b| b == b' ')
        .filter(|f| !f.is_empty())
        .collect();
    fields.len() == 4
        && fields[0].len() == 5
        && fields[0][2] == b'-'
        && fields[1].contains(&b':')
        && fields[2].iter().all(u8::is_ascii_digit)
        && fields[3].iter().all(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests;
