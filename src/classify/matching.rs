//! Checking one rule against one line: patterns (never on the level word
//! for level-gated rules), the level condition, excludes; and `explain`,
//! which runs every rule without the prefilter.

use std::ops::Range;

use super::classifier::{Classifier, RuleMatch};
use super::duration::duration_ok;
use super::level::{LogLevel, detect_level_span};
use super::ruleset::Rule;

/// Marks a level-gated rule candidate that has no patterns of its own.
pub(crate) const LEVEL_ONLY: u32 = u32::MAX;

/// Per-rule outcome on one line, for `patterns test`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The rule matches at this span.
    Matched(Range<usize>),
    /// A pattern matched, but the exclude pattern with this index vetoed it.
    Excluded(usize),
    /// A pattern matched, but the line's level is below the rule's `min_level`.
    LevelTooLow(Option<LogLevel>),
    /// A pattern matched, but the duration the line reports is below the
    /// rule's threshold (`[thresholds]`).
    BelowThreshold,
}

impl Classifier {
    /// Every rule's outcome on `line`, best first, without the prefilter:
    /// the ground truth `patterns test` shows and tests compare against.
    pub fn explain(&self, line: &[u8]) -> Vec<(usize, Outcome)> {
        let mut level = LevelCache::default();
        let mut out = Vec::new();
        for (index, rule) in self.rules().rules.iter().enumerate() {
            let all = if rule.patterns.is_empty() {
                vec![LEVEL_ONLY]
            } else {
                (0..rule.patterns.len() as u32).collect()
            };
            let Some(span) = first_match(rule, line, all.into_iter(), &mut level) else {
                continue;
            };
            let outcome = if !level_ok(rule, line, &mut level) {
                Outcome::LevelTooLow(level.get(line).map(|(l, _)| l))
            } else if let Some(ex) = excluded_by(rule, line) {
                Outcome::Excluded(ex)
            } else if !duration_ok(rule, line) {
                Outcome::BelowThreshold
            } else {
                Outcome::Matched(span)
            };
            out.push((index, outcome));
        }
        out
    }

    /// The winner on a single line, without the prefilter (for tests).
    pub fn classify_exhaustively(&self, line: &[u8]) -> Option<RuleMatch> {
        self.explain(line)
            .into_iter()
            .find_map(|(rule, outcome)| match outcome {
                Outcome::Matched(span) => Some(RuleMatch { rule, span }),
                _ => None,
            })
    }
}

/// The line's level, detected at most once per line.
#[derive(Default)]
pub(crate) struct LevelCache(Option<Option<(LogLevel, Range<usize>)>>);

impl LevelCache {
    pub(crate) fn get(&mut self, line: &[u8]) -> Option<(LogLevel, Range<usize>)> {
        self.0
            .get_or_insert_with(|| detect_level_span(line))
            .clone()
    }
}

/// The first pattern (of those listed; `u32::MAX` = level-only) that matches.
/// For a rule with `min_level`, a match lying on the level token itself
/// (`ERROR` for `errors?`) does not count: the message must say it.
pub(crate) fn first_match(
    rule: &Rule,
    line: &[u8],
    patterns: impl Iterator<Item = u32>,
    level: &mut LevelCache,
) -> Option<Range<usize>> {
    for p in patterns {
        if p == LEVEL_ONLY {
            return Some(0..line.len());
        }
        let regex = rule.patterns[p as usize].regex();
        if rule.min_level.is_none() {
            if let Some(m) = regex.find_iter(line).find(|m| {
                !counted_zero(line, m.start())
                    && !counted_zero_after(line, m.end())
                    && !in_name(line, m.range())
            }) {
                return Some(m.range());
            }
            continue;
        }
        let token = level.get(line).map(|(_, span)| span);
        let outside = |m: &regex::bytes::Match<'_>| {
            token
                .as_ref()
                .is_none_or(|t| m.end() <= t.start || m.start() >= t.end)
        };
        if let Some(m) = regex.find_iter(line).find(|m| {
            outside(m)
                && !counted_zero(line, m.start())
                && !counted_zero_after(line, m.end())
                && !in_name(line, m.range())
        }) {
            return Some(m.range());
        }
    }
    None
}

/// Whether the words at `at` are counted as none: `0 permission denied`,
/// `0 I/O errors` in a summary say nothing went wrong.
fn counted_zero(line: &[u8], at: usize) -> bool {
    let before = line[..at].trim_ascii_end();
    // A standalone 0 word right before (not `op=0`, `10`, `0.0`, `x:0`).
    before.len() < at
        && before.ends_with(b"0")
        && before[..before.len() - 1]
            .last()
            .is_none_or(|b| b.is_ascii_whitespace() || matches!(b, b'(' | b'['))
}

