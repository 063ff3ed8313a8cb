//! The live half of the pipeline: lines arrive one at a time from a file
//! being followed; each is classified, events are assembled (held back a
//! moment while a traceback may still grow), and each matched event becomes
//! an issue, reported as new or as grown. A grown issue keeps the id and
//! timestamp it was first reported with.

use std::sync::Arc;
use std::time::Instant;

use chrono::{Local, NaiveDate};

use super::block::BlockClassifier;
use super::issue::issue_from_event;
use crate::classify::Classifier;
use crate::ingest::Line;
use crate::ingest::live::{Emission, LiveAssembler};
use crate::ingest::splitter::RawLine;
use crate::model::{DetectedAt, Issue};

/// Classification state shared by every input of one engine thread.
pub(crate) struct Classify {
    classifier: Arc<Classifier>,
    line: BlockClassifier,
    emissions: Vec<Emission>,
    today: NaiveDate,
    /// Lines classified so far.
    pub lines: u64,
}

impl Classify {
    /// Buffers for classifying with `classifier`.
    pub(crate) fn new(classifier: Arc<Classifier>) -> Self {
        Classify {
            classifier,
            line: BlockClassifier::default(),
            emissions: Vec::new(),
            today: Local::now().date_naive(),
            lines: 0,
        }
    }

    /// Refreshes the date used for log times written without a year.
    pub(crate) fn set_today(&mut self, today: NaiveDate) {
        self.today = today;
    }
}

/// How an issue is reported: first seen, or an event already reported
/// (or held by the store from before a restart) that grew.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reported {
    /// Newly detected.
    New,
    /// Grown or reclassified; counted before.
    Grew,
}

/// One issue the pipeline found, with where its event starts.
#[derive(Debug)]
pub(crate) struct Found {
    /// The classified issue.
    pub issue: Issue,
    /// New or grown.
    pub reported: Reported,
    /// Byte offset of the event's first line.
    pub offset: u64,
    /// Lines before the event's first line, when counted.
    pub lines_before: Option<u64>,
}

/// Event assembly and issue bookkeeping for one input.
pub(crate) struct EventFeed {
    name: String,
    live: LiveAssembler,
    /// Offset and detection time of the event reported last (for growth).
    reported: Option<(u64, DetectedAt)>,
    /// The event at this offset, with this issue id, is held by the issue
    /// store already (read again after a restart): it is reported as grown,
    /// never as new, so it is not counted twice.
    held: Option<(u64, String)>,
}

impl EventFeed {
    /// A feed whose issues carry `name` as `source_file`.
    pub(crate) fn new(name: String) -> Self {
        EventFeed {
            name,
            live: LiveAssembler::new(),
            reported: None,
            held: None,
        }
    }

    /// The id of the held event at `offset`, if it has not been read again yet.
    pub(crate) fn held_at(&self, offset: u64) -> Option<String> {
        self.held
            .as_ref()
            .filter(|(at, _)| *at == offset)
            .map(|(_, id)| id.clone())
    }

    /// The event at `offset` is held by the store as issue `id`.
    pub(crate) fn already_held(&mut self, offset: u64, id: String) {
        self.held = Some((offset, id));
    }

    /// Classifies one complete line and adds it to the open event.
    pub(crate) fn line(&mut self, cx: &mut Classify, raw: RawLine<'_>, now: Instant) {
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

    /// After a batch of lines: the issues the batch produced.
    pub(crate) fn end_of_batch(&mut self, cx: &mut Classify, out: &mut Vec<Found>) {
        self.live.end_of_batch(&mut cx.emissions);
        self.collect(cx, out);
    }

    /// The issues its lines produced so far: [`Classify`] is shared, so an
    /// input whose lines are interleaved with another's (remote streams)
    /// takes its own after each of its messages, before the next input's.
    pub(crate) fn take_found(&mut self, cx: &mut Classify, out: &mut Vec<Found>) {
        self.collect(cx, out);
    }

    /// When a held-back event is due to be flushed, if one is.
    pub(crate) fn idle_deadline(&self) -> Option<Instant> {
        self.live.idle_deadline()
    }

    /// Flushes a held-back event that has waited long enough.
    pub(crate) fn flush_if_idle(&mut self, now: Instant, cx: &mut Classify, out: &mut Vec<Found>) {
        self.live.flush_if_idle(now, &mut cx.emissions);
        self.collect(cx, out);
    }

    /// Ends the open event (the input ended or restarted from byte 0).
    pub(crate) fn finish(&mut self, cx: &mut Classify, out: &mut Vec<Found>) {
        self.live.finish(&mut cx.emissions);
        self.collect(cx, out);
        self.reported = None;
        self.held = None;
    }

    /// Where reading must resume so that nothing unreported is lost:
    /// (offset, lines before it), or `None` when all that was read is settled.
    pub(crate) fn unsettled_from(&self) -> Option<(u64, u64)> {
        self.live.unsettled_from()
    }

    fn collect(&mut self, cx: &mut Classify, out: &mut Vec<Found>) {
        for emission in cx.emissions.drain(..) {
            let (event, grew) = match emission {
                Emission::New(event) => (event, false),
                Emission::Grew(event) => (event, true),
            };
            let Some(mut issue) = issue_from_event(&event, &cx.classifier, &self.name, cx.today)
            else {
                continue;
            };
            let held = match &self.held {
                Some((offset, id)) if !grew && *offset == event.offset => *id == issue.id,
                _ => false,
            };
            if held || event.offset > self.held.as_ref().map_or(u64::MAX, |h| h.0) {
                self.held = None;
            }
            let reported = match self.reported {
                Some((offset, first)) if grew && offset == event.offset => {
                    issue.timestamp = first;
                    issue.first_seen = first;
                    issue.last_seen = first;
                    Reported::Grew
                }
                _ => {
                    // Held: counted before a crash; it may have grown since, nothing more.
                    self.reported = Some((event.offset, issue.timestamp));
                    if held { Reported::Grew } else { Reported::New }
                }
            };
            out.push(Found {
                issue,
                reported,
                offset: event.offset,
                lines_before: (event.first_line > 0).then(|| event.first_line - 1),
            });
        }
    }
}
