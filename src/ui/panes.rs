//! Where the body's panes go, and which of them a small terminal drops:
//! the timeline is shown only where it costs the feed no rows it needs.

use ratatui::layout::{Constraint, Layout, Rect};

/// Rows the timeline takes (borders included).
const TIMELINE_HEIGHT: u16 = 6;
/// Rows of issues the stacked layout's feed keeps before the timeline is
/// given any.
const FEED_KEEPS: u16 = 12;

/// The body's panes.
pub(super) struct Panes {
    pub(super) feed: Rect,
    pub(super) severity: Rect,
    pub(super) categories: Rect,
    pub(super) table: Rect,
    /// The timeline, when there is room for it.
    pub(super) timeline: Option<Rect>,
}

impl Panes {
    /// Wide bodies put the charts and table beside the feed; narrow ones
    /// stack them below it.
    pub(super) fn of(body: Rect) -> Panes {
        if body.width >= 110 {
            Panes::wide(body)
        } else {
            Panes::stacked(body)
        }
    }

    /// The feed at the left, full height; the right column holds the
    /// timeline (when the table keeps 5 rows), charts and table.
    fn wide(body: Rect) -> Panes {
        let [feed, right] =
            Layout::horizontal([Constraint::Percentage(62), Constraint::Percentage(38)])
                .areas(body);
        let timeline_rows = if right.height >= TIMELINE_HEIGHT + 6 + 8 + 5 {
            TIMELINE_HEIGHT
        } else {
            0
        };
        let [timeline, severity, categories, table] = Layout::vertical([
            Constraint::Length(timeline_rows),
            Constraint::Length(6),
            Constraint::Length(8),
            Constraint::Min(5),
        ])
        .areas(right);
        Panes {
            feed,
            severity,
            categories,
            table,
            timeline: (timeline_rows > 0).then_some(timeline),
        }
    }

    /// The feed on top, then the timeline (only when the feed still keeps
    /// [`FEED_KEEPS`] rows), the charts side by side, the table.
    fn stacked(body: Rect) -> Panes {
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
        let [severity, categories] =
            Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)])
                .areas(charts_row);
        Panes {
            feed,
            severity,
            categories,
            table,
            timeline: (timeline_rows > 0).then_some(timeline),
        }
    }
}