/// Whether the line ends by counting the words before `end` as none:
/// `login_failed counter for alice = 0`, `invalid_grant responses last
/// hour: 0`: a counter that reads zero reports nothing.
fn counted_zero_after(line: &[u8], end: usize) -> bool {
    let rest = line[end..].trim_ascii_end();
    let Some(head) = rest.strip_suffix(b"0") else {
        return false;
    };
    let head = head.trim_ascii_end();
    // The 0 stands alone after `:` or `=`, within a short clause.
    (head.ends_with(b":") || head.ends_with(b"="))
        && head.len() <= 60
        && !head[..head.len() - 1]
            .iter()
            .any(|b| matches!(b, b'.' | b';' | b',' | b'(' | b')') || b.is_ascii_digit())
}

/// Whether the match `at` lies inside a token that names something rather
/// than reports it: a URL (`https://h/errors?x=failed`), a file path
/// (`/var/log/failed-jobs.csv`, `C:\\logs\\errors`), a query string, a
/// command-line flag (`--max-connections`, `-Dhttp.timeout=30`), or the key
/// of a setting (`connect_timeout=10s`, `"timeout": 30`, `retry_on_error=true`).
/// A match spanning words (`I/O error, dev sda`) or crossing the key's `=`
/// (`status=503`) is a report; so is a value (`error=timeout`).
fn in_name(line: &[u8], at: Range<usize>) -> bool {
    if at.is_empty() || line[at.clone()].iter().any(u8::is_ascii_whitespace) {
        return false;
    }
    // The token ends at white space; for a URL or a path, at a double
    // quote too: in JSON (`"msg":"upstream error","url":"http://x"`) the
    // message and the URL share one run of non-blank bytes.
    let bounded = |b: &u8| b.is_ascii_whitespace() || *b == b'"';
    let start = line[..at.start]
        .iter()
        .rposition(u8::is_ascii_whitespace)
        .map_or(0, |i| i + 1);
    let end = line[at.end..]
        .iter()
        .position(u8::is_ascii_whitespace)
        .map_or(line.len(), |i| at.end + i);
    let quoted_start = line[..at.start]
        .iter()
        .rposition(bounded)
        .map_or(0, |i| i + 1);
    let quoted_end = line[at.end..]
        .iter()
        .position(bounded)
        .map_or(line.len(), |i| at.end + i);
    let lead = line[start..at.start]
        .iter()
        .take_while(|b| matches!(b, b'"' | b'\'' | b'(' | b'[' | b'<' | b'{' | b'`'))
        .count();
    let body_start = quoted_start.max(start + lead);
    let body = &line[body_start..quoted_end];
    // A later segment of a `namespace/name` or `dir/file` reference.
    let segment = line[body_start..at.start].contains(&b'/');
    let before = &line[start + lead..at.start];
    // A token is short: a plain scan beats building a substring searcher.
    let find = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).any(|w| w == needle);
    // URLs, paths, query strings and flags.
    if segment
        || find(body, b"://")
        || find(body, b":\\")
        || (body.len() > 1 && body[0] == b'/' && body[1].is_ascii_alphanumeric())
        || body.starts_with(b"./")
        || body.starts_with(b"../")
        || body.starts_with(b"~/")
        || (before.contains(&b'?') && find(body, b"="))
        || body.starts_with(b"--")
        || (body.len() > 2 && body[0] == b'-' && body[1].is_ascii_alphabetic() && find(body, b"="))
    {
        return true;
    }
    // The key of a setting: only identifier characters around the match up
    // to the token's start (or a `,` `;` `&` `{`) and up to `=` or `:`.
    let is_ident = |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-');
    let key_start = before
        .iter()
        .rposition(|b| matches!(b, b',' | b';' | b'&' | b'{' | b'('))
        .map_or(0, |i| i + 1);
    let prefix = &before[key_start..];
    let prefix = prefix.strip_prefix(b"\"").unwrap_or(prefix);
    if !prefix.iter().all(is_ident) {
        return false;
    }
    let rest = &line[at.end..end];
    let tail = rest.iter().take_while(|b| is_ident(b)).count();
    let rest = &rest[tail..];
    let rest = rest.strip_prefix(b"\"").unwrap_or(rest);
    match rest.first() {
        Some(b'=') => rest.len() > 1,
        Some(b':') => {
            // `key: 10`, `"key":30`: a number follows (in this token or the next).
            let value = if rest.len() > 1 {
                &rest[1..]
            } else {
                line[end..].trim_ascii_start()
            };
            value.first().is_some_and(u8::is_ascii_digit)
        }
        _ => false,
    }
}

