//! A multi-line event as the assembler hands it out: its text (capped), its
//! position, and the best rule any of its lines matched.

use crate::classify::{LineVerdict, RuleMatch};
use crate::model::EVENT_CAP;

use super::multiline::Line;

/// The best rule match within an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventMatch {
    /// The winning rule and span (within its line).
    pub matched: RuleMatch,
    /// Which line of the event matched (0 = the first).
    pub line_index: u32,
}

/// A complete event, as handed to the sink. Reused between events.
#[derive(Debug, Default, Clone)]
pub struct Event {
    /// 1-based number of the first line.
    pub first_line: u64,
    /// Byte offset of the first line.
    pub offset: u64,
    /// Number of lines, blank lines inside included.
    pub lines: u32,
    /// The text (lines joined by `\n`), at most [`EVENT_CAP`] bytes of it.
    pub text: Vec<u8>,
    /// Length of the first line within `text`.
    pub head_len: usize,
    /// Length of the first line before any capping.
    pub head_full_len: usize,
    /// Bytes that did not fit under the cap.
    pub omitted_bytes: u64,
    /// The best-priority rule that matched any line of the event.
    pub best: Option<EventMatch>,
}

impl Event {
    /// The first line's bytes (as stored).
    pub fn head(&self) -> &[u8] {
        &self.text[..self.head_len]
    }

    pub(super) fn reset(&mut self, line: &Line<'_>) {
        self.first_line = line.number;
        self.offset = line.offset;
        self.lines = 0;
        self.text.clear();
        self.omitted_bytes = 0;
        self.best = None;
        self.head_full_len = line.full_len;
        self.push_text(line.text);
        self.head_len = self.text.len();
    }

    pub(super) fn push_text(&mut self, bytes: &[u8]) {
        let separator = usize::from(self.lines > 0);
        let room = EVENT_CAP.saturating_sub(self.text.len() + separator);
        if separator == 1 && room > 0 {
            self.text.push(b'\n');
        }
        let take = bytes.len().min(room);
        self.text.extend_from_slice(&bytes[..take]);
        self.omitted_bytes += (bytes.len() - take) as u64;
        self.lines += 1;
    }

    pub(super) fn offer(&mut self, verdict: &LineVerdict) {
        let Some(found) = &verdict.best else {
            return;
        };
        // Rules are priority-sorted: a lower index is a better rule; ties keep the earlier line.
        if self
            .best
            .as_ref()
            .is_none_or(|b| found.rule < b.matched.rule)
        {
            self.best = Some(EventMatch {
                matched: found.clone(),
                line_index: self.lines.saturating_sub(1),
            });
        }
    }
}
