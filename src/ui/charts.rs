//! The "Severity" and "Categories" charts: horizontal bars of how many
//! issues the store holds per severity and per category (of one host's
//! issues, under a host filter).

use ratatui::Frame;
use ratatui::layout::{Direction, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Bar, BarChart, BarGroup, Block};

use super::hosts::label;
use super::layout::Screen;
use super::text::{fit, safe, short_severity};
use super::view::categories_by_count;
use crate::model::Severity;
use crate::theme::Role;

/// Draws the severity distribution.
pub(super) fn render_severity(frame: &mut Frame, area: Rect, screen: &Screen) {
    let (snap, palette) = (screen.snapshot, screen.palette);
    let counts = match &screen.view.host_counts {
        Some(host) => &host.severity,
        None => &snap.severity_counts,
    };
    let bars: Vec<Bar> = Severity::ALL
        .iter()
        .map(|s| {
            let n = counts.get(s).copied().unwrap_or(0);
            Bar::default()
                .label(short_severity(*s))
                .value(n)
                .style(palette.severity(*s))
                .value_style(palette.role(Role::Selection))
        })
        .collect();
    chart(frame, area, screen, &title("Severity", screen), bars);
}

/// Draws the category breakdown (the largest first, as many as fit).
pub(super) fn render_categories(frame: &mut Frame, area: Rect, screen: &Screen) {
    let (snap, palette) = (screen.snapshot, screen.palette);
    let counts = categories_by_count(match &screen.view.host_counts {
        Some(host) => &host.category,
        None => &snap.category_counts,
    });
    let rows = area.height.saturating_sub(2) as usize;
    let label_cols = (area.width as usize / 3).clamp(8, 22);
    let bars: Vec<Bar> = counts
        .into_iter()
        .take(rows)
        .map(|(name, n)| {
            Bar::default()
                .label(format!("{:<label_cols$}", fit(&safe(name), label_cols)))
                .value(n)
                .style(palette.role(Role::BorderFocus))
                .value_style(palette.role(Role::Selection))
        })
        .collect();
    chart(frame, area, screen, &title("Categories", screen), bars);
}

/// A chart's title, naming the host when the view is narrowed to one
/// (its bars then count that host's issues).
fn title(name: &str, screen: &Screen) -> String {
    match &screen.state.filters.host {
        Some(host) => format!(" {name} · {} ", label(host, CHART_HOST)),
        None => format!(" {name} "),
    }
}

/// Columns a host name takes in a chart's title (charts can be narrow).
const CHART_HOST: usize = 16;

fn chart(frame: &mut Frame, area: Rect, screen: &Screen, title: &str, bars: Vec<Bar>) {
    let palette = screen.palette;
    let block = Block::bordered()
        .title(Span::styled(title.to_string(), palette.role(Role::Title)))
        .border_style(palette.border(false));
    let chart = BarChart::default()
        .block(block)
        .direction(Direction::Horizontal)
        .bar_width(1)
        .bar_gap(0)
        .data(BarGroup::default().bars(&bars));
    frame.render_widget(chart, area);
}
