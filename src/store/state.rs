//! The issue store's state: the single writer of issue state. Front ends
//! read [`Snapshot`]s it takes and change state only through its methods
//! (called by the store task on their commands).

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::command::IssueKey;
use super::critical::{CriticalIndex, in_table};
use super::health::{HealthStatus, health_score, is_recent};
use super::snapshot::Snapshot;
use crate::model::{DetectedAt, Issue, Severity};

mod bytes;
mod recur;

/// Issues held by default; beyond, the oldest are dropped (see [`IssueStore::insert`]).
pub const DEFAULT_CAPACITY: usize = 100_000;

/// Issues, their counts, and the version readers compare.
#[derive(Debug)]
pub struct IssueStore {
    issues: VecDeque<Arc<Issue>>,
    capacity: usize,
    /// Bytes the held issues may take (estimated, see `bytes`).
    max_bytes: usize,
    /// Their estimated bytes now.
    bytes: usize,
    severity_counts: BTreeMap<Severity, u64>,
    category_counts: BTreeMap<String, u64>,
    type_counts: BTreeMap<String, u64>,
    /// Issues ever inserted, by (type, severity): the metrics' counters.
    detected: BTreeMap<(String, Severity), u64>,
    version: u64,
    evicted: u64,
    evicted_open_critical: u64,
    /// Every issue before this index needs attention: where the search
    /// for one to drop starts (keeps a flood of open errors O(1) per insert).
    attention_prefix: usize,
    /// The critical-issues table, kept up to date.
    critical: CriticalIndex,
    /// Detection time by a hash of the id: finds an issue without a scan
    /// (verified against the id; collisions fall back to a scan).
    by_id: HashMap<u64, DetectedAt>,
    /// Ids inserted whose hash was in `by_id` already (a collision, or
    /// the same id twice): until then, an id not in `by_id` is not held,
    /// with no scan to prove it (a flood asks about many that left).
    shared_hashes: u64,
    /// Issue types silenced, until when: new issues of the type are too.
    silenced_types: HashMap<String, DetectedAt>,
    /// Whether issues were inserted in detection order (always, from the
    /// engine; tests and imports may differ).
    in_order: bool,
}

/// Whether an issue must not be dropped quietly: it still needs an operator
/// (the same issues the critical table lists).
fn needs_attention(issue: &Issue) -> bool {
    in_table(issue)
}

fn id_hash(id: &str) -> u64 {
    let mut h = DefaultHasher::new();
    id.hash(&mut h);
    h.finish()
}

impl IssueStore {
    /// An empty store holding at most `capacity` issues.
    pub fn new(capacity: usize) -> Self {
        IssueStore::bounded(capacity, usize::MAX)
    }

    /// An empty store holding at most `capacity` issues and about
    /// `max_bytes` of them (the newest is held whatever its size).
    pub fn bounded(capacity: usize, max_bytes: usize) -> Self {
        IssueStore {
            issues: VecDeque::new(),
            capacity: capacity.max(1),
            max_bytes,
            bytes: 0,
            severity_counts: BTreeMap::new(),
            category_counts: BTreeMap::new(),
            type_counts: BTreeMap::new(),
            detected: BTreeMap::new(),
            version: 0,
            evicted: 0,
            evicted_open_critical: 0,
            attention_prefix: 0,
            critical: CriticalIndex::default(),
            by_id: HashMap::new(),
            shared_hashes: 0,
            in_order: true,
            silenced_types: HashMap::new(),
        }
    }

    /// Issues held.
    pub fn len(&self) -> usize {
        self.issues.len()
    }

    /// True when no issue is held.
    pub fn is_empty(&self) -> bool {
        self.issues.is_empty()
    }

    /// Changes so far.
    pub fn version(&self) -> u64 {
        self.version
    }

    /// Estimated bytes of the issues held.
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    /// Whether the held issue `id` needs attention (an open CRITICAL/ERROR).
    pub fn needs_attention(&self, id: &str) -> bool {
        self.get(id).is_some_and(|i| needs_attention(i))
    }

