//! The streaming scan: bytes in, classified events out.
//!
//! Classifying a block (one lowercased copy, one literal-automaton pass, and
//! rule verification on the few lines that hit) is pure and independent per
//! block, so large inputs are classified on several threads while the main
//! thread reads ahead and runs the multi-line assembler over the blocks in
//! order. Output is identical to the sequential path; memory is bounded by
//! the blocks in flight (a few MiB).

use std::collections::BTreeMap;
use std::io::{self, Read};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};

use super::block::{BlockClassifier, BlockVerdicts};
use crate::classify::{Classifier, LineVerdict};
use crate::ingest::{Assembler, BlockReader, DEFAULT_BLOCK, Event, Line, OwnedBlock, block_lines};

/// Counters for one scanned input.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct ScanCounts {
    /// Lines read (blank lines included).
    pub lines: u64,
    /// Bytes read.
    pub bytes: u64,
    /// Events that matched a rule.
    pub matched_events: u64,
}

/// Classifies input streams; reusable across inputs.
pub(crate) struct Scanner<'c> {
    classifier: &'c Classifier,
    line_cap: usize,
    threads: usize,
}

type Job = (u64, OwnedBlock);
type Done = (u64, OwnedBlock, BlockVerdicts);

impl<'c> Scanner<'c> {
    /// A scanner applying `classifier`, capping lines at `line_cap` bytes and
    /// using as many classifying threads as the machine has cores (max 4).
    pub(crate) fn new(classifier: &'c Classifier, line_cap: usize) -> Self {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        Scanner {
            classifier,
            line_cap: line_cap.max(1),
            threads: cores.min(4),
        }
    }

    /// Sets the number of classifying threads (1 = no extra threads).
    pub(crate) fn with_threads(mut self, threads: usize) -> Self {
        self.threads = threads.max(1);
        self
    }

    /// Reads `input` to its end; every event that matched a rule goes to
    /// `on_match`. A last line without a newline is still a line.
    pub(crate) fn scan(
        &mut self,
        input: impl Read,
        mut on_match: impl FnMut(&Event),
    ) -> io::Result<ScanCounts> {
        let mut reader = BlockReader::with_sizes(input, DEFAULT_BLOCK, self.line_cap);
        let mut consumer = Consumer::new(self.line_cap);
        let mut matched_events = 0;
        let mut sink = |event: &Event| {
            if event.best.is_some() {
                matched_events += 1;
                on_match(event);
            }
        };
        let mut first = OwnedBlock::default();
        let mut second = OwnedBlock::default();
        let more = reader.next_block(&mut first)? && reader.next_block(&mut second)?;
        if self.threads <= 1 || !more {
            // Small input (or no threads wanted): no pipeline.
            let mut classify = BlockClassifier::default();
            let mut verdicts = BlockVerdicts::default();
            for block in [&first, &second] {
                self.classify_and_consume(
                    block,
                    &mut classify,
                    &mut verdicts,
                    &mut consumer,
                    &mut sink,
                );
            }
            while reader.next_block(&mut first)? {
                self.classify_and_consume(
                    &first,
                    &mut classify,
                    &mut verdicts,
                    &mut consumer,
                    &mut sink,
                );
            }
        } else {
            self.pipeline(&mut reader, [first, second], &mut consumer, &mut sink)?;
        }
        let (lines, bytes) = consumer.finish(&mut sink);
        Ok(ScanCounts {
            lines,
            bytes,
            matched_events,
        })
    }

    fn classify_and_consume(
        &self,
        block: &OwnedBlock,
        classify: &mut BlockClassifier,
        verdicts: &mut BlockVerdicts,
        consumer: &mut Consumer,
        sink: &mut impl FnMut(&Event),
    ) {
        if block.data.is_empty() {
            return;
        }
        classify.classify(self.classifier, block, self.line_cap, verdicts);
        consumer.consume(block, verdicts, sink);
    }

    fn pipeline(
        &self,
        reader: &mut BlockReader<impl Read>,
        first: [OwnedBlock; 2],
        consumer: &mut Consumer,
        sink: &mut impl FnMut(&Event),
    ) -> io::Result<()> {
        let in_flight_max = self.threads * 2 + 1;
        // Both channels can hold everything in flight, so no send ever blocks.
        let (job_tx, job_rx) = sync_channel::<Job>(in_flight_max);
        let (done_tx, done_rx) = sync_channel::<Done>(in_flight_max);
        let job_rx = Arc::new(Mutex::new(job_rx));
        std::thread::scope(|scope| {
            for _ in 0..self.threads {
                let (jobs, done) = (Arc::clone(&job_rx), done_tx.clone());
                scope.spawn(move || self.worker(&jobs, &done));
            }
            drop(done_tx);
            let result = self.feed_and_collect(
                reader,
                first,
                &job_tx,
                &done_rx,
                in_flight_max,
                consumer,
                sink,
            );
            drop(job_tx); // workers see the end of jobs and exit
            result
        })
    }

    fn worker(&self, jobs: &Mutex<Receiver<Job>>, done: &SyncSender<Done>) {
        let mut classify = BlockClassifier::default();
        loop {
            let job = jobs.lock().map_or(None, |rx| rx.recv().ok());
            let Some((seq, block)) = job else {
                return;
            };
            let mut verdicts = BlockVerdicts::default();
            classify.classify(self.classifier, &block, self.line_cap, &mut verdicts);
            if done.send((seq, block, verdicts)).is_err() {
                return;
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn feed_and_collect(
        &self,
        reader: &mut BlockReader<impl Read>,
        first: [OwnedBlock; 2],
        jobs: &SyncSender<Job>,
        done: &Receiver<Done>,
        in_flight_max: usize,
        consumer: &mut Consumer,
        sink: &mut impl FnMut(&Event),
    ) -> io::Result<()> {
        let lost = || io::Error::other("a classifying thread stopped unexpectedly");
        let (mut sent, mut consumed) = (0u64, 0u64);
        for block in first {
            jobs.send((sent, block)).map_err(|_| lost())?;
            sent += 1;
        }
        let mut spare: Vec<OwnedBlock> = Vec::new();
        let mut waiting: BTreeMap<u64, (OwnedBlock, BlockVerdicts)> = BTreeMap::new();
        let mut eof = false;
        loop {
            while !eof && ((sent - consumed) as usize) < in_flight_max {
                let mut block = spare.pop().unwrap_or_default();
                if reader.next_block(&mut block)? {
                    jobs.send((sent, block)).map_err(|_| lost())?;
                    sent += 1;
                } else {
                    eof = true;
                }
            }
            if consumed == sent {
                return Ok(());
            }
            let (seq, block, verdicts) = done.recv().map_err(|_| lost())?;
            waiting.insert(seq, (block, verdicts));
            while let Some((block, verdicts)) = waiting.remove(&consumed) {
                consumer.consume(&block, &verdicts, sink);
                spare.push(block);
                consumed += 1;
            }
        }
    }
}

/// The in-order half of a scan: numbers lines and assembles events.
struct Consumer {
    assembler: Assembler,
    line_cap: usize,
    line: u64,
    offset: u64,
}

impl Consumer {
    fn new(line_cap: usize) -> Self {
        Consumer {
            assembler: Assembler::new(),
            line_cap,
            line: 0,
            offset: 0,
        }
    }

    fn consume(
        &mut self,
        block: &OwnedBlock,
        verdicts: &BlockVerdicts,
        sink: &mut impl FnMut(&Event),
    ) {
        let none = LineVerdict::default();
        let mut pending = verdicts.lines.iter().peekable();
        let base = block.data.as_ptr() as usize;
        for (index, text) in block_lines(block).enumerate() {
            let verdict = match pending.peek() {
                Some((i, v)) if *i as usize == index => {
                    pending.next();
                    v
                }
                _ => &none,
            };
            self.line += 1;
            let full_len = block
                .long_line_len
                .map_or(text.len(), |n| usize::try_from(n).unwrap_or(usize::MAX));
            let line = Line {
                text: &text[..text.len().min(self.line_cap)],
                full_len,
                number: self.line,
                offset: self.offset + (text.as_ptr() as usize - base) as u64,
            };
            self.assembler.push(&line, verdict, sink);
        }
        self.offset += match block.long_line_len {
            Some(n) => n + 1,
            None => block.data.len() as u64,
        };
    }

    /// Ends the input; returns (lines, bytes) read.
    fn finish(mut self, sink: &mut impl FnMut(&Event)) -> (u64, u64) {
        self.assembler.finish(sink);
        (self.line, self.offset)
    }
}
