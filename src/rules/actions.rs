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

/// What an action is bound to.
struct Bound<'a> {
    /// The issues selected directly: `Some(None)` when no `type`, `group`
    /// or `rule` is given, `None` when the selector is wrong.
    select: Option<Option<Selector>>,
    /// The alerts it acts on.
    alerts: Vec<&'a AlertSpec>,
    /// Every alert id named is one of `alerts`.
    all_alerts: bool,
}

impl Bound<'_> {
    /// The fields the bound issues and alerts can have, sorted; `None` when
    /// the binding is wrong (so that placeholders are not blamed for it).
    fn fields(&self, known: &Known<'_>) -> Option<Vec<String>> {
        let select = self.select.as_ref()?;
        if !self.all_alerts {
            return None;
        }
        let mut names: Vec<String> = ISSUE_FIELDS.iter().map(|f| f.to_string()).collect();
        if let Some(select) = select {
            for rule in known.rules.iter().filter(|r| selected(select, r, known)) {
                names.extend(crate::classify::RuleSet::capture_names(rule));
            }
        }
        if !self.alerts.is_empty() {
            names.push(ALERT_KEY.to_string());
        }
        names.extend(self.alerts.iter().filter_map(|a| a.by.clone()));
        names.sort();
        names.dedup();
        Some(names)
    }
}

/// Whether `select` takes the issues of `rule` (any group may hold them).
fn selected(select: &Selector, rule: &Rule, known: &Known<'_>) -> bool {
    let ty = known
        .types
        .get(rule.type_index)
        .map_or("", |t| t.id.as_str());
    (select.types.is_empty() || select.types.iter().any(|t| t == ty))
        && (select.rules.is_empty() || select.rules.contains(&rule.id))
}

/// `type` / `group` / `rule` and `alert`: known, at least one, and issues
/// bound directly of `auto_heal` types.
fn binding<'a>(
    raw: &RawAction,
    entry: &Entry<'_, '_>,
    cx: &Context<'a>,
    subject: &str,
    out: &mut Reporter<'_>,
) -> Bound<'a> {
    if !["type", "group", "rule", "alert"]
        .iter()
        .any(|key| has_key(entry.table, key))
    {
        out.report(
            entry.span.clone(),
            Some(subject),
            Fault::Shape(
                "bound to nothing: add `type`, `group` or `rule` (issues of auto_heal types) \
                 or `alert` (ids of [[alert]] entries)",
            ),
        );
    }
    let select = if raw.kind.is_some() || raw.group.is_some() || raw.rule.is_some() {
        let inline = RawSelector {
            kind: raw.kind.clone(),
            group: raw.group.clone(),
            rule: raw.rule.clone(),
        };
        let select = selector(&inline, entry.span.clone(), &cx.known, subject, out);
        check_auto_heal(raw, &cx.known, subject, out);
        select.map(Some)
    } else if has_key(entry.table, "type")
        || has_key(entry.table, "group")
        || has_key(entry.table, "rule")
    {
        // There but refused (reported already).
        None
    } else {
        Some(None)
    };
    let mut alerts = Vec::new();
    let mut all_alerts = raw.alert.is_some() || !has_key(entry.table, "alert");
    let ids = raw
        .alert
        .clone()
        .map(|ids| strings("alert", ids, subject, out))
        .unwrap_or_default();
    for id in ids {
        if let Some(alert) = cx.alerts.alerts.iter().find(|a| a.id == *id.get_ref()) {
            alerts.push(alert);
            continue;
        }
        all_alerts = false;
        match cx.written.get(id.get_ref()) {
            // Written but invalid: its own problems are reported.
            Some(true) => {}
            Some(false) => out.report(
                id.span(),
                Some(subject),
                bad(
                    "alert",
                    format!(
                        "alert `{}` is switched off (enabled = false): switch this action off \
                         too, or bind it to another alert",
                        id.get_ref()
                    ),
                ),
            ),
            None => {
                let known: Vec<&str> = cx.alerts.alerts.iter().map(|a| a.id.as_str()).collect();
                let known = if known.is_empty() {
                    "none".to_string()
                } else {
                    known.join(", ")
                };
                out.report(
                    id.span(),
                    Some(subject),
                    bad(
                        "alert",
                        format!(
                            "no [[alert]] has id {:?} (defined alerts: {known})",
                            id.get_ref()
                        ),
                    ),
                );
            }
        }
    }
    Bound {
        select,
        alerts,
        all_alerts,
    }
}

