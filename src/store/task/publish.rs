//! What the store task tells the front ends and the history: snapshots
//! (at once, or on the second when something shown changed), changes on
//! the event stream, and writes.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use tokio::time::Instant;

use super::{StoreTask, TICK};
use crate::model::Issue;
use crate::store::handle::{Change, ChangeKind};
use crate::store::saving::Saver;
use crate::store::snapshot::Bounds;

/// Returns the pages of freed memory to the system. Under a flood, issues
/// are made on the engine's thread and freed on this one: glibc keeps what
/// is freed for reuse, and the resident size creeps up with the scatter;
/// trimming once a second keeps it to what is in use.
fn give_back_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free memory; it takes no pointers.
    unsafe {
        libc::malloc_trim(0);
    }
}

impl StoreTask {
    /// Once a second: the read rate, files watched, and health (which
    /// changes as issues age out of the recent window). Publishes only
    /// when something shown changed.
    pub(super) fn refresh(&mut self) {
        self.next_refresh = Instant::now() + TICK;
        self.retired.retain(|s| Arc::strong_count(s) > 1);
        give_back_freed_memory();
        for (id, factor) in self.signals.settle(Utc::now()) {
            if let Some(issue) = self.store.set_spike(&id, factor) {
                self.announce(ChangeKind::Updated, issue);
            }
        }
        self.tick_alerts();
        self.save(false);
        // Worked out once a second, for the timeline and the check below.
        let now = Utc::now();
        let (explained, recent) = self.store.vitals(now);
        self.store.sample_score(now, explained.score);
        self.read_counters();
        if self.shown_changed(now, explained.score, recent) {
            self.publish();
        }
    }

    /// The engine's counters into the view snapshots take: lines read and
    /// their rate, bytes lost, files (once start-up positions are known).
    fn read_counters(&mut self) {
        let Some(stats) = &self.stats else { return };
        let now = Instant::now();
        let lines = stats.lines_read();
        let (then, before) = self.last_lines;
        let secs = now.duration_since(then).as_secs_f64();
        if secs > 0.0 {
            self.engine.lines_per_sec = lines.saturating_sub(before) as f64 / secs;
        }
        self.last_lines = (now, lines);
        self.engine.lines_read = lines;
        self.engine.unread_bytes = stats.unread_bytes();
        if self.engine.ready {
            self.engine.files = stats.files();
            self.engine.file_counts = stats.file_counts();
        }
    }

    /// Whether a snapshot now would show something the last one does not.
    fn shown_changed(&self, now: DateTime<Utc>, health: f64, recent: u64) -> bool {
        let current = self.published.borrow().clone();
        let unchanged = current.version == self.store.version()
            && current.history == self.saver.as_ref().map(Saver::status)
            && current.bounds == self.bounds()
            && current.health == health
            && current.recent == recent
            && current.files == self.engine.files
            && current.file_counts == self.engine.file_counts
            && current.lines_read == self.engine.lines_read
            && current.unread_bytes == self.engine.unread_bytes
            && current.lines_per_sec == self.engine.lines_per_sec
            && current.ready == self.engine.ready
            // A new minute shifts the timeline; its health sample changes it.
            && current.timeline == self.store.timeline(now);
        !unchanged
    }

    /// Tells event-stream readers (if any) about a change.
    pub(super) fn announce(&mut self, kind: ChangeKind, issue: Arc<Issue>) {
        if let Some(saver) = &mut self.saver {
            saver.mark(&issue.id);
        }
        if self.changes.receiver_count() > 0 {
            let _ = self.changes.send(Change { kind, issue });
        }
    }

    /// Writes changed issues when due (or now, when `force`).
    pub(super) fn save(&mut self, force: bool) {
        if let Some(saver) = &mut self.saver {
            saver.flush(&self.store, force);
        }
    }

    /// What the limits hold and have let go now.
    fn bounds(&self) -> Bounds {
        let (seen, forgotten) = self.signals.seen();
        Bounds {
            issue_bytes: self.store.bytes() as u64,
            groups: self.groups.counts(),
            seen_groups: seen as u64,
            seen_forgotten: forgotten,
        }
    }

    /// Takes and publishes a snapshot; the one it replaces is retired.
    pub(super) fn publish(&mut self) {
        let mut snapshot = self.store.snapshot(Utc::now(), self.engine);
        snapshot.history = self.saver.as_ref().map(Saver::status);
        snapshot.bounds = self.bounds();
        if let Some(hub) = &self.respond.hub {
            snapshot.actions = hub.status();
        }
        let old = self.published.send_replace(Arc::new(snapshot));
        self.retired.push(old);
        self.retired.retain(|s| Arc::strong_count(s) > 1);
    }
}
