//! The groups seen (hashed ids), bounded: beyond the limit the least
//! recently seen are forgotten, so a group that comes back after that is
//! a "new pattern" again. Recency is a stamp per id; the queue that finds
//! the oldest holds stale entries too, and is compacted when they pile up.

use std::collections::{HashMap, VecDeque};

/// Group ids remembered, least recently seen first out.
#[derive(Debug)]
pub struct Seen {
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
    pub fn new(max: usize) -> Seen {
        Seen {
            stamps: HashMap::new(),
            order: VecDeque::new(),
            clock: 0,
            max: max.max(1),
            forgotten: 0,
        }
    }

    /// Marks `key` seen now; returns whether it was not remembered.
    pub fn insert(&mut self, key: u64) -> bool {
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
    pub fn remembered(&self) -> usize {
        self.stamps.len()
    }

    /// Ids forgotten to stay within the limit.
    pub fn forgotten(&self) -> u64 {
        self.forgotten
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_least_recently_seen_are_forgotten_beyond_the_limit() {
        let mut seen = Seen::new(3);
        assert!(seen.insert(1) && seen.insert(2) && seen.insert(3));
        assert!(!seen.insert(1), "seen again: now the most recent");
        assert!(seen.insert(4), "2 goes");
        assert!(!seen.insert(1) && !seen.insert(3) && !seen.insert(4));
        assert!(seen.insert(2), "forgotten, so unseen again");
        assert_eq!((seen.remembered(), seen.forgotten()), (3, 2));
        for n in 0..10_000 {
            seen.insert(n % 5);
        }
        assert!(seen.order.len() <= 2 * seen.remembered() + 64);
    }
}
