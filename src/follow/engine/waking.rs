//! Waiting for work: an inotify hint, standard input, a held-back event's
//! deadline or the periodic look, and what each wake does.

use std::sync::atomic::Ordering;
use std::sync::mpsc::RecvTimeoutError;
use std::time::{Duration, Instant};

use super::super::Notice;
use super::super::stdin::StdinInput;
use super::super::watcher::Wake;
use super::Engine;

impl Engine {
    /// Sleeps until a hint, a deadline or the periodic look; takes what
    /// else is queued with it (a bounded number).
    pub(super) fn wait(&mut self) {
        let timeout = if self.files.busy() || self.rescan {
            Duration::ZERO
        } else {
            let mut deadline = self.next_poll;
            if let Some(due) = self.files.next_deadline() {
                deadline = deadline.min(due);
            }
            if let Some(due) = self.stdin.as_ref().and_then(StdinInput::idle_deadline) {
                deadline = deadline.min(due);
            }
            deadline.saturating_duration_since(Instant::now())
        };
        match self.wakes.recv_timeout(timeout) {
            Ok(wake) => self.on_wake(wake),
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => self.stop.store(true, Ordering::Release),
        }
        // Coalesce a burst of hints into one round, but keep rounds bounded.
        for _ in 0..4096 {
            match self.wakes.try_recv() {
                Ok(wake) => self.on_wake(wake),
                Err(_) => break,
            }
        }
    }

    fn on_wake(&mut self, wake: Wake) {
        match wake {
            Wake::Changed { paths, structural } => {
                for path in &paths {
                    self.files.hint(path);
                }
                self.rescan |= structural;
            }
            Wake::Stdin(chunk) => self.stdin_chunk(&chunk),
            Wake::StdinEnd(error) => self.stdin_end(error),
            Wake::Stop => self.stop.store(true, Ordering::Release),
        }
    }

    fn stdin_chunk(&mut self, chunk: &[u8]) {
        if let Some(input) = &mut self.stdin {
            input.chunk(chunk, &mut self.cx, &mut self.pending);
            self.flush();
        }
    }

    fn stdin_end(&mut self, error: Option<String>) {
        if let Some(error) = error {
            let message = format!("cannot read standard input: {error}");
            self.pending.push(Notice::warning(message));
        }
        if let Some(input) = &mut self.stdin {
            input.end(&mut self.cx, &mut self.pending);
        }
        self.flush();
    }
}
