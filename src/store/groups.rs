//! Which group a new issue belongs to: issues of one type and one host
//! whose first lines share a template (mined online over issue lines
//! only), or whose stack traces share a crash signature, are one group; the
//! first becomes the group's issue and later ones recur into it. Hosts are
//! apart so that each host's open issues and health are its own.

use std::collections::{HashMap, HashSet};

use crate::model::Issue;
use crate::template::{ClusterId, MinerLimits, TemplateMiner, crash_signature, template_id};

/// What groups issues of one type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    /// The first line's template cluster.
    Template(crate::template::ClusterId),
    /// A whole stack trace's signature (exception type and top frames).
    Crash(String),
}

/// A group's identity: type, host, and template or signature.
type GroupKey = (String, String, Key);

/// A group's id: from its type and what it shows, and its host unless it
/// is this machine (so local groups keep the ids they always had).
fn group_id(issue_type: &str, host: &str, shown: &str) -> String {
    if host.is_empty() || host == crate::pipeline::local_host() {
        template_id(&format!("{issue_type}\u{1f}{shown}"))
    } else {
        template_id(&format!("{issue_type}\u{1f}{host}\u{1f}{shown}"))
    }
}

/// Occurrence ids remembered (so a traceback's later lines find the issue
/// its first line recurred into) before the oldest are forgotten.
const ALIASES: usize = 4096;

/// Where a new issue goes.
#[derive(Debug)]
pub(super) enum Placement {
    /// A new group: insert the issue (its group fields are set).
    New(Issue),
    /// Another occurrence of the held issue with this id.
    Recur(String, Issue),
}

/// The grouping state: templates, and each group's held issue.
#[derive(Debug, Default)]
pub(super) struct Grouper {
    miner: TemplateMiner,
    /// (type, host, key) → (group id, id of the issue that holds it).
    groups: HashMap<GroupKey, (String, String)>,
    /// The held issue's id → its group's key, to forget it.
    held: HashMap<String, GroupKey>,
    /// Occurrence id → the held issue's id, for the latest occurrences.
    aliases: HashMap<String, String>,
    alias_order: std::collections::VecDeque<String>,
    /// Groups forgotten: their issue left the store, or their template
    /// was evicted.
    evicted: u64,
}

/// What the grouper holds and has let go, for /metrics.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GroupCounts {
    /// Templates held.
    pub templates: u64,
    /// Their estimated bytes.
    pub template_bytes: u64,
    /// Templates evicted.
    pub templates_evicted: u64,
    /// Wide templates made by giving up on lines that would not generalise.
    pub templates_generalised: u64,
    /// Groups forgotten.
    pub groups_evicted: u64,
}

impl Grouper {
    /// A grouper whose template miner stays within `limits`.
    pub(super) fn new(limits: MinerLimits) -> Grouper {
        Grouper {
            miner: TemplateMiner::with_limits(limits),
            ..Grouper::default()
        }
    }

    /// Counts for /metrics.
    pub(super) fn counts(&self) -> GroupCounts {
        GroupCounts {
            templates: self.miner.len() as u64,
            template_bytes: self.miner.bytes() as u64,
            templates_evicted: self.miner.evicted(),
            templates_generalised: self.miner.generalised(),
            groups_evicted: self.evicted,
        }
    }

    /// Keeps the template miner within its limits: templates whose group's
    /// issue needs attention (`attention` of the held issue's id) go last.
    /// A group whose template goes is forgotten: its next line starts it
    /// again.
    pub(super) fn trim(&mut self, attention: impl Fn(&str) -> bool) {
        if !self.miner.over_limits() {
            return;
        }
        let keep: HashSet<ClusterId> = self
            .groups
            .iter()
            .filter_map(|((_, _, key), (_, held))| match key {
                Key::Template(c) if attention(held) => Some(*c),
                _ => None,
            })
            .collect();
        let gone: HashSet<ClusterId> = self
            .miner
            .trim(|id| keep.contains(&id))
            .into_iter()
            .collect();
        let lost = |key: &Key| matches!(key, Key::Template(c) if gone.contains(c));
        let before = self.groups.len();
        self.groups.retain(|(_, _, key), _| !lost(key));
        self.held.retain(|_, (_, _, key)| !lost(key));
        self.evicted += (before - self.groups.len()) as u64;
    }