/// Actions fire only for issues of `auto_heal` types (or for alerts): a
/// type or rule bound directly must be one.
fn check_auto_heal(raw: &RawAction, known: &Known<'_>, subject: &str, out: &mut Reporter<'_>) {
    let advice = "bind the action to an alert, or set auto_heal = true on the type";
    for name in texts(&raw.kind) {
        if let Some(ty) = known.types.iter().find(|t| t.id == *name.get_ref())
            && !ty.auto_heal
        {
            let message = format!("type `{}` is not auto_heal: {advice}", ty.id);
            out.report(name.span(), Some(subject), bad("type", message));
        }
    }
    for name in texts(&raw.rule) {
        let Some(rule) = known.rules.iter().find(|r| r.id == *name.get_ref()) else {
            continue;
        };
        if let Some(ty) = known.types.get(rule.type_index)
            && !ty.auto_heal
        {
            let message = format!(
                "rule `{}` reports type `{}`, which is not auto_heal: {advice}",
                rule.id, ty.id
            );
            out.report(name.span(), Some(subject), bad("rule", message));
        }
    }
}

/// The strings of a string-or-list, located; anything else is dropped
/// (the selector reports it).
fn texts(value: &Option<Spanned<Sources>>) -> Vec<Spanned<String>> {
    let Some(value) = value.clone() else {
        return Vec::new();
    };
    Sources::located(value)
        .into_iter()
        .filter_map(|item| {
            let span = item.span();
            match item.into_inner() {
                super::raw::Item::Text(text) => Some(Spanned::new(span, text)),
                super::raw::Item::Wrong(_) => None,
            }
        })
        .collect()
}

/// What one entry's values are checked with.
struct Check<'e, 'd, 'i, 's> {
    /// The entry (for its keys and where it starts).
    entry: &'e Entry<'d, 'i>,
    /// The fields placeholders and `target` may name; `None` when the
    /// binding is wrong and they cannot be told.
    fields: Option<Vec<String>>,
    /// Whether secrets are looked up (not for a switched-off action).
    read_secrets: bool,
    /// The environment.
    env: EnvLookup<'s>,
    /// How the entry is named in messages.
    subject: &'s str,
}

impl Check<'_, '_, '_, '_> {
    /// Reports `fault` at `span`.
    fn report(&self, span: Range<usize>, fault: Fault, out: &mut Reporter<'_>) {
        out.report(span, Some(self.subject), fault);
    }

    /// Where `key` is written in the entry.
    fn key_span(&self, key: &str) -> Range<usize> {
        self.entry
            .table
            .iter()
            .find(|(k, _)| k.get_ref().as_ref() == key)
            .map_or_else(|| self.entry.span.clone(), |(k, _)| k.span())
    }

    /// `name` as a field of the bound issues (`target`, a placeholder).
    fn field(&self, key: &str, name: &Spanned<String>, out: &mut Reporter<'_>) -> Option<String> {
        let Some(fields) = &self.fields else {
            return Some(name.get_ref().clone());
        };
        if fields.iter().any(|f| f == name.get_ref()) {
            return Some(name.get_ref().clone());
        }
        let mut message = format!(
            "{:?} is not a field the bound issues have (their fields: {})",
            name.get_ref(),
            fields.join(", ")
        );
        if name.get_ref() == ALERT_KEY {
            message.push_str(
                "; `key` is an alert's counted value: bind the action to an alert to use it",
            );
        }
        self.report(name.span(), bad(key, message), out);
        None
    }

    /// `command`, or one webhook, and what goes with it.
    fn what_it_does(&self, raw: &RawAction, out: &mut Reporter<'_>) -> Option<ActionKind> {
        let given: Vec<&str> = WHAT_IT_DOES
            .into_iter()
            .filter(|key| has_key(self.entry.table, key))
            .collect();
        match given.as_slice() {
            [] => {
                self.report(
                    self.entry.span.clone(),
                    Fault::Shape(
                        "missing what the action does: `command` (the program and its \
                         arguments), or `webhook`, `webhook_env` or `webhook_file`",
                    ),
                    out,
                );
                None
            }
            ["command"] => {
                for key in WEBHOOK_ONLY {
                    if has_key(self.entry.table, key) {
                        let message = "only for a webhook; this action runs a `command`".into();
                        self.report(self.key_span(key), bad(key, message), out);
                    }
                }
                let argv = self.command(raw.command.as_ref()?, out)?;
                Some(ActionKind::Command { argv })
            }
            [key] => self.webhook(raw, key, out),
            [first, second, ..] => {
                let message = format!(
                    "`{first}` and `{second}` both given: an action runs one command or calls \
                     one webhook; keep one (two [[action]] entries can share a binding)"
                );
                self.report(self.key_span(second), bad(second, message), out);
                None
            }
        }
    }

