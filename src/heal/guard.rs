//! Guard rails of one action: a cooldown per target (the same service or
//! address is not acted on again too soon), at most so many attempts in a
//! window (whatever the targets), and a circuit breaker that stops after
//! repeated failures, tries once more after a pause, and can be reset by
//! hand. Time comes from the caller, so tests and replays are exact.

use std::collections::{HashMap, VecDeque};
use std::time::Duration;

/// Most targets whose cooldown is remembered; past it the oldest go (their
/// cooldowns have long run out when there are this many).
const MAX_TARGETS: usize = 10_000;

/// How one action is limited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GuardConfig {
    /// No second attempt on the same target within this.
    pub cooldown: Duration,
    /// At most this many attempts within `window`.
    pub max_attempts: u32,
    /// The window of `max_attempts`.
    pub window: Duration,
    /// The breaker opens after this many failures in a row.
    pub breaker_failures: u32,
    /// An open breaker allows one trial attempt after this.
    pub breaker_pause: Duration,
}

/// Why an attempt is not made now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The target was acted on recently; allowed again from `until_ms`.
    Cooldown {
        /// When the cooldown ends.
        until_ms: i64,
    },
    /// `max_attempts` were made within the window; the oldest leaves it at `until_ms`.
    TooMany {
        /// When an attempt is allowed again.
        until_ms: i64,
    },
    /// The breaker is open after repeated failures; a trial is allowed from `until_ms`.
    BreakerOpen {
        /// When the breaker lets a trial through.
        until_ms: i64,
    },
}

/// The state of the circuit breaker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Breaker {
    /// Attempts go through; `failures` in a row so far.
    Closed {
        /// Consecutive failures.
        failures: u32,
    },
    /// Attempts are refused until a trial is due.
    Open {
        /// When it opened.
        since_ms: i64,
    },
    /// One trial attempt is under way: its outcome closes or reopens it.
    Trial,
}

/// The guard rails of one action.
#[derive(Debug)]
pub struct Guard {
    config: GuardConfig,
    /// Last attempt per target.
    last: HashMap<String, i64>,
    /// Times of the attempts within the window, oldest first.
    recent: VecDeque<i64>,
    breaker: Breaker,
}

impl Guard {
    /// A guard with nothing attempted yet.
    pub fn new(config: GuardConfig) -> Guard {
        Guard {
            config,
            last: HashMap::new(),
            recent: VecDeque::new(),
            breaker: Breaker::Closed { failures: 0 },
        }
    }

    /// The breaker's state.
    pub fn breaker(&self) -> Breaker {
        self.breaker
    }

    /// Asks to act on `target` at `now_ms`. When allowed, the attempt is
    /// recorded (the caller must then report its outcome); when refused,
    /// nothing changes and the refusal says until when.
    pub fn attempt(&mut self, target: &str, now_ms: i64) -> Result<(), Refusal> {
        self.breaker_paused(now_ms)?;
        if matches!(self.breaker, Breaker::Trial) {
            // One trial at a time: the next waits for its outcome.
            return Err(Refusal::BreakerOpen { until_ms: now_ms });
        }
        if let Some(&last) = self.last.get(target) {
            let until_ms = last + millis(self.config.cooldown);
            if now_ms < until_ms {
                return Err(Refusal::Cooldown { until_ms });
            }
        }
        self.room_in_window(now_ms)?;
        if matches!(self.breaker, Breaker::Open { .. }) {
            self.breaker = Breaker::Trial;
        }
        self.recent.push_back(now_ms);
        if self.last.len() >= MAX_TARGETS && !self.last.contains_key(target) {
            self.forget_oldest_targets();
        }
        self.last.insert(target.to_owned(), now_ms);
        Ok(())
    }

    /// An operator asks to act on `target` now: a person decided, so the
    /// target's cooldown does not apply; an open breaker and the attempts
    /// per window still do (a script calling the API in a loop is not a
    /// person). The attempt is recorded like any other.
    pub fn attempt_by_hand(&mut self, target: &str, now_ms: i64) -> Result<(), Refusal> {
        self.breaker_paused(now_ms)?;
        self.room_in_window(now_ms)?;
        self.recent.push_back(now_ms);
        if self.last.len() >= MAX_TARGETS && !self.last.contains_key(target) {
            self.forget_oldest_targets();
        }
        self.last.insert(target.to_owned(), now_ms);
        Ok(())
    }

    /// Refused while the breaker is open and its pause not over.
    fn breaker_paused(&self, now_ms: i64) -> Result<(), Refusal> {
        if let Breaker::Open { since_ms } = self.breaker {
            let until_ms = since_ms + millis(self.config.breaker_pause);
            if now_ms < until_ms {
                return Err(Refusal::BreakerOpen { until_ms });
            }
        }
        Ok(())
    }

    /// Refused while the window holds `max_attempts`; forgets attempts
    /// that left it.
    fn room_in_window(&mut self, now_ms: i64) -> Result<(), Refusal> {
        let window = millis(self.config.window);
        while self.recent.front().is_some_and(|&t| t <= now_ms - window) {
            self.recent.pop_front();
        }
        if self.recent.len() >= self.config.max_attempts as usize {
            let oldest = self.recent.front().copied().unwrap_or(now_ms);
            return Err(Refusal::TooMany {
                until_ms: oldest + window,
            });
        }
        Ok(())
    }

    /// The outcome of the attempt last allowed.
    pub fn outcome(&mut self, succeeded: bool, now_ms: i64) {
        self.breaker = match (self.breaker, succeeded) {
            (_, true) => Breaker::Closed { failures: 0 },
            (Breaker::Trial | Breaker::Open { .. }, false) => Breaker::Open { since_ms: now_ms },
            (Breaker::Closed { failures }, false) => {
                let failures = failures + 1;
                if failures >= self.config.breaker_failures {
                    Breaker::Open { since_ms: now_ms }
                } else {
                    Breaker::Closed { failures }
                }
            }
        };
    }

    /// An operator closes the breaker by hand.
    pub fn reset(&mut self) {
        self.breaker = Breaker::Closed { failures: 0 };
    }

    /// Drops the tenth of the targets acted on longest ago.
    fn forget_oldest_targets(&mut self) {
        let mut times: Vec<i64> = self.last.values().copied().collect();
        let cut = times.len() / 10;
        let (_, &mut nth, _) = times.select_nth_unstable(cut);
        self.last.retain(|_, &mut t| t > nth);
    }
}

fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests;
