//! The screen's layout and the one entry point that draws it. Wide
//! terminals get the feed beside the charts and the critical table;
//! narrow ones stack them. Too small a terminal gets a message instead.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::widgets::{Clear, Paragraph, Wrap};
use tui_logger::TuiWidgetState;

use super::palette::Palette;
use super::panes::Panes;
use super::state::{Pane, UiState};
use super::view::FeedView;
use super::{
    charts, context, critical, detail, feed, health, health_detail, help, host_pane, logpane,
    status_bar, timeline,
};
use crate::store::Snapshot;

/// Smallest terminal the layout fits in.
pub(crate) const MIN_WIDTH: u16 = 60;
/// Smallest terminal height the layout fits in.
pub(crate) const MIN_HEIGHT: u16 = 16;

/// Where things were drawn: for mouse clicks and page sizes.
#[derive(Debug, Clone, Default)]
pub struct Areas {
    /// The feed pane (with its border).
    pub feed: Rect,
    /// Rows of issues the feed shows.
    pub feed_rows: usize,
    /// The feed row drawn first.
    pub feed_offset: usize,
    /// The critical table pane.
    pub critical: Rect,
    /// Rows the critical table shows.
    pub critical_rows: usize,
    /// The table row drawn first.
    pub critical_offset: usize,
    /// The host pane, when shown (several hosts).
    pub hosts: Option<Rect>,
    /// Rows of hosts the host pane shows.
    pub hosts_rows: usize,
    /// The host pane's row drawn first.
    pub hosts_offset: usize,
    /// The log pane, when shown.
    pub log: Option<Rect>,
    /// The health header.
    pub health: Rect,
    /// Lines the help shows at once (when shown).
    pub help_rows: usize,
}

impl Areas {
    /// The pane under a screen position.
    pub fn pane_at(&self, x: u16, y: u16) -> Option<Pane> {
        let inside = |r: Rect| x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height;
        if inside(self.feed) {
            Some(Pane::Feed)
        } else if inside(self.critical) {
            Some(Pane::Critical)
        } else if self.hosts.is_some_and(inside) {
            Some(Pane::Hosts)
        } else if self.log.is_some_and(inside) {
            Some(Pane::Log)
        } else if inside(self.health) {
            Some(Pane::Health)
        } else {
            None
        }
    }

    /// The feed row at screen line `y`.
    pub fn feed_row_at(&self, y: u16) -> Option<usize> {
        let first = self.feed.y + 1;
        (y >= first && ((y - first) as usize) < self.feed_rows)
            .then(|| self.feed_offset + (y - first) as usize)
    }

    /// The critical-table row at screen line `y` (below its header line).
    pub fn critical_row_at(&self, y: u16) -> Option<usize> {
        let first = self.critical.y + 2;
        (y >= first && ((y - first) as usize) < self.critical_rows)
            .then(|| self.critical_offset + (y - first) as usize)
    }

    /// The host pane's row at screen line `y` (below its header line).
    pub fn hosts_row_at(&self, y: u16) -> Option<usize> {
        let first = self.hosts?.y + 2;
        (y >= first && ((y - first) as usize) < self.hosts_rows)
            .then(|| self.hosts_offset + (y - first) as usize)
    }
}

/// The first row to draw so `selected` stays visible in `height` rows of
/// `len`, moving `offset` (the previous first row) as little as possible.
pub(super) fn keep_visible(selected: usize, offset: usize, height: usize, len: usize) -> usize {
    let offset = offset.min(len.saturating_sub(1));
    if selected < offset {
        selected
    } else if height > 0 && selected >= offset + height {
        selected + 1 - height
    } else {
        offset
    }
}

/// Scroll positions kept between frames (drawing may move them to keep
/// the selection visible; nothing else is changed by drawing).
#[derive(Default)]
pub struct Scroll {
    /// First feed row drawn.
    pub feed_offset: usize,
    /// First critical row drawn.
    pub critical_offset: usize,
    /// First host pane row drawn.
    pub hosts_offset: usize,
    /// The log pane's own state.
    pub log: TuiWidgetState,
}

/// What the screen shows besides the snapshot (header extras, how files
/// are read).
#[derive(Debug, Clone, Default)]
pub struct Chrome {
    /// The API address, when serving.
    pub api: Option<String>,
    /// Files already there are read from their start (`--from-start`),
    /// not followed from their end: an empty feed then means no problem.
    pub from_start: bool,
}

/// Everything one frame draws from.
pub struct Screen<'a> {
    /// The data.
    pub snapshot: &'a Snapshot,
    /// The feed's rows.
    pub view: &'a FeedView,
    /// Where the user is.
    pub state: &'a UiState,
    /// The styles.
    pub palette: &'a Palette,
    /// Header extras.
    pub chrome: &'a Chrome,
}

