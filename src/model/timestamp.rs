//! Detection timestamps: local time with microseconds, unique per issue.
//!
//! The original system stamped issues with `datetime.now().isoformat()` and its
//! API resolves issues *by timestamp*, so two issues must never share one. We
//! keep its format (`2025-10-28T10:30:45.123456`, local time, no offset) and
//! break ties by bumping to the next free microsecond.

use std::fmt;
use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, Local, NaiveDateTime, TimeZone, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The format of a detection timestamp: ISO 8601, local, always 6 fractional digits.
const FORMAT: &str = "%Y-%m-%dT%H:%M:%S%.6f";

/// When logwarden detected an issue (not the time written in the log line).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DetectedAt(DateTime<Utc>);

/// The last microsecond handed out, process-wide, for the uniqueness tiebreak.
static LAST_MICROS: AtomicI64 = AtomicI64::new(i64::MIN);

impl DetectedAt {
    /// A fresh timestamp, strictly later than every one this process issued before.
    pub fn now_unique() -> Self {
        let now = Utc::now().timestamp_micros();
        let mut prev = LAST_MICROS.load(Ordering::Relaxed);
        loop {
            let next = now.max(prev.saturating_add(1));
            match LAST_MICROS.compare_exchange_weak(
                prev,
                next,
                Ordering::Relaxed,
                Ordering::Relaxed,
            ) {
                Ok(_) => return Self::from_micros(next),
                Err(seen) => prev = seen,
            }
        }
    }

    /// A timestamp at a given instant (tests, imports, health computations).
    pub fn at(instant: DateTime<Utc>) -> Self {
        Self(instant)
    }

    fn from_micros(micros: i64) -> Self {
        Self(DateTime::from_timestamp_micros(micros).unwrap_or_default())
    }

    /// The instant, for arithmetic such as "within the last 5 minutes".
    pub fn instant(&self) -> DateTime<Utc> {
        self.0
    }

    /// Parses the serialized form (local time, as the original wrote it).
    pub fn parse(text: &str) -> Option<Self> {
        let naive = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f").ok()?;
        let local = Local.from_local_datetime(&naive).earliest()?;
        Some(Self(local.with_timezone(&Utc)))
    }
}

impl fmt::Display for DetectedAt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.with_timezone(&Local).format(FORMAT))
    }
}

impl Serialize for DetectedAt {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DetectedAt {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "invalid timestamp `{text}` (expected like 2025-10-28T10:30:45.123456)"
            ))
        })
    }
}

#[cfg(test)]
mod tests;
