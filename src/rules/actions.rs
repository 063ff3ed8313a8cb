//! `[[action]]`: what is done about an issue or an alert (run a command,
//! call a webhook), validated and located like `[[alert]]` entries. The
//! secrets of a webhook (its URL, a bearer token) are read now, from the
//! file, the environment or a file of their own, and never appear in a
//! message: a webhook URL often carries a token.

use std::collections::HashMap;
use std::io::Read as _;
use std::ops::Range;
use std::path::Path;
use std::time::Duration;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::EnvLookup;
use super::alerts::fields::{bad, count, period, selector, strings};
use super::alerts::{AlertConfig, Known};
use super::error::Fault;
use super::raw::{RawAction, RawSelector, Sources};
use super::report::Reporter;
use super::table::{Entry, array_entries, entry_subject, has_key, read_table};
use crate::alert::{AlertSpec, Selector};
use crate::classify::Rule;
use crate::heal::check_template;
use crate::heal::{ActionKind, ActionSpec, ArgError, GuardConfig, Secret, WebhookFormat};
use crate::model::IssueType;
use binding::binding;
use check::Check;

/// The fields every issue has, besides its rule's named captures.
const ISSUE_FIELDS: [&str; 5] = ["host", "id", "type", "severity", "source"];
/// The field an alert adds: the value it counted (its `by`).
const ALERT_KEY: &str = "key";
/// The keys that say what an action does; exactly one is given.
const WHAT_IT_DOES: [&str; 4] = ["command", "webhook", "webhook_env", "webhook_file"];
/// The keys that only a webhook takes.
const WEBHOOK_ONLY: [&str; 4] = ["format", "token_env", "token_file", "resend"];
/// How long a command may take, unless `timeout` says otherwise.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a webhook request may take, unless `timeout` says otherwise.
const WEBHOOK_TIMEOUT: Duration = Duration::from_secs(10);
/// How often Alertmanager is told again of a firing alert, by default.
const RESEND: Duration = Duration::from_secs(60);
/// The guard rails an action has unless it says otherwise.
const DEFAULT_GUARD: GuardConfig = GuardConfig {
    cooldown: Duration::from_secs(5 * 60),
    max_attempts: 3,
    window: Duration::from_secs(3600),
    breaker_failures: 3,
    breaker_pause: Duration::from_secs(15 * 60),
};
/// Largest secret file read (a URL or a token is far smaller).
const SECRET_FILE_MAX: u64 = 64 * 1024;

/// What the entries are checked against.
struct Context<'a> {
    /// The file's types and rules.
    known: Known<'a>,
    /// The file's enabled, valid alerts.
    alerts: &'a AlertConfig,
    /// Every alert id written in the file, and whether it is switched on.
    written: HashMap<String, bool>,
    /// Where `webhook_env` and `token_env` are looked up.
    env: EnvLookup<'a>,
}

/// The actions of `doc`, checked against its types, rules and alerts;
/// problems go to `out`. Secrets are looked up in `env` and read from files.
pub(super) fn parse_actions(
    doc: &DeTable<'_>,
    types: &[IssueType],
    rules: &[Rule],
    alerts: &AlertConfig,
    env: EnvLookup<'_>,
    out: &mut Reporter<'_>,
) -> Vec<ActionSpec> {
    let cx = Context {
        known: Known { types, rules },
        alerts,
        written: written_alerts(doc),
        env,
    };
    let shape = "`action` must be an array of tables (`[[action]]`)";
    let mut seen: HashMap<String, usize> = HashMap::new();
    array_entries(doc, "action", shape, out)
        .unwrap_or_default()
        .iter()
        .filter_map(|entry| parse_action(entry, &cx, &mut seen, out))
        .collect()
}

/// The ids of the `[[alert]]` tables as written, and whether each is on
/// (one that is invalid is reported by the alerts, not again here).
fn written_alerts(doc: &DeTable<'_>) -> HashMap<String, bool> {
    let mut written = HashMap::new();
    let Some(DeValue::Array(items)) = doc.get("alert").map(Spanned::get_ref) else {
        return written;
    };
    for item in items {
        let DeValue::Table(table) = item.get_ref() else {
            continue;
        };
        if let Some(DeValue::String(id)) = table.get("id").map(Spanned::get_ref) {
            let off = matches!(
                table.get("enabled").map(Spanned::get_ref),
                Some(DeValue::Boolean(false))
            );
            written.insert(id.to_string(), !off);
        }
    }
    written
}

fn parse_action(
    entry: &Entry<'_, '_>,
    cx: &Context<'_>,
    seen: &mut HashMap<String, usize>,
    out: &mut Reporter<'_>,
) -> Option<ActionSpec> {
    let read = read_table::<RawAction>(entry.table, entry.span.clone());
    let id = read.value.as_ref().and_then(|raw| raw.id.clone());
    let (subject, named) = entry_subject("action", id.as_ref(), entry, read.faults, seen, out);
    let subject = subject.as_str();
    let id = id.filter(|_| named)?;
    let raw = read.value?;
    let errors = out.problems.len();
    let enabled = raw.enabled != Some(false);
    let bound = binding(&raw, entry, cx, subject, out);
    let check = Check {
        entry,
        fields: bound.fields(&cx.known),
        // A switched-off action sends nothing: its secrets need not be there.
        read_secrets: enabled,
        env: cx.env,
        subject,
    };
    let kind = check.what_it_does(&raw, out);
    let target = match &raw.target {
        Some(target) => check.field("target", target, out).map(Some),
        None => Some(None),
    };
    let default_timeout = match &kind {
        Some(ActionKind::Webhook { .. }) => WEBHOOK_TIMEOUT,
        _ => COMMAND_TIMEOUT,
    };
    let timeout = or_default("timeout", &raw.timeout, default_timeout, subject, out);
    let guard = guard(&raw, subject, out);
    if out.problems.len() > errors || !enabled {
        return None;
    }
    Some(ActionSpec {
        id: id.into_inner(),
        select: bound.select?.unwrap_or_default(),
        alerts: bound.alerts.iter().map(|a| a.id.clone()).collect(),
        kind: kind?,
        target: target?,
        timeout: timeout?,
        guard: guard?,
    })
}

/// A duration if given, else `default`.
fn or_default(
    field: &str,
    value: &Option<Spanned<String>>,
    default: Duration,
    subject: &str,
    out: &mut Reporter<'_>,
) -> Option<Duration> {
    match value {
        Some(value) => period(field, value, subject, out),
        None => Some(default),
    }
}

/// The guard rails, each with its default.
fn guard(raw: &RawAction, subject: &str, out: &mut Reporter<'_>) -> Option<GuardConfig> {
    let d = DEFAULT_GUARD;
    let cooldown = or_default("cooldown", &raw.cooldown, d.cooldown, subject, out);
    let window = or_default("window", &raw.window, d.window, subject, out);
    let pause = or_default(
        "breaker_pause",
        &raw.breaker_pause,
        d.breaker_pause,
        subject,
        out,
    );
    let mut number = |field, value: &Option<Spanned<f64>>, default| match value {
        Some(n) => count(field, n, subject, out),
        None => Some(default),
    };
    let max_attempts = number("max_attempts", &raw.max_attempts, d.max_attempts);
    let breaker_failures = number(
        "breaker_failures",
        &raw.breaker_failures,
        d.breaker_failures,
    );
    Some(GuardConfig {
        cooldown: cooldown?,
        max_attempts: max_attempts?,
        window: window?,
        breaker_failures: breaker_failures?,
        breaker_pause: pause?,
    })
}

mod binding;
mod check;

#[cfg(test)]
mod tests;
