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

use super::input::InputControl;
use super::keymap::{confirm_action, key_action, mouse_action};
use crate::store::{Snapshot, StoreHandle};
use crate::ui::{
    Action, Areas, Chrome, Context, FeedView, Notice, Palette, Screen, Scroll, UiState, render,
};

/// Shortest time between two frames (about 30 per second at most).
const FRAME_GAP: Duration = Duration::from_millis(33);
/// How often the log pane is redrawn while shown (its lines arrive on their own).
const LOG_REFRESH: Duration = Duration::from_millis(500);
/// How long a message stays in the status bar (unless an action comes first).
const TOAST_FOR: Duration = Duration::from_secs(4);

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
    /// Pauses the key reader while the pager has the terminal.
    input: Option<InputControl>,
    /// Where the outcomes of store commands come back as messages.
    notices: mpsc::UnboundedSender<Notice>,
    notices_in: Option<mpsc::UnboundedReceiver<Notice>>,
    /// The screen must be drawn whole (another program wrote on it).
    redraw_all: bool,
    /// The healing actions, when the rules name any (`h`).
    hub: Option<Arc<crate::heal::HealHub>>,
}

impl Dashboard {
    /// A dashboard on `store`, drawn with the first of `palettes`.
    pub fn new(store: StoreHandle, palettes: Vec<Palette>, chrome: Chrome) -> Dashboard {
        let snapshot = store.snapshot();
        let (notices, notices_in) = mpsc::unbounded_channel();
        Dashboard {
            input: None,
            notices,
            notices_in: Some(notices_in),
            redraw_all: false,
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
            hub: None,
        }
    }

    /// Healing actions `h` can run.
    pub fn with_hub(mut self, hub: Option<Arc<crate::heal::HealHub>>) -> Dashboard {
        self.hub = hub;
        self
    }

    /// The key reader to pause while the pager runs.
    pub(crate) fn with_input(mut self, input: InputControl) -> Dashboard {
        self.input = Some(input);
        self
    }

    /// Says `notices` (warnings from before the screen opened) in the
    /// status bar first; the last one stays shown.
    pub fn with_notices(self, notices: Vec<Notice>) -> Dashboard {
        for notice in notices {
            let _ = self.notices.send(notice);
        }
        self
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
        let mut notices = self.notices_in.take();
        let mut expiry: Option<(Instant, u64)> = None;
        let mut dirty = true;
        let mut last_frame = Instant::now() - FRAME_GAP;
        loop {
            expiry = self.toast_expiry(expiry);
            if std::mem::take(&mut self.redraw_all) {
                // The screen was cleared when taken back: forget the last
                // frame so the next one is drawn whole (`clear` would ask
                // the terminal where its cursor is, which some never say).
                terminal.swap_buffers();
                dirty = true;
            }
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
                Some(notice) = recv(&mut notices) => {
                    self.act(Action::Notify(notice));
                    dirty = true;
                }
                _ = sleep_until_some(expiry) => {
                    if let Some((_, id)) = expiry.take() {
                        self.act(Action::ExpireToast(id));
                    }
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
            Event::Key(key) if self.state.confirm.is_some() => confirm_action(key),
            Event::Key(key) => key_action(key, self.state.typing()),
            Event::Mouse(mouse) => mouse_action(mouse),
            _ => None,
        };
        match action {
            Some(action) => self.act(action),
            None => false,
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
            Some(effect) => self.carry_out(effect),
            None => false,
        }
    }

    /// When the message shown now goes: `TOAST_FOR` after it appeared
    /// (kept when it is the one already timed).
    fn toast_expiry(&self, timed: Option<(Instant, u64)>) -> Option<(Instant, u64)> {
        let id = self.state.toast.as_ref()?.id;
        match timed {
            Some((at, timed_id)) if timed_id == id => Some((at, id)),
            _ => Some((Instant::now() + TOAST_FOR, id)),
        }
    }
}

/// The next notice, or never when there is no receiver.
async fn recv(notices: &mut Option<mpsc::UnboundedReceiver<Notice>>) -> Option<Notice> {
    match notices {
        Some(rx) => rx.recv().await,
        None => std::future::pending().await,
    }
}

/// Sleeps until the time in `due`, or forever without one.
async fn sleep_until_some(due: Option<(Instant, u64)>) {
    match due {
        Some((at, _)) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}

mod effects;

#[cfg(test)]
mod tests;
