//! The engine's updates applied: new issues and recurrences (through
//! the groups), events that grew, read positions, notices; issues the
//! store let go.

use std::sync::Arc;
use std::time::Duration;

use tokio::time::Instant;

use super::StoreTask;
use super::tap::{Tapped, grouped};
use crate::follow::{Mark, Update};
use crate::model::{Issue, sanitize_for_terminal};
use crate::store::Dropped;
use crate::store::groups::Placement;
use crate::store::handle::ChangeKind;

/// Where an occurrence went.
enum Placed {
    /// A new group; the id of its issue, and a copy of it for the tap.
    New(String, Option<Issue>),
    /// Another occurrence of the held issue with this id; the occurrence
    /// as it recurred.
    Recurred(String, Issue),
}

/// Open CRITICAL/ERROR issues dropped are said at most this often.
const DROP_WARNING_EVERY: Duration = Duration::from_secs(60);

impl StoreTask {
    /// Applies one of the engine's updates.
    pub(super) fn apply(&mut self, update: Update) {
        match update {
            Update::Issue(issue, mark) => {
                let applied = self.position_of(mark, &issue);
                self.add(issue);
                self.applied(applied);
            }
            Update::Grew(issue, mark) => {
                let applied = self.position_of(mark, &issue);
                self.grow(issue);
                self.applied(applied);
            }
            Update::Positions(positions) => {
                if let Some(saver) = &mut self.saver {
                    saver.positions(positions);
                }
            }
            Update::Notice(notice) if self.tap.is_some() => self.tapped(Tapped::Notice(notice)),
            // Paths in notices come from the file system: keep them inert on screen.
            Update::Notice(notice) if notice.warning => {
                tracing::warn!("{}", sanitize_for_terminal(&notice.message))
            }
            Update::Notice(notice) => tracing::info!("{}", sanitize_for_terminal(&notice.message)),
            Update::Ready { files, stdin } => {
                self.engine.ready = true;
                self.engine.files = files as u64;
                let extra = if stdin { " and standard input" } else { "" };
                tracing::info!("watching {files} files{extra}");
                self.tapped(Tapped::Ready { files, stdin });
            }
        }
    }

    /// The mark of an update and its issue's id, when positions are saved.
    fn position_of(&self, mark: Option<Mark>, issue: &Issue) -> Option<(Mark, String)> {
        self.saver.as_ref()?;
        Some((mark?, issue.id.clone()))
    }

    fn applied(&mut self, applied: Option<(Mark, String)>) {
        if let (Some(saver), Some((mark, id))) = (&mut self.saver, applied) {
            saver.applied(mark, id);
        }
    }

    /// A new occurrence; a tap gets it with its group's fields.
    fn add(&mut self, issue: Issue) {
        let placed = self.place(issue);
        if self.tap.is_none() {
            return;
        }
        // The tap gets copies: a reference to the held issue would make
        // its next recurrence copy the whole group (copy on write).
        let (id, event) = match placed {
            Placed::New(id, event) => (id, event),
            Placed::Recurred(held, occurrence) => (held, Some(occurrence)),
        };
        let Some(event) = event else { return };
        let record = match self.store.get(&id) {
            Some(group) => grouped(event, group),
            None => event,
        };
        self.tapped(Tapped::Event(Box::new(record)));
    }

    /// A new occurrence: a group's first (a new issue) or a recurrence.
    fn place(&mut self, issue: Issue) -> Placed {
        let mut issue = match self.groups.place(issue) {
            Placement::New(issue) => issue,
            Placement::Recur(held, mut occurrence) => {
                self.signals.again(&mut occurrence, &held);
                match self.store.recur(&held, occurrence.clone()) {
                    Some(now) => {
                        self.announce(ChangeKind::Updated, Arc::clone(&now));
                        self.respond(&now);
                        // A recurrence may grow it (its occurrences).
                        let dropped = self.store.trim();
                        self.dropped(dropped);
                        self.trim_groups();
                        return Placed::Recurred(held, occurrence);
                    }
                    None => self.groups.restart(&held, occurrence),
                }
            }
        };
        self.signals.first(&mut issue);
        let id = issue.id.clone();
        let event = self.tap.is_some().then(|| issue.clone());
        let dropped = self.store.insert(issue);
        if let Some(new) = self.store.get(&id).cloned() {
            self.announce(ChangeKind::New, Arc::clone(&new));
            self.respond(&new);
        }
        self.dropped(dropped);
        self.trim_groups();
        Placed::New(id, event)
    }

    /// Issues the store let go: their groups and rates are forgotten; an
    /// open CRITICAL/ERROR among them is said (at most once a minute, with
    /// how many, so a flood of them does not flood the log too).
    pub(super) fn dropped(&mut self, dropped: Vec<Dropped>) {
        for dropped in dropped {
            self.closed(&dropped.issue);
            self.groups.forget(&dropped.issue.id);
            self.signals.forget(&dropped.issue);
            if dropped.needed_attention {
                self.unsaid_drops += 1;
                let due = self
                    .last_drop_warning
                    .is_none_or(|at| at.elapsed() >= DROP_WARNING_EVERY);
                if due {
                    let issue = dropped.issue;
                    tracing::warn!(
                        "store full: dropped {} unresolved CRITICAL/ERROR issue(s), the latest {} ({}) from {}",
                        self.unsaid_drops,
                        issue.severity,
                        issue.issue_type,
                        issue.timestamp
                    );
                    self.unsaid_drops = 0;
                    self.last_drop_warning = Some(Instant::now());
                }
            }
        }
    }

    /// The template miner within its limits; templates of groups whose
    /// issue needs attention go last.
    fn trim_groups(&mut self) {
        let store = &self.store;
        self.groups.trim(|held| store.needs_attention(held));
    }

    /// A reported event grew: the issue it became (or recurred into) grows.
    fn grow(&mut self, issue: Issue) {
        let held = self
            .groups
            .held_for(&issue.id)
            .unwrap_or(&issue.id)
            .to_string();
        // The tap's record of the event as it is now: its own id and time
        // (the one printed before), with its group's fields.
        let record = self.tap.is_some().then(|| issue.clone());
        // Its group's only occurrence: grouped as the whole event would be.
        let alone = held == issue.id && self.store.get(&held).is_some_and(|i| i.count == 1);
        let regrouped = alone.then(|| self.groups.regroup(&held, &issue)).flatten();
        if !self.store.grow_into(&held, issue) {
            return;
        }
        if let Some((group_id, template)) = regrouped {
            self.store.set_group(&held, group_id, template);
        }
        if let Some(now) = self.store.get(&held) {
            let now = Arc::clone(now);
            if let Some(record) = record {
                self.tapped(Tapped::Grew(Box::new(grouped(record, &now))));
            }
            self.announce(ChangeKind::Updated, now);
        }
    }
}
