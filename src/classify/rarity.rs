//! How often a literal shows up in ordinary log traffic, to pick prefilter
//! literals that rarely fire. Several literal sets are each sound for a
//! pattern (`" 5` and `" http/` for a 5xx status after a request line); the
//! one that hits fewer ordinary lines makes the scanner verify fewer lines.
//!
//! The estimate is the hit count in a small hand-written sample of benign
//! lines across the common formats (access logs, syslog, databases, app
//! frameworks), ASCII-lowercased like the scanner's haystack.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

static SAMPLE: LazyLock<Vec<u8>> = LazyLock::new(|| {
    include_str!("rarity_sample.log")
        .as_bytes()
        .to_ascii_lowercase()
});

static CACHE: LazyLock<Mutex<HashMap<Vec<u8>, usize>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

/// Lines in the ordinary-traffic sample.
pub(super) fn sample_lines() -> usize {
    SAMPLE.iter().filter(|&&b| b == b'\n').count()
}

/// Occurrences of `literal` (already lowercased) in the ordinary-traffic sample.
pub(super) fn sample_hits(literal: &[u8]) -> usize {
    if literal.is_empty() {
        return SAMPLE.len();
    }
    let mut cache = CACHE
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    *cache
        .entry(literal.to_vec())
        .or_insert_with(|| memchr::memmem::find_iter(&SAMPLE, literal).count())
}

#[cfg(test)]
mod tests;
