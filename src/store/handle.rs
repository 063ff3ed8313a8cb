//! How front ends talk to the store: the handle they hold (snapshots to
//! read, changes to follow), the commands they send, and the changes the
//! store announces.

use std::sync::Arc;

use tokio::sync::{broadcast, mpsc, oneshot, watch};

use super::snapshot::{HistoryStatus, Snapshot};
use crate::model::Issue;

/// Changes buffered for slow event-stream readers before they are told
/// they missed some.
pub(super) const CHANGES_BUFFER: usize = 4096;

/// What happened to an issue (the event stream's unit).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// Newly detected.
    New,
    /// Its event grew (more lines of a traceback) or was reclassified.
    Updated,
    /// Marked resolved.
    Resolved,
    /// Opened again.
    Reopened,
}

impl ChangeKind {
    /// The name used in the event stream.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::New => "new",
            ChangeKind::Updated => "updated",
            ChangeKind::Resolved => "resolved",
            ChangeKind::Reopened => "reopened",
        }
    }
}

/// One issue change, as published to event-stream readers.
#[derive(Debug, Clone)]
pub struct Change {
    /// What happened.
    pub kind: ChangeKind,
    /// The issue as it is now.
    pub issue: Arc<Issue>,
}

/// Which issue a command is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IssueKey {
    /// Its stable id.
    Id(String),
    /// Its detection timestamp, as serialized (the original API's key).
    Timestamp(String),
}

/// What a front end asks the store to change.
#[derive(Debug)]
pub enum Command {
    /// Marks an issue resolved or not; replies with the issue as it is now
    /// (None: no such issue) once the change is published.
    SetResolved {
        /// Which issue.
        key: IssueKey,
        /// Who asks: `tui` or `api` (recorded with the change).
        by: &'static str,
        /// Resolved (true) or open again (false).
        resolved: bool,
        /// Where the answer goes (None: nobody waits).
        reply: Option<oneshot::Sender<Option<Arc<Issue>>>>,
    },
    /// Marks issues acknowledged or not.
    SetAcknowledged(Acknowledge),
    /// Silences issues or a type for a while (or no longer).
    Silence(Silence),
    /// Marks several issues (by id) resolved or not, in one change.
    SetResolvedAll {
        /// Which issues.
        ids: Vec<String>,
        /// Who asks: `tui` or `api`.
        by: &'static str,
        /// Resolved (true) or open again (false).
        resolved: bool,
        /// Where the issues that changed go (None: nobody waits).
        reply: Option<oneshot::Sender<Vec<Arc<Issue>>>>,
    },
    /// The engine has stopped: apply what it sent, write everything that
    /// can be written, and reply how saving ended (None: no history).
    Finish(oneshot::Sender<Option<HistoryStatus>>),
}

/// Marks issues acknowledged or not; replies with those that changed.
#[derive(Debug)]
pub struct Acknowledge {
    /// Which issues (by id).
    pub ids: Vec<String>,
    /// Acknowledged (true) or not (false).
    pub acknowledged: bool,
    /// Who asks: `tui` or `api`.
    pub by: &'static str,
    /// Where the answer goes (None: nobody waits).
    pub reply: Option<oneshot::Sender<Vec<Arc<Issue>>>>,
}

/// What to silence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SilenceTarget {
    /// These issues (by id).
    Issues(Vec<String>),
    /// Every issue of this type, held or still to come.
    Type(String),
}

/// Silences issues until a time (`None`: no longer); replies with the
/// held issues that changed.
#[derive(Debug)]
pub struct Silence {
    /// What.
    pub target: SilenceTarget,
    /// Until when.
    pub until: Option<crate::model::DetectedAt>,
    /// Who asks: `tui` or `api`.
    pub by: &'static str,
    /// Where the answer goes (None: nobody waits).
    pub reply: Option<oneshot::Sender<Vec<Arc<Issue>>>>,
}

/// A front end's access to the store: snapshots to read, commands to send.
#[derive(Debug, Clone)]
pub struct StoreHandle {
    pub(super) commands: mpsc::Sender<Command>,
    pub(super) snapshots: watch::Receiver<Arc<Snapshot>>,
    pub(super) changes: broadcast::Sender<Change>,
}

