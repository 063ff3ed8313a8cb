//! What a front end asks the store to change: one [`Command`] (an
//! [`Edit`] of a [`Target`], from an [`Origin`]), what the store answers
//! when asked to wait ([`Answer`]), and how the change is recorded in the
//! history ([`Action`]).

use std::sync::Arc;

use super::handle::ChangeKind;
use crate::model::{DetectedAt, Issue};

/// Who asked for a change: recorded with it in the history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The dashboard's keys.
    Tui,
    /// The JSON API.
    Api,
}

impl Origin {
    /// The name recorded in the history (`tui`, `api`).
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Tui => "tui",
            Origin::Api => "api",
        }
    }
}

/// Which issue a command is about, when it is about one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IssueKey {
    /// Its stable id.
    Id(String),
    /// Its detection timestamp, as serialized (the original API's key).
    Timestamp(String),
}

/// Which issues a command changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// One issue, by id or detection timestamp.
    Issue(IssueKey),
    /// These issues (by id), in one change; ids not held are skipped.
    Issues(Vec<String>),
    /// The held issues of this type; a silence also covers those still to
    /// come.
    Type(String),
}

/// What a command changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    /// Resolved (true) or open again (false).
    Resolve(bool),
    /// Acknowledged (true) or not (false).
    Acknowledge(bool),
    /// Silenced until a time, or no longer (`None`).
    Silence(Option<DetectedAt>),
}

impl Edit {
    /// How the change is announced on the event stream.
    pub fn kind(self) -> ChangeKind {
        match self {
            Edit::Resolve(true) => ChangeKind::Resolved,
            Edit::Resolve(false) => ChangeKind::Reopened,
            Edit::Acknowledge(_) | Edit::Silence(_) => ChangeKind::Updated,
        }
    }

    /// How the change is recorded in the history.
    pub fn action(self) -> Action {
        match self {
            Edit::Resolve(true) => Action::Resolved,
            Edit::Resolve(false) => Action::Reopened,
            Edit::Acknowledge(true) => Action::Acknowledged,
            Edit::Acknowledge(false) => Action::Unacknowledged,
            Edit::Silence(Some(_)) => Action::Silenced,
            Edit::Silence(None) => Action::Unsilenced,
        }
    }
}

/// One change a front end asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    /// What changes.
    pub edit: Edit,
    /// Of which issues.
    pub target: Target,
    /// Who asks.
    pub origin: Origin,
}

/// What the store did with a command, once the change is published.
#[derive(Debug, Clone, Default)]
pub struct Answer {
    /// The issues that changed, as they are now.
    pub changed: Vec<Arc<Issue>>,
    /// For a [`Target::Issue`]: the issue as it is now, changed or not
    /// (`None`: no issue has the key, or the store is gone). Always `None`
    /// for the other targets.
    pub issue: Option<Arc<Issue>>,
}

/// An operator's change as recorded in the history's `changes` table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Marked resolved.
    Resolved,
    /// Opened again.
    Reopened,
    /// Acknowledged.
    Acknowledged,
    /// No longer acknowledged.
    Unacknowledged,
    /// Silenced for a while.
    Silenced,
    /// No longer silenced.
    Unsilenced,
}

impl Action {
    /// The name recorded in the history.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Resolved => "resolved",
            Action::Reopened => "reopened",
            Action::Acknowledged => "acknowledged",
            Action::Unacknowledged => "unacknowledged",
            Action::Silenced => "silenced",
            Action::Unsilenced => "unsilenced",
        }
    }
}

named!(Origin, Action);
