//! One input's path from lines to issues: classify each line, assemble live
//! events, and turn what the assembler reports into [`Update`]s. A grown
//! issue keeps the id and timestamp it was first reported with.

use std::sync::Arc;
use std::time::Instant;

use chrono::{Local, NaiveDate};

use super::Update;
use crate::classify::Classifier;
use crate::ingest::Line;
use crate::ingest::live::{Emission, LiveAssembler};
use crate::ingest::splitter::RawLine;
use crate::model::DetectedAt;
use crate::scan::{BlockClassifier, issue_from_event};

/// Classification state shared by every input of one engine thread.
pub struct Classify {
    classifier: Arc<Classifier>,
    line: BlockClassifier,
    emissions: Vec<Emission>,
    today: NaiveDate,
    /// Lines classified so far.
    pub lines: u64,
}

impl Classify {
    /// Buffers for classifying with `classifier`.
    pub fn new(classifier: Arc<Classifier>) -> Self {
        Classify {
            classifier,
            line: BlockClassifier::default(),
            emissions: Vec::new(),
            today: Local::now().date_naive(),
            lines: 0,
        }
    }

    /// Refreshes the date used for log times written without a year.
    pub fn set_today(&mut self, today: NaiveDate) {
        self.today = today;
    }
}

/// Event assembly and issue bookkeeping for one input.
pub struct Feed {
    name: String,
    live: LiveAssembler,
    /// Offset and detection time of the event reported last (for growth).
    reported: Option<(u64, DetectedAt)>,
}

impl Feed {
    /// A feed whose issues carry `name` as `source_file`.
    pub fn new(name: String) -> Self {
        Feed {
            name,
            live: LiveAssembler::new(),
            reported: None,
        }
    }

    /// Classifies one complete line and adds it to the open event.
    pub fn line(&mut self, cx: &mut Classify, raw: RawLine<'_>, now: Instant) {
        cx.lines += 1;
        let verdict = cx.line.classify_one(&cx.classifier, raw.text);
        let line = Line {
            text: raw.text,
            full_len: raw.full_len,
            number: raw.number.unwrap_or(0),
            offset: raw.offset,
        };
        self.live.push(&line, &verdict, now, &mut cx.emissions);
    }

    /// After a batch of lines: reports what the batch produced.
    pub fn end_of_batch(&mut self, cx: &mut Classify, out: &mut Vec<Update>) {
        self.live.end_of_batch(&mut cx.emissions);
        self.collect(cx, out);
    }

    /// When a held-back event is due to be flushed, if one is.
    pub fn idle_deadline(&self) -> Option<Instant> {
        self.live.idle_deadline()
    }

    /// Flushes a held-back event that has waited long enough.
    pub fn flush_if_idle(&mut self, now: Instant, cx: &mut Classify, out: &mut Vec<Update>) {
        self.live.flush_if_idle(now, &mut cx.emissions);
        self.collect(cx, out);
    }

    /// Ends the open event (the input ended or restarted from byte 0).
    pub fn finish(&mut self, cx: &mut Classify, out: &mut Vec<Update>) {
        self.live.finish(&mut cx.emissions);
        self.collect(cx, out);
        self.reported = None;
    }

    /// Where reading must resume so that nothing unreported is lost:
    /// (offset, lines before it), or `None` when all that was read is settled.
    pub fn unsettled_from(&self) -> Option<(u64, u64)> {
        self.live.unsettled_from()
    }

    fn collect(&mut self, cx: &mut Classify, out: &mut Vec<Update>) {
        for emission in cx.emissions.drain(..) {
            let (event, grew) = match emission {
                Emission::New(event) => (event, false),
                Emission::Grew(event) => (event, true),
            };
            let Some(mut issue) = issue_from_event(&event, &cx.classifier, &self.name, cx.today)
            else {
                continue;
            };
            match self.reported {
                Some((offset, first)) if grew && offset == event.offset => {
                    issue.timestamp = first;
                    issue.first_seen = first;
                    issue.last_seen = first;
                    out.push(Update::Grew(issue));
                }
                _ => {
                    self.reported = Some((event.offset, issue.timestamp));
                    out.push(Update::Issue(issue));
                }
            }
        }
    }
}
