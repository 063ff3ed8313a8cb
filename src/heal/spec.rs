//! What an `[[action]]` entry says, once validated: what it is bound to,
//! what it does (a command's argv or a webhook) and its guard rails.

use std::fmt;
use std::time::Duration;

use super::GuardConfig;
use crate::alert::Selector;

/// A value read from a file or the environment (a webhook URL with a
/// token in it, a bearer token). It is never printed: `Debug` hides it and
/// there is no `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: String) -> Secret {
        Secret(value)
    }

    /// The value, for the one place that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<hidden>)")
    }
}

/// The body a webhook posts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WebhookFormat {
    /// logwarden's own JSON: the issue and what fired it.
    Generic,
    /// `{"text": ...}`, as Slack, Mattermost and Rocket.Chat incoming hooks take.
    Slack,
    /// An array of one alert, as Alertmanager's `POST /api/v2/alerts` takes;
    /// re-sent while firing, sent with `endsAt` when it ends.
    Alertmanager,
}

/// What an action does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActionKind {
    /// Runs a program: argv as written, `{field}` arguments filled with the
    /// issue's checked values; never a shell.
    Command {
        /// The template (checked by [`super::check_template`]).
        argv: Vec<String>,
    },
    /// POSTs JSON.
    Webhook {
        /// Where to (http or https).
        url: Secret,
        /// The body's shape.
        format: WebhookFormat,
        /// Sent as `Authorization: Bearer ...` when set.
        token: Option<Secret>,
        /// Alertmanager: how often a firing alert is sent again.
        resend: Duration,
    },
}

/// One `[[action]]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionSpec {
    /// Unique id, named in the audit log.
    pub id: String,
    /// The issues it acts on (types must be `auto_heal`).
    pub select: Selector,
    /// The alerts (`[[alert]]` ids) it acts on.
    pub alerts: Vec<String>,
    /// What it does.
    pub kind: ActionKind,
    /// The field whose value is the target of the guard rails' cooldown
    /// (`unit`, `client_ip`); `None`: the type (or the alert's key).
    pub target: Option<String>,
    /// How long a command or a request may take.
    pub timeout: Duration,
    /// Its guard rails.
    pub guard: GuardConfig,
}
