use chrono::{DateTime, TimeDelta, Utc};

use super::*;
use crate::model::{DetectedAt, Issue, Severity};

fn now() -> DateTime<Utc> {
    DateTime::from_timestamp(1_760_000_000, 0).unwrap()
}

fn issue(severity: Severity, issue_type: &str, category: &str, age_secs: i64) -> Issue {
    let at = DetectedAt::at(now() - TimeDelta::seconds(age_secs));
    Issue {
        timestamp: at,
        issue_type: issue_type.into(),
        severity,
        category: category.into(),
        description: "d".into(),
        log_line: "l".into(),
        source_file: "f".into(),
        auto_heal: false,
        resolved: false,
        id: "0".into(),
        line: Some(1),
        log_time: None,
        event: "l".into(),
        rule: "r".into(),
        group_id: None,
        count: 1,
        first_seen: at,
        last_seen: at,
    }
}

#[test]
fn no_issues_is_perfect_health() {
    assert_eq!(health_score([], now()), 100.0);
    assert_eq!(HealthStatus::of(100.0), HealthStatus::Healthy);
}

#[test]
fn one_error_and_two_criticals_is_75_warning() {
    let issues = [
        issue(Severity::Error, "file_permission", "Filesystem Issue", 10),
        issue(Severity::Critical, "disk_full", "Filesystem Issue", 20),
        issue(Severity::Critical, "memory_leak", "Memory Issue", 30),
    ];
    let score = health_score(&issues, now());
    assert_eq!(score, 75.0);
    assert_eq!(HealthStatus::of(score).as_str(), "warning");
}

#[test]
fn weights_follow_the_original() {
    let issues = [
        issue(Severity::Warning, "network_timeout", "Network Issue", 1),
        issue(Severity::Info, "x", "y", 1),
    ];
    assert_eq!(health_score(&issues, now()), 97.5);
}

#[test]
fn only_the_last_five_minutes_count_by_detection_time() {
    let issues = [
        issue(Severity::Critical, "a", "c", 299),
        issue(Severity::Critical, "a", "c", 300), // exactly at the cutoff: out
        issue(Severity::Critical, "a", "c", 3600),
    ];
    assert_eq!(health_score(&issues, now()), 90.0);
}

#[test]
fn resolved_issues_stop_counting() {
    let mut issues = vec![
        issue(Severity::Critical, "a", "c", 1),
        issue(Severity::Critical, "a", "c", 2),
    ];
    assert_eq!(health_score(&issues, now()), 80.0);
    issues[0].resolved = true;
    assert_eq!(health_score(&issues, now()), 90.0);
}

#[test]
fn score_never_goes_below_zero() {
    let issues: Vec<_> = (0..50)
        .map(|i| issue(Severity::Critical, "a", "c", i))
        .collect();
    assert_eq!(health_score(&issues, now()), 0.0);
    assert_eq!(HealthStatus::of(0.0), HealthStatus::Critical);
}

#[test]
fn status_bands_and_their_edges() {
    let cases = [
        (90.0, HealthStatus::Healthy),
        (89.99, HealthStatus::Warning),
        (70.0, HealthStatus::Warning),
        (69.5, HealthStatus::Degraded),
        (50.0, HealthStatus::Degraded),
        (49.99, HealthStatus::Critical),
    ];
    for (score, want) in cases {
        assert_eq!(HealthStatus::of(score), want, "{score}");
    }
}

#[test]
fn statistics_are_consistent_and_list_only_non_zero_keys() {
    let mut issues = vec![
        issue(Severity::Critical, "disk_full", "Filesystem Issue", 10),
        issue(Severity::Error, "file_permission", "Filesystem Issue", 400),
        issue(Severity::Critical, "disk_full", "Filesystem Issue", 20),
    ];
    issues[0].resolved = true;
    let stats = statistics(&issues, now(), true, 4);
    assert_eq!(stats.total_issues, 3);
    assert_eq!(stats.recent_issues_5min, 2);
    assert_eq!(stats.severity_distribution.len(), 2);
    assert_eq!(stats.severity_distribution["CRITICAL"], 2);
    assert_eq!(stats.severity_distribution["ERROR"], 1);
    assert!(!stats.severity_distribution.contains_key("WARNING"));
    assert_eq!(stats.category_distribution["Filesystem Issue"], 3);
    assert_eq!(stats.issue_type_counts["disk_full"], 2);
    assert_eq!(stats.monitoring_status, "active");
    assert_eq!(stats.monitored_files, 4);
    let json = serde_json::to_value(&stats).unwrap();
    assert_eq!(json["severity_distribution"]["CRITICAL"], 2);
}
