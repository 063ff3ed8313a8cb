//! The "Critical issues" table: unresolved CRITICAL and ERROR issues by
//! type and source, with how many there are and when the last came.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Block, Cell, Row, Table, TableState};

use super::Palette;
use super::layout::{Areas, Screen, Scroll, keep_visible};
use super::state::Pane;
use super::text::{clock, file_name, safe, short_severity};
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
    let rows = &snap.critical;
    let block = Block::bordered()
        .title(Span::styled(
            format!(" Critical issues ({}) ", rows.len()),
            palette.role(Role::Title),
        ))
        .border_style(palette.border(focused));
    let height = block.inner(area).height.saturating_sub(1) as usize;
    let cx = super::state::Context {
        snapshot: snap,
        view: screen.view,
        areas: &Areas::default(),
    };
    let selected = state.critical_row(&cx);
    let offset = match selected {
        Some(row) => keep_visible(row, scroll.critical_offset, height, rows.len()),
        None => scroll.critical_offset.min(rows.len().saturating_sub(1)),
    };
    scroll.critical_offset = offset;
    areas.critical_offset = offset;
    areas.critical_rows = height.min(rows.len().saturating_sub(offset));
    let body: Vec<Row> = rows
        .iter()
        .skip(offset)
        .take(height)
        .map(|r| row(r, palette))
        .collect();
    let table = table(body, block, palette, focused);
    let mut table_state = TableState::default().with_selected(selected.map(|row| row - offset));
    frame.render_stateful_widget(table, area, &mut table_state);
}

/// One type-and-source line of the table.
fn row<'a>(r: &CriticalRow, palette: &Palette) -> Row<'a> {
    Row::new(vec![
        Cell::from(Span::styled(
            short_severity(r.severity),
            palette.severity(r.severity),
        )),
        Cell::from(safe(&r.issue_type).into_owned()),
        Cell::from(format!("{:>5}", r.count)),
        Cell::from(clock(r.latest.timestamp)),
        Cell::from(safe(file_name(&r.source_file)).into_owned()),
    ])
    .style(palette.role(Role::Text))
}

/// The table around `body`: header, column widths, the selection's look.
fn table<'a>(body: Vec<Row<'a>>, block: Block<'a>, palette: &Palette, focused: bool) -> Table<'a> {
    let header =
        Row::new(["Sev", "Type", "Count", "Last", "Source"]).style(palette.role(Role::TextDim));
    let widths = [
        Constraint::Length(4),
        // Type names run longer than file names and matter more.
        Constraint::Fill(3),
        Constraint::Length(5),
        Constraint::Length(8),
        Constraint::Fill(2),
    ];
    Table::new(body, widths)
        .header(header)
        .block(block)
        .row_highlight_style(if focused {
            palette.role(Role::Selection)
        } else {
            // Unfocused: the marker alone, so severity colors stay.
            ratatui::style::Style::default()
        })
}
