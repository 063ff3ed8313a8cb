//! Moving: the feed's and the critical table's selection, the detail's
//! and the help's scroll, the mouse's clicks; what counts as a movement.

use super::action::Action;
use super::help;
use super::state::{Context, Effect, Pane, UiState};

impl UiState {
    /// Scrolls the help, no further than its last line shows.
    pub(super) fn scroll_help(&mut self, action: &Action, cx: &Context) {
        let page = cx.areas.help_rows.max(1);
        let last = help::line_count().saturating_sub(page);
        let to = moved(usize::from(self.help_scroll), last + 1, page, action);
        self.help_scroll = u16::try_from(to).unwrap_or(u16::MAX);
    }

    /// Moves the focused pane's selection (or scrolls the detail view).
    pub(super) fn movement(&mut self, action: Action, cx: &Context) -> Option<Effect> {
        if self.detail.is_some() {
            self.detail_scroll = match action {
                Action::Up => self.detail_scroll.saturating_sub(1),
                Action::Down => self.detail_scroll.saturating_add(1),
                Action::PageUp => self.detail_scroll.saturating_sub(10),
                Action::PageDown => self.detail_scroll.saturating_add(10),
                Action::Top => 0,
                _ => self.detail_scroll,
            };
            return None;
        }
        match self.focus {
            // `g`: the newest, and follow the ones to come.
            Pane::Feed if action == Action::Top => self.selected = None,
            Pane::Feed => {
                let page = cx.areas.feed_rows.max(1);
                let row = moved(self.feed_base(cx), cx.view.len(), page, &action);
                self.select_feed_row(cx, row);
            }
            Pane::Critical => {
                let page = cx.areas.critical_rows.max(1);
                let from = self.critical_row(cx).unwrap_or(0);
                let row = moved(from, self.critical_rows(cx.snapshot).len(), page, &action);
                self.select_critical_row(cx, row);
            }
            Pane::Hosts => self.move_host(&action, cx),
            Pane::Log => return Some(Effect::ScrollLog(action)),
            Pane::Health => {}
        }
        None
    }

    pub(super) fn click(&mut self, x: u16, y: u16, cx: &Context) {
        let Some(pane) = cx.areas.pane_at(x, y) else {
            return;
        };
        self.focus_on(pane, cx);
        match pane {
            Pane::Feed => {
                let Some(row) = cx.areas.feed_row_at(y) else {
                    return;
                };
                if row < cx.view.len() {
                    self.select_feed_row(cx, row);
                }
            }
            Pane::Critical => {
                if let Some(row) = cx.areas.critical_row_at(y)
                    && row < self.critical_rows(cx.snapshot).len()
                {
                    self.select_critical_row(cx, row);
                }
            }
            Pane::Hosts => {
                if let Some(row) = cx.areas.hosts_row_at(y)
                    && row < self.host_rows(cx).len()
                {
                    self.select_host_row(cx, row);
                }
            }
            Pane::Log | Pane::Health => {}
        }
    }
}

/// Whether `action` moves a selection or scrolls.
pub(super) fn is_movement(action: &Action) -> bool {
    matches!(
        action,
        Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::Top
            | Action::Bottom
            | Action::ScrollUp(..)
            | Action::ScrollDown(..)
            | Action::Click(..)
    )
}

/// A row index after a movement in a list of `len` rows, `page` visible.
pub(super) fn moved(row: usize, len: usize, page: usize, action: &Action) -> usize {
    let last = len.saturating_sub(1);
    let row = match action {
        Action::Up => row.saturating_sub(1),
        Action::Down => row + 1,
        Action::PageUp => row.saturating_sub(page),
        Action::PageDown => row + page,
        Action::Top => 0,
        Action::Bottom => last,
        _ => row,
    };
    row.min(last)
}
