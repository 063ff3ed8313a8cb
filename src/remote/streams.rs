//! One pipeline per (host, stream): lines of a stream are assembled into
//! events as a file's are (a traceback sent line by line is one event);
//! streams idle for long, or the least recently used past
//! [`super::MAX_STREAMS`], are closed (their held-back event reported).

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use chrono::NaiveDate;

use crate::follow::Update;
use crate::ingest::parse_log_time;
use crate::ingest::splitter::RawLine;
use crate::pipeline::{Classify, EventFeed, Found, Reported};

/// A stream with nothing held back, silent this long, is closed.
pub(super) const STREAM_IDLE: Duration = Duration::from_secs(600);

/// Sent times remembered per stream, to date an event from its first
/// message when its text carries no time.
const TIMES: usize = 32;

/// One (host, stream) pipeline.
struct Stream {
    host: String,
    stream: String,
    feed: EventFeed,
    /// Bytes of the stream so far (offsets of its lines, to tell events apart).
    offset: u64,
    /// (offset, time sent) of recent messages.
    times: VecDeque<(u64, String)>,
    last: Instant,
    touched: bool,
}

/// Every open pipeline.
pub(super) struct Streams {
    index: HashMap<String, HashMap<String, usize>>,
    slots: Vec<Option<Stream>>,
    free: Vec<usize>,
    touched: Vec<usize>,
    found: Vec<Found>,
    line_cap: usize,
    max: usize,
    /// Offsets start here, different at every start, so an event's id
    /// (made from its offset) is not one a previous run gave another event.
    base: u64,
    /// Streams closed to stay within `max`.
    pub evicted: u64,
}

