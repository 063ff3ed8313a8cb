//! `GET /metrics`: the Prometheus text format (version 0.0.4).
//!
//! Written by hand rather than with `prometheus-client`: that crate
//! writes the OpenMetrics flavour (`# EOF`, floats as `75.0`, `_total`
//! managed for counters), which would change the page scrapers and the
//! tests read. The families with one value are a table (`families.rs`).

mod families;
mod remote;

use std::fmt::{Display, Write};

use crate::model::Severity;
use crate::store::Snapshot;

/// Whether a family only grows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Counter,
    Gauge,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Counter => "counter",
            Kind::Gauge => "gauge",
        }
    }
}

/// A family with one unlabelled value.
#[derive(Debug, Clone, Copy)]
struct Single {
    name: &'static str,
    kind: Kind,
    help: &'static str,
    value: f64,
}

/// The metrics page for `snap` (and the input from other machines, when
/// it runs).
pub(super) fn render(snap: &Snapshot, remote: Option<&crate::remote::RemoteHandle>) -> String {
    let mut out = String::with_capacity(4096);
    issues_total(&mut out, snap);
    issues_open(&mut out, snap);
    actions(&mut out, snap);
    for single in families::singles(snap) {
        header(&mut out, single.name, single.kind, single.help);
        sample(&mut out, single.name, single.value);
    }
    remote::render(&mut out, snap, remote);
    out
}

/// `logwarden_issues_total{type,severity}`: detected since start.
fn issues_total(out: &mut String, snap: &Snapshot) {
    let help = "Issues detected since start, by type and severity.";
    by_verdict(out, "logwarden_issues_total", help, &snap.detected);
    let help = "Of logwarden_issues_total, events that grew into another type or severity \
                (counted there too): subtract for events by their final verdict.";
    by_verdict(out, "logwarden_issues_regraded_total", help, &snap.regraded);
}

/// A counter family labelled by type and severity.
fn by_verdict(
    out: &mut String,
    name: &str,
    help: &str,
    counts: &std::collections::BTreeMap<(String, crate::model::Severity), u64>,
) {
    header(out, name, Kind::Counter, help);
    for ((issue_type, severity), n) in counts {
        let labels = format!(
            "{name}{{type=\"{}\",severity=\"{}\"}}",
            label(issue_type),
            severity.as_str()
        );
        sample(out, &labels, n);
    }
}

/// `logwarden_issues_open{severity}`: unresolved issues held.
fn issues_open(out: &mut String, snap: &Snapshot) {
    let mut open = [0u64; 4];
    for issue in snap.issues.iter().filter(|i| !i.resolved) {
        open[issue.severity as usize] += 1;
    }
    let name = "logwarden_issues_open";
    header(
        out,
        name,
        Kind::Gauge,
        "Unresolved issues held, by severity.",
    );
    let graver_first = [
        Severity::Critical,
        Severity::Error,
        Severity::Warning,
        Severity::Info,
    ];
    for severity in graver_first {
        let labels = format!("{name}{{severity=\"{}\"}}", severity.as_str());
        sample(out, &labels, open[severity as usize]);
    }
}

/// A family with one value per action: name, kind, help, the value.
type ActionFamily = (
    &'static str,
    Kind,
    &'static str,
    fn(&crate::heal::ActionStatus) -> u64,
);

/// The healing actions (only when there are some): attempts and refusals
/// per action, whether its breaker is open; and the alerts firing.
fn actions(out: &mut String, snap: &Snapshot) {
    let firing = snap
        .issues
        .iter()
        .filter(|i| i.alert.is_some() && !i.resolved)
        .count();
    let name = "logwarden_alerts_firing";
    header(out, name, Kind::Gauge, "Alert issues open now.");
    sample(out, name, firing);
    if snap.actions.is_empty() {
        return;
    }
    let families: [ActionFamily; 3] = [
        (
            "logwarden_action_attempts_total",
            Kind::Counter,
            "Attempts the guard rails allowed since start, by action.",
            |a| a.attempts,
        ),
        (
            "logwarden_action_refused_total",
            Kind::Counter,
            "Attempts the guard rails (or a value check) refused since start, by action.",
            |a| a.refused,
        ),
        (
            "logwarden_action_breaker_open",
            Kind::Gauge,
            "1 while the action's circuit breaker is open (or on trial), by action.",
            |a| u64::from(a.breaker != "closed"),
        ),
    ];
    for (name, kind, help, value) in families {
        header(out, name, kind, help);
        for action in &snap.actions {
            let series = format!("{name}{{action=\"{}\"}}", label(&action.id));
            sample(out, &series, value(action));
        }
    }
}

fn header(out: &mut String, name: &str, kind: Kind, help: &str) {
    let kind = kind.as_str();
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
}

/// One sample line: `series` is the name with its labels, if any.
fn sample(out: &mut String, series: &str, value: impl Display) {
    // Writing to a String cannot fail.
    let _ = writeln!(out, "{series} {value}");
}

/// A label value escaped as the format requires.
fn label(value: &str) -> String {
    value
        .replace('\\', r"\\")
        .replace('"', r#"\""#)
        .replace('\n', r"\n")
}
