//! Event assembly for live tailing, where detection latency matters.
//!
//! The rule (documented in the README):
//! * An ordinary line is never held back beyond the read that brought it:
//!   when the event it starts matches a rule, it is reported
//!   ([`Emission::New`]) at the end of that read, with every continuation
//!   line the read brought, so a record and the traceback a logger wrote
//!   under it in one go get one verdict, as `scan` gives them. If more
//!   continuation lines come in a later read, the same issue grows
//!   ([`Emission::Grew`], once per read batch and when the event ends); its
//!   type and severity may sharpen (a traceback that ends in `MemoryError`).
//! * A line that opens a multi-line event by itself (`Traceback (most recent
//!   call last):`, `panic:`, `Exception in thread`, a goroutine header, a
//!   Rust panic) waits for its event to end: the next event, or
//!   [`IDLE_FLUSH`] without new lines; then it is reported and stays open,
//!   so the rest of a trace written later (a goroutine dump) still joins it.
//! * An exception line under a WARNING-or-worse record, waiting to see
//!   whether stack frames follow it, waits at most [`IDLE_FLUSH`] too; then
//!   it joins the record's event, which stays open for frames written later
//!   (`scan`, which sees no frames after it, makes such a line its own event:
//!   the one case where the two can differ).

use std::time::{Duration, Instant};

use super::multiline::{Assembler, Event, Line};
use crate::classify::LineVerdict;

/// How long an unfinished trace waits for more lines before it is reported.
pub const IDLE_FLUSH: Duration = Duration::from_millis(200);

/// What the live assembler reports.
#[derive(Debug, Clone)]
pub enum Emission {
    /// An event matched a rule for the first time.
    New(Event),
    /// An event already reported grew, or its verdict changed: the event as it is now.
    Grew(Event),
}

/// The event reported so far, to tell growth from a new event.
#[derive(Debug, Clone, Copy)]
struct Reported {
    offset: u64,
    lines: u32,
    rule: Option<usize>,
}

/// An [`Assembler`] that reports events as early as the rule above allows.
#[derive(Default)]
pub struct LiveAssembler {
    inner: Assembler,
    reported: Option<Reported>,
    last_input: Option<Instant>,
    /// The idle flush was done since the last line: nothing waits.
    idle_done: bool,
}

impl LiveAssembler {
    /// A live assembler with no open event.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the next line of the file.
    pub fn push(
        &mut self,
        line: &Line<'_>,
        verdict: &LineVerdict,
        now: Instant,
        out: &mut Vec<Emission>,
    ) {
        let mut closed = Vec::new();
        let watching = self.reported.map(|r| r.offset);
        self.inner.push(line, verdict, &mut |e: &Event| {
            if e.best.is_some() || Some(e.offset) == watching {
                closed.push(e.clone());
            }
        });
        for event in closed {
            self.on_closed(event, out);
        }
        self.last_input = Some(now);
        self.idle_done = false;
    }

    /// Call after a batch of lines: reports the open event if it matched,
    /// or its growth if it was reported before.
    pub fn end_of_batch(&mut self, out: &mut Vec<Emission>) {
        self.report_open(out, false);
    }

    /// When an idle flush will be due, if something is waiting for one.
    pub fn idle_deadline(&self) -> Option<Instant> {
        let waiting = !self.idle_done
            && (self.inner.pending_start().is_some()
                || (self.inner.open_is_opener() && self.reported.is_none()));
        if waiting {
            self.last_input.map(|t| t + IDLE_FLUSH)
        } else {
            None
        }
    }

    /// Reports what waits, if it has waited [`IDLE_FLUSH`]; the event
    /// stays open, so what is written later still joins it.
    pub fn flush_if_idle(&mut self, now: Instant, out: &mut Vec<Emission>) {
        if self.idle_deadline().is_some_and(|deadline| now >= deadline) {
            self.inner.settle_pending();
            self.report_open(out, true);
            self.idle_done = true;
        }
    }

    /// Ends the open event (end of input, truncation, shutdown).
    pub fn finish(&mut self, out: &mut Vec<Emission>) {
        let mut closed = Vec::new();
        self.inner.finish(&mut |e: &Event| closed.push(e.clone()));
        for event in closed {
            self.on_closed(event, out);
        }
        self.reported = None;
    }

    /// The first byte (and lines before it) not yet reported or known
    /// benign: where reading must resume after a crash so nothing is lost.
    /// `None` when everything read has been dealt with.
    pub fn unsettled_from(&self) -> Option<(u64, u64)> {
        if let Some((offset, number)) = self.inner.pending_start() {
            return Some((offset, number.saturating_sub(1)));
        }
        let open = self.inner.open_event()?;
        match self.reported {
            Some(r) if r.offset == open.offset => None,
            _ => Some((open.offset, open.first_line.saturating_sub(1))),
        }
    }

    fn on_closed(&mut self, event: Event, out: &mut Vec<Emission>) {
        match self.reported {
            Some(r) if r.offset == event.offset => {
                let rule = event.best.as_ref().map(|b| b.matched.rule);
                if event.lines != r.lines || rule != r.rule {
                    out.push(Emission::Grew(event));
                }
                self.reported = None;
            }
            _ if event.best.is_some() => out.push(Emission::New(event)),
            _ => {}
        }
    }

    /// Reports the open event: new if it matched and was not reported
    /// (an event that opens a trace by itself only once `idle`), grown if
    /// it was and has changed.
    fn report_open(&mut self, out: &mut Vec<Emission>, idle: bool) {
        let Some(open) = self.inner.open_event() else {
            return;
        };
        let rule = open.best.as_ref().map(|b| b.matched.rule);
        let now = Reported {
            offset: open.offset,
            lines: open.lines,
            rule,
        };
        match self.reported {
            Some(r) if r.offset == open.offset => {
                if r.lines != open.lines || r.rule != rule {
                    out.push(Emission::Grew(open.clone()));
                    self.reported = Some(now);
                }
            }
            _ if rule.is_none() || (self.inner.open_is_opener() && !idle) => {}
            _ => {
                out.push(Emission::New(open.clone()));
                self.reported = Some(now);
            }
        }
    }
}

#[cfg(test)]
mod tests;
