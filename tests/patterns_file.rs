//! patterns.toml validation: every problem is reported with file, line,
//! column, the rule concerned and what is wrong; the binary exits with 2.

// Helpers outside #[test] functions may unwrap too: a panic fails the test.
#![allow(clippy::unwrap_used)]

use std::process::Command;

use logwarden::classify::RuleSet;
use logwarden::rules::{PatternsFile, Problem};

const TYPE: &str = r#"
[types.disk_full]
severity = "CRITICAL"
category = "Filesystem Issue"
description = "Disk space exhausted"
auto_heal = true
"#;

/// One valid rule, for tests of the other tables.
const RULE: &str = r#"
[[rules]]
id = "full"
type = "disk_full"
match = 'No space left'
"#;

/// Parses `rules` (appended to one valid type) and returns the problems.
fn problems(rules: &str) -> Vec<Problem> {
    let text = format!("{TYPE}{rules}");
    match RuleSet::parse("rules.toml", &text) {
        Ok(_) => panic!("expected problems in:\n{text}"),
        Err(err) => err.problems,
    }
}

/// 1-based line of the first occurrence of `needle` in the full text.
fn line_of(rules: &str, needle: &str) -> usize {
    let text = format!("{TYPE}{rules}");
    let at = text.find(needle).unwrap();
    text[..at].matches('\n').count() + 1
}

#[test]
fn bad_regex_reports_the_engine_message_at_the_pattern() {
    let rules = r#"
[[rules]]
id = "broken"
type = "disk_full"
match = ['no space (left']
"#;
    let p = problems(rules);
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(p[0].file, "rules.toml");
    assert_eq!(p[0].line, line_of(rules, "match ="));
    assert_eq!(p[0].column, 10, "column of the pattern string");
    assert_eq!(p[0].subject.as_deref(), Some("rule `broken`"));
    assert!(p[0].message.starts_with("bad regex:"), "{}", p[0].message);
    assert!(
        p[0].message.contains("unclosed group"),
        "engine message kept: {}",
        p[0].message
    );
}

#[test]
fn unknown_severity_lists_the_valid_ones() {
    let rules = r#"
[[rules]]
id = "loud"
type = "disk_full"
severity = "FATAL"
match = 'disk full'
"#;
    let p = problems(rules);
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(p[0].line, line_of(rules, "severity = \"FATAL\""));
    assert!(
        p[0].message.contains("CRITICAL, ERROR, WARNING, INFO"),
        "{}",
        p[0].message
    );
}

#[test]
fn duplicate_ids_name_the_first_definition() {
    let rules = r#"
[[rules]]
id = "twice"
type = "disk_full"
match = 'disk full'

[[rules]]
id = "twice"
type = "disk_full"
match = 'no space'
"#;
    let p = problems(rules);
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(p[0].message.contains("duplicate id"), "{}", p[0].message);
    assert!(
        p[0].message
            .contains(&format!("line {}", line_of(rules, "[[rules]]"))),
        "{}",
        p[0].message
    );
}

#[test]
fn missing_fields_are_named() {
    let rules = r#"
[[rules]]
id = "incomplete"
match = 'disk full'

[[rules]]
type = "disk_full"
match = 'x'
"#;
    let p = problems(rules);
    let messages: Vec<String> = p.iter().map(ToString::to_string).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("rule `incomplete`: missing field `type`")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("rules[1]: missing field `id`")),
        "{messages:?}"
    );
}

#[test]
fn unknown_types_fields_and_levels_are_reported() {
    let rules = r#"
[[rules]]
id = "typo"
type = "disk_ful"
matches = 'disk full'
min_level = "LOUD"
"#;
    let messages: Vec<String> = problems(rules).iter().map(ToString::to_string).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("unknown type `disk_ful` (defined types: disk_full)")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("unknown field `matches`")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("unknown log level `LOUD`")),
        "{messages:?}"
    );
}

#[test]
fn wrong_value_types_are_reported() {
    let rules = r#"
[[rules]]
id = "odd"
type = "disk_full"
priority = "high"
match = 42
"#;
    let messages: Vec<String> = problems(rules).iter().map(ToString::to_string).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("field `priority` must be an integer")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("field `match` must be a string or an array of strings")),
        "{messages:?}"
    );
}

#[test]
fn toml_syntax_errors_are_located() {
    let err = RuleSet::parse("rules.toml", "[types.x]\nseverity = \"ERROR\n").unwrap_err();
    assert_eq!(err.problems.len(), 1);
    assert_eq!(err.problems[0].line, 2, "{}", err.problems[0]);
}

