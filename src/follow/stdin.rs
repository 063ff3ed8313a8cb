//! Standard input as a live input: read on its own thread in chunks (with
//! back-pressure through the wake channel), split into lines as they
//! arrive. It cannot be re-read, so it has no checkpoint, and what it holds
//! back is reported when it ends or logwarden stops.

use std::io::{self, Read};
use std::sync::mpsc::SyncSender;
use std::time::Instant;

use super::Update;
use super::feed::{Classify, Feed};
use super::watcher::Wake;
use crate::ingest::splitter::LineSplitter;

/// The stdin input's state on the engine thread.
pub(super) struct StdinInput {
    splitter: LineSplitter,
    feed: Feed,
    offset: u64,
    ended: bool,
}

impl StdinInput {
    /// Nothing read yet; lines are capped at `line_cap`.
    pub(super) fn new(line_cap: usize) -> Self {
        StdinInput {
            splitter: LineSplitter::new(0, Some(0), line_cap),
            feed: Feed::new(crate::ingest::STDIN_NAME.to_string()),
            offset: 0,
            ended: false,
        }
    }

    /// Whether the stream has ended.
    pub(super) fn ended(&self) -> bool {
        self.ended
    }

    /// Classifies the complete lines of the next chunk.
    pub(super) fn chunk(&mut self, chunk: &[u8], cx: &mut Classify, out: &mut Vec<Update>) {
        let now = Instant::now();
        let StdinInput {
            splitter,
            feed,
            offset,
            ..
        } = self;
        splitter.feed(chunk, *offset, &mut |line| feed.line(cx, line, now));
        *offset += chunk.len() as u64;
        feed.end_of_batch(cx, None, out);
    }

    /// The stream is over: its last line is complete even without a newline.
    pub(super) fn end(&mut self, cx: &mut Classify, out: &mut Vec<Update>) {
        if !self.ended && self.splitter.pending_bytes() > 0 {
            self.chunk(b"\n", cx, out);
        }
        self.finish(cx, out);
    }

    /// Reports what is held back (the stream ended or logwarden stops).
    pub(super) fn finish(&mut self, cx: &mut Classify, out: &mut Vec<Update>) {
        if !self.ended {
            self.feed.finish(cx, None, out);
            self.ended = true;
        }
    }

    /// When a held-back event is due, if one is.
    pub(super) fn idle_deadline(&self) -> Option<Instant> {
        self.feed.idle_deadline()
    }

    /// Flushes a held-back event that has waited long enough.
    pub(super) fn flush_if_idle(&mut self, now: Instant, cx: &mut Classify, out: &mut Vec<Update>) {
        self.feed.flush_if_idle(now, cx, None, out);
    }
}

/// Reads standard input on its own thread, in chunks, with back-pressure.
pub(super) fn spawn_reader(tx: SyncSender<Wake>) -> io::Result<()> {
    std::thread::Builder::new()
        .name("logwarden-stdin".into())
        .spawn(move || {
            let mut stdin = io::stdin().lock();
            loop {
                let mut buf = vec![0u8; 64 * 1024];
                match stdin.read(&mut buf) {
                    Ok(0) => {
                        let _ = tx.send(Wake::StdinEnd(None));
                        return;
                    }
                    Ok(n) => {
                        buf.truncate(n);
                        if tx.send(Wake::Stdin(buf)).is_err() {
                            return;
                        }
                    }
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(e) => {
                        let _ = tx.send(Wake::StdinEnd(Some(e.to_string())));
                        return;
                    }
                }
            }
        })?;
    Ok(())
}
