//! The "Detail" view: one issue whole (the full event, e.g. a traceback),
//! where it came from, what it means, and its state.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::layout::Screen;
use super::palette::Palette;
use super::text::{clock, file_name, safe};
use crate::model::Issue;
use crate::theme::Role;

/// Draws the detail popup into `area`.
pub(super) fn render(frame: &mut Frame, area: Rect, screen: &Screen) {
    let palette = screen.palette;
    let block = Block::bordered()
        .title(Span::styled(
            " Detail (Esc back · r resolve · u reopen · h heal) ",
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
    let mut lines = vec![heading(issue, palette)];
    lines.extend(fields(issue, screen).into_iter().map(|(name, value)| {
        Line::from(vec![
            Span::styled(format!("{name:<13}"), palette.role(Role::TextDim)),
            Span::styled(value, palette.role(Role::Text)),
        ])
    }));
    lines.extend(response_lines(issue, screen));
    lines.push(Line::default());
    lines.extend(event_lines(issue, palette));
    lines.extend(file_lines(issue, palette));
    lines.extend(occurrence_lines(issue, palette));
    let paragraph = Paragraph::new(lines)
        .block(block)
        .wrap(Wrap { trim: false })
        .scroll((screen.state.detail_scroll, 0));
    frame.render_widget(paragraph, area);
}

/// Severity and type.
fn heading<'a>(issue: &Issue, palette: &Palette) -> Line<'a> {
    Line::from(vec![
        Span::styled(issue.severity.as_str(), palette.severity(issue.severity)),
        Span::styled(
            format!("  {}", safe(&issue.issue_type)),
            palette.role(Role::Title),
        ),
    ])
}

/// The labelled fields: what it is, where and when, then its state.
fn fields(issue: &Issue, screen: &Screen) -> Vec<(&'static str, String)> {
    let or_dash = |text: Option<&str>| text.map_or_else(|| "-".into(), |t| safe(t).into_owned());
    let place = match issue.line {
        Some(n) => format!("{}:{n}", safe(&issue.source_file)),
        None => safe(&issue.source_file).into_owned(),
    };
    let mut fields = vec![
        ("description", safe(&issue.description).into_owned()),
        ("category", safe(&issue.category).into_owned()),
        ("source", place),
        ("detected", issue.timestamp.to_string()),
        ("occurrences", occurrences(issue)),
        (
            "group",
            issue.group_id.clone().unwrap_or_else(|| "-".into()),
        ),
        ("template", or_dash(issue.template.as_deref())),
        ("signals", signals(issue)),
        (
            "log time",
            issue.log_time.clone().unwrap_or_else(|| "-".into()),
        ),
        ("auto_heal", issue.auto_heal.to_string()),
    ];
    fields.extend(state_fields(issue, screen));
    fields.push(("rule", safe(&issue.rule).into_owned()));
    fields.push(("id", issue.id.clone()));
    fields
}

/// How many times, and between when.
fn occurrences(issue: &Issue) -> String {
    if issue.count > 1 {
        format!(
            "{} (first {}, latest {})",
            issue.count, issue.first_seen, issue.last_seen
        )
    } else {
        "1".into()
    }
}

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

/// Resolved, acknowledged, silenced.
fn state_fields(issue: &Issue, screen: &Screen) -> [(&'static str, String); 3] {
    let resolved = if issue.resolved {
        "yes"
    } else if issue.regression {
        "no (a regression: it happened again after being resolved)"
    } else {
        "no"
    };
    let silenced = match issue.silenced_until {
        Some(until) if issue.silenced(screen.snapshot.taken_at) => {
            format!("until {until} (does not count against health)")
        }
        _ => "no".into(),
    };
    let acknowledged = if issue.acknowledged { "yes" } else { "no" };
    [
        ("resolved", resolved.into()),
        ("acknowledged", acknowledged.into()),
        ("silenced", silenced),
    ]
}

/// What answers the issue: its named values, the alert it stands for, the
/// issue said to cause it, and healing (with the breakers of the actions).
fn response_lines<'a>(issue: &Issue, screen: &Screen) -> Vec<Line<'a>> {
    let palette = screen.palette;
    let mut said: Vec<(&'static str, String)> = Vec::new();
    if !issue.host.is_empty() {
        said.push(("host", safe(&issue.host).into_owned()));
    }
    if !issue.fields.is_empty() {
        let values: Vec<String> = issue
            .fields
            .iter()
            .map(|(k, v)| format!("{}={}", safe(k), safe(v)))
            .collect();
        said.push(("values", values.join(" ")));
    }
    if let Some(alert) = &issue.alert {
        let ended = if alert.recovered { " (recovered)" } else { "" };
        said.push((
            "alert",
            format!(
                "{}: {} occurrences since {}{ended}",
                safe(&alert.alert),
                alert.count,
                alert.since
            ),
        ));
    }
    if let Some(by) = &issue.suppressed_by {
        said.push((
            "suppressed by",
            format!("{by} (an inhibition: it does not alert)"),
        ));
    }
    if let Some(heal) = &issue.heal {
        let state = serde_json::to_value(heal.state)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        said.push((
            "healing",
            format!(
                "{state} by {} at {} ({} attempt{}): {}",
                safe(&heal.action),
                heal.at,
                heal.attempts,
                if heal.attempts == 1 { "" } else { "s" },
                safe(&heal.detail)
            ),
        ));
        if let Some(action) = screen.snapshot.actions.iter().find(|a| a.id == heal.action) {
            said.push((
                "breaker",
                format!("{} (press h to run its actions now)", action.breaker),
            ));
        }
    } else if issue.auto_heal || issue.alert.is_some() {
        said.push((
            "healing",
            "none yet (h runs the actions bound to it)".into(),
        ));
    }
    said.into_iter()
        .map(|(name, value)| {
            Line::from(vec![
                Span::styled(format!("{name:<13}"), palette.role(Role::TextDim)),
                Span::styled(value, palette.role(Role::Text)),
            ])
        })
        .collect()
}

/// The event's lines, each sanitized on its own so the event keeps its shape.
fn event_lines<'a>(issue: &'a Issue, palette: &'a Palette) -> impl Iterator<Item = Line<'a>> {
    let text = palette.role(Role::Text);
    issue
        .event
        .lines()
        .map(move |l| Line::styled(safe(l).into_owned(), text))
}

/// The files a group occurred in, when more than one.
fn file_lines<'a>(issue: &Issue, palette: &Palette) -> Vec<Line<'a>> {
    if issue.sources.len() <= 1 {
        return Vec::new();
    }
    let text = palette.role(Role::Text);
    let mut lines = vec![
        Line::default(),
        Line::styled("Files", palette.role(Role::Title)),
    ];
    lines.extend(
        issue
            .sources
            .iter()
            .map(|f| Line::styled(format!("  {}", safe(f)), text)),
    );
    lines
}

/// The group's earlier occurrences, newest first.
fn occurrence_lines<'a>(issue: &Issue, palette: &Palette) -> Vec<Line<'a>> {
    if issue.occurrences.is_empty() {
        return Vec::new();
    }
    let (label, text): (Style, Style) = (palette.role(Role::TextDim), palette.role(Role::Text));
    let mut lines = vec![
        Line::default(),
        Line::styled(
            "Earlier occurrences (newest first)",
            palette.role(Role::Title),
        ),
    ];
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
    lines
}