#[test]
fn the_builtin_rules_are_valid_and_fast() {
    let rules = RuleSet::builtin().expect("built-in patterns.toml is valid");
    assert!(rules.types.len() >= 16);
    assert_eq!(
        rules.compile_all(),
        Vec::<(String, String, String)>::new(),
        "every built-in regex compiles"
    );
    let classifier = logwarden::classify::Classifier::new(rules).unwrap();
    let warnings = logwarden::commands::patterns::performance_warnings(&classifier);
    assert!(
        warnings.is_empty(),
        "built-in rules should not slow scanning: {warnings:#?}"
    );
}

#[test]
fn the_original_sixteen_types_keep_their_metadata() {
    let rules = RuleSet::builtin().unwrap();
    let expect = [
        (
            "exception",
            "CRITICAL",
            "Application Error",
            "Application exception or critical error detected",
            true,
        ),
        (
            "database_connection",
            "CRITICAL",
            "Database Issue",
            "Database connection problem detected",
            true,
        ),
        (
            "database_deadlock",
            "ERROR",
            "Database Issue",
            "Database deadlock or lock timeout",
            true,
        ),
        (
            "memory_leak",
            "CRITICAL",
            "Memory Issue",
            "Memory allocation problem detected",
            true,
        ),
        (
            "network_timeout",
            "WARNING",
            "Network Issue",
            "Network timeout detected",
            false,
        ),
        (
            "port_conflict",
            "CRITICAL",
            "Network Issue",
            "Port binding conflict",
            true,
        ),
        (
            "authentication_failure",
            "WARNING",
            "Security Issue",
            "Authentication or authorization failure",
            false,
        ),
        (
            "ddos_attack",
            "CRITICAL",
            "Security Issue",
            "Potential DDoS attack detected",
            true,
        ),
        (
            "slow_query",
            "WARNING",
            "Performance Issue",
            "Slow database query detected",
            false,
        ),
        (
            "high_latency",
            "WARNING",
            "Performance Issue",
            "High latency or slow response detected",
            false,
        ),
        (
            "service_crash",
            "CRITICAL",
            "Service Issue",
            "Service crash detected",
            true,
        ),
        (
            "restart_loop",
            "CRITICAL",
            "Service Issue",
            "Service restart loop detected",
            true,
        ),
        (
            "disk_full",
            "CRITICAL",
            "Filesystem Issue",
            "Disk space exhausted",
            true,
        ),
        (
            "file_permission",
            "ERROR",
            "Filesystem Issue",
            "File permission issue",
            false,
        ),
        (
            "api_error",
            "ERROR",
            "API Issue",
            "API error detected",
            true,
        ),
        (
            "ssl_certificate",
            "CRITICAL",
            "Security Issue",
            "SSL/TLS certificate issue",
            false,
        ),
    ];
    for (id, severity, category, description, auto_heal) in expect {
        let ty = rules
            .types
            .iter()
            .find(|t| t.id == id)
            .unwrap_or_else(|| panic!("type {id} missing"));
        assert_eq!(ty.severity.as_str(), severity, "{id}");
        assert_eq!(ty.category, category, "{id}");
        assert_eq!(ty.description, description, "{id}");
        assert_eq!(ty.auto_heal, auto_heal, "{id}");
    }
}

