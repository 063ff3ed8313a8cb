//! Durations a line reports about itself, for rules with a threshold
//! (`[thresholds]` in patterns.toml): a slow-query log records every query it
//! was told to, so "slow" is decided here, by the time the line gives.
//!
//! Known fields, from each program's own documentation:
//! - MySQL/MariaDB slow query log: `# Query_time: 12.345678  Lock_time: ...`
//!   (seconds; the server's `long_query_time` is not in the line).
//! - PostgreSQL `log_min_duration_statement` / `log_duration`:
//!   `duration: 1234.567 ms  statement: ...` (milliseconds).
//! - MongoDB structured log, "Slow query": `"durationMillis":1234`.
//! - Elasticsearch search/indexing slow log: `took[1.2s], took_millis[1234]`.
//! - MongoDB before 4.4, slow operations (over `slowms`) at the end of the
//!   line: `... protocol:op_msg 1234ms`.
//!
//! High-latency rules read the duration their own match states instead
//! (`took 12004ms`, `total time: 6.2s`, `completed in 8.2s`): a line that
//! merely says how long something took is slow only from the threshold on.

use super::ruleset::Rule;

/// The duration `line` reports, in seconds, if it has one of the known fields.
pub(crate) fn measured_seconds(line: &[u8]) -> Option<f64> {
    if let Some(value) = number_after(line, b"Query_time: ") {
        return Some(value);
    }
    if let Some(at) = memchr::memmem::find(line, b"duration: ") {
        let rest = &line[at + b"duration: ".len()..];
        let (value, len) = leading_number(rest)?;
        return rest[len..]
            .trim_ascii_start()
            .starts_with(b"ms")
            .then_some(value / 1000.0);
    }
    number_after(line, b"\"durationMillis\":")
        .or_else(|| number_after(line, b"took_millis["))
        .or_else(|| trailing_millis(line))
        .map(|ms| ms / 1000.0)
}

/// Where a rule with a threshold reads the duration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// A known field anywhere on the line ([`measured_seconds`]).
    Line,
    /// The first duration inside the rule's own match ([`stated_seconds`]).
    Match,
}

/// MongoDB (before 4.4) ends a slow operation's line with its duration:
/// ` 1234ms`.
fn trailing_millis(line: &[u8]) -> Option<f64> {
    let rest = line.trim_ascii_end().strip_suffix(b"ms")?;
    let digits = rest.iter().rev().take_while(|b| b.is_ascii_digit()).count();
    let at = rest.len() - digits;
    if digits == 0 || at == 0 || rest[at - 1] != b' ' {
        return None;
    }
    std::str::from_utf8(&rest[at..]).ok()?.parse().ok()
}

/// The first duration written in `text` with its unit, in seconds:
/// `12004ms`, `8.2s`, `6.211 s`, `1m2.5s` (Go), `250 milliseconds`, `3 sec`.
/// A number without a unit is none.
pub(crate) fn stated_seconds(text: &[u8]) -> Option<f64> {
    let mut at = 0;
    while at < text.len() {
        if !text[at].is_ascii_digit() || (at > 0 && text[at - 1].is_ascii_alphanumeric()) {
            at += 1;
            continue;
        }
        let mut total = 0.0;
        let mut pos = at;
        let mut found = false;
        while let Some((value, len)) = leading_number(&text[pos..]) {
            let after = &text[pos + len..];
            let spaced = after.first() == Some(&b' ');
            let unit_text = if spaced { &after[1..] } else { after };
            let Some((scale, unit_len)) = unit(unit_text) else {
                break;
            };
            total += value * scale;
            found = true;
            pos += len + usize::from(spaced) + unit_len;
            if spaced {
                break;
            }
        }
        if found {
            return Some(total);
        }
        at += 1;
    }
    None
}

/// A time unit at the start of `text` (ending at a non-letter): its length
/// in seconds and how many bytes it took.
fn unit(text: &[u8]) -> Option<(f64, usize)> {
    let letters = text.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let (word, micro) = if text.starts_with("µs".as_bytes()) {
        (&b"us"[..], "µs".len())
    } else {
        (&text[..letters], letters)
    };
    let scale = match word.to_ascii_lowercase().as_slice() {
        b"ns" | b"nanoseconds" => 1e-9,
        b"us" | b"microseconds" => 1e-6,
        b"ms" | b"msec" | b"msecs" | b"millis" | b"millisecond" | b"milliseconds" => 1e-3,
        b"s" | b"sec" | b"secs" | b"second" | b"seconds" => 1.0,
        b"m" | b"min" | b"mins" | b"minute" | b"minutes" => 60.0,
        b"h" | b"hr" | b"hour" | b"hours" => 3600.0,
        _ => return None,
    };
    Some((scale, micro))
}

/// Whether `rule` may fire on `line`: a rule with a threshold fires on a
/// line that reports a duration only when it is at least the threshold
/// (a line reporting none, e.g. "statement timeout", is not held back).
pub(crate) fn duration_ok(rule: &Rule, line: &[u8]) -> bool {
    let Some(min) = rule.min_seconds else {
        return true;
    };
    let matched = rule
        .patterns
        .iter()
        .find_map(|p| p.regex().find(line).map(|m| (p.regex(), m)));
    // A pattern that names its number's unit (`(?P<ms>[0-9]+)`) decides:
    // formats that write a bare number (nginx `rt=0.503`, HAProxy timers).
    if let Some((regex, _)) = &matched
        && let Some(seconds) = captured_seconds(regex, line)
    {
        return seconds >= min;
    }
    let seconds = match rule.measure {
        Measure::Line => measured_seconds(line),
        Measure::Match => matched.and_then(|(_, m)| stated_seconds(m.as_bytes())),
    };
    seconds.is_none_or(|seconds| seconds >= min)
}