    /// The argv: an absolute program, placeholders whole and known.
    fn command(&self, value: &Spanned<Sources>, out: &mut Reporter<'_>) -> Option<Vec<String>> {
        if let Sources::One(_) = value.get_ref() {
            let message = "must be an array of strings such as [\"/usr/bin/systemctl\", \
                           \"restart\", \"{unit}\"]: it runs without a shell, so one string \
                           is not split into arguments"
                .into();
            self.report(value.span(), bad("command", message), out);
            return None;
        }
        let errors = out.problems.len();
        let argv = strings("command", value.clone(), self.subject, out);
        let Some(program) = argv.first() else {
            if out.problems.len() == errors {
                let message =
                    "must not be empty: the program's absolute path first, then its arguments";
                self.report(value.span(), bad("command", message.into()), out);
            }
            return None;
        };
        if !Path::new(program.get_ref()).is_absolute() {
            let message = format!(
                "the program {:?} must be an absolute path (such as /usr/bin/systemctl): \
                 commands run without a shell and without a PATH lookup",
                program.get_ref()
            );
            self.report(program.span(), bad("command", message), out);
        }
        for arg in &argv {
            if let Err(ArgError::Embedded(_)) = check_template(std::slice::from_ref(arg.get_ref()))
            {
                let message = format!(
                    "argument {:?}: a {{field}} placeholder must be a whole argument \
                     (write \"--unit\", \"{{unit}}\", not \"--unit={{unit}}\")",
                    arg.get_ref()
                );
                self.report(arg.span(), bad("command", message), out);
            } else if let Some(name) = placeholder(arg.get_ref()) {
                let name = Spanned::new(arg.span(), name.to_string());
                self.field("command", &name, out);
            }
        }
        (out.problems.len() == errors).then(|| argv.into_iter().map(Spanned::into_inner).collect())
    }

    /// A webhook: its URL (from `key`), format, token and resend period.
    fn webhook(&self, raw: &RawAction, key: &str, out: &mut Reporter<'_>) -> Option<ActionKind> {
        let url = match key {
            "webhook" => raw.webhook.as_ref().and_then(|url| {
                let value = Spanned::new(url.span(), url.get_ref().0.clone());
                self.url("webhook", "the URL", value, out)
            }),
            "webhook_env" => raw.webhook_env.as_ref().and_then(|name| {
                let value = self.env_value("webhook_env", name, out)?;
                let what = format!("the URL in environment variable `{}`", name.get_ref());
                self.url("webhook_env", &what, Spanned::new(name.span(), value), out)
            }),
            _ => raw.webhook_file.as_ref().and_then(|path| {
                let value = self.file_value("webhook_file", path, "URL", out)?;
                let what = format!("the URL in `{}`", path.get_ref());
                self.url("webhook_file", &what, Spanned::new(path.span(), value), out)
            }),
        };
        let format = match &raw.format {
            None => Some(WebhookFormat::Generic),
            Some(format) => match format.get_ref().as_str() {
                "generic" => Some(WebhookFormat::Generic),
                "slack" => Some(WebhookFormat::Slack),
                "alertmanager" => Some(WebhookFormat::Alertmanager),
                other => {
                    // Quoted only if it is a word: not a URL pasted in the wrong key.
                    let word = other.len() <= 32
                        && other
                            .bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
                    let shown = if word {
                        format!(" {other:?}")
                    } else {
                        String::new()
                    };
                    let message =
                        format!("unknown format{shown} (valid: generic, slack, alertmanager)");
                    self.report(format.span(), bad("format", message), out);
                    None
                }
            },
        };
        let token = self.token(raw, out);
        let resend = match (&raw.resend, format) {
            (Some(resend), Some(format)) if format != WebhookFormat::Alertmanager => {
                let message = "only for format = \"alertmanager\" (the other formats are \
                               sent once per firing)"
                    .into();
                self.report(resend.span(), bad("resend", message), out);
                None
            }
            (resend, _) => or_default("resend", resend, RESEND, self.subject, out),
        };
        Some(ActionKind::Webhook {
            url: url?,
            format: format?,
            token: token?,
            resend: resend?,
        })
    }

    /// `token_env` or `token_file`, or none.
    fn token(&self, raw: &RawAction, out: &mut Reporter<'_>) -> Option<Option<Secret>> {
        let value = match (&raw.token_env, &raw.token_file) {
            (None, None) => return Some(None),
            (Some(_), Some(file)) => {
                let message = "`token_env` and `token_file` both given: keep one".into();
                self.report(file.span(), bad("token_file", message), out);
                return None;
            }
            (Some(name), None) => ("token_env", self.env_value("token_env", name, out)?),
            (None, Some(path)) => (
                "token_file",
                self.file_value("token_file", path, "token", out)?,
            ),
        };
        let (key, token) = value;
        if !self.read_secrets {
            return Some(Some(Secret::new(token)));
        }
        if token.chars().any(|c| c.is_whitespace() || c.is_control()) {
            let message =
                "the token contains a space, line break or control character (its value is \
                 not shown); a bearer token is one word"
                    .into();
            self.report(self.key_span(key), bad(key, message), out);
            return None;
        }
        Some(Some(Secret::new(token)))
    }

