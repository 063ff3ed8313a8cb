use std::time::Duration;

use super::*;
use crate::alert::spec::{Recovery, Selector};
use crate::model::Severity;

const MIN: i64 = 60_000;

fn types(list: &[&str]) -> Selector {
    Selector {
        types: list.iter().map(|t| t.to_string()).collect(),
        ..Selector::default()
    }
}

fn threshold(
    id: &str,
    ty: &str,
    count: u32,
    within_min: u64,
    mode: Mode,
    by: Option<&str>,
) -> AlertSpec {
    AlertSpec {
        id: id.into(),
        kind: AlertKind::Threshold {
            select: types(&[ty]),
            count,
            within: Duration::from_secs(within_min * 60),
            mode,
        },
        by: by.map(str::to_owned),
        recovery: Recovery {
            below: 1,
            period: Duration::from_secs(within_min * 60),
        },
        severity: Severity::Error,
        note: None,
    }
}

/// Feeds one occurrence; returns the changes.
struct Feed {
    engine: AlertEngine,
    next_id: u64,
}

impl Feed {
    fn new(alerts: Vec<AlertSpec>, inhibits: Vec<Inhibit>) -> Feed {
        Feed {
            engine: AlertEngine::new(alerts, inhibits),
            next_id: 0,
        }
    }

    fn see(&mut self, at_ms: i64, ty: &str, fields: &[(&str, &str)]) -> Vec<AlertChange> {
        self.next_id += 1;
        let id = format!("i{}", self.next_id);
        let fields: Vec<(String, String)> = fields
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        self.engine.observe(&Observation {
            at_ms,
            issue_id: &id,
            issue_type: ty,
            group: None,
            rule: "r",
            fields: &fields,
        })
    }

    fn fired(&mut self, at_ms: i64, ty: &str, fields: &[(&str, &str)]) -> Option<Fired> {
        self.see(at_ms, ty, fields)
            .into_iter()
            .find_map(|c| match c {
                AlertChange::Fired(f) => Some(f),
                _ => None,
            })
    }
}

#[test]
fn a_threshold_fires_once_per_key_when_the_window_holds_enough() {
    let mut feed = Feed::new(
        vec![threshold(
            "brute",
            "authentication_failure",
            5,
            10,
            Mode::Once,
            Some("client_ip"),
        )],
        vec![],
    );
    let ip = |v| [("client_ip", v)];
    for n in 0..4 {
        assert_eq!(
            feed.fired(n * MIN, "authentication_failure", &ip("203.0.113.5")),
            None
        );
    }
    // Another address does not add to the first one's count.
    assert_eq!(
        feed.fired(4 * MIN, "authentication_failure", &ip("198.51.100.1")),
        None
    );
    let fired = feed
        .fired(5 * MIN, "authentication_failure", &ip("203.0.113.5"))
        .expect("fifth failure from one address within 10 minutes");
    assert_eq!(
        (fired.alert.as_str(), fired.key.as_str(), fired.count),
        ("brute", "203.0.113.5", 5)
    );
    assert_eq!(fired.since_ms, 0);
    assert_eq!(fired.triggers.len(), 5);
    // Still firing: more failures do not fire again.
    assert_eq!(
        feed.fired(6 * MIN, "authentication_failure", &ip("203.0.113.5")),
        None
    );
    // Other types and occurrences without the field are not counted.
    assert!(
        feed.see(7 * MIN, "api_error", &ip("203.0.113.5"))
            .is_empty()
    );
    assert!(feed.see(7 * MIN, "authentication_failure", &[]).is_empty());
}

#[test]
fn occurrences_spread_wider_than_the_window_never_fire() {
    let mut feed = Feed::new(vec![threshold("t", "x", 3, 10, Mode::Once, None)], vec![]);
    for n in 0..20 {
        assert_eq!(feed.fired(n * 6 * MIN, "x", &[]), None, "occurrence {n}");
    }
}

#[test]
fn every_mode_fires_at_each_nth_and_first_mode_at_the_first_n() {
    let mut every = Feed::new(vec![threshold("t", "x", 3, 10, Mode::Every, None)], vec![]);
    let fired: Vec<i64> = (1..=10)
        .filter(|&n| every.fired(n * 1000, "x", &[]).is_some())
        .collect();
    assert_eq!(fired, vec![3, 6, 9]);

    let mut first = Feed::new(vec![threshold("t", "x", 2, 10, Mode::First, None)], vec![]);
    let fired: Vec<i64> = (1..=5)
        .filter(|&n| first.fired(n * 1000, "x", &[]).is_some())
        .collect();
    assert_eq!(fired, vec![1, 2]);
    // After a quiet period it recovers and the first two fire again.
    let ended = first.engine.tick(6_000 + 10 * MIN);
    assert!(
        matches!(ended.as_slice(), [AlertChange::Recovered(_)]),
        "{ended:?}"
    );
    assert!(first.fired(20 * MIN, "x", &[]).is_some());
}