    /// Unresolved CRITICAL/ERROR issues dropped because nothing else was
    /// left to drop (each one was logged as a warning).
    pub fn evicted_open_critical(&self) -> u64 {
        self.evicted_open_critical
    }

    /// Adds a new issue. Beyond capacity (count or bytes) the least
    /// recently seen issue that no longer needs attention (resolved, or
    /// WARNING/INFO) is dropped; an open CRITICAL/ERROR goes only when
    /// nothing else is left. The dropped issues are returned, so the caller
    /// can forget their groups and say so when one still needed attention.
    pub fn insert(&mut self, mut issue: Issue) -> Vec<Dropped> {
        issue.silenced_until = self.silence_for(&issue);
        self.count(&issue, 1);
        *self
            .detected
            .entry((issue.issue_type.clone(), issue.severity))
            .or_default() += 1;
        if self
            .by_id
            .insert(id_hash(&issue.id), issue.timestamp)
            .is_some()
        {
            self.shared_hashes += 1;
        }
        if self
            .issues
            .back()
            .is_some_and(|last| last.timestamp.instant() > issue.timestamp.instant())
        {
            self.in_order = false;
        }
        let issue = Arc::new(issue);
        if in_table(&issue) {
            self.critical.add(&issue);
        }
        self.issues.push_back(issue);
        self.version += 1;
        self.trim()
    }

    /// Drops issues until the store is within its count and bytes (one
    /// issue is held whatever its size); returns them.
    pub fn trim(&mut self) -> Vec<Dropped> {
        let mut dropped = Vec::new();
        while self.issues.len() > self.capacity
            || (self.bytes > self.max_bytes && self.issues.len() > 1)
        {
            match self.drop_one() {
                Some(one) => dropped.push(one),
                None => break,
            }
        }
        dropped
    }

    /// Drops the least recently seen issue that needs no attention (the
    /// one just added included), else the least recently seen of all.
    fn drop_one(&mut self) -> Option<Dropped> {
        let start = self.attention_prefix.min(self.issues.len());
        let found = self.issues.range(start..).position(|i| !needs_attention(i));
        let at = match found {
            Some(offset) => {
                self.attention_prefix = start + offset;
                start + offset
            }
            None => {
                self.attention_prefix = self.issues.len().saturating_sub(1);
                0
            }
        };
        let dropped = self.issues.remove(at)?;
        self.count(&dropped, -1);
        let hash = id_hash(&dropped.id);
        if self.by_id.get(&hash) == Some(&dropped.timestamp) {
            self.by_id.remove(&hash);
        }
        if in_table(&dropped) {
            self.critical.remove(&dropped);
            self.critical.settle(&self.issues, self.in_order);
        }
        self.evicted += 1;
        let needed_attention = needs_attention(&dropped);
        if needed_attention {
            self.evicted_open_critical += 1;
        }
        Some(Dropped {
            issue: dropped,
            needed_attention,
        })
    }

    /// Replaces an issue that grew (same id): its event text, type or
    /// severity may have changed; its resolved state is kept.
    pub fn grow(&mut self, issue: Issue) -> bool {
        let id = issue.id.clone();
        self.grow_into(&id, issue)
    }

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

    /// The issue inserted last.
    pub fn newest(&self) -> Option<&Arc<Issue>> {
        self.issues.back()
    }

    /// The issue with `id`, if held.
    pub fn get(&self, id: &str) -> Option<&Arc<Issue>> {
        self.position_of_id(id).map(|at| &self.issues[at])
    }

