//! The health score's formula: `100 - Σ weight × (1 + log2 occurrences)`
//! over the open problems of the last 5 minutes, floored at 0.

use super::*;
use crate::store::health::{EXPLAINED, cost, explain};

/// Each issue occurring once.
fn once(issues: &[Issue]) -> Vec<(&Issue, u64)> {
    issues.iter().map(|i| (i, 1)).collect()
}

#[test]
fn no_issues_is_perfect_health() {
    assert_eq!(health_score([], now()), 100.0);
    assert_eq!(HealthStatus::of(100.0), HealthStatus::Healthy);
}

#[test]
fn one_critical_alone_leaves_the_healthy_band() {
    let oom = [issue(Severity::Critical, "memory_leak", "Memory Issue", 10)];
    let score = health_score(once(&oom), now());
    assert_eq!(score, 85.0);
    assert_eq!(HealthStatus::of(score), HealthStatus::Warning);
}

#[test]
fn weights_per_severity() {
    let issues = [
        issue(Severity::Error, "a", "c", 1),
        issue(Severity::Warning, "b", "c", 1),
        issue(Severity::Info, "c", "c", 1),
    ];
    assert_eq!(health_score(once(&issues), now()), 92.5);
}

#[test]
fn every_doubling_of_a_problems_occurrences_costs_one_weight_more() {
    for severity in [Severity::Critical, Severity::Error, Severity::Warning] {
        let w = severity.health_weight();
        assert_eq!(cost(severity, 1), w);
        assert_eq!(
            cost(severity, 0),
            w,
            "a recent issue occurred at least once"
        );
        for n in [1u64, 3, 40, 3000] {
            let step = cost(severity, 2 * n) - cost(severity, n);
            assert!((step - w).abs() < 1e-9, "{severity} {n}: {step}");
        }
    }
    let logins = [issue(
        Severity::Warning,
        "authentication_failure",
        "Security",
        5,
    )];
    let score = health_score([(&logins[0], 3000)], now());
    assert_eq!(score, 74.9, "3,000 failed logins are not one");
    assert_eq!(HealthStatus::of(score), HealthStatus::Warning);
}

#[test]
fn only_the_last_five_minutes_count_by_detection_time() {
    let issues = [
        issue(Severity::Critical, "a", "c", 299),
        issue(Severity::Critical, "b", "c", 300), // exactly at the cutoff: out
        issue(Severity::Critical, "c", "c", 3600),
    ];
    assert_eq!(health_score(once(&issues), now()), 85.0);
}

#[test]
fn resolved_and_silenced_issues_cost_nothing_and_are_said() {
    let mut issues = vec![
        issue(Severity::Critical, "a", "c", 1),
        issue(Severity::Critical, "b", "c", 2),
        issue(Severity::Error, "c", "c", 3),
    ];
    assert_eq!(health_score(once(&issues), now()), 65.0);
    issues[0].resolved = true;
    issues[1].silenced_until = Some(DetectedAt::at(now() + TimeDelta::hours(1)));
    let explained = explain(once(&issues), now());
    assert_eq!(explained.score, 95.0);
    assert_eq!((explained.resolved, explained.silenced), (1, 1));
    assert_eq!(explained.costs.len(), 1);
}

#[test]
fn the_explanation_lists_the_costliest_and_sums_the_rest() {
    let issues: Vec<Issue> = (0..EXPLAINED + 5)
        .map(|i| with_id(issue(Severity::Warning, "w", "c", 1), &format!("w{i}")))
        .chain([with_id(issue(Severity::Error, "e", "c", 1), "big")])
        .collect();
    let counted: Vec<_> = issues
        .iter()
        .map(|i| (i, if i.id == "big" { 8 } else { 1 }))
        .collect();
    let explained = explain(counted, now());
    assert_eq!(explained.costs.len(), EXPLAINED);
    assert_eq!(explained.costs[0].id, "big");
    assert_eq!(explained.costs[0].cost, 20.0, "5 × (1 + log2 8)");
    assert_eq!(explained.costs[0].occurrences_5min, 8);
    assert!(explained.costs.windows(2).all(|w| w[0].cost >= w[1].cost));
    assert_eq!(explained.other_problems, 6);
    assert_eq!(explained.other_cost, 12.0);
    let listed: f64 = explained.costs.iter().map(|c| c.cost).sum();
    assert_eq!(listed + explained.other_cost, explained.total_cost);
    assert_eq!(explained.total_cost, 50.0);
    assert_eq!(explained.score, 50.0);
}

#[test]
fn score_never_goes_below_zero() {
    let issues: Vec<_> = (0..50)
        .map(|i| issue(Severity::Critical, "a", "c", i))
        .collect();
    let explained = explain(once(&issues), now());
    assert_eq!(explained.score, 0.0);
    assert_eq!(explained.total_cost, 750.0, "the cost says how far below");
    assert_eq!(HealthStatus::of(0.0), HealthStatus::Critical);
}

#[test]
fn the_store_counts_recurrences_and_resolving_moves_the_score_at_once() {
    let mut store = IssueStore::new(10);
    let first = with_id(issue(Severity::Warning, "db", "Database", 60), "db");
    store.insert(first);
    for age in (1..60).rev() {
        let again = with_id(issue(Severity::Warning, "db", "Database", age), "db2");
        store.recur("db", again).unwrap();
    }
    let (explained, _) = store.vitals(now());
    assert_eq!(explained.costs[0].occurrences_5min, 60);
    assert_eq!(explained.score, round(100.0 - cost(Severity::Warning, 60)));
    store.set_resolved("db", true).unwrap();
    assert_eq!(
        store.vitals(now()).0.score,
        100.0,
        "resolving moves it at once"
    );
    // It happens again: it counts from its new occurrence, not its old ones.
    let again = with_id(issue(Severity::Warning, "db", "Database", 0), "db3");
    store.recur("db", again).unwrap();
    let (explained, _) = store.vitals(now());
    assert_eq!(explained.costs[0].occurrences_5min, 1);
    assert_eq!(explained.score, 98.0);
}

fn round(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[test]
fn the_score_kept_between_changes_is_worked_out_again_when_time_moves_things_out() {
    let mut store = IssueStore::new(10);
    store.insert(with_id(issue(Severity::Critical, "a", "c", 290), "old"));
    let mut silenced = with_id(issue(Severity::Error, "b", "c", 10), "quiet");
    silenced.silenced_until = Some(DetectedAt::at(now() + TimeDelta::seconds(5)));
    store.insert(silenced);
    assert_eq!(
        store.vitals(now()).0.score,
        85.0,
        "the silenced one costs nothing"
    );
    assert_eq!(store.vitals(now()).0.score, 85.0, "kept");
    // The silence ends: it costs again, though the store did not change.
    let later = now() + TimeDelta::seconds(6);
    assert_eq!(store.vitals(later).0.score, 80.0);
    // The old one leaves the window 10 s after `now`.
    let leaves = now() + TimeDelta::seconds(11);
    assert_eq!(store.vitals(leaves).0.score, 95.0);
    // A change is seen at once.
    store.set_resolved("quiet", true).unwrap();
    assert_eq!(store.vitals(leaves).0.score, 100.0);
}
