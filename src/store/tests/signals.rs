//! New-pattern and spike signals through the store task, on crafted
//! streams (detection times set by the test, relative to now).

use std::time::Duration;

use chrono::{TimeDelta, Utc};

use super::groups::occurrence;
use crate::follow::Update;
use crate::model::{DetectedAt, Issue, Severity, test_issue};
use crate::signals::SignalConfig;
use crate::store::{Command, Edit, Origin, Persist, Snapshot, StoreOptions, Target, spawn_store};

const DEADLINE: Duration = Duration::from_secs(30);

/// Occurrence `n` of `line`, detected `ago` before now.
fn at(n: u64, severity: Severity, line: &str, ago: TimeDelta) -> Issue {
    let when = DetectedAt::at(Utc::now() - ago + TimeDelta::microseconds(n as i64));
    Issue {
        timestamp: when,
        first_seen: when,
        last_seen: when,
        ..occurrence(n, "api_error", severity, line)
    }
}

async fn settled(
    snapshots: &mut tokio::sync::watch::Receiver<std::sync::Arc<Snapshot>>,
    what: impl Fn(&Snapshot) -> bool,
) -> std::sync::Arc<Snapshot> {
    tokio::time::timeout(DEADLINE, snapshots.wait_for(|s| what(s)))
        .await
        .expect("published in time")
        .expect("store running")
        .clone()
}

