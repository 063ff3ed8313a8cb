//! `[[alert]]` and `[[inhibit]]`: rules over issues, validated and located
//! like the detection rules (every problem with its line, column and entry).

use std::collections::HashMap;
use std::time::Duration;

use toml::Spanned;
use toml::de::DeTable;

use super::error::Fault;
use super::raw::{RawAlert, RawInhibit, RawSelector};
use super::report::Reporter;
use super::table::{Entry, array_entries, entry_subject, read_table};
use super::types::parse_severity;
use crate::alert::{AlertKind, AlertSpec, Inhibit, Mode, Recovery, Selector};
use crate::classify::Rule;
use crate::model::{IssueType, Severity};
use fields::{bad, count, period, required, selector, strings};

/// The field every issue has besides its rule's captures.
const HOST: &str = "host";

/// What `[[alert]]` and `[[inhibit]]` say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AlertConfig {
    /// The enabled alerts, in file order.
    pub alerts: Vec<AlertSpec>,
    /// The inhibitions.
    pub inhibits: Vec<Inhibit>,
}

/// What the entries are checked against: the file's types and rules.
pub(super) struct Known<'a> {
    /// The issue types.
    pub(super) types: &'a [IssueType],
    /// The enabled rules.
    pub(super) rules: &'a [Rule],
}

/// The alerts and inhibitions of `doc`; problems go to `out`.
pub(super) fn parse_alerts(
    doc: &DeTable<'_>,
    types: &[IssueType],
    rules: &[Rule],
    out: &mut Reporter<'_>,
) -> AlertConfig {
    let known = Known { types, rules };
    let mut config = AlertConfig::default();
    let shape = "`alert` must be an array of tables (`[[alert]]`)";
    let mut seen: HashMap<String, usize> = HashMap::new();
    for entry in array_entries(doc, "alert", shape, out).unwrap_or_default() {
        if let Some(alert) = parse_alert(&entry, &known, &mut seen, out) {
            config.alerts.push(alert);
        }
    }
    let shape = "`inhibit` must be an array of tables (`[[inhibit]]`)";
    for entry in array_entries(doc, "inhibit", shape, out).unwrap_or_default() {
        if let Some(inhibit) = parse_inhibit(&entry, &known, out) {
            config.inhibits.push(inhibit);
        }
    }
    config
}

fn parse_alert(
    entry: &Entry<'_, '_>,
    known: &Known<'_>,
    seen: &mut HashMap<String, usize>,
    out: &mut Reporter<'_>,
) -> Option<AlertSpec> {
    let read = read_table::<RawAlert>(entry.table, entry.span.clone());
    let id = read.value.as_ref().and_then(|raw| raw.id.clone());
    let (subject, named) = entry_subject("alert", id.as_ref(), entry, read.faults, seen, out);
    let subject = subject.as_str();
    let id = id.filter(|_| named)?;
    let raw = read.value?;
    let errors = out.problems.len();
    let within = match &raw.within {
        Some(within) => period("within", within, subject, out),
        None => {
            out.report(entry.span.clone(), Some(subject), Fault::Missing("within"));
            None
        }
    };
    let kind = match (&raw.first, &raw.then) {
        (None, None) => threshold(&raw, entry, known, subject, out, within),
        _ => sequence(&raw, entry, known, subject, out, within),
    };
    let by = raw.by.as_ref().map(|by| by.get_ref().clone());
    if let (Some(by), Some(kind)) = (&raw.by, &kind) {
        check_by(by, kind, known, subject, out);
    }
    let below = match &raw.recover_below {
        Some(n) => count("recover_below", n, subject, out).unwrap_or(1),
        None => 1,
    };
    let after = match &raw.recover_after {
        Some(after) => period("recover_after", after, subject, out),
        None => within,
    };
    let severity = match &raw.severity {
        Some(s) => parse_severity(s, subject, out),
        None => Some(Severity::Error),
    };
    if out.problems.len() > errors || raw.enabled == Some(false) {
        return None;
    }
    Some(AlertSpec {
        id: id.into_inner(),
        severity: severity?,
        note: raw.note.clone(),
        kind: kind?,
        by,
        recovery: Recovery {
            below,
            period: after?,
        },
    })
}

