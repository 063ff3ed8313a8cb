//! The store task's loop: the engine's updates in batches, the front
//! ends' commands between them, snapshots when due, and the end.

use std::time::Duration;

use tokio::sync::mpsc;
use tokio::time::{Instant, MissedTickBehavior};

use super::{PUBLISH_GAP, StoreTask, TICK};
use crate::follow::Update;
use crate::store::handle::Request;
use crate::store::snapshot::HistoryStatus;

/// Updates applied per wake-up at most before commands are looked at.
const DRAIN: usize = 1024;
/// Writes tried at the end before what is left is given up.
const FINAL_ATTEMPTS: u32 = 3;
/// Between two of them.
const FINAL_RETRY: Duration = Duration::from_millis(200);

impl StoreTask {
    /// Runs until the front ends are gone or ask it to finish; the
    /// engine's updates may end before (the engine stopped).
    pub(super) async fn run(
        mut self,
        mut updates: mpsc::Receiver<Update>,
        mut commands: mpsc::Receiver<Request>,
    ) {
        let mut tick = tokio::time::interval(TICK);
        tick.set_missed_tick_behavior(MissedTickBehavior::Delay);
        let mut updates_open = true;
        // When the next snapshot is due (None: nothing waits to be shown).
        let mut due: Option<Instant> = None;
        loop {
            let publish_at = due.unwrap_or_else(|| Instant::now() + TICK);
            tokio::select! {
                update = updates.recv(), if updates_open => match update {
                    Some(update) => {
                        self.batch(update, &mut updates, &mut due);
                        self.flush_tap().await;
                    }
                    None => {
                        updates_open = false;
                        self.flush_tap().await;
                        // The reader's stream ends with the engine's.
                        self.tap = None;
                        self.engine_stopped();
                    }
                },
                command = commands.recv() => match command {
                    Some(Request::Edit(command, reply)) => self.command(command, reply),
                    Some(Request::Healed(id, state)) => self.healed(&id, state),
                    Some(Request::Finish(reply)) => {
                        while let Ok(update) = updates.try_recv() {
                            self.apply(update);
                        }
                        self.flush_tap().await;
                        let _ = reply.send(self.finish().await);
                        break;
                    }
                    None => {
                        self.save(true);
                        break;
                    }
                },
                _ = tokio::time::sleep_until(publish_at), if due.is_some() => {
                    due = None;
                    self.publish();
                }
                _ = tick.tick() => self.refresh(),
            }
        }
    }

    /// Applies `first` and what else is waiting, then saves, publishes and
    /// refreshes when due.
    fn batch(
        &mut self,
        first: Update,
        updates: &mut mpsc::Receiver<Update>,
        due: &mut Option<Instant>,
    ) {
        self.apply(first);
        // Take what else is waiting in one go: fewer wake-ups under a
        // flood, and commands still get a turn.
        for _ in 0..DRAIN {
            match updates.try_recv() {
                Ok(update) => self.apply(update),
                Err(_) => break,
            }
        }
        self.save(false);
        let now = Instant::now();
        let publish_due = *due.get_or_insert(now + PUBLISH_GAP);
        // Under a flood the updates are always ready and the timers of the
        // loop are seen only when the task yields (every 128 batches):
        // publish and refresh on time from here.
        if now >= publish_due {
            *due = None;
            self.publish();
        }
        if now >= self.next_refresh {
            self.refresh();
        }
    }

    /// The engine's updates ended: shown as no longer monitoring, and
    /// everything written.
    fn engine_stopped(&mut self) {
        self.engine.monitoring = false;
        self.publish();
        self.save(true);
    }

    /// The last writes: tried a few times (space may be freed meanwhile);
    /// how saving ended.
    pub(super) async fn finish(&mut self) -> Option<HistoryStatus> {
        self.engine.monitoring = false;
        self.publish();
        for attempt in 0..FINAL_ATTEMPTS {
            self.save(true);
            let status = self.saver.as_ref()?.status();
            if status.failing.is_none() || attempt + 1 == FINAL_ATTEMPTS {
                return Some(status);
            }
            tokio::time::sleep(FINAL_RETRY).await;
        }
        None
    }
}
