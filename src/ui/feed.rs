//! The "Issues" feed: newest first, one row per issue, severity colored.
//! Only the visible rows are built, so a frame costs the same with 100
//! issues or 100,000.

use std::sync::Arc;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, List, ListItem, ListState, Paragraph, Wrap};

use super::layout::{Areas, Screen, Scroll, keep_visible};
use super::row_text::RowText;
use super::state::Pane;
use super::text::{clock, file_name, fit, pad, safe, short_severity, width};
use crate::model::{Issue, Standing};
use crate::theme::Role;

/// Columns the message keeps before the file name is given any.
const MESSAGE_MIN: usize = 30;

/// Columns a file name may take when the message is cut.
const FILE_MAX: usize = 18;

/// Draws the feed into `area`, keeping the selection visible.
pub(super) fn render(
    frame: &mut Frame,
    area: Rect,
    screen: &Screen,
    scroll: &mut Scroll,
    areas: &mut Areas,
) {
    let (state, palette, view, snap) = (screen.state, screen.palette, screen.view, screen.snapshot);
    let focused = state.focus == Pane::Feed;
    let selected = selected_row(screen);
    let mut title = format!(" Issues ({}) ", view.len());
    if selected.is_none() && !view.is_empty() {
        // Acting on a neighbour would act on the wrong issue: say it instead.
        title.push_str("· the selected issue is no longer shown, ↑↓ to pick ");
    } else if !state.following() {
        title.push_str("· scrolled, g for newest ");
    }
    let block = Block::bordered()
        .title(Span::styled(title, palette.role(Role::Title)))
        .border_style(palette.border(focused));
    let inner = block.inner(area);
    let height = inner.height as usize;
    let offset = match selected {
        Some(row) => keep_visible(row, scroll.feed_offset, height, view.len()),
        None => scroll.feed_offset.min(view.len().saturating_sub(1)),
    };
    scroll.feed_offset = offset;
    areas.feed_rows = height.min(view.len().saturating_sub(offset));
    areas.feed_offset = offset;
    let cols = inner.width.saturating_sub(2) as usize;
    let items: Vec<ListItem> = (offset..(offset + height).min(view.len()))
        .filter_map(|row| view.issue(snap, row))
        .map(|issue| ListItem::new(row_line(issue, cols, screen)))
        .collect();
    if items.is_empty() {
        let hint = Paragraph::new(Span::styled(
            empty_hint(screen),
            palette.role(Role::TextDim),
        ))
        .wrap(Wrap { trim: true })
        .block(block);
        frame.render_widget(hint, area);
        return;
    }
    let list = List::new(items)
        .block(block)
        .highlight_symbol("▶ ")
        .highlight_style(if focused {
            palette.role(Role::Selection)
        } else {
            // Unfocused: the marker alone, so severity colors stay.
            Style::default()
        });
    let mut list_state = ListState::default().with_selected(selected.map(|row| row - offset));
    frame.render_stateful_widget(list, area, &mut list_state);
}

/// What an empty feed says: that filters hide everything, or that
/// nothing has come yet, and, when files are followed from their end,
/// that older lines are not read and how to read them.
fn empty_hint(screen: &Screen) -> &'static str {
    if !screen.snapshot.issues.is_empty() {
        "No issue matches the filters (Esc clears the text, s and c cycle)."
    } else if screen.chrome.from_start {
        "No issues yet: problems appear here the moment they are written."
    } else {
        "No issues yet. Files already here are followed from their end: only lines \
         written from now on appear here. To read what they hold already, start \
         logwarden with --from-start (it reads a file from its beginning the first \
         time it sees it)."
    }
}

fn selected_row(screen: &Screen) -> Option<usize> {
    let cx = super::state::Context {
        snapshot: screen.snapshot,
        view: screen.view,
        areas: &Areas::default(),
    };
    screen.state.feed_row(&cx)
}

