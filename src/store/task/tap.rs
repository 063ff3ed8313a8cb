//! A lossless copy of what the store applied, for a front end that prints
//! every event (`watch`): each event as its group stands after it, and
//! the engine's notices. Records go in batches (what one round of updates
//! made) and wait in the store until the front end takes them, so a slow
//! reader slows reading rather than losing records.

use tokio::sync::mpsc;

use crate::follow::Notice;
use crate::model::Issue;

/// One record of the tap.
#[derive(Debug)]
pub enum Tapped {
    /// One event: its own issue (id, time, line, text), with its group's
    /// fields (group id, count, first seen, template, signals).
    Event(Box<Issue>),
    /// An event printed before (the same `id`) after more of its lines
    /// came in a later read: it replaces that record; its type and
    /// severity may have changed.
    Grew(Box<Issue>),
    /// A message of the engine's.
    Notice(Notice),
    /// The engine has found its files and is following them.
    Ready {
        /// Files followed.
        files: usize,
        /// Standard input is read as well.
        stdin: bool,
    },
}

/// The sending side, with what waits to be sent.
#[derive(Debug)]
pub(super) struct Tap {
    sender: mpsc::Sender<Vec<Tapped>>,
    pending: Vec<Tapped>,
}

impl Tap {
    pub(super) fn new(sender: mpsc::Sender<Vec<Tapped>>) -> Tap {
        Tap {
            sender,
            pending: Vec::new(),
        }
    }

    pub(super) fn push(&mut self, record: Tapped) {
        self.pending.push(record);
    }

    /// Hands over what waits; false when the reader is gone.
    pub(super) async fn flush(&mut self) -> bool {
        if self.pending.is_empty() {
            return true;
        }
        let batch = std::mem::take(&mut self.pending);
        self.sender.send(batch).await.is_ok()
    }
}

/// `event` with the group fields of `group`, the issue it went into.
pub(super) fn grouped(mut event: Issue, group: &Issue) -> Issue {
    event.group_id.clone_from(&group.group_id);
    event.count = group.count;
    event.first_seen = group.first_seen;
    event.last_seen = group.last_seen;
    event.template.clone_from(&group.template);
    event.new_pattern = group.new_pattern;
    event.spike_factor = group.spike_factor;
    event.regression = group.regression;
    event.sources.clone_from(&group.sources);
    event
}

impl super::StoreTask {
    /// Keeps `record` for the tap, if there is one.
    pub(super) fn tapped(&mut self, record: Tapped) {
        if let Some(tap) = &mut self.tap {
            tap.push(record);
        }
    }

    /// Hands the tap what waits; a reader gone is let go.
    pub(super) async fn flush_tap(&mut self) {
        if let Some(tap) = &mut self.tap
            && !tap.flush().await
        {
            self.tap = None;
        }
    }
}
