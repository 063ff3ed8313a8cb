//! The feed's rows: the snapshot's issues that pass the filters, newest
//! first. Rebuilt only when the snapshot or a filter changes, never per
//! frame, so drawing stays cheap with 100k issues held.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::row_text::{RowText, RowTexts};
use super::text::safe;
use crate::model::{DetectedAt, Issue, Severity};
use crate::store::Snapshot;

/// What the feed is narrowed to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    /// Case-insensitive text looked for in the event (the whole traceback),
    /// type, category and file.
    pub text: String,
    /// Only this severity and graver.
    pub min_severity: Option<Severity>,
    /// Only this category.
    pub category: Option<String>,
    /// Paused: only issues detected up to then.
    pub paused_at: Option<DetectedAt>,
    /// Only groups with this signal.
    pub signal: Option<SignalFilter>,
}

/// A signal the feed can be narrowed to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignalFilter {
    /// Groups whose template was never seen before.
    NewPattern,
    /// Groups occurring far above their usual rate now.
    Spiking,
}

impl SignalFilter {
    /// What the footer calls it.
    pub fn label(self) -> &'static str {
        match self {
            SignalFilter::NewPattern => "new patterns",
            SignalFilter::Spiking => "spiking",
        }
    }

    /// Whether `issue` has the signal.
    pub fn admits(self, issue: &Issue) -> bool {
        match self {
            SignalFilter::NewPattern => issue.new_pattern,
            SignalFilter::Spiking => issue.spike_factor.is_some(),
        }
    }
}

impl Filters {
    /// The filters in effect, in words (the text only once typed).
    pub fn active(&self, typing: bool) -> Vec<String> {
        let mut active = Vec::new();
        if !self.text.is_empty() && !typing {
            active.push(format!("text \"{}\"", safe(&self.text)));
        }
        if let Some(min) = self.min_severity {
            active.push(format!("{min}+"));
        }
        if let Some(category) = &self.category {
            active.push(safe(category).into_owned());
        }
        if let Some(signal) = self.signal {
            active.push(signal.label().to_string());
        }
        active
    }

    /// True when `issue` is shown.
    pub fn admits(&self, issue: &Issue, needle: &Needle) -> bool {
        if self.min_severity.is_some_and(|min| issue.severity < min) {
            return false;
        }
        if self.category.as_ref().is_some_and(|c| *c != issue.category) {
            return false;
        }
        if self.signal.is_some_and(|s| !s.admits(issue)) {
            return false;
        }
        if self
            .paused_at
            .is_some_and(|at| issue.timestamp.instant() > at.instant())
        {
            return false;
        }
        if needle.is_empty() {
            return true;
        }
        // The log line is usually the event's first line: search it apart
        // only when it is not.
        let line_apart = !issue.event.starts_with(issue.log_line.as_str());
        needle.found_in(&issue.event)
            || (line_apart && needle.found_in(&issue.log_line))
            || [&issue.issue_type, &issue.category, &issue.source_file]
                .iter()
                .any(|field| needle.found_in(field))
    }
}

/// The filter text, ready to search with. ASCII text (the common case) is
/// found by a vectorized scan for one of its rarer bytes in either case,
/// each hit checked in place: no copies, little set-up per field, which
/// matters when 100,000 issues are searched on each rebuild. Other text is
/// compared lower-cased.
#[derive(Debug)]
pub enum Needle {
    /// No text filter.
    Empty,
    /// ASCII text, lower-cased, and the index of the byte scanned for.
    Ascii(Vec<u8>, usize),
    /// Lower-cased non-ASCII text.
    Unicode(String),
}

/// Bytes so common in logs that scanning for them finds too many places.
const COMMON: &[u8] = b" etaoinsrlcd:.-_/0123456789";

impl Needle {
    /// The needle for filter `text`.
    pub fn new(text: &str) -> Needle {
        if text.is_empty() {
            Needle::Empty
        } else if text.is_ascii() {
            let lower = text.to_ascii_lowercase().into_bytes();
            let pivot = lower.iter().position(|b| !COMMON.contains(b)).unwrap_or(0);
            Needle::Ascii(lower, pivot)
        } else {
            Needle::Unicode(text.to_lowercase())
        }
    }

    /// True when there is no text to look for.
    pub fn is_empty(&self) -> bool {
        matches!(self, Needle::Empty)
    }

    /// Whether `haystack` contains the text, ignoring case.
    pub fn found_in(&self, haystack: &str) -> bool {
        match self {
            Needle::Empty => true,
            Needle::Ascii(needle, pivot) => {
                let hay = haystack.as_bytes();
                let b = needle[*pivot];
                memchr::memchr2_iter(b, b.to_ascii_uppercase(), hay).any(|at| {
                    at.checked_sub(*pivot)
                        .and_then(|start| hay.get(start..start + needle.len()))
                        .is_some_and(|window| window.eq_ignore_ascii_case(needle))
                })
            }
            Needle::Unicode(text) => haystack.to_lowercase().contains(text.as_str()),
        }
    }
}

/// Categories by how many issues each has, the largest first (ties by
/// name), for the categories chart.
pub(super) fn categories_by_count(counts: &BTreeMap<String, u64>) -> Vec<(&str, u64)> {
    let mut counts: Vec<(&str, u64)> = counts.iter().map(|(c, n)| (c.as_str(), *n)).collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    counts
}

/// The feed's rows for one snapshot and one set of filters.
#[derive(Debug, Clone, Default)]
pub struct FeedView {
    /// Indices into the snapshot's issues, newest first.
    pub rows: Vec<u32>,
    /// The snapshot version and filters it was built for.
    built_for: Option<(u64, Filters)>,
    /// Row texts of the issues drawn so far.
    texts: RowTexts,
    /// The last id looked up and its row (forgotten when rebuilt).
    found: std::cell::RefCell<Option<(String, Option<usize>)>>,
}

impl FeedView {
    /// Rebuilds the rows if the snapshot or filters changed since.
    pub fn refresh(&mut self, snapshot: &Snapshot, filters: &Filters) {
        let key = (snapshot.version, filters.clone());
        if self.built_for.as_ref() == Some(&key) {
            return;
        }
        let needle = Needle::new(&filters.text);
        self.rows = (0..snapshot.issues.len() as u32)
            .rev()
            .filter(|&i| filters.admits(&snapshot.issues[i as usize], &needle))
            .collect();
        self.built_for = Some(key);
        self.found.borrow_mut().take();
        self.texts.prune();
    }

    /// What `issue`'s row shows of its text (worked out once per issue).
    pub fn row_text(&self, issue: &Arc<Issue>) -> Arc<RowText> {
        self.texts.get(issue)
    }

    /// The issue shown at `row`.
    pub fn issue<'a>(&self, snapshot: &'a Snapshot, row: usize) -> Option<&'a Arc<Issue>> {
        let index = *self.rows.get(row)?;
        snapshot.issues.get(index as usize)
    }

    /// The row showing the issue `id`, if it is shown (looked up once per
    /// view and id, not per frame).
    pub fn row_of_id(&self, snapshot: &Snapshot, id: &str) -> Option<usize> {
        let mut found = self.found.borrow_mut();
        if let Some((known, row)) = found.as_ref()
            && known == id
        {
            return *row;
        }
        let row = self.rows.iter().position(|&i| {
            snapshot
                .issues
                .get(i as usize)
                .is_some_and(|issue| issue.id == id)
        });
        *found = Some((id.to_string(), row));
        row
    }

    /// Rows shown.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True when no row passes the filters.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

#[cfg(test)]
mod tests;
