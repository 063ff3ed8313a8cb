//! The "Critical issues" table: unresolved CRITICAL and ERROR issues by
//! type and source (and host, with several), with how many there are and
//! when the last came.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Block, Cell, Row, Table, TableState};

use super::Palette;
use super::columns;
use super::hosts::{self, HOST_MAX, label};
use super::layout::{Areas, Screen, Scroll, keep_visible};
use super::state::Pane;
use super::text::{dated, fit, pad_left, safe, short_severity, when, when_width, width};
use crate::store::CriticalRow;
use crate::theme::Role;

/// Draws the table into `area`, keeping the selected row visible.
pub(super) fn render(
    frame: &mut Frame,
    area: Rect,
    screen: &Screen,
    scroll: &mut Scroll,
    areas: &mut Areas,
) {
    let (snap, state, palette) = (screen.snapshot, screen.state, screen.palette);
    let focused = state.focus == Pane::Critical;
    let rows = state.critical_rows(snap);
    let cx = super::state::Context {
        snapshot: snap,
        view: screen.view,
        areas: &Areas::default(),
    };
    let selected = state.critical_row(&cx);
    // A picked row whose issues left the table is said, not replaced.
    let gone = if state.critical.is_some() && selected.is_none() {
        "· the selected row is no longer listed, ↑↓ to pick "
    } else {
        ""
    };
    // Narrowed to one host: how many of all, and whose.
    let count = match &state.filters.host {
        None => format!("({})", rows.len()),
        Some(host) => format!(
            "({} of {}) · host {}",
            rows.len(),
            snap.critical.len(),
            label(host, HOST_MAX)
        ),
    };
    let block = Block::bordered()
        .title(Span::styled(
            format!(" Critical issues {count} {gone}"),
            palette.role(Role::Title),
        ))
        .border_style(palette.border(focused));
    let height = block.inner(area).height.saturating_sub(1) as usize;
    let offset = match selected {
        Some(row) => keep_visible(row, scroll.critical_offset, height, rows.len()),
        None => scroll.critical_offset.min(rows.len().saturating_sub(1)),
    };
    scroll.critical_offset = offset;
    areas.critical_offset = offset;
    areas.critical_rows = height.min(rows.len().saturating_sub(offset));
    let shown = &rows[offset.min(rows.len())..(offset + height).min(rows.len())];
    let with_host = hosts::column_shown(snap, &state.filters);
    let said = hosts::host_said(snap, &state.filters);
    let widths = Widths::of(
        shown,
        block.inner(area).width as usize,
        snap.taken_at,
        (with_host, said),
    );
    let body: Vec<Row> = shown
        .iter()
        .map(|r| row(r, &widths, snap.taken_at, palette))
        .collect();
    let table = table(body, block, &widths, palette, focused);
    let mut table_state = TableState::default().with_selected(selected.map(|row| row - offset));
    frame.render_stateful_widget(table, area, &mut table_state);
}

/// The columns' widths for the rows on screen.
struct Widths {
    /// 0: no host column (one host, or the view narrowed to one).
    host: usize,
    /// The host is said elsewhere: a remote source shows its stream alone.
    host_said: bool,
    kind: usize,
    count: usize,
    last: usize,
    source: usize,
}

impl Widths {
    /// Sized from `shown` in `inner` columns: count and time as wide as
    /// they need, the host (`with_host`) a few, the rest shared by type
    /// and source ([`columns::table`]); `host_said`: a remote source shows
    /// its stream alone.
    fn of(
        shown: &[&CriticalRow],
        inner: usize,
        today: DateTime<Utc>,
        (with_host, host_said): (bool, bool),
    ) -> Widths {
        let count = shown
            .iter()
            .map(|r| r.count.to_string().len())
            .max()
            .unwrap_or(0)
            .max(width(COUNT));
        let last = when_width(shown.iter().any(|r| dated(r.latest.timestamp, today)));
        let widest =
            |f: &dyn Fn(&CriticalRow) -> usize| shown.iter().map(|r| f(r)).max().unwrap_or(0);
        let kind = widest(&|r| width(&safe(&r.issue_type))).max(width("Type"));
        let source = widest(&|r| width(&safe(hosts::source_label(&r.latest, host_said))))
            .max(width("Source"));
        // Severity, count and time, and a space between each two columns.
        let rest = inner.saturating_sub(4 + count + last + 4);
        let host = match with_host {
            true => {
                let names = widest(&|r| width(&hosts::label(&r.latest.host, HOST_MAX)));
                columns::table_host(rest, names.max(width("Host")))
            }
            false => 0,
        };
        let rest = rest.saturating_sub(if host > 0 { host + 1 } else { 0 });
        let (kind, source) = columns::table(rest, kind, source);
        Widths {
            host,
            host_said,
            kind,
            count,
            last,
            source,
        }
    }
}

/// The count column's heading.
const COUNT: &str = "×";

/// One type-and-source line of the table, every text cut to its column
/// with `…` (a cell cuts silently).
fn row<'a>(r: &CriticalRow, widths: &Widths, today: DateTime<Utc>, palette: &Palette) -> Row<'a> {
    let mut cells = vec![Cell::from(Span::styled(
        short_severity(r.severity),
        palette.severity(r.severity),
    ))];
    if widths.host > 0 {
        cells.push(Cell::from(Span::styled(
            hosts::label(&r.latest.host, widths.host),
            palette.role(Role::TextDim),
        )));
    }
    let source = hosts::source_label(&r.latest, widths.host_said);
    cells.extend([
        Cell::from(fit(&safe(&r.issue_type), widths.kind)),
        Cell::from(pad_left(&r.count.to_string(), widths.count)),
        Cell::from(pad_left(&when(r.latest.timestamp, today), widths.last)),
        Cell::from(fit(&safe(source), widths.source)),
    ]);
    Row::new(cells).style(palette.role(Role::Text))
}

/// The table around `body`: header, column widths, the selection's look.
fn table<'a>(
    body: Vec<Row<'a>>,
    block: Block<'a>,
    widths: &Widths,
    palette: &Palette,
    focused: bool,
) -> Table<'a> {
    let mut header = vec!["Sev".to_string()];
    let mut lengths = vec![4];
    if widths.host > 0 {
        header.push("Host".to_string());
        lengths.push(widths.host);
    }
    header.extend([
        "Type".to_string(),
        pad_left(COUNT, widths.count),
        "Last".to_string(),
        "Source".to_string(),
    ]);
    lengths.extend([widths.kind, widths.count, widths.last, widths.source]);
    let header = Row::new(header).style(palette.role(Role::TextDim));
    let lengths = lengths
        .into_iter()
        .map(|w| Constraint::Length(u16::try_from(w).unwrap_or(u16::MAX)));
    Table::new(body, lengths)
        .header(header)
        .block(block)
        .row_highlight_style(if focused {
            palette.role(Role::Selection)
        } else {
            // Unfocused: the marker alone, so severity colors stay.
            ratatui::style::Style::default()
        })
}