#[test]
fn an_alert_recovers_only_after_its_rate_stayed_low_for_the_period() {
    let mut spec = threshold("t", "x", 2, 5, Mode::Once, None);
    spec.recovery = Recovery {
        below: 2,
        period: Duration::from_secs(10 * 60),
    };
    let mut feed = Feed::new(vec![spec], vec![]);
    feed.see(0, "x", &[]);
    assert!(feed.fired(MIN, "x", &[]).is_some());
    // Too early: the period since firing is not over.
    assert!(feed.engine.tick(9 * MIN).is_empty());
    // Two more within the period keep it firing.
    feed.see(9 * MIN, "x", &[]);
    feed.see(10 * MIN, "x", &[]);
    assert!(feed.engine.tick(11 * MIN).is_empty());
    // One in the last ten minutes is below two: it ends.
    let ended = feed.engine.tick(19 * MIN + 30_000);
    assert_eq!(
        ended,
        vec![AlertChange::Recovered(Recovered {
            alert: "t".into(),
            key: String::new(),
            at_ms: 19 * MIN + 30_000
        })]
    );
    // And it can fire again.
    feed.see(30 * MIN, "x", &[]);
    assert!(feed.fired(31 * MIN, "x", &[]).is_some());
}

#[test]
fn a_sequence_fires_when_the_second_follows_the_first_in_time() {
    let spec = AlertSpec {
        id: "crash-restart".into(),
        kind: AlertKind::Sequence {
            first: types(&["service_crash"]),
            then: types(&["restart_loop"]),
            within: Duration::from_secs(5 * 60),
        },
        by: Some("host".into()),
        recovery: Recovery {
            below: 1,
            period: Duration::from_secs(15 * 60),
        },
        severity: Severity::Error,
        note: None,
    };
    let mut feed = Feed::new(vec![spec], vec![]);
    let host = |h| [("host", h)];
    // A restart with no crash before it: nothing.
    assert_eq!(feed.fired(0, "restart_loop", &host("a")), None);
    feed.see(MIN, "service_crash", &host("a"));
    // A restart on another host does not pair with it.
    assert_eq!(feed.fired(2 * MIN, "restart_loop", &host("b")), None);
    let fired = feed
        .fired(3 * MIN, "restart_loop", &host("a"))
        .expect("crash then restart");
    assert_eq!(
        (fired.since_ms, fired.at_ms, fired.count),
        (MIN, 3 * MIN, 2)
    );
    // Both issues are named: the crash (i2) and the restart (i4).
    assert_eq!(fired.triggers, vec!["i2".to_string(), "i4".to_string()]);
    // Too late: more than five minutes after the crash.
    feed.see(10 * MIN, "service_crash", &host("b"));
    assert_eq!(feed.fired(16 * MIN, "restart_loop", &host("b")), None);
}

#[test]
fn an_open_disk_full_suppresses_the_errors_it_causes_on_its_host_only() {
    let inhibit = Inhibit {
        source: types(&["disk_full"]),
        target: types(&["api_error", "file_permission"]),
        equal: vec!["host".into()],
    };
    let mut feed = Feed::new(
        vec![threshold("5xx", "api_error", 2, 10, Mode::Once, None)],
        vec![inhibit],
    );
    feed.see(0, "disk_full", &[("host", "a")]);
    let disk = "i1".to_string();
    for n in 1..=3 {
        let changes = feed.see(n * 1000, "api_error", &[("host", "a")]);
        assert_eq!(
            changes,
            vec![AlertChange::Suppressed {
                issue: format!("i{}", n + 1),
                by: disk.clone()
            }]
        );
    }
    // Another host is not inhibited; an occurrence without the field neither.
    assert_eq!(feed.fired(4000, "api_error", &[("host", "b")]), None);
    assert!(feed.fired(5000, "api_error", &[]).is_some());
    // Once the disk issue is resolved, host a counts again.
    feed.engine.closed(&disk);
    let changes = feed.see(6000, "api_error", &[("host", "a")]);
    assert!(
        !changes
            .iter()
            .any(|c| matches!(c, AlertChange::Suppressed { .. }))
    );
}

#[test]
fn a_flood_fires_exactly_what_the_mode_allows() {
    let mut feed = Feed::new(
        vec![
            threshold("once", "x", 5, 10, Mode::Once, None),
            threshold("every", "x", 1000, 10, Mode::Every, None),
            threshold("first", "x", 3, 10, Mode::First, None),
        ],
        vec![],
    );
    let mut fired: HashMap<String, u32> = HashMap::new();
    for n in 0..10_000 {
        for change in feed.see(n, "x", &[]) {
            if let AlertChange::Fired(f) = change {
                *fired.entry(f.alert).or_default() += 1;
            }
        }
    }
    assert_eq!(fired.get("once"), Some(&1));
    assert_eq!(fired.get("every"), Some(&10));
    assert_eq!(fired.get("first"), Some(&3));
}

#[test]
fn a_flood_of_distinct_keys_is_bounded_and_counted() {
    let mut feed = Feed::new(
        vec![threshold("t", "x", 3, 10, Mode::Once, Some("ip"))],
        vec![],
    );
    for n in 0..(MAX_KEYS as i64 * 3) {
        let ip = format!("10.{}.{}.{}", n >> 16, (n >> 8) & 255, n & 255);
        feed.see(n, "x", &[("ip", &ip)]);
    }
    assert!(feed.engine.keys[0].len() <= MAX_KEYS);
    assert!(feed.engine.forgotten_keys() >= MAX_KEYS as u64 * 2 - 1);
    // A key seen often and recently still fires.
    for n in 0..3 {
        feed.see(MAX_KEYS as i64 * 3 + n, "x", &[("ip", "192.0.2.1")]);
    }
    assert!(
        feed.engine.keys[0]
            .values()
            .any(|s| s.firing_since.is_some())
    );
}
