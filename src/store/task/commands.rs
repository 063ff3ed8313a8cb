//! The store task's answers to the front ends' commands: resolve,
//! acknowledge, silence; each change announced, logged with who asked,
//! published and saved at once.

use std::collections::HashSet;
use std::sync::Arc;

use tokio::sync::oneshot;

use super::StoreTask;
use crate::model::Issue;
use crate::store::command::{Action, Answer, Command, Edit, IssueKey, Origin, Target};
use crate::store::handle::ChangeKind;
use crate::store::persist::ChangeRecord;

impl StoreTask {
    /// Applies `command`, then answers `reply` (if anyone waits) once the
    /// change is published.
    pub(super) fn command(&mut self, command: Command, reply: Option<oneshot::Sender<Answer>>) {
        let Command {
            edit,
            target,
            origin,
        } = command;
        let answer = match target {
            Target::Issue(key) => self.edit_one(edit, &key),
            Target::Issues(ids) => Answer {
                changed: self.edit_all(edit, &ids),
                issue: None,
            },
            Target::Type(issue_type) => Answer {
                changed: self.edit_type(edit, &issue_type),
                issue: None,
            },
        };
        self.changed(&answer.changed, edit.kind(), edit.action(), origin);
        if let Some(reply) = reply {
            let _ = reply.send(answer);
        }
    }

    /// One issue by its key: the answer holds it as it is now, changed or not.
    fn edit_one(&mut self, edit: Edit, key: &IssueKey) -> Answer {
        if let Edit::Resolve(resolved) = edit {
            let version = self.store.version();
            let issue = match key {
                IssueKey::Id(id) => self.store.set_resolved(id, resolved),
                IssueKey::Timestamp(ts) => self.store.set_resolved_at(ts, resolved),
            };
            let changed = match &issue {
                Some(issue) if self.store.version() != version => vec![Arc::clone(issue)],
                _ => Vec::new(),
            };
            return Answer { changed, issue };
        }
        let Some(id) = self.store.find(key).map(|i| i.id.clone()) else {
            return Answer::default();
        };
        let changed = self.edit_all(edit, std::slice::from_ref(&id));
        let issue = self.store.get(&id).cloned();
        Answer { changed, issue }
    }

    /// The held issues among `ids`, as one change; returns those that changed.
    fn edit_all(&mut self, edit: Edit, ids: &[String]) -> Vec<Arc<Issue>> {
        match edit {
            Edit::Resolve(resolved) => {
                let ids: HashSet<String> = ids.iter().cloned().collect();
                self.store.set_resolved_all(&ids, resolved)
            }
            Edit::Acknowledge(acknowledged) => self.store.set_acknowledged_all(ids, acknowledged),
            Edit::Silence(until) => self.store.set_silenced_all(ids, until),
        }
    }

    /// Every held issue of `issue_type`; a silence (remembered in the
    /// history) covers those still to come too.
    fn edit_type(&mut self, edit: Edit, issue_type: &str) -> Vec<Arc<Issue>> {
        match edit {
            Edit::Silence(until) => {
                if let Some(saver) = &mut self.saver {
                    saver.silence_type(issue_type, until);
                }
                self.store.silence_type(issue_type, until)
            }
            Edit::Resolve(_) | Edit::Acknowledge(_) => {
                let ids = self.store.ids_of_type(issue_type);
                self.edit_all(edit, &ids)
            }
        }
    }

    /// Operators changed `issues`: each is recorded in the history with
    /// `action` and who asked, and announced as `kind`; then the change is
    /// published and saved at once (even when nothing changed, so the
    /// asker sees the state as it is).
    fn changed(&mut self, issues: &[Arc<Issue>], kind: ChangeKind, action: Action, by: Origin) {
        for issue in issues {
            if issue.resolved {
                self.closed(issue);
            }
            if let Some(saver) = &mut self.saver {
                saver.log(ChangeRecord {
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