#[test]
fn binary_exits_2_with_located_messages_and_no_panic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.toml");
    std::fs::write(
        &path,
        format!("{TYPE}\n[[rules]]\nid = \"r\"\ntype = \"disk_full\"\nmatch = '(x'\n"),
    )
    .unwrap();
    let log = dir.path().join("app.log");
    std::fs::write(&log, "No space left on device\n").unwrap();
    for args in [vec!["patterns", "check"], vec!["scan"]] {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_logwarden"));
        cmd.arg("--patterns").arg(&path).args(&args);
        if args[0] == "scan" {
            cmd.arg(&log);
        }
        let out = cmd.output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("bad.toml:11:9: rule `r`: bad regex:"),
            "{args:?}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

#[test]
fn redact_entries_are_validated_like_rules() {
    let rules = &format!(
        "{RULE}{}",
        r#"
[[redact]]
name = "card"
pattern = '\d{4}(-\d{4}'

[[redact]]
name = "secret-pair"
enabled = false

[[redact]]
pattern = 'x'
colour = "red"
"#
    );
    let p = problems(rules);
    let messages: Vec<String> = p.iter().map(|p| p.to_string()).collect();
    assert_eq!(p.len(), 3, "{messages:#?}");
    assert_eq!(p[0].subject.as_deref(), Some("redaction `card`"));
    assert!(p[0].message.starts_with("bad regex:"), "{}", p[0].message);
    assert_eq!(p[0].line, line_of(rules, "pattern = '\\d"));
    assert!(messages.iter().any(|m| m.contains("name")), "{messages:#?}");
    assert!(
        messages.iter().any(|m| m.contains("colour")),
        "{messages:#?}"
    );
    // A switched-off built-in needs only its name, and good entries parse.
    let good = format!(
        "{TYPE}{RULE}{}",
        r#"
[[redact]]
name = "secret-pair"
enabled = false

[[redact]]
name = "card"
pattern = '\b\d{4}(?:-\d{4}){3}\b'
replacement = "[CARD]"
"#
    );
    let set = PatternsFile::parse("rules.toml", &good).unwrap().settings;
    assert_eq!(set.redact.len(), 2);
    assert_eq!(set.redact[1].replacement, "[CARD]");
    assert!(!set.redact[0].enabled);
}

#[test]
fn signals_are_validated_and_located() {
    let rules = &format!(
        "{RULE}{}",
        r#"
[signals]
new_pattern_min_severity = "LOUD"
spike_factor = 0.5
spike_min_count = 2.5
spike_baseline_minutes = 0
spike = "yes"
sensitivity = 3
"#
    );
    let p = problems(rules);
    let messages: Vec<String> = p.iter().map(|p| p.to_string()).collect();
    assert_eq!(p.len(), 6, "{messages:#?}");
    for (needle, said) in [
        ("sensitivity", "unknown field `sensitivity`"),
        ("\"LOUD\"", "unknown severity \"LOUD\""),
        ("0.5", "spike_factor must be a number above 1"),
        ("2.5", "spike_min_count must be a whole number"),
        ("= 0\n", "spike_baseline_minutes must be a whole number"),
        ("\"yes\"", "field `spike` must be true or false"),
    ] {
        let found = p.iter().find(|p| p.message.contains(said));
        let found = found.unwrap_or_else(|| panic!("{said:?} in {messages:#?}"));
        assert_eq!(found.line, line_of(rules, needle), "{found}");
        assert_eq!(found.subject.as_deref(), Some("[signals]"), "{found}");
    }
    // Good values parse; the spike switched off is None.
    let good = format!(
        "{TYPE}{RULE}{}",
        r#"
[signals]
new_pattern_min_severity = "error"
spike = false
"#
    );
    let set = PatternsFile::parse("rules.toml", &good).unwrap().settings;
    assert_eq!(
        set.signals.new_pattern_min_severity,
        logwarden::model::Severity::Error
    );
    assert!(set.signals.new_pattern && set.signals.spike.is_none());
}

#[test]
fn thresholds_are_validated_and_located() {
    for (value, said) in [
        (
            "0",
            "slow_query_seconds must be a number of seconds above 0",
        ),
        (
            "-2.5",
            "slow_query_seconds must be a number of seconds above 0",
        ),
        ("100000", "at most 86400"),
        ("\"1s\"", "field `slow_query_seconds` must be a number"),
    ] {
        let rules = &format!("{RULE}\n[thresholds]\nslow_query_seconds = {value}\n");
        let p = problems(rules);
        let messages: Vec<String> = p.iter().map(|p| p.to_string()).collect();
        assert_eq!(p.len(), 1, "{messages:#?}");
        assert!(p[0].message.contains(said), "{messages:#?}");
        assert_eq!(p[0].line, line_of(rules, "slow_query_seconds"), "{}", p[0]);
        assert_eq!(p[0].subject.as_deref(), Some("[thresholds]"), "{}", p[0]);
    }
    let p = problems(&format!("{RULE}\n[thresholds]\nslow_seconds = 2\n"));
    assert!(
        p[0].message.contains("unknown field `slow_seconds`"),
        "{}",
        p[0]
    );
}

#[test]
fn slow_query_rules_fire_only_at_the_threshold() {
    let text = |seconds: &str| {
        format!(
            r#"
[types.slow_query]
severity = "WARNING"
category = "Performance Issue"
description = "Slow database query detected"
auto_heal = false

[[rules]]
id = "slow"
type = "slow_query"
match = ['^# Query_time: \d', 'duration: \d+(?:\.\d+)? ms', 'statement timeout']
{seconds}
"#
        )
    };
    let classifier = |rules: &str| {
        logwarden::classify::Classifier::new(RuleSet::parse("rules.toml", rules).unwrap()).unwrap()
    };
    let default = classifier(&text(""));
    let strict = classifier(&text("[thresholds]\nslow_query_seconds = 5"));
    for (line, by_default, at_five) in [
        ("# Query_time: 0.000012  Lock_time: 0.000001", false, false),
        ("# Query_time: 1.000000  Lock_time: 0.000001", true, false),
        ("# Query_time: 7.5  Lock_time: 0.1", true, true),
        (
            "LOG:  duration: 999.9 ms  statement: SELECT 1",
            false,
            false,
        ),
        (
            "LOG:  duration: 2301.7 ms  statement: SELECT 1",
            true,
            false,
        ),
        (
            "ERROR:  canceling statement due to statement timeout",
            true,
            true,
        ),
    ] {
        let fires = |c: &logwarden::classify::Classifier| {
            c.classify_exhaustively(line.as_bytes()).is_some()
        };
        assert_eq!(fires(&default), by_default, "default: {line}");
        assert_eq!(fires(&strict), at_five, "5 s: {line}");
    }
}

#[test]
fn patterns_check_reports_action_problems_located_without_secrets() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("actions.toml");
    let secret = "https://hooks.example.net/T0/B0/s3cretpart";
    std::fs::write(
        &path,
        format!(
            "{TYPE}{RULE}
[[action]]
id = \"fix\"
type = \"disk_full\"
command = [\"cleanup\"]

[[action]]
id = \"hook\"
type = \"disk_full\"
webhook_env = \"LOGWARDEN_TEST_HOOK_URL\"
"
        ),
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_logwarden"))
        .arg("--patterns")
        .arg(&path)
        .args(["patterns", "check"])
        .env("LOGWARDEN_TEST_HOOK_URL", format!("ftp{}", &secret[5..]))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("actions.toml:16:12: action `fix`: field `command`: the program \"cleanup\" must be an absolute path"),
        "{stderr}"
    );
    assert!(
        stderr.contains("actions.toml:21:15: action `hook`: field `webhook_env`: the URL in environment variable `LOGWARDEN_TEST_HOOK_URL` must start with http:// or https://"),
        "{stderr}"
    );
    assert!(!stderr.contains("s3cretpart"), "{stderr}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.contains("s3cretpart"), "{stdout}");
}

#[test]
fn patterns_test_shows_the_values_alerts_and_actions_would_get() {
    let out = Command::new(env!("CARGO_BIN_EXE_logwarden"))
        .args([
            "patterns",
            "test",
            "sshd[1]: Invalid user x from 10.0.0.1 from 203.0.113.9 port 4242",
        ])
        .env("XDG_CONFIG_HOME", "/nonexistent-logwarden-test-config")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("fields: client_ip=\"203.0.113.9\""), "{text}");
}

#[test]
fn a_client_cannot_choose_the_type_or_the_address_through_what_it_sends() {
    let lines = [
        // A user name that names another type stays a failed login.
        (
            "sshd[1]: Failed password for invalid user nginx.service,CrashLoopBackOff from 192.0.2.240 port 22 ssh2",
            "sshd-auth-failure-user",
            "client_ip=\"192.0.2.240\"",
        ),
        (
            "sshd[1]: Invalid user ENOSPC from 192.0.2.230 port 22",
            "sshd-auth-failure-user",
            "client_ip=\"192.0.2.230\"",
        ),
        // The address the server wrote, not one in the request or user agent.
        (
            r#"2024/01/01 12:00:01 [error] 123#0: *1 user "admin": password mismatch, client: 203.0.113.7, server: example.com, request: "GET /admin?from=10.0.0.1 HTTP/1.1""#,
            "web-auth-failure",
            "client_ip=\"203.0.113.7\"",
        ),
        (
            "[auth_basic:error] [pid 1] [client 203.0.113.8:5555] AH01617: user bob: authentication failure for \"/\": Password Mismatch",
            "pam-auth-failure",
            "client_ip=\"203.0.113.8\"",
        ),
        (
            "postfix/smtpd[1]: warning: unknown[203.0.113.9]: SASL LOGIN authentication failed: UGFzc3dvcmQ6",
            "service-auth-failure",
            "client_ip=\"203.0.113.9\"",
        ),
    ];
    for (line, rule, field) in lines {
        let out = Command::new(env!("CARGO_BIN_EXE_logwarden"))
            .args(["patterns", "test", line])
            .env("XDG_CONFIG_HOME", "/nonexistent-logwarden-test-config")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains(&format!("match:     rule `{rule}`")),
            "{text}"
        );
        assert!(text.contains(field), "{text}");
    }
}
