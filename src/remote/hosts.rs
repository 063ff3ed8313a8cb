//! The hosts heard from: when first and last, and how many messages, for
//! `/api/logs/hosts`, the metrics and the dashboard.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, Utc};

use super::Arrival;

/// Most hosts listed; messages from more are still classified, and counted
/// in [`HostBook::unlisted`].
pub(crate) const MAX_HOSTS: usize = 10_000;

/// What is known of one host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostSeen {
    /// Its name, as it sends it.
    pub host: String,
    /// The first message from it since logwarden started.
    pub first_seen: DateTime<Utc>,
    /// The latest message from it.
    pub last_seen: DateTime<Utc>,
    /// Messages from it.
    pub messages: u64,
}

/// Every host heard from, shared between the remote thread and readers.
#[derive(Debug, Default)]
pub struct HostBook {
    seen: Mutex<HashMap<String, HostSeen>>,
    /// Messages from hosts past [`MAX_HOSTS`].
    pub unlisted: AtomicU64,
}

impl HostBook {
    /// Records a batch that arrived at `now`.
    pub(super) fn record(&self, batch: &[Arrival], now: DateTime<Utc>) {
        let Ok(mut seen) = self.seen.lock() else {
            return;
        };
        for arrival in batch {
            if let Some(entry) = seen.get_mut(arrival.host.as_str()) {
                entry.last_seen = now;
                entry.messages += 1;
            } else if seen.len() < MAX_HOSTS {
                seen.insert(
                    arrival.host.clone(),
                    HostSeen {
                        host: arrival.host.clone(),
                        first_seen: now,
                        last_seen: now,
                        messages: 1,
                    },
                );
            } else {
                self.unlisted.fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    /// Every host, by name.
    pub fn list(&self) -> Vec<HostSeen> {
        let Ok(seen) = self.seen.lock() else {
            return Vec::new();
        };
        let mut hosts: Vec<HostSeen> = seen.values().cloned().collect();
        hosts.sort_by(|a, b| a.host.cmp(&b.host));
        hosts
    }
}
