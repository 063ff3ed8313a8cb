//! Finding held issues: by id (a hash index), by detection time (binary
//! search, the store being in detection order), by a command's key, by type.

use std::sync::Arc;

use super::{IssueStore, id_hash};
use crate::model::{DetectedAt, Issue};
use crate::store::command::IssueKey;

impl IssueStore {
    /// The issue inserted last.
    pub fn newest(&self) -> Option<&Arc<Issue>> {
        self.issues.back()
    }

    /// The issue with `id`, if held.
    pub fn get(&self, id: &str) -> Option<&Arc<Issue>> {
        self.position_of_id(id).map(|at| &self.issues[at])
    }

    /// The issue `key` names, if held.
    pub fn find(&self, key: &IssueKey) -> Option<&Arc<Issue>> {
        let at = match key {
            IssueKey::Id(id) => self.position_of_id(id),
            IssueKey::Timestamp(ts) => self.position_of_stamp(ts),
        };
        at.map(|at| &self.issues[at])
    }

    /// The ids of the held issues of `issue_type`.
    pub fn ids_of_type(&self, issue_type: &str) -> Vec<String> {
        self.issues
            .iter()
            .filter(|i| i.issue_type == issue_type)
            .map(|i| i.id.clone())
            .collect()
    }

    /// The index of the issue detected at `timestamp`, as serialized.
    pub(super) fn position_of_stamp(&self, timestamp: &str) -> Option<usize> {
        let found = DetectedAt::parse(timestamp)
            .and_then(|at| self.position_of_time(at))
            .filter(|&at| self.issues[at].timestamp.to_string() == timestamp);
        // A local time that is ambiguous (the hour repeated when clocks go
        // back) may parse to the other instant: compare the text instead.
        found
            .or_else(|| {
                self.issues
                    .iter()
                    .rposition(|i| i.timestamp.to_string() == timestamp)
            })
            .or_else(|| self.position_of_former(timestamp))
    }

    /// The issue once detected at `timestamp`: a recurrence remembered,
    /// else its first detection or an occurrence it keeps.
    fn position_of_former(&self, timestamp: &str) -> Option<usize> {
        let at = DetectedAt::parse(timestamp)?;
        let remembered = self.former.id_hash_at(at).and_then(|hash| {
            let now = self.position_of_time(*self.by_id.get(&hash)?)?;
            (id_hash(&self.issues[now].id) == hash).then_some(now)
        });
        remembered.or_else(|| {
            self.issues.iter().rposition(|i| {
                i.first_seen == at || i.occurrences.iter().any(|o| o.timestamp == at)
            })
        })
    }

    /// The index of the issue with `id`.
    pub(super) fn position_of_id(&self, id: &str) -> Option<usize> {
        let found = self
            .by_id
            .get(&id_hash(id))
            .and_then(|&at| self.position_of_time(at))
            .filter(|&at| self.issues[at].id == id);
        if found.is_some() || self.shared_hashes == 0 {
            return found;
        }
        self.issues.iter().rposition(|i| i.id == id)
    }

    /// The index of the issue detected at `at`. Issues arrive in detection
    /// order, so a binary search finds it; a scan covers stores filled
    /// out of order.
    pub(super) fn position_of_time(&self, at: DetectedAt) -> Option<usize> {
        let t = at.instant();
        let i = self.issues.partition_point(|x| x.timestamp.instant() < t);
        let same_instant = self
            .issues
            .range(i..)
            .take_while(|x| x.timestamp.instant() == t);
        if let Some(j) = same_instant.into_iter().position(|x| x.timestamp == at) {
            return Some(i + j);
        }
        if self.in_order {
            return None;
        }
        self.issues.iter().rposition(|x| x.timestamp == at)
    }
}
