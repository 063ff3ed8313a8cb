//! The "Hosts" pane, shown with several hosts: each host's health score
//! and band, its open and open critical issues, and when its latest issue
//! came; worst first. Enter on a row narrows the dashboard to that host.
//! Names come from the network and are drawn through [`hosts::label`].

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Block, Cell, Row, Table, TableState};

use super::Palette;
use super::hosts::{self, HOST_MAX};
use super::layout::{Areas, Screen, Scroll, keep_visible};
use super::state::{Context, Pane};
use super::text::{dated, pad_left, when, when_width, width};
use crate::store::HostHealth;
use crate::theme::Role;

/// Narrowest the host column is before the status word, then the time,
/// give their room to it.
const HOST_MIN: usize = 8;
/// The score's column: `100.0`.
const SCORE: usize = 5;
/// The status word's column: `degraded`.
const STATUS: usize = 8;

/// Draws the pane into `area`, keeping the selected host visible.
pub(super) fn render(
    frame: &mut Frame,
    area: Rect,
    screen: &Screen,
    scroll: &mut Scroll,
    areas: &mut Areas,
) {
    let (snap, state, palette) = (screen.snapshot, screen.state, screen.palette);
    let focused = state.focus == Pane::Hosts;
    let cx = Context {
        snapshot: snap,
        view: screen.view,
        areas: &Areas::default(),
    };
    let rows = state.host_rows(&cx);
    let selected = state.host_row(&cx);
    let mut title = format!(" Hosts ({}) ", rows.len());
    match &state.filters.host {
        Some(host) => title.push_str(&format!("· showing {} ", hosts::label(host, HOST_MAX))),
        None if focused => title.push_str("· Enter: only this host "),
        None => {}
    }
    let block = Block::bordered()
        .title(Span::styled(title, palette.role(Role::Title)))
        .border_style(palette.border(focused));
    let inner = block.inner(area);
    let height = inner.height.saturating_sub(1) as usize;
    let offset = match selected {
        Some(row) => keep_visible(row, scroll.hosts_offset, height, rows.len()),
        None => scroll.hosts_offset.min(rows.len().saturating_sub(1)),
    };
    scroll.hosts_offset = offset;
    areas.hosts_offset = offset;
    areas.hosts_rows = height.min(rows.len().saturating_sub(offset));
    let shown = &rows[offset.min(rows.len())..(offset + height).min(rows.len())];
    let widths = Widths::of(shown, inner.width as usize, snap.taken_at);
    let chosen = state.filters.host.as_deref();
    let body: Vec<Row> = shown
        .iter()
        .map(|h| row(h, &widths, snap.taken_at, palette, chosen == Some(&h.host)))
        .collect();
    let table = table(body, block, &widths, palette, focused);
    let mut table_state = TableState::default().with_selected(selected.map(|row| row - offset));
    frame.render_stateful_widget(table, area, &mut table_state);
}

/// The columns' widths for the hosts on screen; 0: left out.
struct Widths {
    host: usize,
    status: usize,
    open: usize,
    critical: usize,
    last: usize,
}

impl Widths {
    /// Sized from `shown` in `inner` columns: the figures as wide as they
    /// need, the host the rest (up to [`HOST_MAX`]); short of room, the
    /// status word goes first (the score's colour says the band), then
    /// the time.
    fn of(shown: &[&HostHealth], inner: usize, today: DateTime<Utc>) -> Widths {
        let digits = |f: &dyn Fn(&HostHealth) -> u64| {
            shown
                .iter()
                .map(|h| f(h).to_string().len())
                .max()
                .unwrap_or(0)
        };
        let open = digits(&|h| h.open).max(width("Open"));
        let critical = digits(&|h| h.open_critical).max(width("Crit"));
        let dated = shown
            .iter()
            .any(|h| h.last_issue.is_some_and(|at| dated(at, today)));
        let mut widths = Widths {
            host: 0,
            status: STATUS,
            open,
            critical,
            last: when_width(dated),
        };
        let widest = shown
            .iter()
            .map(|h| width(&hosts::label(&h.host, HOST_MAX)))
            .max()
            .unwrap_or(0)
            .max(width("Host"));
        let left = |w: &Widths| {
            // Every column after the host, each with the space before it.
            let fixed = [SCORE, w.status, w.open, w.critical, w.last]
                .iter()
                .filter(|&&c| c > 0)
                .map(|c| c + 1)
                .sum::<usize>();
            inner.saturating_sub(fixed)
        };
        if left(&widths) < HOST_MIN.min(widest) {
            widths.status = 0;
        }
        if left(&widths) < HOST_MIN.min(widest) {
            widths.last = 0;
        }
        widths.host = widest.min(HOST_MAX).min(left(&widths));
        widths
    }
}

/// One host's line.
fn row<'a>(
    h: &HostHealth,
    widths: &Widths,
    today: DateTime<Utc>,
    palette: &Palette,
    chosen: bool,
) -> Row<'a> {
    let band = palette.health(h.status);
    // The host the dashboard is narrowed to stands out.
    let name = palette.role(if chosen { Role::Title } else { Role::Text });
    let critical = match h.open_critical {
        0 => palette.role(Role::TextDim),
        _ => palette.severity(crate::model::Severity::Critical),
    };
    let mut cells = vec![
        Cell::from(Span::styled(hosts::label(&h.host, widths.host), name)),
        Cell::from(Span::styled(
            pad_left(&format!("{:.1}", h.health), SCORE),
            band,
        )),
    ];
    if widths.status > 0 {
        cells.push(Cell::from(Span::styled(h.status.as_str(), band)));
    }
    cells.push(Cell::from(pad_left(&h.open.to_string(), widths.open)));
    cells.push(Cell::from(Span::styled(
        pad_left(&h.open_critical.to_string(), widths.critical),
        critical,
    )));
    if widths.last > 0 {
        let last = h
            .last_issue
            .map_or_else(|| "-".to_string(), |at| when(at, today));
        cells.push(Cell::from(Span::styled(
            pad_left(&last, widths.last),
            palette.role(Role::TextDim),
        )));
    }
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
    let mut header = vec!["Host".to_string(), pad_left("Score", SCORE)];
    let mut lengths = vec![widths.host, SCORE];
    if widths.status > 0 {
        header.push("Status".to_string());
        lengths.push(widths.status);
    }
    header.push(pad_left("Open", widths.open));
    header.push(pad_left("Crit", widths.critical));
    lengths.extend([widths.open, widths.critical]);
    if widths.last > 0 {
        header.push(pad_left("Last", widths.last));
        lengths.push(widths.last);
    }
    let lengths = lengths
        .into_iter()
        .map(|w| Constraint::Length(u16::try_from(w).unwrap_or(u16::MAX)));
    Table::new(body, lengths)
        .header(Row::new(header).style(palette.role(Role::TextDim)))
        .block(block)
        .row_highlight_style(if focused {
            palette.role(Role::Selection)
        } else {
            // Unfocused: no highlight, so the bands' colours stay.
            ratatui::style::Style::default()
        })
}
