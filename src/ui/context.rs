//! The "Context" view (`o`): the lines around an issue in its file, as
//! the app read them (the app does the reading; this draws what it found,
//! or why it found nothing). Every line is made safe before it is drawn.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::layout::Screen;
use super::text::{fit, safe};
use crate::theme::Role;

/// What the app found around an issue in its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContextView {
    /// The issue it is for.
    pub issue_id: String,
    /// The file the lines come from (a rotated name when the issue's
    /// file moved there).
    pub path: String,
    /// The number of the first line shown, when known.
    pub first_line: Option<u64>,
    /// The lines, as read (untrusted: made safe when drawn).
    pub lines: Vec<String>,
    /// Which of them is the issue's first line.
    pub target: usize,
    /// Why no line is shown (the file is gone, or no longer holds the
    /// issue's bytes), instead of showing wrong ones.
    pub problem: Option<String>,
}

impl ContextView {
    /// The issue's line number, when known.
    pub fn target_line(&self) -> Option<u64> {
        self.first_line.map(|n| n + self.target as u64)
    }
}

/// Draws the context popup into `area`.
pub(super) fn render(frame: &mut Frame, area: Rect, view: &ContextView, screen: &Screen) {
    let palette = screen.palette;
    let place = match view.target_line() {
        Some(n) => format!("{}:{n}", view.path),
        None => view.path.clone(),
    };
    let title = format!(" Context: {} (Esc back · e open in pager) ", safe(&place));
    let block = Block::bordered()
        .title(Span::styled(title, palette.role(Role::Title)))
        .border_style(palette.border(true));
    frame.render_widget(Clear, area);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if let Some(problem) = &view.problem {
        let text = Paragraph::new(Span::styled(
            safe(problem).into_owned(),
            palette.role(Role::SeverityWarning),
        ))
        .wrap(ratatui::widgets::Wrap { trim: false });
        frame.render_widget(text, inner);
        return;
    }
    // The issue's line in the middle when the lines do not all fit.
    let height = inner.height as usize;
    let start = view
        .target
        .saturating_sub(height / 2)
        .min(view.lines.len().saturating_sub(height));
    let last = view.first_line.map(|n| n + view.lines.len() as u64);
    let gutter = last.map_or(0, |n| n.to_string().len());
    let cols = (inner.width as usize).saturating_sub(gutter + 3);
    let lines: Vec<Line> = view
        .lines
        .iter()
        .enumerate()
        .skip(start)
        .take(height)
        .map(|(i, text)| {
            let number = view
                .first_line
                .map_or_else(String::new, |n| format!("{:>gutter$}", n + i as u64));
            let (mark, style) = if i == view.target {
                ("▶ ", palette.role(Role::Selection))
            } else {
                ("  ", palette.role(Role::Text))
            };
            Line::from(vec![
                Span::styled(number, palette.role(Role::TextDim)),
                Span::styled(format!(" {mark}"), style),
                Span::styled(fit(&safe(text), cols), style),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