/// A threshold alert's kind: its selector, count and mode.
fn threshold(
    raw: &RawAlert,
    entry: &Entry<'_, '_>,
    known: &Known<'_>,
    subject: &str,
    out: &mut Reporter<'_>,
    within: Option<Duration>,
) -> Option<AlertKind> {
    let inline = RawSelector {
        kind: raw.kind.clone(),
        group: raw.group.clone(),
        rule: raw.rule.clone(),
    };
    let select = selector(&inline, entry.span.clone(), known, subject, out);
    let count = match &raw.count {
        Some(n) => count("count", n, subject, out),
        None => {
            out.report(
                entry.span.clone(),
                Some(subject),
                Fault::Shape("missing field `count` (or `first` and `then` for a sequence)"),
            );
            None
        }
    };
    let mode = match &raw.mode {
        None => Some(Mode::Once),
        Some(mode) => match mode.get_ref().as_str() {
            "once" => Some(Mode::Once),
            "every" => Some(Mode::Every),
            "first" => Some(Mode::First),
            other => {
                out.report(
                    mode.span(),
                    Some(subject),
                    bad(
                        "mode",
                        format!("unknown mode {other:?} (valid: once, every, first)"),
                    ),
                );
                None
            }
        },
    };
    Some(AlertKind::Threshold {
        select: select?,
        count: count?,
        within: within?,
        mode: mode?,
    })
}

/// A sequence alert's kind: `first`, then `then`, within the window.
fn sequence(
    raw: &RawAlert,
    entry: &Entry<'_, '_>,
    known: &Known<'_>,
    subject: &str,
    out: &mut Reporter<'_>,
    within: Option<Duration>,
) -> Option<AlertKind> {
    for (field, value) in [
        ("count", raw.count.as_ref().map(Spanned::span)),
        ("mode", raw.mode.as_ref().map(Spanned::span)),
    ] {
        if let Some(span) = value {
            out.report(
                span,
                Some(subject),
                bad(
                    field,
                    "a sequence (`first`, `then`) fires once per pair: no count or mode".into(),
                ),
            );
        }
    }
    for (field, value) in [
        ("type", &raw.kind),
        ("group", &raw.group),
        ("rule", &raw.rule),
    ] {
        if let Some(value) = value {
            out.report(
                value.span(),
                Some(subject),
                bad(field, "a sequence selects in `first` and `then`".into()),
            );
        }
    }
    let first = required(entry, "first", &raw.first, known, subject, out);
    let then = required(entry, "then", &raw.then, known, subject, out);
    Some(AlertKind::Sequence {
        first: first?,
        then: then?,
        within: within?,
    })
}

/// `[[inhibit]]`: source, target and the fields equal on both.
fn parse_inhibit(
    entry: &Entry<'_, '_>,
    known: &Known<'_>,
    out: &mut Reporter<'_>,
) -> Option<Inhibit> {
    let subject = format!("inhibit[{}]", entry.index);
    let subject = subject.as_str();
    let read = read_table::<RawInhibit>(entry.table, entry.span.clone());
    for (at, fault) in read.faults {
        out.report(at, Some(subject), fault);
    }
    let raw = read.value?;
    let errors = out.problems.len();
    let source = required(entry, "source", &raw.source, known, subject, out);
    let target = required(entry, "target", &raw.target, known, subject, out);
    let equal = raw
        .equal
        .map(|e| strings("equal", e, subject, out))
        .unwrap_or_default()
        .into_iter()
        .map(Spanned::into_inner)
        .collect();
    if out.problems.len() > errors {
        return None;
    }
    Some(Inhibit {
        source: source?,
        target: target?,
        equal,
    })
}

/// `by`: `host`, or a named capture group of at least one rule the alert selects.
fn check_by(
    by: &Spanned<String>,
    kind: &AlertKind,
    known: &Known<'_>,
    subject: &str,
    out: &mut Reporter<'_>,
) {
    let name = by.get_ref();
    if name == HOST {
        return;
    }
    let selectors: Vec<&Selector> = match kind {
        AlertKind::Threshold { select, .. } => vec![select],
        AlertKind::Sequence { first, then, .. } => vec![first, then],
    };
    let selected = |rule: &Rule| {
        let ty = known
            .types
            .get(rule.type_index)
            .map_or("", |t| t.id.as_str());
        selectors.iter().any(|s| {
            (s.types.is_empty() || s.types.iter().any(|t| t == ty))
                && (s.rules.is_empty() || s.rules.contains(&rule.id))
        })
    };
    let mut names: Vec<String> = Vec::new();
    for rule in known.rules.iter().filter(|r| selected(r)) {
        names.extend(crate::classify::RuleSet::capture_names(rule));
    }
    if !names.iter().any(|n| n == name) {
        names.sort();
        names.dedup();
        let offered = if names.is_empty() {
            "none".to_string()
        } else {
            names.join(", ")
        };
        out.report(
            by.span(),
            Some(subject),
            bad("by", format!("{name:?} is neither `host` nor a named capture of a selected rule (their captures: {offered})")),
        );
    }
}

pub(super) mod fields;

#[cfg(test)]
mod tests;
