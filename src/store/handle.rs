//! How front ends talk to the store: the handle they hold (snapshots to
//! read, changes to follow, commands to send) and the changes the store
//! announces.

use std::sync::Arc;

use tokio::sync::{broadcast, mpsc, oneshot, watch};

use super::command::{Answer, Command};
use super::snapshot::{HistoryStatus, Snapshot};
use crate::model::{HealState, Issue};

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

named!(ChangeKind);

/// One issue change, as published to event-stream readers.
#[derive(Debug, Clone)]
pub struct Change {
    /// What happened.
    pub kind: ChangeKind,
    /// The issue as it is now.
    pub issue: Arc<Issue>,
}

/// What the store task receives on its command channel.
#[derive(Debug)]
pub(super) enum Request {
    /// A change; the answer goes to `reply` once published (None: nobody
    /// waits).
    Edit(Command, Option<oneshot::Sender<Answer>>),
    /// What healing did for the issue with this id.
    Healed(String, HealState),
    /// The engine has stopped: apply what it sent, write everything that
    /// can be written, and reply how saving ended (None: no history).
    Finish(oneshot::Sender<Option<HistoryStatus>>),
}

/// A front end's access to the store: snapshots to read, commands to send.
#[derive(Debug, Clone)]
pub struct StoreHandle {
    pub(super) commands: mpsc::Sender<Request>,
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

    /// Sends `command` without waiting (the dashboard's keys: the next
    /// snapshot shows the result). False if the store is gone or busy.
    pub fn send(&self, command: Command) -> bool {
        self.commands.try_send(Request::Edit(command, None)).is_ok()
    }

    /// Sends `command` without waiting, in order with the other commands
    /// sent so (the dashboard's keys); the answer comes on the receiver
    /// once the change is published. `None` if the store is gone or busy.
    pub fn send_answered(&self, command: Command) -> Option<oneshot::Receiver<Answer>> {
        let (tx, rx) = oneshot::channel();
        self.commands
            .try_send(Request::Edit(command, Some(tx)))
            .ok()
            .map(|()| rx)
    }

    /// Tells the store what healing did for the issue `id` (the action
    /// runner's way); false when the store is gone or its queue is full.
    pub fn healed(&self, id: String, state: HealState) -> bool {
        self.commands.try_send(Request::Healed(id, state)).is_ok()
    }

    /// Sends `command` and waits until its change is published (the API's
    /// way). A store that is gone answers nothing changed, no issue.
    pub async fn ask(&self, command: Command) -> Answer {
        let (tx, rx) = oneshot::channel();
        if self
            .commands
            .send(Request::Edit(command, Some(tx)))
            .await
            .is_err()
        {
            return Answer::default();
        }
        rx.await.unwrap_or_default()
    }

    /// After the engine stopped: has everything it sent applied and
    /// written, and says how saving ended (None: no history, or the store
    /// is gone).
    pub async fn finish(&self) -> Option<HistoryStatus> {
        let (tx, rx) = oneshot::channel();
        self.commands.send(Request::Finish(tx)).await.ok()?;
        rx.await.ok().flatten()
    }
}
