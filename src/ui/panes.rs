//! Where the body's panes go, and which of them a small terminal drops:
//! the timeline is shown only where it costs the feed no rows it needs,
//! and the host pane (several hosts only) takes its room from the charts'
//! column when wide, from the categories chart when stacked.

use ratatui::layout::{Constraint, Layout, Rect};

/// Rows the timeline takes (borders included).
const TIMELINE_HEIGHT: u16 = 6;
/// Rows of issues the stacked layout's feed keeps before the timeline is
/// given any.
const FEED_KEEPS: u16 = 12;
/// Most rows the host pane takes in the wide layout (borders and header
/// included); more hosts scroll in it, or `z` gives it the screen.
const HOSTS_MAX_HEIGHT: u16 = 10;

/// The body's panes.
pub(super) struct Panes {
    pub(super) feed: Rect,
    pub(super) severity: Rect,
    /// The categories chart (a stacked layout gives its room to the host
    /// pane).
    pub(super) categories: Option<Rect>,
    pub(super) table: Rect,
    /// The timeline, when there is room for it.
    pub(super) timeline: Option<Rect>,
    /// The host pane, with several hosts.
    pub(super) hosts: Option<Rect>,
}

impl Panes {
    /// Wide bodies put the charts and table beside the feed; narrow ones
    /// stack them below it. `hosts`: how many the host pane lists (0: none).
    pub(super) fn of(body: Rect, hosts: usize) -> Panes {
        if body.width >= 110 {
            Panes::wide(body, hosts)
        } else {
            Panes::stacked(body, hosts)
        }
    }

    /// The feed at the left, full height; the right column holds the
    /// timeline (when the table keeps 5 rows), charts, hosts and table.
    fn wide(body: Rect, hosts: usize) -> Panes {
        let [feed, right] =
            Layout::horizontal([Constraint::Percentage(62), Constraint::Percentage(38)])
                .areas(body);
        // Borders and the header line, and a row per host.
        let hosts_rows = match hosts {
            0 => 0,
            n => u16::try_from(n + 3).map_or(HOSTS_MAX_HEIGHT, |n| n.min(HOSTS_MAX_HEIGHT)),
        };
        let timeline_rows = if right.height >= TIMELINE_HEIGHT + 6 + 8 + hosts_rows + 5 {
            TIMELINE_HEIGHT
        } else {
            0
        };
        let [timeline, severity, categories, hosts_area, table] = Layout::vertical([
            Constraint::Length(timeline_rows),
            Constraint::Length(6),
            Constraint::Length(8),
            Constraint::Length(hosts_rows),
            Constraint::Min(5),
        ])
        .areas(right);
        Panes {
            feed,
            severity,
            categories: Some(categories),
            table,
            timeline: (timeline_rows > 0).then_some(timeline),
            hosts: (hosts_rows > 0).then_some(hosts_area),
        }
    }

    /// The feed on top, then the timeline (only when the feed still keeps
    /// [`FEED_KEEPS`] rows), the charts side by side (the host pane in the
    /// categories' place), the table.
    fn stacked(body: Rect, hosts: usize) -> Panes {
        let timeline_rows = if body.height >= FEED_KEEPS + 2 + TIMELINE_HEIGHT + 6 + 7 {
            TIMELINE_HEIGHT
        } else {
            0
        };
        let [feed, timeline, charts_row, table] = Layout::vertical([
            Constraint::Min(5),
            Constraint::Length(timeline_rows),
            Constraint::Length(6),
            Constraint::Length(7),
        ])
        .areas(body);
        // The host pane takes the categories' place: the severity bars
        // need little room, host rows more.
        let split = if hosts > 0 { 35 } else { 45 };
        let [severity, right] = Layout::horizontal([
            Constraint::Percentage(split),
            Constraint::Percentage(100 - split),
        ])
        .areas(charts_row);
        Panes {
            feed,
            severity,
            categories: (hosts == 0).then_some(right),
            table,
            timeline: (timeline_rows > 0).then_some(timeline),
            hosts: (hosts > 0).then_some(right),
        }
    }
}

#[cfg(test)]
mod tests;
