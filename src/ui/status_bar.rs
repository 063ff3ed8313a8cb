//! The footer: the prompt being typed (and why a regex was refused), a
//! notice about the last key, or a confirmation or an action's outcome
//! (toast.rs) while shown; otherwise the most useful keys.

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
    if state.prompt.is_none()
        && let Some(line) = toast::line(screen)
    {
        frame.render_widget(Paragraph::new(line), area);
        return;
    }
    let mut spans = Vec::new();
    if let Some(prompt) = &state.prompt {
        spans.push(Span::styled(prompt.kind.sigil(), key));
        spans.push(Span::styled(
            safe(&prompt.text).into_owned(),
            palette.role(Role::Text),
        ));
        spans.push(Span::styled("█  ", dim));
        match &prompt.error {
            Some(error) => spans.push(Span::styled(
                format!("invalid regex: {error} (the previous one stays; Esc cancels)"),
                palette.role(Role::SeverityError),
            )),
            None => spans.push(Span::styled(prompt.kind.hint(), dim)),
        }
        frame.render_widget(Paragraph::new(Line::from(spans)), area);
        return;
    }
    if let Some(notice) = &state.notice {
        // First, so a narrow terminal still shows it.
        spans.push(Span::styled(
            format!("{notice} │ "),
            palette.role(Role::SeverityWarning),
        ));
    }
    let zoom = if state.zoomed {
        ("z", "back")
    } else {
        ("z", "zoom")
    };
    // n/N only once there is a search to step through.
    let next = state.search.as_ref().map(|_| ("n/N", "match"));
    let keys = [
        Some(("q", "quit")),
        Some(("?", "help")),
        Some(("Tab", "pane")),
        Some(("Enter", "detail")),
        Some(("r", "resolve")),
        Some(("/", "search")),
        next,
        Some(("&", "only")),
        Some(("!", "hide")),
        Some(("C", "clear")),
        Some(zoom),
        Some(("s", "severity")),
        Some(("c", "category")),
        Some(("f", "file")),
        Some(("p", "pause")),
    ];
    for (k, what) in keys.into_iter().flatten() {
        spans.push(Span::styled(k, key));
        spans.push(Span::styled(format!(" {what}  "), dim));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
