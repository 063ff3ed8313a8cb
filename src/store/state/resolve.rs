//! Resolving and reopening held issues, one (by id or detection
//! timestamp) or several at once; the critical table follows.

use std::collections::HashSet;
use std::sync::Arc;

use super::IssueStore;
use crate::model::Issue;
use crate::store::critical::in_table;

impl IssueStore {
    /// Sets the resolved state of the issue with `id`; returns it as it is now.
    pub fn set_resolved(&mut self, id: &str, resolved: bool) -> Option<Arc<Issue>> {
        let at = self.position_of_id(id)?;
        let issue = self.set_at(at, resolved);
        self.critical.settle(&self.issues, self.in_order);
        Some(issue)
    }

    /// Sets the resolved state of every issue whose id is in `ids`, as one
    /// change; returns the issues that changed, as they are now.
    pub fn set_resolved_all(&mut self, ids: &HashSet<String>, resolved: bool) -> Vec<Arc<Issue>> {
        let version = self.version;
        let mut changed = Vec::new();
        for id in ids {
            let Some(at) = self.position_of_id(id) else {
                continue;
            };
            if self.issues[at].resolved != resolved {
                changed.push(self.set_at(at, resolved));
            }
        }
        self.critical.settle(&self.issues, self.in_order);
        if !changed.is_empty() {
            self.version = version + 1;
        }
        changed
    }

    /// Sets the resolved state of the issue detected at `timestamp` (the
    /// original API's key; detection timestamps are unique).
    pub fn set_resolved_at(&mut self, timestamp: &str, resolved: bool) -> Option<Arc<Issue>> {
        let at = self.position_of_stamp(timestamp)?;
        let issue = self.set_at(at, resolved);
        self.critical.settle(&self.issues, self.in_order);
        Some(issue)
    }

    /// Sets one issue's state; the caller settles the critical table after.
    pub(super) fn set_at(&mut self, at: usize, resolved: bool) -> Arc<Issue> {
        self.attention_prefix = self.attention_prefix.min(at);
        let slot = &mut self.issues[at];
        if slot.resolved != resolved {
            let was_listed = in_table(slot);
            let issue = Arc::make_mut(slot);
            issue.resolved = resolved;
            if resolved {
                // Resolved anew: no longer a regression, nor news; what it
                // cost the health score counts again from its next occurrence.
                issue.regression = false;
                issue.new_pattern = false;
                self.recent.clear(super::recent::key(&issue.id));
            }
            let slot = Arc::clone(slot);
            if was_listed {
                self.critical.remove(&slot);
            } else if in_table(&slot) {
                self.critical.add(&slot);
            }
            self.version += 1;
            return slot;
        }
        Arc::clone(slot)
    }
}
