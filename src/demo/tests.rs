use std::collections::BTreeSet;

use super::*;
use crate::classify::{Classifier, RuleSet};
use crate::ingest::DEFAULT_LINE_CAP;
use crate::model::{DetectedAt, Issue};
use crate::pipeline::{Scanner, issue_from_event};

#[test]
fn every_issue_type_occurs_and_is_detected_as_its_type() {
    let rules = RuleSet::builtin().unwrap();
    let types: BTreeSet<String> = rules.types.iter().map(|t| t.id.clone()).collect();
    let demo: BTreeSet<String> = INCIDENTS.iter().map(|i| i.issue_type.to_string()).collect();
    assert_eq!(demo, types, "the demo shows every type the rules know");

    let dir = tempfile::tempdir().unwrap();
    let mut writer = DemoWriter::new(dir.path(), 20).unwrap();
    writer.write_all_incidents().unwrap();
    // Fewer lines than a rotation period: every file written is still there.
    for _ in 0..ROTATE_EVERY - 1 {
        writer.step().unwrap();
    }
    let classifier = Classifier::new(rules).unwrap();
    let today = Local::now().date_naive();
    let mut found: BTreeSet<String> = BTreeSet::new();
    let mut issues = 0;
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        let file = File::open(&path).unwrap();
        Scanner::new(&classifier, DEFAULT_LINE_CAP)
            .scan(file, |event| {
                if let Some(issue) = issue_from_event(event, &classifier, "demo", today) {
                    issues += 1;
                    found.insert(issue.issue_type);
                }
            })
            .unwrap();
    }
    assert_eq!(found, types);
    // Ordinary traffic raises nothing: one issue per incident, give or take
    // incidents of two records (a deadlock's DETAIL joins its ERROR), and
    // the incidents of the schedule's first seconds.
    let incidents = INCIDENTS.len();
    assert!(
        issues >= incidents,
        "{issues} issues for {incidents} incidents"
    );
    assert!(!dir.path().join("app.log.1").exists());
    writer.step().unwrap();
    assert!(dir.path().join("app.log.1").exists(), "app.log was rotated");
}

/// The lines of every demo file, by name.
fn lines_written(dir: &Path) -> Vec<String> {
    let mut all = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        all.extend(text.lines().map(str::to_string));
    }
    all
}

#[test]
fn failed_logins_come_in_a_burst_once_they_have_a_history() {
    let dir = tempfile::tempdir().unwrap();
    // One line a second: steps are seconds.
    let mut writer = DemoWriter::new(dir.path(), 1).unwrap();
    let failed = |dir: &Path| {
        lines_written(dir)
            .iter()
            .filter(|l| l.contains("Failed password for root"))
            .count()
    };
    let mut before = 0;
    let mut burst = None;
    for second in 0..8 * schedule::CYCLE {
        writer.step().unwrap();
        let now = failed(dir.path());
        if now >= before + schedule::ATTACK_LINES {
            burst = Some(second);
            break;
        }
        before = now;
    }
    let burst = burst.expect("a burst within eight cycles");
    assert!(
        before >= 1,
        "the failed logins' usual rate came first ({burst} s)"
    );
}

/// The demo's health over three cycles, second by second, under the real
/// formula: issues by type (the demo's incidents are one group per type),
/// each costing what the store would make it cost.
#[test]
fn the_demo_spends_time_in_every_band_and_is_healthy_most_of_the_time() {
    use crate::store::HealthStatus;
    use crate::store::health::explain;
    let dir = tempfile::tempdir().unwrap();
    let mut writer = DemoWriter::new(dir.path(), 1).unwrap();
    let rules = RuleSet::builtin().unwrap();
    let classifier = Classifier::new(rules).unwrap();
    let today = Local::now().date_naive();
    let start = chrono::Utc::now();
    // Each type's occurrence times (seconds), as detected.
    let mut seen: std::collections::BTreeMap<String, (Issue, Vec<u64>)> = Default::default();
    let mut offsets: std::collections::HashMap<PathBuf, usize> = Default::default();
    let mut bands = std::collections::BTreeMap::new();
    let cycles = 3;
    for second in 0..cycles * schedule::CYCLE {
        writer.step().unwrap();
        for entry in std::fs::read_dir(dir.path()).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "1") {
                continue; // app.log rotated: read under its name before
            }
            let bytes = std::fs::read(&path).unwrap();
            let offset = offsets.entry(path).or_default();
            if bytes.len() < *offset {
                *offset = 0; // a new app.log
            }
            Scanner::new(&classifier, DEFAULT_LINE_CAP)
                .scan(&bytes[*offset..], |event| {
                    if let Some(issue) = issue_from_event(event, &classifier, "demo", today) {
                        seen.entry(issue.issue_type.clone())
                            .or_insert_with(|| (issue, Vec::new()))
                            .1
                            .push(second);
                    }
                })
                .unwrap();
            *offset = bytes.len();
        }
        let now = start + chrono::TimeDelta::seconds(second as i64);
        let counted: Vec<(Issue, u64)> = seen
            .values()
            .filter_map(|(issue, times)| {
                let last = *times.last()?;
                let n = times.iter().filter(|t| **t + 300 > second).count() as u64;
                let mut issue = issue.clone();
                issue.timestamp = DetectedAt::at(start + chrono::TimeDelta::seconds(last as i64));
                (n > 0).then_some((issue, n))
            })
            .collect();
        let score = explain(counted.iter().map(|(i, n)| (i, *n)), now).score;
        if second >= schedule::CYCLE {
            // The first cycle starts from nothing: judge the steady ones.
            *bands
                .entry(HealthStatus::of(score).as_str())
                .or_insert(0u64) += 1;
        }
    }
    let total: u64 = bands.values().sum();
    for band in ["healthy", "warning", "degraded", "critical"] {
        assert!(
            bands.get(band).copied().unwrap_or(0) >= 20,
            "at least 20 s {band}: {bands:?}"
        );
    }
    assert!(
        bands["healthy"] * 2 > total,
        "healthy most of the time: {bands:?}"
    );
}
