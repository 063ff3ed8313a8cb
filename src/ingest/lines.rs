//! Splitting a byte stream into blocks of whole lines.
//!
//! Memory stays flat whatever the input: a block is at most `block_size`
//! bytes (plus the carried-over start of a line), and a line longer than that
//! is kept only up to the line cap; the rest is skipped and counted, never
//! stored. Blocks are owned buffers so a pipeline can hand them between
//! threads and recycle them.

use std::io::{self, ErrorKind, Read};

/// Default cap on one line's stored/classified length.
pub const DEFAULT_LINE_CAP: usize = 64 * 1024;
/// Default block size; large blocks amortize per-block work.
pub(crate) const DEFAULT_BLOCK: usize = 1 << 20;

/// A block of input: whole lines, or one over-long line.
#[derive(Debug, Default)]
pub struct OwnedBlock {
    /// Lines each ending in `\n` (the last one of the input maybe not), or,
    /// for an over-long line, its kept head.
    pub data: Vec<u8>,
    /// For an over-long line: its full length, terminator excluded.
    pub long_line_len: Option<u64>,
}

/// Reads blocks of whole lines from any `Read` (file, gzip stream, stdin).
pub(crate) struct BlockReader<R> {
    reader: R,
    carry: Vec<u8>,
    eof: bool,
    block_size: usize,
    line_cap: usize,
    /// Inside an over-long line: its kept head and the bytes seen so far.
    skipping: Option<(Vec<u8>, u64)>,
}

impl<R: Read> BlockReader<R> {
    /// A reader with a given block size and line cap (the block size is
    /// raised above the cap, so a line within the cap always fits a block).
    pub(crate) fn with_sizes(reader: R, block_size: usize, line_cap: usize) -> Self {
        let line_cap = line_cap.max(1);
        BlockReader {
            reader,
            carry: Vec::new(),
            eof: false,
            block_size: block_size.max(line_cap + 1).max(64),
            line_cap,
            skipping: None,
        }
    }

    /// Fills `out` with the next block; `false` at the end of input.
    pub(crate) fn next_block(&mut self, out: &mut OwnedBlock) -> io::Result<bool> {
        out.data.clear();
        out.long_line_len = None;
        loop {
            if self.skipping.is_some() {
                if self.finish_long_line(out)? {
                    return Ok(true);
                }
                continue;
            }
            std::mem::swap(&mut out.data, &mut self.carry);
            self.carry.clear();
            while out.data.len() < self.block_size && !self.eof {
                self.read_more(&mut out.data)?;
            }
            if let Some(last_nl) = memchr::memrchr(b'\n', &out.data) {
                self.carry.extend_from_slice(&out.data[last_nl + 1..]);
                out.data.truncate(last_nl + 1);
                return Ok(true);
            }
            if self.eof {
                // The last line of the input, without a newline.
                return Ok(!out.data.is_empty());
            }
            // A whole block without a newline: keep the cap, skip the rest.
            let seen = out.data.len() as u64;
            out.data.truncate(self.line_cap);
            self.skipping = Some((std::mem::take(&mut out.data), seen));
        }
    }

    /// Discards the rest of an over-long line; `true` once it ended (and
    /// `out` holds it), `false` if more input must be read first.
    fn finish_long_line(&mut self, out: &mut OwnedBlock) -> io::Result<bool> {
        let Some((head, seen)) = self.skipping.as_mut() else {
            return Ok(false);
        };
        if let Some(nl) = memchr::memchr(b'\n', &self.carry) {
            *seen += nl as u64;
            self.carry.drain(..=nl);
        } else {
            *seen += self.carry.len() as u64;
            self.carry.clear();
            if !self.eof {
                let mut carry = std::mem::take(&mut self.carry);
                self.read_more(&mut carry)?;
                self.carry = carry;
                return Ok(false);
            }
        }
        let (head, seen) = (std::mem::take(head), *seen);
        self.skipping = None;
        out.data = head;
        out.long_line_len = Some(seen);
        Ok(true)
    }

    /// Appends up to a block of input to `buf`, noting the end of input.
    fn read_more(&mut self, buf: &mut Vec<u8>) -> io::Result<()> {
        let want = (self.block_size.saturating_sub(buf.len())).max(4096) as u64;
        loop {
            match (&mut self.reader).take(want).read_to_end(buf) {
                Ok(n) => {
                    if (n as u64) < want {
                        self.eof = true;
                    }
                    return Ok(());
                }
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
    }
}

/// Strips a trailing `\n` and then a trailing `\r`.
pub(crate) fn strip_terminator(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// The lines of a block, terminators stripped (an over-long line is one line).
pub(crate) fn block_lines(block: &OwnedBlock) -> impl Iterator<Item = &[u8]> {
    let long = block.long_line_len.is_some();
    let data = &block.data[..];
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= data.len() {
            return None;
        }
        let end = if long {
            data.len()
        } else {
            memchr::memchr(b'\n', &data[start..]).map_or(data.len(), |i| start + i)
        };
        let line = strip_terminator(&data[start..end]);
        start = end + 1;
        Some(line)
    })
}

#[cfg(test)]
mod tests;
