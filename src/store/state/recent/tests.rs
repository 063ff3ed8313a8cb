use chrono::TimeZone;

use super::*;

fn at(secs: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(1_800_000_000 + secs, 0).unwrap()
}

#[test]
fn counts_the_occurrences_of_the_last_five_minutes_in_30_second_steps() {
    let mut recent = RecentCounts::default();
    for s in [0, 10, 100, 200] {
        recent.add(7, DetectedAt::at(at(s)));
    }
    assert_eq!(recent.count(7, at(200)), 4);
    assert_eq!(recent.count(8, at(200)), 0, "another issue");
    // Slots leave whole: 0 and 10 s (slot 0) are gone 5 minutes later.
    assert_eq!(recent.count(7, at(300)), 2);
    // A slot leaves 4.5 to 5 minutes after its occurrences.
    assert_eq!(recent.count(7, at(479)), 1, "200 s is still within");
    assert_eq!(recent.count(7, at(480)), 0);
    recent.add(7, DetectedAt::at(at(600)));
    assert_eq!(recent.count(7, at(600)), 1, "old slots were cleared");
}

#[test]
fn an_out_of_order_occurrence_counts_where_it_belongs_and_clear_forgets() {
    let mut recent = RecentCounts::default();
    recent.add(1, DetectedAt::at(at(250)));
    recent.add(1, DetectedAt::at(at(40)));
    recent.add(1, DetectedAt::at(at(-100)));
    assert_eq!(recent.count(1, at(250)), 2, "too old to count");
    assert_eq!(recent.count(1, at(340)), 1, "the 40 s one has left");
    recent.clear(1);
    assert_eq!(recent.count(1, at(250)), 0);
}

#[test]
fn windows_that_ran_out_are_let_go() {
    let mut recent = RecentCounts::default();
    for id in 0..3000 {
        recent.add(id, DetectedAt::at(at(0)));
    }
    for id in 0..5000 {
        recent.add(10_000 + id, DetectedAt::at(at(3600)));
    }
    assert_eq!(recent.windows.len(), 5000, "the first 3,000 ran out");
    assert_eq!(recent.count(10_000, at(3600)), 1);
}