    /// A webhook URL, checked without ever showing it.
    fn url(
        &self,
        key: &str,
        what: &str,
        value: Spanned<String>,
        out: &mut Reporter<'_>,
    ) -> Option<Secret> {
        if !self.read_secrets {
            return Some(Secret::new(String::new()));
        }
        match check_url(value.get_ref()) {
            Ok(()) => Some(Secret::new(value.into_inner())),
            Err(why) => {
                let message = format!("{what} {why} (the value is not shown: it may hold a token)");
                self.report(value.span(), bad(key, message), out);
                None
            }
        }
    }

    /// The value of the environment variable named at `name`, trimmed.
    /// Not looked up for a switched-off action (an empty value stands in).
    fn env_value(
        &self,
        key: &str,
        name: &Spanned<String>,
        out: &mut Reporter<'_>,
    ) -> Option<String> {
        let var = name.get_ref();
        if !is_env_name(var) {
            // Not echoed: a URL or token written here by mistake stays unseen.
            let message = "must be the name of an environment variable (letters, digits and \
                           _, not starting with a digit)"
                .into();
            self.report(name.span(), bad(key, message), out);
            return None;
        }
        if !self.read_secrets {
            return Some(String::new());
        }
        let why = match (self.env)(var) {
            None => "is not set",
            Some(value) if value.trim().is_empty() => "is empty",
            Some(value) => return Some(value.trim().to_string()),
        };
        let message = format!(
            "environment variable `{var}` {why}: set it in logwarden's environment before it \
             starts"
        );
        self.report(name.span(), bad(key, message), out);
        None
    }

    /// The content of the file named at `path`, trimmed. Not read for a
    /// switched-off action (an empty value stands in).
    fn file_value(
        &self,
        key: &str,
        path: &Spanned<String>,
        what: &str,
        out: &mut Reporter<'_>,
    ) -> Option<String> {
        let name = path.get_ref();
        let why = if name.trim().is_empty() {
            "must name a file".to_string()
        } else if name.contains("://") {
            // Not echoed: a URL written here by mistake may hold a token.
            format!("must name a file, not hold the {what} itself (use `webhook` for a URL)")
        } else if !self.read_secrets {
            return Some(String::new());
        } else {
            match read_secret(Path::new(name)) {
                Ok(text) if text.trim().is_empty() => {
                    format!("`{name}` is empty: write the {what} in it")
                }
                Ok(text) => return Some(text.trim().to_string()),
                Err(why) => format!("cannot read `{name}`: {why}"),
            }
        };
        self.report(path.span(), bad(key, why), out);
        None
    }
}

/// The field a whole-argument placeholder `{name}` stands for.
fn placeholder(arg: &str) -> Option<&str> {
    arg.strip_prefix('{')?.strip_suffix('}')
}

/// Whether `name` can be an environment variable's name.
fn is_env_name(name: &str) -> bool {
    name.bytes()
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// Why `url` is not a webhook URL (said without quoting it).
fn check_url(url: &str) -> Result<(), &'static str> {
    let rest = ["http://", "https://"].into_iter().find_map(|scheme| {
        url.get(..scheme.len())
            .filter(|head| head.eq_ignore_ascii_case(scheme))
            .map(|_| &url[scheme.len()..])
    });
    let Some(rest) = rest else {
        return Err("must start with http:// or https://");
    };
    if rest.is_empty() || rest.starts_with(['/', '?', '#']) {
        return Err("has no host after http:// or https://");
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("must not contain spaces or control characters");
    }
    Ok(())
}

/// A secret file's text: a regular file, UTF-8, at most [`SECRET_FILE_MAX`] bytes.
fn read_secret(path: &Path) -> Result<String, String> {
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let meta = file.metadata().map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err("not a regular file".into());
    }
    let mut text = String::new();
    file.take(SECRET_FILE_MAX + 1)
        .read_to_string(&mut text)
        .map_err(|e| e.to_string())?;
    if text.len() as u64 > SECRET_FILE_MAX {
        return Err(format!("larger than {} KiB", SECRET_FILE_MAX / 1024));
    }
    Ok(text)
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

#[cfg(test)]
mod tests;
