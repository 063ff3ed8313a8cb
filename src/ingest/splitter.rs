//! Splitting a byte stream that arrives in pieces into complete lines.
//!
//! A partial last line waits for its newline; it is kept only up to the line
//! cap (the rest is counted, not stored), so one endless line cannot grow
//! memory. Used by the file tailer and by standard input.

use super::lines::strip_terminator;

/// One complete line.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RawLine<'a> {
    /// The text without terminator, capped.
    pub text: &'a [u8],
    /// Its length before capping.
    pub full_len: usize,
    /// 1-based line number, when known.
    pub number: Option<u64>,
    /// Byte offset of its first byte.
    pub offset: u64,
}

/// Turns pieces of a stream into complete lines.
#[derive(Debug)]
pub(crate) struct LineSplitter {
    partial: Vec<u8>,
    partial_len: u64,
    line_start: u64,
    line_no: Option<u64>,
    line_cap: usize,
}

impl LineSplitter {
    /// A splitter positioned at byte `offset`, after `lines` lines (if known).
    pub(crate) fn new(offset: u64, lines: Option<u64>, line_cap: usize) -> Self {
        LineSplitter {
            partial: Vec::new(),
            partial_len: 0,
            line_start: offset,
            line_no: lines,
            line_cap: line_cap.max(1),
        }
    }

    /// Offset after the last complete line, and the lines before it.
    pub(crate) fn position(&self) -> (u64, Option<u64>) {
        (self.line_start, self.line_no)
    }

    /// Forgets any partial line and starts over at `offset`.
    pub(crate) fn reset(&mut self, offset: u64, lines: Option<u64>) {
        self.partial.clear();
        self.partial_len = 0;
        self.line_start = offset;
        self.line_no = lines;
    }

    /// Feeds the bytes that start at stream offset `chunk_start` (which must
    /// follow what was fed before) and hands every completed line to `on_line`.
    pub(crate) fn feed(
        &mut self,
        chunk: &[u8],
        chunk_start: u64,
        on_line: &mut dyn FnMut(RawLine<'_>),
    ) {
        let mut start = 0;
        for nl in memchr::memchr_iter(b'\n', chunk) {
            let piece = &chunk[start..nl];
            let full_len = (self.partial_len + piece.len() as u64) as usize;
            let bytes: &[u8] = if self.partial_len == 0 {
                piece
            } else {
                self.keep(piece);
                &self.partial
            };
            let text = strip_terminator(bytes);
            let number = self.line_no.map(|n| n + 1);
            let cr = full_len > 0 && bytes.last() == Some(&b'\r');
            on_line(RawLine {
                text: &text[..text.len().min(self.line_cap)],
                full_len: if cr { full_len - 1 } else { full_len },
                number,
                offset: self.line_start,
            });
            self.line_no = number;
            self.line_start = chunk_start + nl as u64 + 1;
            self.partial.clear();
            self.partial_len = 0;
            start = nl + 1;
        }
        let rest = &chunk[start..];
        self.keep(rest);
        self.partial_len += rest.len() as u64;
    }

    /// Bytes of the incomplete last line seen so far.
    pub(crate) fn pending_bytes(&self) -> u64 {
        self.partial_len
    }

    #[cfg(test)]
    /// Bytes held in memory for the incomplete last line (at most the cap + 1).
    pub(crate) fn buffered_bytes(&self) -> usize {
        self.partial.len()
    }

    /// Appends to the partial line, never beyond the cap (plus one byte for a `\r`).
    fn keep(&mut self, bytes: &[u8]) {
        let room = (self.line_cap + 1).saturating_sub(self.partial.len());
        self.partial
            .extend_from_slice(&bytes[..bytes.len().min(room)]);
    }
}

#[cfg(test)]
mod tests;