#[tokio::test]
async fn a_template_never_seen_is_new_once_and_info_never() {
    let (tx, rx) = tokio::sync::mpsc::channel(64);
    let (handle, _task) = spawn_store(rx, StoreOptions::memory(100));
    let mut snapshots = handle.subscribe();
    let lines = [
        (
            Severity::Error,
            "upstream 10.0.0.7:8080 returned 502 for /api/cart/17",
        ),
        (
            Severity::Error,
            "upstream 10.0.0.9:8080 returned 502 for /api/cart/99",
        ),
        (Severity::Info, "worker 3 restarted after 12 jobs"),
        (
            Severity::Error,
            "payment gateway rejected card ending 4242: do_not_honor",
        ),
    ];
    for (n, (severity, line)) in lines.iter().enumerate() {
        let update = Update::Issue(at(n as u64, *severity, line, TimeDelta::zero()), None);
        tx.send(update).await.unwrap();
    }
    let snap = settled(&mut snapshots, |s| s.issues.len() == 3).await;
    let flags: Vec<(&str, u64, bool)> = snap
        .issues
        .iter()
        .map(|i| (&i.log_line[..8], i.count, i.new_pattern))
        .collect();
    // The second 502 went into the first's group (which stays new); INFO
    // is never flagged; the gateway's refusal is another new pattern.
    assert_eq!(
        flags,
        [
            ("upstream", 2, true),
            ("worker 3", 1, false),
            ("payment ", 1, true)
        ]
    );
    // Acknowledged or resolved, a new pattern is no longer news; a later
    // occurrence does not make it new again.
    let id = |prefix: &str| {
        snap.issues
            .iter()
            .find(|i| i.log_line.starts_with(prefix))
            .map(|i| i.id.clone())
            .unwrap()
    };
    let ask = |edit, id: String| Command {
        edit,
        target: Target::Issues(vec![id]),
        origin: Origin::Api,
    };
    handle
        .ask(ask(Edit::Acknowledge(true), id("upstream")))
        .await;
    handle.ask(ask(Edit::Resolve(true), id("payment "))).await;
    let again = "upstream 10.0.0.5:8080 returned 502 for /api/cart/5";
    let update = Update::Issue(at(9, Severity::Error, again, TimeDelta::zero()), None);
    tx.send(update).await.unwrap();
    let snap = settled(&mut snapshots, |s| s.issues.iter().any(|i| i.count == 3)).await;
    assert!(
        snap.issues.iter().all(|i| !i.new_pattern),
        "{:?}",
        snap.issues
            .iter()
            .map(|i| (&i.log_line, i.new_pattern))
            .collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn a_burst_over_the_baseline_spikes_with_its_factor() {
    let (tx, rx) = tokio::sync::mpsc::channel(1024);
    let (handle, _task) = spawn_store(rx, StoreOptions::memory(100));
    let mut snapshots = handle.subscribe();
    let line = |n: u64| format!("GET /api/orders/{n} returned 503 Service Unavailable");
    // Ten minutes at 3 a minute, ending a minute ago: the baseline.
    let mut n = 0;
    for k in 0..30 {
        let ago = TimeDelta::seconds(660 - k * 20);
        tx.send(Update::Issue(at(n, Severity::Error, &line(n), ago), None))
            .await
            .unwrap();
        n += 1;
    }
    let snap = settled(&mut snapshots, |s| {
        s.issues.first().is_some_and(|i| i.count == 30)
    })
    .await;
    assert_eq!(snap.issues[0].spike_factor, None, "a steady rate");
    // Then 60 in the last few seconds: about 20 times the usual rate.
    for _ in 0..60 {
        tx.send(Update::Issue(
            at(n, Severity::Error, &line(n), TimeDelta::seconds(3)),
            None,
        ))
        .await
        .unwrap();
        n += 1;
    }
    let snap = settled(&mut snapshots, |s| s.issues[0].count == 90).await;
    let factor = snap.issues[0].spike_factor.expect("spiking");
    assert!((10.0..=30.0).contains(&factor), "{factor}");
}

#[test]
fn spikes_end_when_the_rate_drops_without_new_occurrences() {
    let mut signals = crate::signals::Signals::new(SignalConfig::default());
    let base = Utc::now() - TimeDelta::minutes(20);
    let issue = |n: i64, secs: i64| {
        let mut i = test_issue("g1");
        i.group_id = Some("g".into());
        i.timestamp = DetectedAt::at(base + TimeDelta::seconds(secs) + TimeDelta::microseconds(n));
        i
    };
    let mut first = issue(0, 0);
    signals.first(&mut first);
    for k in 1..=20 {
        let mut again = issue(k, 30 * k);
        signals.again(&mut again, "g1");
        assert_eq!(again.spike_factor, None);
    }
    let mut burst = None;
    for k in 0..40 {
        let mut again = issue(100 + k, 660);
        signals.again(&mut again, "g1");
        burst = again.spike_factor;
    }
    assert!(burst.is_some(), "a spike");
    assert!(
        signals.settle(base + TimeDelta::seconds(670)).is_empty(),
        "still on"
    );
    assert_eq!(
        signals.settle(base + TimeDelta::seconds(800)),
        [("g1".to_string(), None)],
        "over two minutes later"
    );
}

#[tokio::test]
async fn groups_seen_before_a_restart_are_not_new_after_it() {
    let dir = tempfile::tempdir().unwrap();
    let options = |capacity| StoreOptions {
        stats: None,
        limits: crate::store::Limits::holding(capacity),
        db: Some(Persist::open(dir.path()).unwrap().0),
        signals: SignalConfig::default(),
        tap: None,
        respond: crate::store::Responders::default(),
    };
    let a = "disk /dev/sda1 is 98% full on db-1";
    let b = "certificate for api.example.com expires in 3 days";
    let (tx, rx) = tokio::sync::mpsc::channel(8);
    let (handle, join) = spawn_store(rx, options(100));
    let mut snapshots = handle.subscribe();
    for (n, line) in [a, b].iter().enumerate() {
        tx.send(Update::Issue(
            at(n as u64, Severity::Error, line, TimeDelta::zero()),
            None,
        ))
        .await
        .unwrap();
    }
    settled(&mut snapshots, |s| {
        s.issues.len() == 2 && s.issues.iter().all(|i| i.new_pattern)
    })
    .await;
    drop((tx, handle, snapshots));
    tokio::task::spawn_blocking(move || join.join())
        .await
        .unwrap()
        .unwrap();
    // Restarted holding one issue: only b's is loaded, yet a's template is
    // remembered, so a's next occurrence opens a group that is not new.
    let (tx, rx) = tokio::sync::mpsc::channel(8);
    let (handle, _join) = spawn_store(rx, options(1));
    let mut snapshots = handle.subscribe();
    let again = "disk /dev/sda1 is 99% full on db-1";
    tx.send(Update::Issue(
        at(7, Severity::Error, again, TimeDelta::zero()),
        None,
    ))
    .await
    .unwrap();
    let snap = settled(&mut snapshots, |s| {
        s.issues.iter().any(|i| i.log_line == again)
    })
    .await;
    let issue = snap.issues.iter().find(|i| i.log_line == again).unwrap();
    assert!(!issue.new_pattern, "seen before the restart");
    assert_eq!(issue.count, 1, "its old issue was not held");
}
