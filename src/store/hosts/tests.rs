use chrono::Utc;

use super::{scores, standing};
use crate::model::{DetectedAt, Issue, Severity};

fn issue(host: &str, severity: Severity, resolved: bool) -> Issue {
    let at = DetectedAt::now_unique();
    Issue {
        host: host.to_owned(),
        severity,
        resolved,
        id: format!("{host}-{at}"),
        ..Issue::blank(at)
    }
}

#[test]
fn each_host_is_scored_on_its_own_issues_only() {
    let issues = [
        issue("web-1", Severity::Critical, false),
        issue("web-1", Severity::Error, false),
        issue("db-1", Severity::Warning, true),
        issue("db-1", Severity::Info, false),
    ];
    let recent: Vec<(&Issue, u64)> = issues.iter().map(|i| (i, 1)).collect();
    let now = Utc::now();
    let by_host = scores(&recent, now);
    let whole = crate::store::health_score(recent.iter().copied(), now);
    // Two hosts, each costing only its own: both above the whole store's.
    assert!(by_host["web-1"] < 100.0 && by_host["web-1"] >= whole);
    assert!(by_host["db-1"] > by_host["web-1"], "{by_host:?}");
    let hosts = standing(issues.iter(), &by_host);
    let names: Vec<&str> = hosts.iter().map(|h| h.host.as_str()).collect();
    assert_eq!(names, ["db-1", "web-1"]);
    assert_eq!((hosts[1].open, hosts[1].open_critical), (2, 1));
    assert_eq!((hosts[0].open, hosts[0].open_critical), (1, 0));
    // A host whose issues are all old scores 100.
    let old = standing(issues.iter(), &Default::default());
    assert!(old.iter().all(|h| h.health == 100.0));
}
