//! The "Detail" view: one issue whole (the full event, e.g. a traceback),
//! where it came from, what it means, and its state.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::layout::Screen;
use super::text::{clock, file_name, safe};
use crate::model::Issue;
use crate::theme::Role;

/// The group's signals in words.
fn signals(issue: &Issue) -> String {
    let mut said = Vec::new();
    if issue.new_pattern {
        said.push("new pattern (its template had never been seen)".to_string());
    }
    if let Some(factor) = issue.spike_factor {
        said.push(format!(
            "spiking: {factor}× its usual rate over the last minute"
        ));
    }
    if said.is_empty() {
        "-".into()
    } else {
        said.join("; ")
    }
}

/// Draws the detail popup into `area`.
pub fn render(frame: &mut Frame, area: Rect, screen: &Screen) {
    let palette = screen.palette;
    let block = Block::bordered()
        .title(Span::styled(
            " Detail (Esc back · r resolve · u reopen) ",
            palette.role(Role::Title),
        ))
        .border_style(palette.border(true));
    frame.render_widget(Clear, area);
    let issue = screen
        .state
        .detail
        .as_deref()
        .and_then(|id| screen.snapshot.find(id));
    let Some(issue) = issue else {
        let gone =
            Paragraph::new("This issue is no longer held (the store dropped it).").block(block);
        frame.render_widget(gone, area);
        return;
    };
    let label = palette.role(Role::TextDim);
    let text = palette.role(Role::Text);
    let field = |name: &str, value: String| {
        Line::from(vec![
            Span::styled(format!("{name:<13}"), label),
            Span::styled(value, text),
        ])
    };
    let place = match issue.line {
        Some(n) => format!("{}:{n}", safe(&issue.source_file)),
        None => safe(&issue.source_file).into_owned(),
    };
    let mut lines = vec![
        Line::from(vec![
            Span::styled(issue.severity.as_str(), palette.severity(issue.severity)),
            Span::styled(
                format!("  {}", safe(&issue.issue_type)),
                palette.role(Role::Title),
            ),
        ]),
        field("description", safe(&issue.description).into_owned()),
        field("category", safe(&issue.category).into_owned()),
        field("source", place),
        field("detected", issue.timestamp.to_string()),
        field(
            "occurrences",
            if issue.count > 1 {
                format!(
                    "{} (first {}, latest {})",
                    issue.count, issue.first_seen, issue.last_seen
                )
            } else {
                "1".into()
            },
        ),
        field(
            "group",
            issue.group_id.clone().unwrap_or_else(|| "-".into()),
        ),
        field(
            "template",
            issue
                .template
                .as_deref()
                .map_or_else(|| "-".into(), |t| safe(t).into_owned()),
        ),
        field("signals", signals(issue)),
        field(
            "log time",
            issue.log_time.clone().unwrap_or_else(|| "-".into()),
        ),
        field("auto_heal", issue.auto_heal.to_string()),
        field(
            "resolved",
            if issue.resolved {
                "yes".into()
            } else if issue.regression {
                "no (a regression: it happened again after being resolved)".into()
            } else {
                "no".into()
            },
        ),
        field(
            "acknowledged",
            if issue.acknowledged { "yes" } else { "no" }.into(),
        ),
        field(
            "silenced",
            match issue.silenced_until {
                Some(until) if issue.silenced(screen.snapshot.taken_at) => {
                    format!("until {until} (does not count against health)")
                }
                _ => "no".into(),
            },
        ),
        field("rule", safe(&issue.rule).into_owned()),
        field("id", issue.id.clone()),
        Line::default(),
    ];
    // Each event line sanitized on its own, so the event keeps its shape.
    lines.extend(
        issue
            .event
            .lines()
            .map(|l| Line::styled(safe(l).into_owned(), text)),
    );
    if issue.sources.len() > 1 {
        lines.push(Line::default());
        lines.push(Line::styled("Files", palette.role(Role::Title)));
        lines.extend(
            issue
                .sources
                .iter()
                .map(|f| Line::styled(format!("  {}", safe(f)), text)),
        );
    }
    if !issue.occurrences.is_empty() {
        lines.push(Line::default());
        lines.push(Line::styled(
            "Earlier occurrences (newest first)",
            palette.role(Role::Title),
        ));
        for o in &issue.occurrences {
            let place = match o.line {
                Some(n) => format!("{}:{n}", file_name(&o.source_file)),
                None => file_name(&o.source_file).to_string(),
            };
            lines.push(Line::from(vec![
                Span::styled(format!("  {} {} ", clock(o.timestamp), safe(&place)), label),
                Span::styled(safe(&o.log_line).into_owned(), text),
            ]));
        }
    }
    let paragraph = Paragraph::new(lines)
        .block(block)
        .wrap(Wrap { trim: false })
        .scroll((screen.state.detail_scroll, 0));
    frame.render_widget(paragraph, area);
}
