//! The "Health" header: the score gauge colored by band, and the vital
//! figures (recent issues, files, read rate, pause, API address).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Gauge, Paragraph};

use super::layout::Screen;
use super::text::safe;

/// Draws the header into `area` (3 rows).
pub fn render(frame: &mut Frame, area: Rect, screen: &Screen) {
    let (snap, palette) = (screen.snapshot, screen.palette);
    let block = Block::bordered()
        .title(Span::styled(" Health ", palette.role("title")))
        .border_style(palette.border(false));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let gauge_width = (inner.width / 3).clamp(20, 40);
    let [gauge_area, _, facts_area] = Layout::horizontal([
        Constraint::Length(gauge_width),
        Constraint::Length(1),
        Constraint::Min(10),
    ])
    .areas(inner);
    let style = palette.health(snap.status);
    let label = format!("{:.1} {}", snap.health, snap.status.as_str());
    let gauge = Gauge::default()
        .gauge_style(style)
        .ratio((snap.health / 100.0).clamp(0.0, 1.0))
        .label(Span::styled(label, palette.role("title")));
    frame.render_widget(gauge, gauge_area);
    let dim = palette.role("text_dim");
    let text = palette.role("text");
    let mut spans = vec![
        Span::styled(snap.recent.to_string(), text),
        Span::styled(" issues in 5 min  ", dim),
        Span::styled(snap.files.to_string(), text),
        Span::styled(" files  ", dim),
        Span::styled(format!("{:.0}", snap.lines_per_sec), text),
        Span::styled(" lines/s", dim),
    ];
    if !snap.ready {
        spans.push(Span::styled("  starting…", dim));
    } else if !snap.monitoring {
        spans.push(Span::styled("  stopped", palette.role("severity_error")));
    }
    if screen.state.filters.paused_at.is_some() {
        spans.push(Span::styled("  PAUSED", palette.role("selection")));
    }
    if let Some(api) = &screen.chrome.api {
        spans.push(Span::styled("  API ", dim));
        spans.push(Span::styled(safe(api).into_owned(), text));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), facts_area);
}
