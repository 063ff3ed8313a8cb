//! The issue store's state: the single writer of issue state. Front ends
//! read [`Snapshot`](super::Snapshot)s it takes and change state only through its methods
//! (called by the store task on their commands).

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use super::critical::{CriticalIndex, in_table};
use super::timeline::TimelineRing;
use crate::model::{DetectedAt, Issue, Severity};

mod bytes;
mod former;
mod lookup;
mod recent;
mod recur;
mod resolve;
mod view;

pub use view::EngineView;

/// Issues held by default; beyond, the oldest are dropped (see [`IssueStore::insert`]).
pub(crate) const DEFAULT_CAPACITY: usize = 100_000;

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
    /// Of those, events whose verdict changed as they grew, by the verdict they left.
    regraded: BTreeMap<(String, Severity), u64>,
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
    /// Detection times issues had before they recurred.
    former: former::FormerTimes,
    /// How often each occurred in the last 5 minutes (the health score).
    recent: recent::RecentCounts,
    /// The health last worked out, while it holds.
    vitals: std::cell::RefCell<Option<view::KeptVitals>>,
    /// Occurrences per minute and health over the last hour.
    timeline: TimelineRing,
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
            regraded: BTreeMap::new(),
            version: 0,
            evicted: 0,
            evicted_open_critical: 0,
            attention_prefix: 0,
            critical: CriticalIndex::default(),
            by_id: HashMap::new(),
            shared_hashes: 0,
            in_order: true,
            silenced_types: HashMap::new(),
            former: former::FormerTimes::default(),
            recent: recent::RecentCounts::default(),
            vitals: std::cell::RefCell::new(None),
            timeline: TimelineRing::default(),
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
        self.timeline
            .record(issue.timestamp.instant(), issue.severity);
        *self
            .detected
            .entry((issue.issue_type.clone(), issue.severity))
            .or_default() += 1;
        // An issue read back from the history brings the times of its
        // kept occurrences: its recent count survives a restart, roughly.
        for at in
            std::iter::once(issue.timestamp).chain(issue.occurrences.iter().map(|o| o.timestamp))
        {
            self.recent.add(recent::key(&issue.id), at);
        }
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
        self.version += 1;
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

    /// Counts `issue` in (`delta` 1) or out (-1) of the totals and bytes.
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
}

/// An issue dropped to make room.
#[derive(Debug)]
pub struct Dropped {
    /// The issue.
    pub issue: Arc<Issue>,
    /// It was an open CRITICAL/ERROR (nothing else was left to drop).
    pub needed_attention: bool,
}