    /// Decides where `issue` goes, setting its group fields when new.
    pub(super) fn place(&mut self, mut issue: Issue) -> Placement {
        let (key, shown) = match crash_signature(&issue.event) {
            Some(signature) => (Key::Crash(signature.clone()), signature),
            None => {
                let cluster = self.miner.add(&issue.log_line);
                (Key::Template(cluster), self.miner.template(cluster))
            }
        };
        let key = (issue.issue_type.clone(), issue.host.clone(), key);
        if let Some((group_id, held)) = self.groups.get(&key) {
            let held = held.clone();
            issue.group_id = Some(group_id.clone());
            self.alias(issue.id.clone(), held.clone());
            return Placement::Recur(held, issue);
        }
        let group_id = group_id(&issue.issue_type, &issue.host, &shown);
        issue.group_id = Some(group_id.clone());
        issue.template = Some(shown);
        issue.sources = vec![issue.source_file.clone()];
        issue.count = 1;
        issue.first_seen = issue.timestamp;
        issue.last_seen = issue.timestamp;
        self.held.insert(issue.id.clone(), key.clone());
        self.groups.insert(key, (group_id, issue.id.clone()));
        Placement::New(issue)
    }

    /// Learns the group of an issue loaded from history, so its next
    /// occurrence recurs into it.
    pub(super) fn adopt(&mut self, issue: &Issue) {
        let key = match crash_signature(&issue.event) {
            Some(signature) => Key::Crash(signature),
            None => Key::Template(self.miner.add(&issue.log_line)),
        };
        let group_id = issue.group_id.clone().unwrap_or_default();
        let key = (issue.issue_type.clone(), issue.host.clone(), key);
        self.held.insert(issue.id.clone(), key.clone());
        self.groups.insert(key, (group_id, issue.id.clone()));
    }

    /// The store no longer holds the issue `gone` (evicted): its group is
    /// forgotten, and starts again with its next occurrence. Keeps memory
    /// bounded by what the store holds.
    pub(super) fn forget(&mut self, gone: &str) {
        if let Some(key) = self.held.remove(gone)
            && self.groups.get(&key).is_some_and(|(_, held)| held == gone)
        {
            self.groups.remove(&key);
            self.evicted += 1;
        }
    }

    /// The held issue an occurrence id went into, if it recurred.
    pub(super) fn held_for(&self, occurrence: &str) -> Option<&str> {
        self.aliases.get(occurrence).map(String::as_str)
    }

    /// The held issue `gone` is no longer in the store (evicted): its
    /// group starts again with `issue`, which is returned ready to insert.
    pub(super) fn restart(&mut self, gone: &str, issue: Issue) -> Issue {
        self.forget(gone);
        match self.place(issue) {
            Placement::New(issue) => issue,
            // Not reached: the group was just removed, so it is new.
            Placement::Recur(_, issue) => issue,
        }
    }

    /// An event that grew into a stack trace after it was placed (its
    /// trace was written later than its first line): when it is its
    /// group's only occurrence, the group takes the key the whole event
    /// has, as if it had come whole (unless another group has that key).
    /// Returns the group's new id and shown signature when it changed.
    pub(super) fn regroup(&mut self, held: &str, grown: &Issue) -> Option<(String, String)> {
        let signature = crash_signature(&grown.event)?;
        let crash = Key::Crash(signature.clone());
        let key = (grown.issue_type.clone(), grown.host.clone(), crash);
        let old = self.held.get(held)?.clone();
        if old == key || self.groups.contains_key(&key) {
            return None;
        }
        if self.groups.get(&old).is_some_and(|(_, h)| h == held) {
            self.groups.remove(&old);
        }
        let group_id = group_id(&grown.issue_type, &grown.host, &signature);
        self.groups
            .insert(key.clone(), (group_id.clone(), held.to_string()));
        self.held.insert(held.to_string(), key);
        Some((group_id, signature))
    }

    fn alias(&mut self, occurrence: String, held: String) {
        if self.aliases.insert(occurrence.clone(), held).is_none() {
            self.alias_order.push_back(occurrence);
        }
        while self.alias_order.len() > ALIASES {
            if let Some(old) = self.alias_order.pop_front() {
                self.aliases.remove(&old);
            }
        }
    }
}
