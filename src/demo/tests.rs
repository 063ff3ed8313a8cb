use std::collections::BTreeSet;

use super::*;
use crate::classify::{Classifier, RuleSet};
use crate::ingest::DEFAULT_LINE_CAP;
use crate::pipeline::{Scanner, issue_from_event};

#[test]
fn every_issue_type_occurs_and_is_detected_as_its_type() {
    let rules = RuleSet::builtin().unwrap();
    let types: BTreeSet<String> = rules.types.iter().map(|t| t.id.clone()).collect();
    let demo: BTreeSet<String> = INCIDENTS.iter().map(|i| i.issue_type.to_string()).collect();
    assert_eq!(demo, types, "the demo shows every type the rules know");

    let dir = tempfile::tempdir().unwrap();
    let mut writer = DemoWriter::new(dir.path()).unwrap();
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
    // incidents of two records (a deadlock's DETAIL joins its ERROR).
    let incidents = INCIDENTS.len() + (ROTATE_EVERY / INCIDENT_EVERY) as usize;
    assert!(
        issues <= incidents + incidents / 4,
        "{issues} issues for {incidents} incidents"
    );
    assert!(
        issues >= incidents,
        "{issues} issues for {incidents} incidents"
    );
    assert!(!dir.path().join("app.log.1").exists());
    writer.step().unwrap();
    assert!(dir.path().join("app.log.1").exists(), "app.log was rotated");
}

#[test]
fn failed_logins_come_in_a_burst_once_they_have_a_history() {
    let dir = tempfile::tempdir().unwrap();
    let mut writer = DemoWriter::new(dir.path()).unwrap();
    let failed = |dir: &Path| {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
            .map(|text| text.matches("Failed password for root").count())
            .sum::<usize>()
    };
    for _ in 0..ATTACK_EVERY / 2 + 999 {
        writer.step().unwrap();
    }
    let before = failed(dir.path());
    assert!(before >= 1, "the failed logins' usual rate came first");
    writer.step().unwrap();
    assert_eq!(failed(dir.path()), before + ATTACK_LINES, "then a burst");
}
