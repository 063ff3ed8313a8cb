//! What the health score is made of (Enter on the Health pane): the
//! formula, the costliest open problems of the last 5 minutes with what
//! each costs, the rest summed, and what resolving and silencing saved.
//! The same figures as `GET /api/logs/health?explain=true`.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::layout::Screen;
use super::text::{fit, safe};
use crate::model::Severity;
use crate::theme::Role;

/// Draws the explanation into `area`.
pub(super) fn render(frame: &mut Frame, area: Rect, screen: &Screen) {
    let palette = screen.palette;
    let block = Block::bordered()
        .title(Span::styled(
            " What the health score is made of (Esc back) ",
            palette.role(Role::Title),
        ))
        .border_style(palette.border(true));
    let width = block.inner(area).width as usize;
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines(screen, width))
            .block(block)
            .wrap(Wrap { trim: false }),
        area,
    );
}

/// The explanation's lines for a pane `width` columns wide.
fn lines<'a>(screen: &Screen, width: usize) -> Vec<Line<'a>> {
    let (snap, palette) = (screen.snapshot, screen.palette);
    let e = &snap.health_explained;
    let dim = palette.role(Role::TextDim);
    let text = palette.role(Role::Text);
    let title = palette.role(Role::Title);
    let weights = [
        Severity::Critical,
        Severity::Error,
        Severity::Warning,
        Severity::Info,
    ]
    .map(|s| format!("{} {}", s.as_str(), s.health_weight()))
    .join(", ");
    let mut out = vec![
        Line::from(vec![
            Span::styled(format!("{:.2} ", e.score), palette.health(snap.status)),
            Span::styled(format!("{} ", snap.status.as_str()), title),
            Span::styled(format!("= 100 - {:.2}", e.total_cost), text),
        ]),
        Line::from(Span::styled(
            format!(
                "Each open problem seen in the last 5 minutes costs weight × (1 + log2 occurrences); weights {weights}."
            ),
            dim,
        )),
        Line::default(),
    ];
    if e.costs.is_empty() {
        out.push(Line::from(Span::styled(
            "No open problem in the last 5 minutes: nothing costs anything.",
            text,
        )));
    } else {
        out.push(Line::from(Span::styled(
            "  cost  ×5min  severity  type                      file",
            title,
        )));
        for cost in &e.costs {
            let fixed = format!(
                "{:>6.2} {:>6}  {:<8}  {:<24}  ",
                cost.cost,
                cost.occurrences_5min,
                cost.severity.as_str(),
                fit(&safe(&cost.issue_type), 24),
            );
            let room = width.saturating_sub(fixed.chars().count() + 1);
            out.push(Line::from(vec![
                Span::styled(fixed, palette.severity(cost.severity)),
                Span::styled(fit(&safe(&cost.source_file), room), dim),
            ]));
        }
    }
    if e.other_problems > 0 {
        out.push(Line::from(Span::styled(
            format!(
                "{:>6.2}  and {} more problem(s)",
                e.other_cost, e.other_problems
            ),
            text,
        )));
    }
    out.push(Line::default());
    out.push(Line::from(Span::styled(
        format!(
            "Cost nothing: {} resolved, {} silenced (resolve a problem and its cost goes at once).",
            e.resolved, e.silenced
        ),
        dim,
    )));
    out
}
