//! The "Help" overlay: every key, from the same table the tests check
//! against the key map.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::layout::Screen;
use super::text::width;
use crate::theme::Role;

/// Every key and what it does, as shown in the help.
pub const KEYS: &[(&str, &str)] = &[
    ("j / ↓, k / ↑", "move down / up (mouse wheel too)"),
    ("PgDn / PgUp", "a page down / up"),
    ("g / G", "newest (follow new issues) / oldest"),
    ("Tab / Shift-Tab", "next / previous pane"),
    ("Enter", "detail of the selection (click selects)"),
    ("Esc", "back: close detail or help, clear the filter"),
    (
        "r",
        "resolve the selection (a critical row: all its issues)",
    ),
    (
        "R, then y",
        "resolve every issue of the selection's group (asks first)",
    ),
    ("u", "reopen the selection"),
    ("a", "acknowledge the selection (again: take it back)"),
    ("S", "silence the selection for an hour (again: end it)"),
    (
        "o / e",
        "lines around the selection in its file / in $PAGER",
    ),
    ("/", "filter by text (Enter keeps, Esc clears)"),
    (
        "s",
        "cycle minimum severity: all, WARNING+, ERROR+, CRITICAL",
    ),
    ("c", "cycle category"),
    ("n", "cycle: all, new patterns only, spiking only"),
    ("p", "pause / resume the feed"),
    ("t", "cycle themes"),
    ("l", "show / hide logwarden's log"),
    ("?", "this help"),
    ("q / Ctrl-C", "quit"),
];

/// Columns of the keys column.
const KEY_COLS: usize = 18;

/// The popup's size (borders included) that shows every row uncut.
pub(super) fn size() -> (u16, u16) {
    let widest = KEYS.iter().map(|(_, what)| width(what)).max().unwrap_or(0);
    let w = 1 + KEY_COLS + widest + 1 + 2;
    (
        u16::try_from(w).unwrap_or(u16::MAX),
        u16::try_from(KEYS.len() + 2).unwrap_or(u16::MAX),
    )
}

/// Draws the help popup into `area`.
pub(super) fn render(frame: &mut Frame, area: Rect, screen: &Screen) {
    let palette = screen.palette;
    let block = Block::bordered()
        .title(Span::styled(
            " Help (? or Esc closes) ",
            palette.role(Role::Title),
        ))
        .border_style(palette.border(true));
    let lines: Vec<Line> = KEYS
        .iter()
        .map(|(keys, what)| {
            Line::from(vec![
                Span::styled(format!(" {keys:<KEY_COLS$}"), palette.role(Role::Title)),
                Span::styled(*what, palette.role(Role::Text)),
            ])
        })
        .collect();
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