/// Capture group names that say a pattern's number is a duration in that unit.
const UNIT_GROUPS: [(&str, f64); 6] = [
    ("ns", 1e-9),
    ("us", 1e-6),
    ("ms", 1e-3),
    ("s", 1.0),
    ("min", 60.0),
    ("h", 3600.0),
];

/// Whether a capture group of this name gives a duration's unit.
pub(crate) fn is_unit_group(name: &str) -> bool {
    UNIT_GROUPS.iter().any(|(unit, _)| *unit == name)
}

/// The duration in the first unit-named group of `regex` on `line`, in
/// seconds; `None` when it has no such group or it did not take part.
pub(crate) fn captured_seconds(regex: &regex::bytes::Regex, line: &[u8]) -> Option<f64> {
    if !regex.capture_names().flatten().any(is_unit_group) {
        return None;
    }
    let caps = regex.captures(line)?;
    UNIT_GROUPS.iter().find_map(|(unit, scale)| {
        let text = caps.name(unit)?.as_bytes();
        leading_number(text).map(|(value, _)| value * scale)
    })
}

/// The number right after the first `key` in `line`.
fn number_after(line: &[u8], key: &[u8]) -> Option<f64> {
    let at = memchr::memmem::find(line, key)?;
    leading_number(&line[at + key.len()..]).map(|(value, _)| value)
}

/// A decimal number at the start of `text` (digits, thousands separated
/// by `,` as in `15,234ms`, one optional point), and how many bytes it took.
fn leading_number(text: &[u8]) -> Option<(f64, usize)> {
    let mut digits = Vec::with_capacity(16);
    let mut len = 0;
    let mut point = false;
    while len < text.len() {
        match text[len] {
            b @ b'0'..=b'9' => digits.push(b),
            b'.' if !point => {
                point = true;
                digits.push(b'.');
            }
            // `1,234`: a separator between digits, three digits after it.
            b',' if !point
                && len > 0
                && text
                    .get(len + 1..len + 4)
                    .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
                && !text.get(len + 4).is_some_and(u8::is_ascii_digit) => {}
            _ => break,
        }
        len += 1;
    }
    let digits = std::str::from_utf8(&digits).ok()?;
    digits.parse::<f64>().ok().map(|value| (value, len))
}

#[cfg(test)]
mod tests {
    use super::{measured_seconds, stated_seconds};

    #[test]
    fn reads_the_duration_a_match_states() {
        let cases: [(&str, Option<f64>); 10] = [
            ("took 12004ms", Some(12.004)),
            ("Executed DbCommand (15,234ms)", Some(15.234)),
            ("total time: 6211ms", Some(6.211)),
            ("completed in 8.2s", Some(8.2)),
            ("elapsed=1m2.5s", Some(62.5)),
            ("took 6.5 seconds", Some(6.5)),
            ("took 250 µs", Some(0.00025)),
            ("latency 12 ms", Some(0.012)),
            ("took 12 items", None),
            ("v2 took 3s", Some(3.0)),
        ];
        for (text, want) in cases {
            assert_eq!(stated_seconds(text.as_bytes()), want, "{text}");
        }
    }

    #[test]
    fn a_pattern_names_the_unit_of_a_bare_number() {
        let nginx = regex::bytes::Regex::new(r"\brt=(?P<s>[0-9.]+)").expect("valid");
        assert_eq!(
            super::captured_seconds(&nginx, b"200 512 rt=12.503 urt=12.500"),
            Some(12.503)
        );
        assert_eq!(
            super::captured_seconds(&nginx, b"200 512 rt=0.003"),
            Some(0.003)
        );
        // No match, or a pattern without a unit group: nothing said.
        assert_eq!(super::captured_seconds(&nginx, b"200 512"), None);
        let plain = regex::bytes::Regex::new(r"took (\d+)").expect("valid");
        assert_eq!(super::captured_seconds(&plain, b"took 12"), None);
        let haproxy =
            regex::bytes::Regex::new(r" -?\d+/-?\d+/-?\d+/-?\d+/\+?(?P<ms>\d+) [1-5]\d\d ")
                .expect("valid");
        assert_eq!(
            super::captured_seconds(&haproxy, b"be_app/app1 0/0/1/9800/9801 200 1450"),
            Some(9.801)
        );
    }

    #[test]
    fn reads_the_duration_each_program_writes() {
        let cases: [(&str, Option<f64>); 11] = [
            (
                "command test.c command: find { find: \"c\" } planSummary: COLLSCAN protocol:op_msg 1234ms",
                Some(1.234),
            ),
            ("conn 12ms later", None),
            (
                "# Query_time: 12.345678  Lock_time: 0.000123 Rows_sent: 1",
                Some(12.345678),
            ),
            (
                "# Query_time: 0.000012  Lock_time: 0.000000",
                Some(0.000012),
            ),
            (
                "LOG:  duration: 1534.201 ms  statement: SELECT 1",
                Some(1.534201),
            ),
            (
                "LOG:  duration: 0.412 ms  execute <unnamed>: SELECT 1",
                Some(0.000412),
            ),
            (
                r#"{"msg":"Slow query","attr":{"durationMillis":250}}"#,
                Some(0.25),
            ),
            (
                "[index.search.slowlog.query] took[10.2s], took_millis[10201]",
                Some(10.201),
            ),
            ("LOG:  duration: 3001.5 ms  plan:", Some(3.0015)),
            ("ERROR:  canceling statement due to statement timeout", None),
            ("duration: forever", None),
        ];
        for (line, want) in cases {
            assert_eq!(measured_seconds(line.as_bytes()), want, "{line}");
        }
    }
}
