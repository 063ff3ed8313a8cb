use std::time::Duration;

use crate::alert::{AlertKind, Mode};
use crate::rules::{PatternsFile, Problem};

const BASE: &str = r#"
version = 1

[types.authentication_failure]
severity = "WARNING"
category = "Security Issue"
description = "Authentication failure"

[types.service_crash]
severity = "CRITICAL"
category = "Service Issue"
description = "Crash"

[types.restart_loop]
severity = "CRITICAL"
category = "Service Issue"
description = "Restart loop"

[[rules]]
id = "ssh-failed"
type = "authentication_failure"
match = ['Failed password for \S+ from (?P<client_ip>[0-9.]+)']

[[rules]]
id = "crashed"
type = "service_crash"
match = ['crashed']

[[rules]]
id = "restarting"
type = "restart_loop"
match = ['restarting too fast']
"#;

fn parse(extra: &str) -> Result<PatternsFile, Vec<Problem>> {
    PatternsFile::parse("alerts.toml", &format!("{BASE}{extra}")).map_err(|e| e.problems)
}

/// The problems of `extra`, each as `line: subject: message`.
fn problems(extra: &str) -> Vec<String> {
    let base_lines = BASE.lines().count();
    match parse(extra) {
        Ok(_) => panic!("no problem found in {extra}"),
        Err(problems) => problems
            .iter()
            .map(|p| {
                format!(
                    "{}: {}: {}",
                    p.line - base_lines,
                    p.subject.as_deref().unwrap_or(""),
                    p.message
                )
            })
            .collect(),
    }
}

#[test]
fn thresholds_sequences_and_inhibitions_are_read() {
    let file = parse(
        r#"
[[alert]]
id = "ssh-brute-force"
type = "authentication_failure"
count = 5
within = "10m"
by = "client_ip"

[[alert]]
id = "crash-then-restart"
first = { type = "service_crash" }
then = { rule = ["restarting"] }
within = "5m"
by = "host"
recover_below = 2
recover_after = "30m"
mode_note = 1
"#
        .replace("mode_note = 1\n", "")
        .as_str(),
    )
    .expect("valid alerts");
    let alerts = &file.settings.alerts.alerts;
    assert_eq!(alerts.len(), 2);
    let brute = &alerts[0];
    assert_eq!(brute.id, "ssh-brute-force");
    assert_eq!(brute.by.as_deref(), Some("client_ip"));
    match &brute.kind {
        AlertKind::Threshold {
            select,
            count,
            within,
            mode,
        } => {
            assert_eq!(select.types, vec!["authentication_failure"]);
            assert_eq!(
                (*count, *within, *mode),
                (5, Duration::from_secs(600), Mode::Once)
            );
        }
        other => panic!("{other:?}"),
    }
    // Recovery defaults to: no occurrence for the window.
    assert_eq!(
        (brute.recovery.below, brute.recovery.period),
        (1, Duration::from_secs(600))
    );
    let pair = &alerts[1];
    match &pair.kind {
        AlertKind::Sequence {
            first,
            then,
            within,
        } => {
            assert_eq!(first.types, vec!["service_crash"]);
            assert_eq!(then.rules, vec!["restarting"]);
            assert_eq!(*within, Duration::from_secs(300));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        (pair.recovery.below, pair.recovery.period),
        (2, Duration::from_secs(1800))
    );
}

#[test]
fn an_inhibition_is_read() {
    let file = parse(
        r#"
[[inhibit]]
source = { type = "service_crash" }
target = { type = ["restart_loop", "authentication_failure"] }
equal = ["host"]
"#,
    )
    .expect("valid inhibition");
    let inhibit = &file.settings.alerts.inhibits[0];
    assert_eq!(inhibit.source.types, vec!["service_crash"]);
    assert_eq!(inhibit.target.types.len(), 2);
    assert_eq!(inhibit.equal, vec!["host"]);
}

#[test]
fn every_mistake_is_reported_where_it_is() {
    let found = problems(
        r#"
[[alert]]
id = "a"
type = "no_such_type"
count = 0
within = "ten minutes"
mode = "sometimes"
by = "client"

[[alert]]
id = "a"
first = { type = "service_crash" }
within = "5m"
count = 3

[[alert]]
type = "service_crash"
count = 2
within = "1m"

[[alert]]
id = "b"
rule = "crashed"
within = "30d"
colour = "red"

[[inhibit]]
source = { type = "service_crash", host = "x" }
"#,
    );
    let expect = [
        "4: alert `a`: unknown type `no_such_type`",
        "5: alert `a`: field `count`: must be a whole number from 1 to 1000000 (got 0)",
        "6: alert `a`: field `within`: \"ten minutes\" is not a duration",
        "7: alert `a`: field `mode`: unknown mode \"sometimes\"",
        "11: alert `a`: duplicate id (first defined on line",
        "14: alert `a`: field `count`: a sequence (`first`, `then`) fires once per pair",
        "alert `a`: missing field `then`",
        "alert[2]: missing field `id`",
        "alert `b`: unknown field `colour`",
        "inhibit[0]: field `source`: unknown field `host`",
        "inhibit[0]: missing field `target`",
    ];
    for want in expect {
        assert!(
            found.iter().any(|f| f.contains(want)),
            "{want:?} not among {found:#?}"
        );
    }
    // A key that is there but wrong is not also called missing.
    assert!(
        !found.iter().any(|f| f.contains("missing field `source`")),
        "{found:#?}"
    );
}

#[test]
fn by_must_name_host_or_a_capture_of_the_selected_rules() {
    let found = problems(
        r#"
[[alert]]
id = "crash-by-ip"
type = "service_crash"
count = 3
within = "5m"
by = "client_ip"
"#,
    );
    assert!(
        found.iter().any(|f| f.contains("\"client_ip\" is neither `host` nor a named capture of a selected rule (their captures: none)")),
        "{found:#?}"
    );
    let window = problems(
        r#"
[[alert]]
id = "too-long"
rule = "crashed"
count = 3
within = "30d"
"#,
    );
    assert!(
        window
            .iter()
            .any(|f| f.contains("\"30d\" must be from 1s to 7d")),
        "{window:#?}"
    );
}

#[test]
fn a_switched_off_alert_is_checked_but_not_kept() {
    let file = parse(
        r#"
[[alert]]
id = "off"
type = "service_crash"
count = 3
within = "5m"
enabled = false
"#,
    )
    .expect("valid");
    assert!(file.settings.alerts.alerts.is_empty());
}
