//! The dashboard loop: terminal events and new snapshots in, frames out.
//! Events become actions (keymap), actions change the UI state (one
//! `apply`), effects go to the store. Drawing happens only when something
//! changed, at most once per [`FRAME_GAP`], so an idle dashboard sleeps.

use std::io;
use std::sync::Arc;
use std::time::Duration;

use crossterm::event::Event;
use ratatui::Terminal;
use ratatui::backend::Backend;
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::mpsc;
use tokio::time::Instant;
use tui_logger::TuiWidgetEvent;

use super::keymap::{key_action, mouse_action};
use crate::store::{Command, Edit, Origin, Snapshot, StoreHandle, Target};
use crate::ui::{
    Action, Areas, Chrome, Context, Effect, FeedView, Palette, Screen, Scroll, UiState, render,
};

/// Shortest time between two frames (about 30 per second at most).
const FRAME_GAP: Duration = Duration::from_millis(33);
/// How often the log pane is redrawn while shown (its lines arrive on their own).
const LOG_REFRESH: Duration = Duration::from_millis(500);

/// The dashboard's state between frames.
pub struct Dashboard {
    store: StoreHandle,
    /// The snapshot shown (held still while paused).
    snapshot: Arc<Snapshot>,
    /// The newest snapshot published.
    latest: Arc<Snapshot>,
    state: UiState,
    view: FeedView,
    scroll: Scroll,
    areas: Areas,
    palettes: Vec<Palette>,
    palette: usize,
    chrome: Chrome,
}

impl Dashboard {
    /// A dashboard on `store`, drawn with the first of `palettes`.
    pub fn new(store: StoreHandle, palettes: Vec<Palette>, chrome: Chrome) -> Dashboard {
        let snapshot = store.snapshot();
        Dashboard {
            latest: Arc::clone(&snapshot),
            snapshot,
            store,
            state: UiState::default(),
            view: FeedView::default(),
            scroll: Scroll::default(),
            areas: Areas::default(),
            palettes,
            palette: 0,
            chrome,
        }
    }

    /// Runs until the user quits (or SIGTERM/SIGHUP). `input` carries the
    /// terminal's events (read on their own thread).
    pub async fn run<B: Backend>(
        mut self,
        terminal: &mut Terminal<B>,
        mut input: mpsc::Receiver<Event>,
    ) -> io::Result<()>
    where
        B::Error: Into<io::Error>,
    {
        let mut snapshots = self.store.subscribe();
        let mut terminate = signal(SignalKind::terminate())?;
        let mut hangup = signal(SignalKind::hangup())?;
        let mut dirty = true;
        let mut last_frame = Instant::now() - FRAME_GAP;
        loop {
            if dirty && last_frame.elapsed() >= FRAME_GAP {
                self.draw(terminal)?;
                dirty = false;
                last_frame = Instant::now();
            }
            let frame_due = last_frame + FRAME_GAP;
            let log_due = last_frame + LOG_REFRESH;
            tokio::select! {
                event = input.recv() => {
                    let Some(event) = event else { return Ok(()) };
                    if self.event(event) {
                        return Ok(());
                    }
                    // Take whatever else is queued before drawing once.
                    while let Ok(event) = input.try_recv() {
                        if self.event(event) {
                            return Ok(());
                        }
                    }
                    dirty = true;
                }
                changed = snapshots.changed() => {
                    if changed.is_err() {
                        // The store is gone; keep showing the last snapshot.
                        snapshots = self.store.subscribe();
                        continue;
                    }
                    let newest = snapshots.borrow_and_update().clone();
                    self.arrived(newest);
                    dirty = true;
                }
                _ = tokio::time::sleep_until(frame_due), if dirty => {}
                _ = tokio::time::sleep_until(log_due), if self.state.show_log && !dirty => dirty = true,
                _ = terminate.recv() => return Ok(()),
                _ = hangup.recv() => return Ok(()),
            }
        }
    }

