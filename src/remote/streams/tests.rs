#![allow(clippy::unwrap_used)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Local;

use super::{STREAM_IDLE, Streams};
use crate::classify::{Classifier, RuleSet};
use crate::follow::Update;
use crate::pipeline::Classify;
use crate::remote::Arrival;

fn classify() -> Classify {
    Classify::new(Arc::new(
        Classifier::new(RuleSet::builtin().unwrap()).unwrap(),
    ))
}

fn arrival(host: &str, stream: &str, text: &str, time: Option<&str>) -> Arrival {
    Arrival {
        host: host.into(),
        stream: stream.into(),
        text: text.as_bytes().to_vec(),
        time: time.map(Into::into),
        cut: 0,
    }
}

/// (host, stream, source_file, event, log_time) of each new issue.
fn issues(out: &[Update]) -> Vec<(String, String, String, String, Option<String>)> {
    out.iter()
        .filter_map(|u| match u {
            Update::Issue(i, None) => Some((
                i.host.clone(),
                i.stream.clone(),
                i.source_file.clone(),
                i.event.clone(),
                i.log_time.clone(),
            )),
            _ => None,
        })
        .collect()
}

#[test]
fn each_stream_assembles_its_own_events_and_dates_them_from_the_sender() {
    let (mut cx, mut streams, mut out) = (classify(), Streams::new(1024, 100), Vec::new());
    let today = Local::now().date_naive();
    let now = Instant::now();
    let sent = Some("2026-12-07T10:00:00Z");
    // Two hosts' tracebacks, interleaved; a message of several lines.
    for line in [
        "Traceback (most recent call last):",
        "  File \"a.py\", line 1, in <module>",
    ] {
        for host in ["a", "b"] {
            streams.push(
                arrival(host, "worker", line, sent),
                &mut cx,
                now,
                today,
                &mut out,
            );
        }
    }
    streams.push(
        arrival("a", "worker", "MemoryError\nnext record", sent),
        &mut cx,
        now,
        today,
        &mut out,
    );
    streams.push(
        arrival("b", "worker", "MemoryError", sent),
        &mut cx,
        now,
        today,
        &mut out,
    );
    streams.end_of_batch(&mut cx, today, &mut out);
    streams.tick(&mut cx, now + Duration::from_secs(1), today, &mut out);
    let found = issues(&out);
    assert_eq!(found.len(), 2, "{found:#?}");
    for (host, stream, source, event, time) in found {
        assert_eq!(stream, "worker");
        assert_eq!(source, format!("{host}:worker"));
        assert_eq!(event.lines().count(), 3, "{event}");
        assert!(event.ends_with("MemoryError"), "{event}");
        assert_eq!(time.as_deref(), Some("2026-12-07T10:00:00+00:00"));
    }
    assert_eq!(streams.len(), 2);
}

#[test]
fn streams_past_the_most_kept_close_the_least_recently_used_and_report_what_they_held() {
    let (mut cx, mut streams, mut out) = (classify(), Streams::new(1024, 10), Vec::new());
    let today = Local::now().date_naive();
    let start = Instant::now();
    // A traceback held back in the oldest stream.
    streams.push(
        arrival("old", "app", "Traceback (most recent call last):", None),
        &mut cx,
        start,
        today,
        &mut out,
    );
    streams.end_of_batch(&mut cx, today, &mut out);
    for n in 0..30 {
        let at = start + Duration::from_millis(n + 1);
        streams.push(
            arrival(&format!("h{n}"), "app", "fine", None),
            &mut cx,
            at,
            today,
            &mut out,
        );
        streams.end_of_batch(&mut cx, today, &mut out);
    }
    assert!(streams.len() <= 10, "{}", streams.len());
    assert!(streams.evicted >= 20, "{}", streams.evicted);
    // The closed stream's held-back event was reported, not lost.
    let found = issues(&out);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].0, "old");
}

#[test]
fn a_silent_stream_is_closed_and_ids_differ_from_one_start_to_the_next() {
    let (mut cx, mut out) = (classify(), Vec::new());
    let today = Local::now().date_naive();
    let now = Instant::now();
    let line = "FATAL: could not connect to server: Connection refused";
    let mut ids = Vec::new();
    for _ in 0..2 {
        let mut streams = Streams::new(1024, 10);
        streams.push(
            arrival("db", "postgres", line, None),
            &mut cx,
            now,
            today,
            &mut out,
        );
        streams.end_of_batch(&mut cx, today, &mut out);
        streams.tick(&mut cx, now + STREAM_IDLE, today, &mut out);
        assert_eq!(streams.len(), 0, "closed after {STREAM_IDLE:?} of silence");
        if let Some(Update::Issue(issue, _)) = out.pop() {
            ids.push(issue.id);
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    assert_eq!(ids.len(), 2);
    assert_ne!(
        ids[0], ids[1],
        "the same line after a restart is another event"
    );
}

#[test]
fn an_event_closed_in_one_stream_is_that_streams_whatever_comes_after_in_the_batch() {
    let (mut cx, mut streams, mut out) = (classify(), Streams::new(1024, 100), Vec::new());
    let today = Local::now().date_naive();
    let now = Instant::now();
    // One batch (a relay, or one request) with two hosts' messages, each
    // problem closed by the line after it while the other host's follow.
    for (host, problem) in [
        ("db-1", "ERROR: database connection refused on db-1"),
        ("web-1", "Out of memory: Killed process 9 (web-1)"),
        ("db-2", "ERROR: database connection refused on db-2"),
    ] {
        let text = format!("{problem}\nINFO all is well");
        streams.push(
            arrival(host, "app", &text, None),
            &mut cx,
            now,
            today,
            &mut out,
        );
    }
    streams.end_of_batch(&mut cx, today, &mut out);
    streams.finish(&mut cx, today, &mut out);
    let found = issues(&out);
    assert_eq!(found.len(), 3, "{found:#?}");
    for (host, _, source, event, _) in found {
        assert!(event.contains(&host), "{host} got {event:?}");
        assert_eq!(source, format!("{host}:app"));
    }
}

#[test]
fn a_name_a_sender_chooses_is_cut_and_inert() {
    use crate::remote::{NAME_CAP, cut_name};
    assert_eq!(cut_name("web\u{1b}[31m-1\u{7}\0".into()), "web?[31m-1??");
    assert_eq!(cut_name("db\u{202E}1-bew\u{200B}".into()), "db?1-bew?");
    let long = cut_name("é".repeat(200));
    assert!(long.len() <= NAME_CAP && long.chars().all(|c| c == 'é'));
}
