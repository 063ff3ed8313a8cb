//! Classifying one block of lines: the part of scanning that can run on any
//! thread. The result is sparse: only lines the rules have something to say
//! about get an entry, so handing it back costs next to nothing.

use crate::classify::{Classifier, Hit, LineVerdict, Scratch};
use crate::ingest::{OwnedBlock, strip_terminator};

/// Per-line verdicts of a block, for the lines that have one.
#[derive(Debug, Default)]
pub struct BlockVerdicts {
    /// (line index within the block, verdict), in line order.
    pub lines: Vec<(u32, LineVerdict)>,
}

impl BlockVerdicts {
    /// Empties the list for reuse.
    pub fn clear(&mut self) {
        self.lines.clear();
    }
}

/// Buffers a classifying thread reuses from block to block.
#[derive(Debug, Default)]
pub struct BlockClassifier {
    lower: Vec<u8>,
    /// The block's literal hits, in order of where they end.
    hits: Vec<Hit>,
    scratch: Scratch,
}

impl BlockClassifier {
    /// Classifies every line of `block` (capped at `line_cap` bytes) into `out`.
    pub fn classify(
        &mut self,
        classifier: &Classifier,
        block: &OwnedBlock,
        line_cap: usize,
        out: &mut BlockVerdicts,
    ) {
        out.clear();
        let data = &block.data;
        self.lower.clear();
        self.lower.extend_from_slice(data);
        self.lower.make_ascii_lowercase();
        let exotic_block = classifier.needs_full_check(data);
        classifier.block_hits(&self.lower, &mut self.hits);
        let mut first_hit = 0;
        let mut next_level = classifier.next_level_hit(data, 0);
        let mut start = 0;
        let mut index: u32 = 0;
        while start < data.len() {
            let end = if block.long_line_len.is_some() {
                data.len()
            } else {
                memchr::memchr(b'\n', &data[start..]).map_or(data.len(), |i| start + i)
            };
            let text = strip_terminator(&data[start..end]);
            let capped = &text[..text.len().min(line_cap)];
            // This line's hits: those ending by its end (none spans lines).
            let line_hits = first_hit
                + self.hits[first_hit..]
                    .iter()
                    .position(|h| h.end > end)
                    .unwrap_or(self.hits.len() - first_hit);
            let hits = &self.hits[first_hit..line_hits];
            first_hit = line_hits;
            let hit = !hits.is_empty();
            let level_hint = next_level.is_some_and(|h| h < end);
            let verdict = if exotic_block && classifier.needs_full_check(capped) {
                classifier.classify_fully(capped, &mut self.scratch)
            } else if hit || level_hint {
                let lower = &self.lower[start..start + capped.len()];
                classifier.classify_hit_line(
                    capped,
                    lower,
                    level_hint,
                    hits,
                    start,
                    &mut self.scratch,
                )
            } else {
                LineVerdict {
                    best: classifier.classify_unhit_line(capped, &mut self.scratch),
                    pg_secondary: false,
                }
            };
            if verdict.best.is_some() || verdict.pg_secondary {
                out.lines.push((index, verdict));
            }
            if level_hint {
                next_level = classifier.next_level_hit(data, end);
            }
            index += 1;
            start = end + 1;
        }
    }
}

impl BlockClassifier {
    /// Classifies one line (already capped, without terminator) the way
    /// [`BlockClassifier::classify`] would inside a block: the live path.
    pub fn classify_one(&mut self, classifier: &Classifier, line: &[u8]) -> LineVerdict {
        if classifier.needs_full_check(line) {
            return classifier.classify_fully(line, &mut self.scratch);
        }
        self.lower.clear();
        self.lower.extend_from_slice(line);
        self.lower.make_ascii_lowercase();
        let hit = classifier.next_hit(&self.lower, 0).is_some();
        let level_hint = classifier.next_level_hit(line, 0).is_some();
        if hit || level_hint {
            classifier.classify_line(line, &self.lower, level_hint, &mut self.scratch)
        } else {
            LineVerdict {
                best: classifier.classify_unhit_line(line, &mut self.scratch),
                pg_secondary: false,
            }
        }
    }
}

/// Classifies the lines of `data` the way `scan` does (prefilters and all);
/// the verdicts of lines that have one, by line index. For tests and tools
/// that compare the fast path with [`Classifier::classify_exhaustively`].
pub fn classify_block(
    classifier: &Classifier,
    data: &[u8],
    line_cap: usize,
) -> Vec<(u32, LineVerdict)> {
    let block = OwnedBlock {
        data: data.to_vec(),
        long_line_len: None,
    };
    let mut out = BlockVerdicts::default();
    BlockClassifier::default().classify(classifier, &block, line_cap, &mut out);
    out.lines
}
