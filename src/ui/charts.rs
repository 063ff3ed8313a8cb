//! The "Severity" and "Categories" charts: horizontal bars of how many
//! issues the store holds per severity and per category.

use ratatui::Frame;
use ratatui::layout::{Direction, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Bar, BarChart, BarGroup, Block};

use super::layout::Screen;
use super::text::{fit, safe, short_severity};
use super::view::categories_by_count;
use crate::model::Severity;
use crate::theme::Role;

/// Draws the severity distribution.
pub(super) fn render_severity(frame: &mut Frame, area: Rect, screen: &Screen) {
    let (snap, palette) = (screen.snapshot, screen.palette);
    let bars: Vec<Bar> = Severity::ALL
        .iter()
        .map(|s| {
            let n = snap.severity_counts.get(s).copied().unwrap_or(0);
            Bar::default()
                .label(short_severity(*s))
                .value(n)
                .style(palette.severity(*s))
                .value_style(palette.role(Role::Selection))
        })
        .collect();
    chart(frame, area, screen, " Severity ", bars);
}

/// Draws the category breakdown (the largest first, as many as fit).
pub(super) fn render_categories(frame: &mut Frame, area: Rect, screen: &Screen) {
    let (snap, palette) = (screen.snapshot, screen.palette);
    let counts = categories_by_count(&snap.category_counts);
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
    chart(frame, area, screen, " Categories ", bars);
}

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