/// One issue as a row: time, severity, type, mark, badge, message, then
/// the file name if there is room after the message.
fn row_line<'a>(issue: &Arc<Issue>, cols: usize, screen: &Screen) -> Line<'a> {
    let palette = screen.palette;
    let time = clock(issue.timestamp);
    let type_cols = if cols >= 90 { 19 } else { 14 };
    let fixed = time.len() + 1 + 4 + 1 + type_cols + 1 + 2;
    let rest = cols.saturating_sub(fixed);
    let file = safe(file_name(&issue.source_file)).into_owned();
    let row_text = screen.view.row_text(issue);
    let (message, file_cols) = message_and_file(&row_text, width(&file), rest);
    let message_cols = if file_cols > 0 {
        rest - 2 - file_cols
    } else {
        rest
    };
    let text = palette.role(if issue.resolved {
        Role::TextDim
    } else {
        Role::Text
    });
    let mut spans = vec![
        Span::styled(time, palette.role(Role::TextDim)),
        Span::raw(" "),
        Span::styled(
            short_severity(issue.severity),
            palette.severity(issue.severity),
        ),
        Span::raw(" "),
        Span::styled(pad(&safe(&issue.issue_type), type_cols), text),
        Span::raw(" "),
        mark(issue, screen, text),
    ];
    spans.extend(message_spans(issue, message, message_cols, screen, text));
    if file_cols > 0 {
        spans.push(Span::raw("  "));
        spans.push(Span::styled(
            fit(&file, file_cols),
            palette.role(Role::TextDim),
        ));
    }
    Line::from(spans)
}

/// The message to show and the columns the file name gets, for `rest`
/// columns after the fixed ones.
fn message_and_file(text: &RowText, file_width: usize, rest: usize) -> (&str, usize) {
    if rest >= text.full_width + 2 + file_width {
        return (&text.full, file_width);
    }
    // Short of space: the time column already says when, so the line's
    // own timestamp goes first, then the file name gets squeezed.
    let file_cols = file_width.min(FILE_MAX);
    let file_cols = if rest >= MESSAGE_MIN + 2 + file_cols {
        file_cols
    } else if rest > MESSAGE_MIN + 6 {
        rest - MESSAGE_MIN - 2
    } else {
        0
    };
    (&text.untimed, file_cols)
}

/// The badge (if any) and the message, padded to `cols` together.
fn message_spans<'a>(
    issue: &Issue,
    message: &str,
    cols: usize,
    screen: &Screen,
    text: Style,
) -> Vec<Span<'a>> {
    // A group's occurrences, before its latest line.
    let message = if issue.count > 1 {
        format!("×{} {message}", issue.count)
    } else {
        message.to_string()
    };
    // Signals take their room from the message.
    let badge = badges(issue);
    let message = pad(&message, cols.saturating_sub(width(&badge)));
    let mut spans = Vec::with_capacity(2);
    if !badge.is_empty() {
        spans.push(Span::styled(badge, screen.palette.role(Role::Badge)));
    }
    spans.push(Span::styled(message, text));
    spans
}

/// The mark column: ✓ resolved; ↺ a regression (it happened again after
/// being resolved); ◌ silenced; ◆ acknowledged (someone is on it); ✦ a new
/// pattern nobody has handled yet.
fn mark<'a>(issue: &Issue, screen: &Screen, text: Style) -> Span<'a> {
    let (mark, style) = match issue.standing(screen.snapshot.taken_at) {
        Standing::Resolved => ("✓ ", text),
        Standing::Regression => ("↺ ", text),
        Standing::Silenced => ("◌ ", text),
        Standing::Acknowledged => ("◆ ", text),
        Standing::NewPattern => ("✦ ", screen.palette.role(Role::Badge)),
        Standing::Open => ("  ", text),
    };
    Span::styled(mark, style)
}

/// A spiking group's badge: `▲12× ` while it occurs 12 times its usual
/// rate (a new pattern is marked in the mark column).
fn badges(issue: &Issue) -> String {
    issue
        .spike_factor
        .map(|factor| format!("▲{factor:.0}× "))
        .unwrap_or_default()
}