    /// Sets the resolved state of the issue detected at `timestamp` (the
    /// original API's key; detection timestamps are unique).
    pub fn set_resolved_at(&mut self, timestamp: &str, resolved: bool) -> Option<Arc<Issue>> {
        let at = self.position_of_stamp(timestamp)?;
        let issue = self.set_at(at, resolved);
        self.critical.settle(&self.issues, self.in_order);
        Some(issue)
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
    fn position_of_stamp(&self, timestamp: &str) -> Option<usize> {
        let found = DetectedAt::parse(timestamp)
            .and_then(|at| self.position_of_time(at))
            .filter(|&at| self.issues[at].timestamp.to_string() == timestamp);
        // A local time that is ambiguous (the hour repeated when clocks go
        // back) may parse to the other instant: compare the text instead.
        found.or_else(|| {
            self.issues
                .iter()
                .rposition(|i| i.timestamp.to_string() == timestamp)
        })
    }

    /// The index of the issue with `id`.
    fn position_of_id(&self, id: &str) -> Option<usize> {
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
    fn position_of_time(&self, at: DetectedAt) -> Option<usize> {
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

    /// Sets one issue's state; the caller settles the critical table after.
    fn set_at(&mut self, at: usize, resolved: bool) -> Arc<Issue> {
        self.attention_prefix = self.attention_prefix.min(at);
        let slot = &mut self.issues[at];
        if slot.resolved != resolved {
            let was_listed = in_table(slot);
            let issue = Arc::make_mut(slot);
            issue.resolved = resolved;
            if resolved {
                // Resolved anew: no longer a regression.
                issue.regression = false;
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

    fn count(&mut self, issue: &Issue, delta: i64) {
        let size = bytes::issue_bytes(issue);
        self.bytes = if delta < 0 {
            self.bytes.saturating_sub(size)
        } else {
            self.bytes.saturating_add(size)
        };
        let bump = |n: &mut u64| *n = n.saturating_add_signed(delta);
        bump(self.severity_counts.entry(issue.severity).or_default());
        bump(
            self.category_counts
                .entry(issue.category.clone())
                .or_default(),
        );
        bump(
            self.type_counts
                .entry(issue.issue_type.clone())
                .or_default(),
        );
        if delta < 0 {
            self.severity_counts.retain(|_, n| *n > 0);
            self.category_counts.retain(|_, n| *n > 0);
            self.type_counts.retain(|_, n| *n > 0);
        }
    }

    /// The health score at `now` and how many issues are recent: issues are
    /// held in detection order, so only the recent tail is looked at.
    pub fn vitals(&self, now: DateTime<Utc>) -> (f64, u64) {
        let recent = || {
            self.issues
                .iter()
                .rev()
                .take_while(move |i| is_recent(i, now))
                .map(|i| &**i)
        };
        (health_score(recent(), now), recent().count() as u64)
    }

    /// Takes a snapshot at `now`; `engine` fills in what the engine knows.
    pub fn snapshot(&self, now: DateTime<Utc>, engine: EngineView) -> Snapshot {
        let issues: Vec<Arc<Issue>> = self.issues.iter().cloned().collect();
        let (health, recent) = self.vitals(now);
        Snapshot {
            version: self.version,
            taken_at: now,
            recent,
            critical: self.critical.rows(),
            issues,
            severity_counts: self.severity_counts.clone(),
            category_counts: self.category_counts.clone(),
            type_counts: self.type_counts.clone(),
            detected: self.detected.clone(),
            health,
            status: HealthStatus::of(health),
            files: engine.files,
            file_counts: engine.file_counts,
            lines_read: engine.lines_read,
            lines_per_sec: engine.lines_per_sec,
            unread_bytes: engine.unread_bytes,
            ready: engine.ready,
            monitoring: engine.monitoring,
            evicted: self.evicted,
            history: None,
            bounds: super::snapshot::Bounds {
                issue_bytes: self.bytes as u64,
                ..Default::default()
            },
        }
    }
}

/// An issue dropped to make room.
#[derive(Debug)]
pub struct Dropped {
    /// The issue.
    pub issue: Arc<Issue>,
    /// It was an open CRITICAL/ERROR (nothing else was left to drop).
    pub needed_attention: bool,
}

/// What the engine contributes to a snapshot.
#[derive(Debug, Clone, Copy, Default)]
pub struct EngineView {
    /// Files followed.
    pub files: u64,
    /// How they share the open-file limit.
    pub file_counts: crate::follow::FileCounts,
    /// Lines read since start.
    pub lines_read: u64,
    /// Recent read rate.
    pub lines_per_sec: f64,
    /// Bytes lost before they could be read.
    pub unread_bytes: u64,
    /// Whether start-up positions are recorded.
    pub ready: bool,
    /// Whether the engine runs.
    pub monitoring: bool,
}