    /// Draws one frame.
    fn draw<B: Backend>(&mut self, terminal: &mut Terminal<B>) -> io::Result<()>
    where
        B::Error: Into<io::Error>,
    {
        self.view.refresh(&self.snapshot, &self.state.filters);
        if self.state.show_log {
            tui_logger::move_events();
        }
        let screen = Screen {
            snapshot: &self.snapshot,
            view: &self.view,
            state: &self.state,
            palette: &self.palettes[self.palette],
            chrome: &self.chrome,
        };
        let scroll = &mut self.scroll;
        let mut areas = Areas::default();
        terminal
            .draw(|frame| areas = render(frame, &screen, scroll))
            .map_err(Into::into)?;
        self.areas = areas;
        Ok(())
    }

    /// Handles one terminal event; true when the user quits.
    fn event(&mut self, event: Event) -> bool {
        let action = match event {
            Event::Key(key) => key_action(key, self.state.typing()),
            Event::Mouse(mouse) => mouse_action(mouse),
            _ => None,
        };
        match action {
            Some(action) => self.act(action),
            None => false,
        }
    }

    /// Sends a change of the issues `ids` to the store; the next snapshot
    /// shows it.
    fn request(&self, edit: Edit, ids: Vec<String>) {
        let command = Command {
            edit,
            target: Target::Issues(ids),
            origin: Origin::Tui,
        };
        if !self.store.send(command) {
            tracing::warn!("the store is busy; press the key again");
        }
    }

    /// A new snapshot from the store: shown, unless paused, when it waits
    /// and the header says how many updates do.
    fn arrived(&mut self, newest: Arc<Snapshot>) {
        if self.state.filters.paused_at.is_some() {
            self.state.waiting = newest.version.saturating_sub(self.snapshot.version);
        } else {
            self.snapshot = Arc::clone(&newest);
        }
        self.latest = newest;
    }

    /// Applies an action and carries out its effect; true on quit.
    pub fn act(&mut self, action: Action) -> bool {
        let quit = self.apply(action);
        // Unpaused: what waited is shown.
        if self.state.filters.paused_at.is_none() && !Arc::ptr_eq(&self.snapshot, &self.latest) {
            self.snapshot = Arc::clone(&self.latest);
            self.state.waiting = 0;
        }
        quit
    }

    fn apply(&mut self, action: Action) -> bool {
        self.view.refresh(&self.snapshot, &self.state.filters);
        let cx = Context {
            snapshot: &self.snapshot,
            view: &self.view,
            areas: &self.areas,
        };
        match self.state.apply(action, &cx) {
            Some(Effect::Quit) => return true,
            Some(Effect::SetResolved(ids, resolved)) => self.request(Edit::Resolve(resolved), ids),
            Some(Effect::SetAcknowledged(ids, acknowledged)) => {
                self.request(Edit::Acknowledge(acknowledged), ids)
            }
            Some(Effect::SetSilenced(ids, until)) => self.request(Edit::Silence(until), ids),
            Some(Effect::NextTheme) => {
                self.palette = (self.palette + 1) % self.palettes.len();
                tracing::info!("theme: {}", self.palettes[self.palette].name);
            }
            Some(Effect::ScrollLog(action)) => {
                let event = match action {
                    Action::Up => TuiWidgetEvent::UpKey,
                    Action::Down => TuiWidgetEvent::DownKey,
                    Action::PageUp => TuiWidgetEvent::PrevPageKey,
                    Action::PageDown => TuiWidgetEvent::NextPageKey,
                    _ => TuiWidgetEvent::EscapeKey,
                };
                self.scroll.log.transition(event);
            }
            None => {}
        }
        false
    }
}

/// Reads terminal events on their own thread (crossterm's read blocks),
/// handing them to the loop; ends when the loop is gone.
pub(crate) fn spawn_input() -> mpsc::Receiver<Event> {
    let (tx, rx) = mpsc::channel(256);
    let spawned = std::thread::Builder::new()
        .name("logwarden-input".into())
        .spawn(move || {
            while let Ok(event) = crossterm::event::read() {
                if tx.blocking_send(event).is_err() {
                    break;
                }
            }
        });
    if let Err(e) = spawned {
        tracing::error!("cannot read the keyboard: {e}");
    }
    rx
}

#[cfg(test)]
mod tests;
