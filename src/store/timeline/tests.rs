use chrono::{DateTime, TimeDelta, Utc};

use super::*;
use crate::model::{DetectedAt, Severity, test_issue};
use crate::store::{EngineView, IssueStore};

/// 10:00:00 on a fixed day (a whole minute).
fn ten() -> DateTime<Utc> {
    DateTime::from_timestamp(1_760_004_000, 0).unwrap()
}

fn at(minutes: i64, seconds: i64) -> DateTime<Utc> {
    ten() + TimeDelta::minutes(minutes) + TimeDelta::seconds(seconds)
}

#[test]
fn occurrences_are_counted_per_minute_and_severity_the_newest_minute_last() {
    let mut ring = TimelineRing::default();
    ring.record(at(0, 5), Severity::Critical);
    ring.record(at(0, 59), Severity::Critical);
    ring.record(at(0, 30), Severity::Warning);
    ring.record(at(2, 0), Severity::Error);
    let view = ring.view(at(2, 40));
    let last = view.minutes[MINUTES - 1];
    assert_eq!(last.count(Severity::Error), 1);
    assert_eq!(last.total(), 1);
    assert_eq!(
        view.minutes[MINUTES - 2],
        Minute::default(),
        "a quiet minute"
    );
    let first = view.minutes[MINUTES - 3];
    assert_eq!(first.count(Severity::Critical), 2);
    assert_eq!(first.count(Severity::Warning), 1);
    assert_eq!(first.count(Severity::Info), 0);
    assert_eq!(view.peak(), 3);
}

#[test]
fn minutes_older_than_an_hour_fall_out_and_their_buckets_are_reused() {
    let mut ring = TimelineRing::default();
    ring.record(at(0, 0), Severity::Error);
    // 59 minutes later it is the oldest minute shown; at 60, it is gone.
    assert_eq!(ring.view(at(59, 0)).minutes[0].total(), 1);
    assert_eq!(ring.view(at(60, 0)).peak(), 0);
    // Minute 60 shares minute 0's bucket: it starts empty.
    ring.record(at(60, 1), Severity::Info);
    let view = ring.view(at(60, 2));
    assert_eq!(view.minutes[MINUTES - 1].counts, [0, 0, 0, 1]);
    // A late record for the minute the bucket no longer holds is dropped,
    // not counted into the newer minute.
    ring.record(at(0, 30), Severity::Critical);
    assert_eq!(
        ring.view(at(60, 2)).minutes[MINUTES - 1].counts,
        [0, 0, 0, 1]
    );
}

#[test]
fn health_keeps_the_lowest_sample_of_each_minute() {
    let mut ring = TimelineRing::default();
    ring.sample_health(at(0, 1), 100.0);
    ring.sample_health(at(0, 2), 80.0);
    ring.sample_health(at(0, 3), 90.0);
    ring.sample_health(at(1, 0), 95.0);
    let view = ring.view(at(1, 0));
    assert_eq!(view.minutes[MINUTES - 2].health, Some(80.0));
    assert_eq!(view.minutes[MINUTES - 1].health, Some(95.0));
    assert_eq!(view.minutes[0].health, None, "not running then");
}

#[test]
fn memory_is_sixty_buckets_whatever_the_flood() {
    let mut ring = TimelineRing::default();
    for s in 0..100_000 {
        ring.record(
            at(0, 0) + TimeDelta::milliseconds(s * 50),
            Severity::Warning,
        );
    }
    // A fixed ring, no allocation: a few KiB whatever was recorded.
    assert!(std::mem::size_of::<TimelineRing>() < 4096);
    let view = ring.view(at(83, 19));
    let total: u64 = view.minutes.iter().map(|m| u64::from(m.total())).sum();
    // 100,000 records at 20 a second span 83 min 20 s: the hour shown
    // holds minutes 24..=82 whole (1,200 each) and minute 83's 20 s.
    assert_eq!(total, 59 * 1200 + 400);
}

#[test]
fn the_store_counts_new_issues_and_recurrences_and_snapshots_carry_the_hour() {
    let mut store = IssueStore::new(10);
    let now = Utc::now();
    let mut first = test_issue("a");
    first.timestamp = DetectedAt::at(now - TimeDelta::seconds(1));
    store.insert(first.clone());
    let mut again = first;
    again.timestamp = DetectedAt::at(now);
    store.recur("a", again);
    store.sample_health(now);
    let snapshot = store.snapshot(now, EngineView::default());
    let last = snapshot.timeline.minutes[MINUTES - 1];
    // test_issue is CRITICAL; both occurrences may straddle a minute.
    let both = last.count(Severity::Critical)
        + snapshot.timeline.minutes[MINUTES - 2].count(Severity::Critical);
    assert_eq!(both, 2);
    assert_eq!(last.health, Some(snapshot.health));
    assert_eq!(store.len(), 1, "one issue, two occurrences");
}
