use std::time::{Duration, Instant};

use super::*;
use crate::classify::RuleMatch;

/// A verdict like the classifier's: rule 0 for MemoryError, rule 5 for ERROR lines.
fn verdict(text: &str) -> LineVerdict {
    let rule = if text.contains("MemoryError") {
        Some(0)
    } else if text.contains("ERROR") || text.starts_with("Traceback") {
        Some(5)
    } else {
        None
    };
    LineVerdict {
        best: rule.map(|rule| RuleMatch { rule, span: 0..1 }),
        pg_secondary: false,
    }
}

struct Feed {
    live: LiveAssembler,
    next: u64,
    offset: u64,
    t0: Instant,
}

impl Feed {
    fn new() -> Self {
        Feed {
            live: LiveAssembler::new(),
            next: 1,
            offset: 0,
            t0: Instant::now(),
        }
    }

    /// Pushes lines at time `at_ms`; returns (kind, first line, lines, rule) of what was emitted.
    fn push(&mut self, lines: &[&str], at_ms: u64) -> Vec<(&'static str, u64, u32, Option<usize>)> {
        let mut out = Vec::new();
        for text in lines {
            let line = Line {
                text: text.as_bytes(),
                full_len: text.len(),
                number: self.next,
                offset: self.offset,
            };
            self.live.push(
                &line,
                &verdict(text),
                self.t0 + Duration::from_millis(at_ms),
                &mut out,
            );
            self.next += 1;
            self.offset += text.len() as u64 + 1;
        }
        self.live.end_of_batch(&mut out);
        summarize(out)
    }

    fn idle(&mut self, at_ms: u64) -> Vec<(&'static str, u64, u32, Option<usize>)> {
        let mut out = Vec::new();
        self.live
            .flush_if_idle(self.t0 + Duration::from_millis(at_ms), &mut out);
        summarize(out)
    }
}

fn summarize(out: Vec<Emission>) -> Vec<(&'static str, u64, u32, Option<usize>)> {
    out.into_iter()
        .map(|e| match e {
            Emission::New(e) => ("new", e.first_line, e.lines, e.best.map(|b| b.matched.rule)),
            Emission::Grew(e) => (
                "grew",
                e.first_line,
                e.lines,
                e.best.map(|b| b.matched.rule),
            ),
        })
        .collect()
}

#[test]
fn an_ordinary_line_is_reported_at_once_and_then_grows() {
    let mut f = Feed::new();
    assert_eq!(
        f.push(&["2024-03-10 ERROR request failed"], 0),
        [("new", 1, 1, Some(5))]
    );
    assert_eq!(f.live.unsettled_from(), None, "a reported line is settled");
    assert_eq!(
        f.push(
            &[
                "Traceback (most recent call last):",
                "  File \"x.py\", line 1, in <module>"
            ],
            10
        ),
        [("grew", 1, 3, Some(5))]
    );
    assert_eq!(
        f.push(&["MemoryError"], 20),
        [("grew", 1, 4, Some(0))],
        "the type sharpens"
    );
    assert_eq!(f.push(&["2024-03-10 INFO next"], 30), []);
}

#[test]
fn a_record_and_its_traceback_read_together_are_one_verdict() {
    let mut f = Feed::new();
    assert_eq!(
        f.push(
            &[
                "2024-03-10 ERROR request failed",
                "Traceback (most recent call last):",
                "  File \"x.py\", line 1, in <module>",
                "MemoryError",
            ],
            0
        ),
        [("new", 1, 4, Some(0))],
        "reported once, as the whole event, with the traceback's type"
    );
    assert_eq!(f.push(&["2024-03-10 INFO next"], 10), []);
}

#[test]
fn a_standalone_traceback_waits_for_its_end() {
    let mut f = Feed::new();
    assert_eq!(
        f.push(
            &[
                "Traceback (most recent call last):",
                "  File \"x.py\", line 1"
            ],
            0
        ),
        []
    );
    assert_eq!(
        f.live.unsettled_from(),
        Some((0, 0)),
        "held lines are not checkpointed past"
    );
    assert_eq!(f.push(&["MemoryError"], 5), []);
    assert_eq!(f.idle(100), [], "not idle long enough yet");
    assert!(f.live.idle_deadline().is_some());
    assert_eq!(f.idle(205), [("new", 1, 3, Some(0))]);
    assert_eq!(f.live.unsettled_from(), None);
}

#[test]
fn a_traceback_ends_early_when_the_next_event_starts() {
    let mut f = Feed::new();
    assert_eq!(
        f.push(
            &[
                "Traceback (most recent call last):",
                "  File \"x.py\", line 1",
                "KeyError: 'a'"
            ],
            0
        ),
        []
    );
    assert_eq!(
        f.push(&["2024-03-10 INFO fine"], 1),
        [("new", 1, 3, Some(5))]
    );
}

#[test]
fn an_exception_line_waiting_for_frames_is_flushed_when_idle() {
    let mut f = Feed::new();
    assert_eq!(f.push(&["2024-03-10 WARN retrying"], 0), []);
    assert_eq!(
        f.push(&["java.lang.IllegalStateException: ERROR boom"], 1),
        []
    );
    assert_eq!(f.live.unsettled_from(), Some((25, 1)));
    assert_eq!(
        f.idle(250),
        [("new", 1, 2, Some(5))],
        "it joins the record above, reported now"
    );
    assert_eq!(f.live.unsettled_from(), None);
    assert_eq!(f.idle(500), [], "said once");
    assert_eq!(
        f.push(&["\tat com.example.Main.main(Main.java:10)"], 700),
        [("grew", 1, 3, Some(5))],
        "frames written later still join it, as scan joins them"
    );
}

#[test]
fn a_trace_reported_when_idle_stays_open_for_the_rest_of_it() {
    let mut f = Feed::new();
    assert_eq!(
        f.push(
            &[
                "Traceback (most recent call last):",
                "  File \"x.py\", line 1"
            ],
            0
        ),
        []
    );
    assert_eq!(f.idle(205), [("new", 1, 2, Some(5))]);
    assert_eq!(f.live.idle_deadline(), None, "nothing waits now");
    assert_eq!(
        f.push(&["MemoryError"], 900),
        [("grew", 1, 3, Some(0))],
        "its end, written late, is the same event"
    );
    assert_eq!(f.push(&["2024-03-10 INFO next"], 950), []);
}
