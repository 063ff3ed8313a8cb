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
        .map(|ms| ms / 1000.0)
}

/// Whether `rule` may fire on `line`: a rule with a threshold fires on a
/// line that reports a duration only when it is at least the threshold
/// (a line reporting none, e.g. "statement timeout", is not held back).
pub(crate) fn duration_ok(rule: &Rule, line: &[u8]) -> bool {
    let Some(min) = rule.min_seconds else {
        return true;
    };
    measured_seconds(line).is_none_or(|seconds| seconds >= min)
}

/// The number right after the first `key` in `line`.
fn number_after(line: &[u8], key: &[u8]) -> Option<f64> {
    let at = memchr::memmem::find(line, key)?;
    leading_number(&line[at + key.len()..]).map(|(value, _)| value)
}

/// A decimal number at the start of `text` (digits, one optional point),
/// and how many bytes it took.
fn leading_number(text: &[u8]) -> Option<(f64, usize)> {
    let mut len = 0;
    let mut point = false;
    for &b in text {
        match b {
            b'0'..=b'9' => {}
            b'.' if !point => point = true,
            _ => break,
        }
        len += 1;
    }
    let digits = std::str::from_utf8(&text[..len]).ok()?;
    digits.parse::<f64>().ok().map(|value| (value, len))
}

#[cfg(test)]
mod tests {
    use super::measured_seconds;

    #[test]
    fn reads_the_duration_each_program_writes() {
        let cases: [(&str, Option<f64>); 9] = [
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