impl Streams {
    /// No stream yet; lines capped at `line_cap`, at most `max` streams.
    pub(super) fn new(line_cap: usize, max: usize) -> Self {
        let base = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_micros() as u64)
            << 16;
        Streams {
            index: HashMap::new(),
            slots: Vec::new(),
            free: Vec::new(),
            touched: Vec::new(),
            found: Vec::new(),
            line_cap,
            max: max.max(1),
            base,
            evicted: 0,
        }
    }

    /// Open streams.
    pub(super) fn len(&self) -> usize {
        self.slots.len() - self.free.len()
    }

    /// Classifies one message's lines in its stream.
    pub(super) fn push(
        &mut self,
        arrival: super::Arrival,
        cx: &mut Classify,
        now: Instant,
        today: NaiveDate,
        out: &mut Vec<Update>,
    ) -> u64 {
        let slot = self.slot(&arrival.host, &arrival.stream, cx, now, out);
        let Some(stream) = self.slots[slot].as_mut() else {
            return 0;
        };
        if !stream.touched {
            stream.touched = true;
            self.touched.push(slot);
        }
        stream.last = now;
        if let Some(time) = arrival.time {
            if stream.times.len() == TIMES {
                stream.times.pop_front();
            }
            stream.times.push_back((stream.offset, time));
        }
        let mut lines = 0;
        let text = arrival.text.strip_suffix(b"\n").unwrap_or(&arrival.text);
        let mut pieces = text.split(|&b| b == b'\n').peekable();
        while let Some(piece) = pieces.next() {
            let piece = piece.strip_suffix(b"\r").unwrap_or(piece);
            // What was cut before it came was cut from the last line's end.
            let cut = if pieces.peek().is_none() {
                arrival.cut
            } else {
                0
            };
            let raw = RawLine {
                text: &piece[..piece.len().min(self.line_cap)],
                full_len: piece.len() + cut as usize,
                number: None,
                offset: stream.offset,
            };
            stream.feed.line(cx, raw, now);
            stream.offset += piece.len() as u64 + 1;
            lines += 1;
        }
        // An event these lines closed is this stream's: taken now, before
        // another stream's lines share the classifier's emissions.
        stream.feed.take_found(cx, &mut self.found);
        report(stream, &mut self.found, today, out);
        lines
    }

    /// After a batch: what the touched streams produced.
    pub(super) fn end_of_batch(
        &mut self,
        cx: &mut Classify,
        today: NaiveDate,
        out: &mut Vec<Update>,
    ) {
        for slot in std::mem::take(&mut self.touched) {
            if let Some(stream) = self.slots[slot].as_mut() {
                stream.touched = false;
                stream.feed.end_of_batch(cx, &mut self.found);
                report(stream, &mut self.found, today, out);
            }
        }
    }

    /// Flushes held-back events that waited long enough; closes streams
    /// silent for [`STREAM_IDLE`].
    pub(super) fn tick(
        &mut self,
        cx: &mut Classify,
        now: Instant,
        today: NaiveDate,
        out: &mut Vec<Update>,
    ) {
        for slot in 0..self.slots.len() {
            let Some(stream) = self.slots[slot].as_mut() else {
                continue;
            };
            if stream.feed.idle_deadline().is_some() {
                stream.feed.flush_if_idle(now, cx, &mut self.found);
                report(stream, &mut self.found, today, out);
            } else if now.duration_since(stream.last) >= STREAM_IDLE {
                self.close(slot, cx, today, out);
            }
        }
    }

    /// Closes every stream (logwarden stops): held-back events are reported.
    pub(super) fn finish(&mut self, cx: &mut Classify, today: NaiveDate, out: &mut Vec<Update>) {
        for slot in 0..self.slots.len() {
            self.close(slot, cx, today, out);
        }
    }

    fn slot(
        &mut self,
        host: &str,
        name: &str,
        cx: &mut Classify,
        now: Instant,
        out: &mut Vec<Update>,
    ) -> usize {
        if let Some(&slot) = self.index.get(host).and_then(|m| m.get(name)) {
            return slot;
        }
        if self.len() >= self.max {
            self.evict(cx, out);
        }
        let stream = Stream {
            host: host.to_owned(),
            stream: name.to_owned(),
            feed: EventFeed::new(format!("{host}:{name}")),
            offset: self.base,
            times: VecDeque::new(),
            last: now,
            touched: false,
        };
        let slot = match self.free.pop() {
            Some(slot) => {
                self.slots[slot] = Some(stream);
                slot
            }
            None => {
                self.slots.push(Some(stream));
                self.slots.len() - 1
            }
        };
        (self.index.entry(host.to_owned()).or_default()).insert(name.to_owned(), slot);
        slot
    }

    /// Closes the least recently used tenth, at once (so a flood of new
    /// names does not pay a scan per message).
    fn evict(&mut self, cx: &mut Classify, out: &mut Vec<Update>) {
        let mut by_age: Vec<(Instant, usize)> = (self.slots.iter().enumerate())
            .filter_map(|(slot, s)| s.as_ref().filter(|s| !s.touched).map(|s| (s.last, slot)))
            .collect();
        by_age.sort_unstable();
        let today = chrono::Local::now().date_naive();
        for &(_, slot) in by_age.iter().take((self.max / 10).max(1)) {
            self.close(slot, cx, today, out);
            self.evicted += 1;
        }
    }

    fn close(&mut self, slot: usize, cx: &mut Classify, today: NaiveDate, out: &mut Vec<Update>) {
        let Some(mut stream) = self.slots[slot].take() else {
            return;
        };
        stream.feed.finish(cx, &mut self.found);
        report(&mut stream, &mut self.found, today, out);
        if let Some(names) = self.index.get_mut(&stream.host) {
            names.remove(&stream.stream);
            if names.is_empty() {
                self.index.remove(&stream.host);
            }
        }
        self.free.push(slot);
    }
}

/// The found issues as updates, with their host and stream.
fn report(stream: &mut Stream, found: &mut Vec<Found>, today: NaiveDate, out: &mut Vec<Update>) {
    for Found {
        mut issue,
        reported,
        offset,
        ..
    } in found.drain(..)
    {
        issue.host.clone_from(&stream.host);
        issue.stream.clone_from(&stream.stream);
        // No local file to find it in again.
        issue.offset = None;
        issue.line = None;
        if issue.log_time.is_none() {
            let sent = stream.times.iter().rev().find(|(at, _)| *at <= offset);
            issue.log_time = sent.and_then(|(_, time)| parse_log_time(time.as_bytes(), today));
        }
        out.push(match reported {
            Reported::New => Update::Issue(issue, None),
            Reported::Grew => Update::Grew(issue, None),
        });
    }
}

#[cfg(test)]
mod tests;