pub(crate) fn level_ok(rule: &Rule, line: &[u8], cache: &mut LevelCache) -> bool {
    let Some(min) = rule.min_level else {
        return true;
    };
    cache.get(line).is_some_and(|(l, _)| l >= min)
}

pub(crate) fn excluded_by(rule: &Rule, line: &[u8]) -> Option<usize> {
    rule.excludes
        .iter()
        .position(|ex| ex.regex().is_match(line))
}

/// The hit at `at` (lowercased `" detail:  "` etc.) is upper case in the line,
/// as PostgreSQL writes it.
pub(crate) fn is_pg_secondary(line: &[u8], at: usize) -> bool {
    line.get(at + 1..)
        .and_then(|rest| rest.iter().position(|&b| b == b':').map(|n| &rest[..n]))
        .is_some_and(|word| word.iter().all(u8::is_ascii_uppercase))
}

#[cfg(test)]
mod tests {
    use super::{counted_zero_after, in_name};

    fn named(line: &str, word: &str) -> bool {
        let at = line
            .find(word)
            .unwrap_or_else(|| panic!("{word} in {line}"));
        in_name(line.as_bytes(), at..at + word.len())
    }

    #[test]
    fn names_in_urls_paths_flags_and_settings_are_not_reports() {
        for (line, word) in [
            (
                "GET https://api.example.com/v1/errors?status=failed 200",
                "failed",
            ),
            ("GET /api/v1/connection-refused-test 200", "refused"),
            ("Wrote /var/log/app/failed-jobs.csv", "failed"),
            ("args --max-connections 100", "connections"),
            ("-Dhttp.timeout=30", "timeout"),
            ("pool: connect_timeout=10s, read_timeout=30s", "timeout"),
            ("connect_timeout: 10s", "timeout"),
            (r#"{"timeout": 30, "retries": 3}"#, "timeout"),
            ("attempt=1 error=null", "error"),
            ("opening C:\\logs\\errors.txt", "errors"),
        ] {
            assert!(named(line, word), "{line}");
        }
        for (line, word) in [
            ("blk_update_request: I/O error, dev sda", "I/O error"),
            ("status=503 path=/x", "status=503"),
            ("msg=done error=timeout", "timeout"),
            ("read: connection refused", "refused"),
            (
                "dial tcp 10.0.0.5:5432: connect: connection refused",
                "connection refused",
            ),
            ("Error: connect ECONNREFUSED 127.0.0.1:5432", "ECONNREFUSED"),
            (r#""OOMKilled": true"#, "OOMKilled"),
            ("type=USER_LOGIN res=failed", "failed"),
            (
                r#"{"level":"error","msg":"upstream returned error","url":"http://x/v1"}"#,
                "returned error",
            ),
            (
                r#"{"msg":"connection refused","url":"http://db:5432"}"#,
                "refused",
            ),
        ] {
            assert!(!named(line, word), "{line}");
        }
        // A segment of a Kubernetes object reference.
        assert!(named(
            r#"SyncLoop DELETE source="api" pods=["default/crashloop-demo-5c8f"]"#,
            "crashloop"
        ));
        // The URL itself, in the same JSON, is still a name.
        assert!(named(
            r#"{"msg":"ok","url":"http://x/errors?failed=1"}"#,
            "failed"
        ));
    }

    #[test]
    fn a_counter_that_reads_zero_reports_nothing() {
        let after = |line: &str, word: &str| {
            let at = line.find(word).expect("word in line") + word.len();
            counted_zero_after(line.as_bytes(), at)
        };
        assert!(after(
            "INFO invalid_grant responses last hour: 0",
            "invalid_grant"
        ));
        assert!(after(
            "INFO audit: login_failed counter for alice = 0",
            "login_failed"
        ));
        assert!(after("errors: 0", "errors"));
        assert!(!after("errors: 10", "errors"));
        assert!(!after("login_failed counter for alice = 3", "login_failed"));
        assert!(!after("Connection refused (retries: 0)", "refused"));
        assert!(!after("Failed password for root, attempts: 0", "Failed"));
        assert!(!after("failed for 3 users: 0", "failed"));
    }
}
