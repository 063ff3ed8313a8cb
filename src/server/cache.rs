//! Read responses kept while the snapshot they were made from is the latest.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use bytes::Bytes;

use crate::store::Snapshot;

/// Cached responses kept before the cache is emptied.
const CACHE_ENTRIES: usize = 256;

/// Read responses by (path and query), valid while the snapshot they were
/// made from is the latest: under a flood of requests most are served
/// from here, and the store's changes (every 50 ms at most) refresh them.
#[derive(Debug, Default)]
pub(super) struct Cache(Mutex<HashMap<String, (Arc<Snapshot>, Bytes)>>);

impl Cache {
    /// The body cached under `key` for `snap`, or `make`'s (then cached).
    pub(super) fn get_or(
        &self,
        key: &str,
        snap: &Arc<Snapshot>,
        make: impl FnOnce() -> Vec<u8>,
    ) -> Bytes {
        if let Ok(map) = self.0.lock()
            && let Some((at, body)) = map.get(key)
            && Arc::ptr_eq(at, snap)
        {
            return body.clone();
        }
        let body = Bytes::from(make());
        if let Ok(mut map) = self.0.lock() {
            if map.len() >= CACHE_ENTRIES {
                map.clear();
            }
            map.insert(key.to_string(), (Arc::clone(snap), body.clone()));
        }
        body
    }
}
