//! What a feed row shows of an issue's text, worked out once per issue
//! instead of on every frame: the headline (see [`Issue::headline`]) made
//! safe for the terminal, and the same without the line's own timestamp
//! (for when the row is short of room).
//!
//! This is cached here, in the UI's row model, rather than stored on
//! [`Issue`]: the issue is also the API's JSON and the history's row, and
//! a skipped field would have to be recomputed everywhere issues are
//! built, grown or loaded. Only drawn issues are worked out, so a new
//! snapshot of 100,000 issues costs nothing here.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, Weak};

use super::text::{safe, width};
use crate::ingest::time_prefix_len;
use crate::model::Issue;

/// An issue's row text.
#[derive(Debug)]
pub struct RowText {
    /// The headline, safe to print.
    pub full: String,
    /// Its width in columns.
    pub full_width: usize,
    /// The headline without its leading timestamp, safe to print.
    pub untimed: String,
}

impl RowText {
    fn of(issue: &Issue) -> RowText {
        let line = issue.headline();
        let full = safe(line).into_owned();
        RowText {
            full_width: width(&full),
            untimed: safe(&line[time_prefix_len(line)..]).into_owned(),
            full,
        }
    }
}

/// Entries kept at most; past it the cache starts over (only a screenful
/// is needed at a time).
const CAP: usize = 4096;

/// One cached row text and the issue it belongs to.
type Entry = (Weak<Issue>, Arc<RowText>);

/// Row texts by issue. Keyed by the issue's allocation: the store replaces
/// an issue's `Arc` whenever it changes, and the `Weak` kept beside each
/// entry holds the allocation, so an address is never reused while cached.
#[derive(Debug, Default)]
pub(super) struct RowTexts {
    cache: Mutex<HashMap<usize, Entry>>,
}

impl Clone for RowTexts {
    /// A clone starts empty: the cache is only a saving.
    fn clone(&self) -> Self {
        RowTexts::default()
    }
}

impl RowTexts {
    /// The row text of `issue`, worked out on first use.
    pub(super) fn get(&self, issue: &Arc<Issue>) -> Arc<RowText> {
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        let key = Arc::as_ptr(issue) as usize;
        if let Some((_, text)) = cache.get(&key) {
            return Arc::clone(text);
        }
        if cache.len() >= CAP {
            cache.clear();
        }
        let text = Arc::new(RowText::of(issue));
        cache.insert(key, (Arc::downgrade(issue), Arc::clone(&text)));
        text
    }

    /// Forgets issues no longer held by anyone (after a new snapshot).
    pub(super) fn prune(&self) {
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        cache.retain(|_, (issue, _)| issue.strong_count() > 0);
    }
}

#[cfg(test)]
mod tests;
