//! The groups seen (hashed ids), bounded: beyond the limit the least
//! recently seen are forgotten, so a group that comes back after that is
//! a "new pattern" again. Recency is a stamp per id; the queue that finds
//! the oldest holds stale entries too, and is compacted when they pile up.

use std::collections::{HashMap, VecDeque};

/// Group ids remembered, least recently seen first out.
#[derive(Debug)]
pub(super) struct Seen {
    stamps: HashMap<u64, u64>,
    order: VecDeque<(u64, u64)>,
    clock: u64,
    max: usize,
    forgotten: u64,
}

impl Default for Seen {
    fn default() -> Self {
        Seen::new(usize::MAX)
    }
}

impl Seen {
    /// Remembers at most `max` ids.
    pub(super) fn new(max: usize) -> Seen {
        Seen {
            stamps: HashMap::new(),
            order: VecDeque::new(),
            clock: 0,
            max: max.max(1),
            forgotten: 0,
        }
    }

    /// Marks `key` seen now; returns whether it was not remembered.
    pub(super) fn insert(&mut self, key: u64) -> bool {
        self.clock += 1;
        let unseen = self.stamps.insert(key, self.clock).is_none();
        self.order.push_back((key, self.clock));
        while self.stamps.len() > self.max {
            let Some((old, stamp)) = self.order.pop_front() else {
                break;
            };
            if self.stamps.get(&old) == Some(&stamp) {
                self.stamps.remove(&old);
                self.forgotten += 1;
            }
        }
        if self.order.len() > 2 * self.stamps.len() + 64 {
            let stamps = &self.stamps;
            self.order.retain(|(k, s)| stamps.get(k) == Some(s));
        }
        unseen
    }

    /// Ids remembered now.
    pub(super) fn remembered(&self) -> usize {
        self.stamps.len()
    }

    /// Ids forgotten to stay within the limit.
    pub(super) fn forgotten(&self) -> u64 {
        self.forgotten
    }
}

#[cfg(test)]
mod tests;
