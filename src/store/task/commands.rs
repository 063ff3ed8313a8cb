//! The store task's answers to the front ends' commands: resolve,
//! acknowledge, silence; each change announced, logged with who asked,
//! published and saved at once.

use std::sync::Arc;

use tokio::sync::oneshot;

use super::StoreTask;
use crate::model::Issue;
use crate::store::handle::{ChangeKind, Command, IssueKey, SilenceTarget};
use crate::store::persist::Change as PersistChange;

impl StoreTask {
    pub(super) fn command(&mut self, command: Command) {
        match command {
            Command::SetResolved {
                key,
                by,
                resolved,
                reply,
            } => {
                let version = self.store.version();
                let issue = match &key {
                    IssueKey::Id(id) => self.store.set_resolved(id, resolved),
                    IssueKey::Timestamp(ts) => self.store.set_resolved_at(ts, resolved),
                };
                let changed = match &issue {
                    Some(issue) if self.store.version() != version => vec![Arc::clone(issue)],
                    _ => Vec::new(),
                };
                let (kind, action) = resolved_change(resolved);
                self.changed(&changed, kind, action, by);
                if let Some(reply) = reply {
                    let _ = reply.send(issue);
                }
            }
            Command::SetResolvedAll {
                ids,
                by,
                resolved,
                reply,
            } => {
                let changed = self
                    .store
                    .set_resolved_all(&ids.into_iter().collect(), resolved);
                let (kind, action) = resolved_change(resolved);
                self.changed(&changed, kind, action, by);
                answer(reply, changed);
            }
            Command::SetAcknowledged(ack) => {
                let changed = self.store.set_acknowledged_all(&ack.ids, ack.acknowledged);
                let action = if ack.acknowledged {
                    "acknowledged"
                } else {
                    "unacknowledged"
                };
                self.changed(&changed, ChangeKind::Updated, action, ack.by);
                answer(ack.reply, changed);
            }
            Command::Silence(silence) => {
                let changed = match &silence.target {
                    SilenceTarget::Issues(ids) => self.store.set_silenced_all(ids, silence.until),
                    SilenceTarget::Type(t) => {
                        if let Some(saver) = &mut self.saver {
                            saver.silence_type(t, silence.until);
                        }
                        self.store.silence_type(t, silence.until)
                    }
                };
                let action = if silence.until.is_some() {
                    "silenced"
                } else {
                    "unsilenced"
                };
                self.changed(&changed, ChangeKind::Updated, action, silence.by);
                answer(silence.reply, changed);
            }
            // Handled by the run loop, which owns the engine's updates.
            Command::Finish(reply) => {
                let _ = reply.send(self.saver.as_ref().map(|s| s.status()));
            }
        }
    }

    /// Operators changed `issues`: each is recorded in the history with
    /// `action` and who asked, and announced as `kind`; then the change is
    /// published and saved at once (even when nothing changed, so the
    /// asker sees the state as it is).
    fn changed(
        &mut self,
        issues: &[Arc<Issue>],
        kind: ChangeKind,
        action: &'static str,
        by: &'static str,
    ) {
        for issue in issues {
            if let Some(saver) = &mut self.saver {
                saver.log(PersistChange {
                    id: issue.id.clone(),
                    action,
                    by,
                });
            }
            self.announce(kind, Arc::clone(issue));
        }
        self.publish();
        self.save(true);
    }
}

/// Sends `changed` to whoever waits for it.
fn answer(reply: Option<oneshot::Sender<Vec<Arc<Issue>>>>, changed: Vec<Arc<Issue>>) {
    if let Some(reply) = reply {
        let _ = reply.send(changed);
    }
}

/// What a resolve (or reopen) is announced and recorded as.
fn resolved_change(resolved: bool) -> (ChangeKind, &'static str) {
    if resolved {
        (ChangeKind::Resolved, "resolved")
    } else {
        (ChangeKind::Reopened, "reopened")
    }
}
