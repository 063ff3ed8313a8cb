//! The footer: the most useful keys, the filter being typed, active
//! filters; or a prompt or an action's outcome (toast.rs) while shown.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::layout::Screen;
use super::text::safe;
use super::toast;
use crate::theme::Role;

/// Draws the footer into `area` (1 row).
pub(super) fn render(frame: &mut Frame, area: Rect, screen: &Screen) {
    let (state, palette) = (screen.state, screen.palette);
    let key = palette.role(Role::Title);
    let dim = palette.role(Role::TextDim);
    if !state.typing_filter
        && let Some(line) = toast::line(screen)
    {
        frame.render_widget(Paragraph::new(line), area);
        return;
    }
    let mut spans = Vec::new();
    let active = state.filters.active(state.typing_filter);
    if !active.is_empty() {
        // First, so a narrow terminal still shows what is hidden.
        spans.push(Span::styled(
            format!("filter: {} │ ", active.join(", ")),
            palette.role(Role::SeverityWarning),
        ));
    }
    if state.typing_filter {
        spans.push(Span::styled("/", key));
        spans.push(Span::styled(
            safe(&state.filters.text).into_owned(),
            palette.role(Role::Text),
        ));
        spans.push(Span::styled("█  Enter keep · Esc clear", dim));
    } else {
        for (k, what) in [
            ("q", "quit"),
            ("?", "help"),
            ("↑↓", "move"),
            ("Tab", "pane"),
            ("Enter", "detail"),
            ("r", "resolve"),
            ("/", "filter"),
            ("s", "severity"),
            ("c", "category"),
            ("p", "pause"),
            ("l", "log"),
        ] {
            spans.push(Span::styled(k, key));
            spans.push(Span::styled(format!(" {what}  "), dim));
        }
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
