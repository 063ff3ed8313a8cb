//! Reading the level a line declares: a level word near the start (in
//! upper case, or delimited, or after a level key), .NET's console prefix
//! and the one-letter layouts (klog, logcat, GlusterFS).

use super::{DOTNET_LEVELS, LogLevel};

/// How far into a line a level field may start (past timestamps, hosts, pids).
const SEARCH_WINDOW: usize = 200;

/// The level a line declares, if any.
pub(crate) fn detect_level(line: &[u8]) -> Option<LogLevel> {
    detect_level_span(line).map(|(level, _)| level)
}

/// The level a line declares and the byte range of its token, so rules can
/// ignore the level word itself when matching the message.
pub(crate) fn detect_level_span(line: &[u8]) -> Option<(LogLevel, std::ops::Range<usize>)> {
    if let Some((level, at)) = klog_at(line) {
        return Some((level, at..at + 1));
    }
    if let Some(level) = dotnet_level(line) {
        return Some((level, 0..4));
    }
    if let Some((level, span)) = numeric_json_level(line) {
        return Some((level, span));
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
pub(crate) fn letter_level(line: &[u8]) -> Option<LogLevel> {
    klog_at(line)
        .map(|(level, _)| level)
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
    // `::`-separated fields (oVirt vdsm, Python `%(threadName)s::%(levelname)s::`):
    // `Thread-13::ERROR::2024-03-12 08:00:00,123::task::866::...`.
    let colons =
        start >= 2 && &window[start - 2..start] == b"::" && window[end..].starts_with(b"::");
    if upper && colons {
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
            || lowered.ends_with(b"\"@level\":\"")
    };
    let tabbed = before == Some(b'\t') && after == Some(b'\t');
    // ClickHouse and Poco: `<Error>`, `<Warning>`.
    let angled = before == Some(b'<') && after == Some(b'>');
    // A command-line tool's own line: `fatal: [web1]: FAILED!` (Ansible),
    // `error: ...` (git, compilers), the level word first with a colon.
    let leading = start == 0 && after == Some(b':') && word.iter().all(u8::is_ascii_lowercase);
    // Erlang/OTP SASL: `=ERROR REPORT==== 14-May-2024::10:22:33 ===`.
    let erlang =
        start == 1 && window[0] == b'=' && upper && window[end..].starts_with(b" REPORT===");
    // Apache 2.4: `[core:error]`, `[proxy_http:warn]` (module:level).
    let module = before == Some(b':') && after == Some(b']') && after_module(&window[..start - 1]);
    // `kubectl describe` event rows: `  Warning  BackOff  3m (x5 over 5m)  kubelet  ...`.
    let event_row = word == b"Warning"
        && start > 0
        && window[..start].iter().all(|b| *b == b' ')
        && window[end..].starts_with(b"  ");
    (bracketed || keyed || tabbed || module || event_row || angled || leading || erlang)
        .then_some(level)
}

/// Whether `prior` ends with `[module` (an Apache 2.4 module name).
fn after_module(prior: &[u8]) -> bool {
    let name = prior
        .iter()
        .rev()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
        .count();
    (1..=32).contains(&name) && prior.len() > name && prior[prior.len() - name - 1] == b'['
}

/// pino and bunyan (Node.js) write the level as a number:
/// `"level":50` error, 60 fatal, 40 warn, 30 info, 20 debug, 10 trace.
fn numeric_json_level(line: &[u8]) -> Option<(LogLevel, std::ops::Range<usize>)> {
    const KEY: &[u8] = b"\"level\":";
    let window = &line[..line.len().min(SEARCH_WINDOW)];
    let at = memchr::memchr_iter(b'"', window).find(|&i| window[i..].starts_with(KEY))? + KEY.len();
    let digits = window.get(at..at + 3)?;
    if !digits[0].is_ascii_digit()
        || !digits[1].is_ascii_digit()
        || !matches!(digits[2], b',' | b'}')
    {
        return None;
    }
    let level = match &digits[..2] {
        b"60" => LogLevel::Critical,
        b"50" => LogLevel::Error,
        b"40" => LogLevel::Warning,
        b"30" => LogLevel::Info,
        b"20" => LogLevel::Debug,
        b"10" => LogLevel::Trace,
        _ => return None,
    };
    Some((level, at..at + 2))
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

/// A klog header at the line's start, or right after a syslog/journald
/// prefix (`Dec 07 01:02:03 host kubelet[123]: E1207 01:02:03.123 ...`):
/// its level and where its letter is.
fn klog_at(line: &[u8]) -> Option<(LogLevel, usize)> {
    if let Some(level) = klog_level(line) {
        return Some((level, 0));
    }
    let window = &line[..line.len().min(SEARCH_WINDOW)];
    // memchr, not memmem: building a substring searcher per line costs
    // more than the search on a line this short.
    let at = memchr::memchr_iter(b']', window).find(|&i| window[i + 1..].starts_with(b": "))? + 3;
    let rest = &line[at..];
    // The klog timestamp follows: `E1207 01:02:03.123456`.
    let time = rest.get(6..14)?;
    (time[2] == b':' && time[5] == b':')
        .then(|| klog_level(rest))
        .flatten()
        .map(|level| (level, at))
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
