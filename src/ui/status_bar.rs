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
        let after = match &prompt.error {
            Some(error) => Span::styled(
                format!("invalid regex: {error} (the previous one stays; Esc cancels)"),
                palette.role(Role::SeverityError),
            ),
            None => Span::styled(prompt.kind.hint(), dim),
        };
        // A long text shows its end (where typing goes), so the error or
        // the hint after it stays in sight.
        let room = usize::from(area.width)
            .saturating_sub(after.width() + 4)
            .max(10);
        spans.push(Span::styled(prompt.kind.sigil(), key));
        spans.push(Span::styled(
            tail(&safe(&prompt.text), room),
            palette.role(Role::Text),
        ));
        spans.push(Span::styled("█  ", dim));
        spans.push(after);
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
    // H only where there are hosts to choose from.
    let host = super::hosts::several(screen.snapshot).then_some(("H", "host"));
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
        host,
        Some(("p", "pause")),
    ];
    for (k, what) in keys.into_iter().flatten() {
        spans.push(Span::styled(k, key));
        spans.push(Span::styled(format!(" {what}  "), dim));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The last `max` columns of `text`, led by `…` when cut.
fn tail(text: &str, max: usize) -> String {
    if super::text::width(text) <= max {
        return text.to_string();
    }
    let mut kept = Vec::new();
    let mut used = 1;
    for ch in text.chars().rev() {
        let w = unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0);
        if used + w > max {
            break;
        }
        kept.push(ch);
        used += w;
    }
    std::iter::once('…').chain(kept.into_iter().rev()).collect()
}
