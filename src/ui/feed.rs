//! The "Issues" feed: newest first, one row per issue, severity colored.
//! Only the visible rows are built, so a frame costs the same with 100
//! issues or 100,000.

use std::sync::Arc;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, List, ListItem, ListState, Paragraph, Wrap};

use super::columns::{self, FeedColumns};
use super::hosts::{self, HOST_MAX};
use super::layout::{Areas, Screen, Scroll, keep_visible};
use super::state::Pane;
use super::text::{dated, pad, pad_left, safe, short_severity, when, when_width, width};
use crate::model::{Issue, Standing};
use crate::theme::Role;

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
    let title = title(screen, selected);
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
    let shown: Vec<&Arc<Issue>> = (offset..(offset + height).min(view.len()))
        .filter_map(|row| view.issue(snap, row))
        .collect();
    let layout = RowLayout::of(&shown, cols, screen);
    let matches = state.search.as_ref().map(|s| view.matches(snap, s));
    let items: Vec<ListItem> = shown
        .iter()
        .enumerate()
        .map(|(at, issue)| {
            let item = ListItem::new(row_line(issue, &layout, screen));
            let row = offset + at;
            if matches
                .as_ref()
                .is_some_and(|m| m.binary_search(&row).is_ok())
            {
                item.style(palette.role(Role::SearchMatch))
            } else {
                item
            }
        })
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
        "No issue passes the filters (C or Esc clears them all)."
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

/// The feed's title: how many rows (of how many held, when filtered),
/// every filter in effect, the search, and where the selection is.
fn title(screen: &Screen, selected: Option<usize>) -> String {
    let (state, view, snap) = (screen.state, screen.view, screen.snapshot);
    let active = state.filters.active();
    let mut title = if active.is_empty() {
        format!(" Issues ({}) ", view.len())
    } else {
        format!(
            " Issues ({} of {}) · filter: {} ",
            view.len(),
            snap.issues.len(),
            active.join(", ")
        )
    };
    if let Some(search) = &state.search {
        let found = view.matches(snap, search).len();
        title.push_str(&format!("· /{search}/ {found} found "));
    }
    if selected.is_none() && !view.is_empty() {
        // Acting on a neighbour would act on the wrong issue: say it instead.
        title.push_str("· the selected issue is no longer shown, ↑↓ to pick ");
    } else if !state.following() {
        title.push_str("· scrolled, g for newest ");
    }
    if state.zoomed {
        title.push_str("· z back ");
    }
    title
}

/// The widths one frame's rows share, from the rows on screen.
struct RowLayout {
    /// The time column (with dates when one of the rows is not from today).
    time: usize,
    /// The host column (0: one host, or the view narrowed to one).
    host: usize,
    /// The host is said elsewhere (column or title): a remote file column
    /// shows the stream alone.
    host_said: bool,
    /// Type, message and file.
    columns: FeedColumns,
}

impl RowLayout {
    fn of(shown: &[&Arc<Issue>], cols: usize, screen: &Screen) -> RowLayout {
        let today = screen.snapshot.taken_at;
        let time = when_width(shown.iter().any(|i| dated(i.timestamp, today)));
        let widest = |f: &dyn Fn(&Issue) -> usize| shown.iter().map(|i| f(i)).max().unwrap_or(0);
        let (snap, filters) = (screen.snapshot, &screen.state.filters);
        let (with_host, said) = (
            hosts::column_shown(snap, filters),
            hosts::host_said(snap, filters),
        );
        let kind = widest(&|i| width(&safe(&i.issue_type)));
        let file = widest(&|i| width(&safe(hosts::source_label(i, said))));
        // Time, severity, type and mark columns, with the spaces between.
        let rest = cols.saturating_sub(time + 1 + 4 + 1 + 1 + 2);
        let host = match with_host {
            true => columns::host(rest, widest(&|i| width(&hosts::label(&i.host, HOST_MAX)))),
            false => 0,
        };
        let rest = rest.saturating_sub(if host > 0 { host + 1 } else { 0 });
        RowLayout {
            time,
            host,
            host_said: said,
            columns: columns::feed(rest, kind, file),
        }
    }
}

/// One issue as a row: time, severity, host (with several), type, mark,
/// badge and message, then the file name (or a remote issue's stream).
fn row_line<'a>(issue: &Arc<Issue>, layout: &RowLayout, screen: &Screen) -> Line<'a> {
    let palette = screen.palette;
    let cols = layout.columns;
    let time = pad_left(
        &when(issue.timestamp, screen.snapshot.taken_at),
        layout.time,
    );
    let row_text = screen.view.row_text(issue);
    // Short of room: the time column already says when, so the line's own
    // timestamp goes first.
    let message = if row_text.full_width + prefix_width(issue) <= cols.message {
        &row_text.full
    } else {
        &row_text.untimed
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
    ];
    if layout.host > 0 {
        spans.push(Span::styled(
            pad(&hosts::label(&issue.host, layout.host), layout.host),
            palette.role(Role::TextDim),
        ));
        spans.push(Span::raw(" "));
    }
    spans.extend([
        Span::styled(pad(&safe(&issue.issue_type), cols.kind), text),
        Span::raw(" "),
        mark(issue, screen, text),
    ]);
    spans.extend(message_spans(issue, message, cols.message, screen, text));
    if cols.file > 0 {
        let file = safe(hosts::source_label(issue, layout.host_said));
        spans.push(Span::raw("  "));
        spans.push(Span::styled(
            pad(&file, cols.file),
            palette.role(Role::TextDim),
        ));
    }
    Line::from(spans)
}

/// Columns the badge and the `×N` count take before the message.
fn prefix_width(issue: &Issue) -> usize {
    let count = if issue.count > 1 {
        width(&format!("×{} ", issue.count))
    } else {
        0
    };
    count + width(&badges(issue))
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