impl StoreHandle {
    /// The latest snapshot.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.snapshots.borrow().clone()
    }

    /// A receiver that wakes on every new snapshot.
    pub fn subscribe(&self) -> watch::Receiver<Arc<Snapshot>> {
        self.snapshots.clone()
    }

    /// A receiver of every issue change from now on.
    pub fn changes(&self) -> broadcast::Receiver<Change> {
        self.changes.subscribe()
    }

    /// Sets an issue's resolved state and waits until it is published
    /// (the API's way: recorded as by `api`).
    pub async fn set_resolved(&self, key: IssueKey, resolved: bool) -> Option<Arc<Issue>> {
        let (tx, rx) = oneshot::channel();
        let command = Command::SetResolved {
            key,
            by: "api",
            resolved,
            reply: Some(tx),
        };
        self.commands.send(command).await.ok()?;
        rx.await.ok().flatten()
    }

    /// Asks for a change without waiting (the dashboard's keys: the new
    /// snapshot shows the result; recorded as by `tui`). False if the
    /// store is gone or busy.
    pub fn request_resolved(&self, key: IssueKey, resolved: bool) -> bool {
        let command = Command::SetResolved {
            key,
            by: "tui",
            resolved,
            reply: None,
        };
        self.commands.try_send(command).is_ok()
    }

    /// Acknowledges (or not) the issues with `ids` and waits until it is
    /// published (the API's way); returns those that changed.
    pub async fn set_acknowledged(&self, ids: Vec<String>, acknowledged: bool) -> Vec<Arc<Issue>> {
        let (tx, rx) = oneshot::channel();
        let command = Command::SetAcknowledged(Acknowledge {
            ids,
            acknowledged,
            by: "api",
            reply: Some(tx),
        });
        if self.commands.send(command).await.is_err() {
            return Vec::new();
        }
        rx.await.unwrap_or_default()
    }

    /// Acknowledges (or not) without waiting (the dashboard's key).
    pub fn request_acknowledged(&self, ids: Vec<String>, acknowledged: bool) -> bool {
        let command = Command::SetAcknowledged(Acknowledge {
            ids,
            acknowledged,
            by: "tui",
            reply: None,
        });
        self.commands.try_send(command).is_ok()
    }

    /// Silences `target` until `until` (`None`: no longer) and waits until
    /// it is published (the API's way); returns the held issues that changed.
    pub async fn silence(
        &self,
        target: SilenceTarget,
        until: Option<crate::model::DetectedAt>,
    ) -> Vec<Arc<Issue>> {
        let (tx, rx) = oneshot::channel();
        let command = Command::Silence(Silence {
            target,
            until,
            by: "api",
            reply: Some(tx),
        });
        if self.commands.send(command).await.is_err() {
            return Vec::new();
        }
        rx.await.unwrap_or_default()
    }

    /// Silences issues without waiting (the dashboard's key).
    pub fn request_silenced(
        &self,
        ids: Vec<String>,
        until: Option<crate::model::DetectedAt>,
    ) -> bool {
        let command = Command::Silence(Silence {
            target: SilenceTarget::Issues(ids),
            until,
            by: "tui",
            reply: None,
        });
        self.commands.try_send(command).is_ok()
    }

    /// After the engine stopped: has everything it sent applied and
    /// written, and says how saving ended (None: no history, or the store
    /// is gone).
    pub async fn finish(&self) -> Option<HistoryStatus> {
        let (tx, rx) = oneshot::channel();
        self.commands.send(Command::Finish(tx)).await.ok()?;
        rx.await.ok().flatten()
    }

    /// Asks for several issues to change at once, without waiting.
    pub fn request_resolved_all(&self, ids: Vec<String>, resolved: bool) -> bool {
        let command = Command::SetResolvedAll {
            ids,
            by: "tui",
            resolved,
            reply: None,
        };
        self.commands.try_send(command).is_ok()
    }

    /// Resolves (or reopens) several issues at once and waits until it is
    /// published (the API's way); returns those that changed.
    pub async fn set_resolved_all(&self, ids: Vec<String>, resolved: bool) -> Vec<Arc<Issue>> {
        let (tx, rx) = oneshot::channel();
        let command = Command::SetResolvedAll {
            ids,
            by: "api",
            resolved,
            reply: Some(tx),
        };
        if self.commands.send(command).await.is_err() {
            return Vec::new();
        }
        rx.await.unwrap_or_default()
    }
}