/// Draws the whole screen; returns where the panes went.
pub fn render(frame: &mut Frame, screen: &Screen, scroll: &mut Scroll) -> Areas {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(frame, area);
        return Areas::default();
    }
    if screen.state.zoomed {
        return zoomed(frame, area, screen, scroll);
    }
    let log_height = if screen.state.show_log {
        (area.height / 4).max(5)
    } else {
        0
    };
    let [head, body, log, foot] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Min(8),
        Constraint::Length(log_height),
        Constraint::Length(1),
    ])
    .areas(area);
    health::render(frame, head, screen);
    let panes = Panes::of(body, hosts_shown(screen));
    let mut areas = Areas {
        feed: panes.feed,
        critical: panes.table,
        health: head,
        ..Areas::default()
    };
    feed::render(frame, panes.feed, screen, scroll, &mut areas);
    charts::render_severity(frame, panes.severity, screen);
    if let Some(area) = panes.categories {
        charts::render_categories(frame, area, screen);
    }
    if let Some(area) = panes.timeline {
        timeline::render(frame, area, screen);
    }
    critical::render(frame, panes.table, screen, scroll, &mut areas);
    if let Some(area) = panes.hosts {
        areas.hosts = Some(area);
        host_pane::render(frame, area, screen, scroll, &mut areas);
    }
    if screen.state.show_log {
        logpane::render(frame, log, screen, &scroll.log);
        areas.log = Some(log);
    }
    status_bar::render(frame, foot, screen);
    overlays(frame, area, screen, &mut areas);
    areas
}

/// The focused pane alone over the whole screen, the footer below it
/// (the prompt is typed there).
fn zoomed(frame: &mut Frame, area: Rect, screen: &Screen, scroll: &mut Scroll) -> Areas {
    let [body, foot] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
    let mut areas = Areas::default();
    match screen.state.focus {
        Pane::Feed => {
            areas.feed = body;
            feed::render(frame, body, screen, scroll, &mut areas);
        }
        Pane::Critical => {
            areas.critical = body;
            critical::render(frame, body, screen, scroll, &mut areas);
        }
        Pane::Log => {
            logpane::render(frame, body, screen, &scroll.log);
            areas.log = Some(body);
        }
        Pane::Hosts => {
            areas.hosts = Some(body);
            host_pane::render(frame, body, screen, scroll, &mut areas);
        }
        Pane::Health => health_detail::render(frame, body, screen),
    }
    status_bar::render(frame, foot, screen);
    overlays(frame, area, screen, &mut areas);
    areas
}

/// Hosts the host pane lists (0: it is not shown, one host).
fn hosts_shown(screen: &Screen) -> usize {
    if super::hosts::several(screen.snapshot) {
        screen.snapshot.hosts.len()
    } else {
        0
    }
}

/// The popups over the panes: the detail view, the context view, then
/// the key help.
fn overlays(frame: &mut Frame, area: Rect, screen: &Screen, areas: &mut Areas) {
    if screen.state.health_detail {
        health_detail::render(frame, popup(area, 90, 85), screen);
    }
    if screen.state.detail.is_some() {
        detail::render(frame, popup(area, 90, 85), screen);
    }
    if let Some(view) = &screen.state.context {
        context::render(frame, popup(area, 90, 85), view, screen);
    }
    if screen.state.help {
        let (w, h) = help::size();
        areas.help_rows = help::render(frame, centered(area, w, h), screen);
    }
}

/// A centered rectangle `pct_w`% × `pct_h`% of `area`.
pub(super) fn popup(area: Rect, pct_w: u16, pct_h: u16) -> Rect {
    let [_, mid, _] = Layout::vertical([
        Constraint::Percentage((100 - pct_h) / 2),
        Constraint::Percentage(pct_h),
        Constraint::Percentage((100 - pct_h) / 2),
    ])
    .areas(area);
    let [_, center, _] = Layout::horizontal([
        Constraint::Percentage((100 - pct_w) / 2),
        Constraint::Percentage(pct_w),
        Constraint::Percentage((100 - pct_w) / 2),
    ])
    .areas(mid);
    center
}

/// A centered rectangle of `w`×`h` cells, shrunk to fit `area`.
pub(super) fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

fn too_small(frame: &mut Frame, area: Rect) {
    let text = format!(
        "Terminal too small ({}x{}): logwarden needs at least {MIN_WIDTH}x{MIN_HEIGHT}. Enlarge it, or press q to quit.",
        area.width, area.height
    );
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(text)
            .style(Style::default())
            .wrap(Wrap { trim: true }),
        area,
    );
}
