//! The store task's answers to the front ends' commands: resolve,
//! acknowledge, silence; each change announced, logged with who asked,
//! published and saved at once.

use std::sync::Arc;

use super::StoreTask;
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
                if let Some(issue) = &issue
                    && self.store.version() != version
                {
                    self.announce(resolved_kind(resolved), Arc::clone(issue));
                    self.logged(&issue.id, resolved, by);
                }
                self.publish();
                self.save(true);
                if let Some(reply) = reply {
                    let _ = reply.send(issue);
                }
            }
            Command::SetAcknowledged(ack) => {
                let changed = self.store.set_acknowledged_all(&ack.ids, ack.acknowledged);
                for issue in &changed {
                    if let Some(saver) = &mut self.saver {
                        saver.log(PersistChange {
                            id: issue.id.clone(),
                            action: if ack.acknowledged {
                                "acknowledged"
                            } else {
                                "unacknowledged"
                            },
                            by: ack.by,
                        });
                    }
                    self.announce(ChangeKind::Updated, Arc::clone(issue));
                }
                self.publish();
                self.save(true);
                if let Some(reply) = ack.reply {
                    let _ = reply.send(changed);
                }
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
                for issue in &changed {
                    if let Some(saver) = &mut self.saver {
                        saver.log(PersistChange {
                            id: issue.id.clone(),
                            action,
                            by: silence.by,
                        });
                    }
                    self.announce(ChangeKind::Updated, Arc::clone(issue));
                }
                self.publish();
                self.save(true);
                if let Some(reply) = silence.reply {
                    let _ = reply.send(changed);
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
                for issue in &changed {
                    self.logged(&issue.id, resolved, by);
                    self.announce(resolved_kind(resolved), Arc::clone(issue));
                }
                self.publish();
                self.save(true);
                if let Some(reply) = reply {
                    let _ = reply.send(changed);
                }
            }
        }
    }

    /// An operator's change, for the history.
    fn logged(&mut self, id: &str, resolved: bool, by: &'static str) {
        if let Some(saver) = &mut self.saver {
            let action = if resolved { "resolved" } else { "reopened" };
            saver.log(PersistChange {
                id: id.to_string(),
                action,
                by,
            });
        }
    }
}

fn resolved_kind(resolved: bool) -> ChangeKind {
    if resolved {
        ChangeKind::Resolved
    } else {
        ChangeKind::Reopened
    }
}
