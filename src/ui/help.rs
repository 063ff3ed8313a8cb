//! The "Help" overlay: every key, from the same table the tests check
//! against the key map, and what the feed's marks mean. It scrolls when
//! the screen is short (80x24 shows part of it).

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
    (
        "Tab / Shift-Tab",
        "next / previous pane: feed, critical, hosts, health, log",
    ),
    ("z", "zoom: the focused pane gets the whole screen"),
    (
        "Enter",
        "detail; on Health: what costs what; on Hosts: filter",
    ),
    (
        "Esc",
        "back: help, detail, prompt, zoom; else clear filters",
    ),
    (
        "r",
        "resolve the selection (a critical row: all its issues)",
    ),
    (
        "R",
        "resolve every issue of the selection's group (asks: y does it)",
    ),
    ("u", "reopen the selection"),
    (
        "h",
        "heal: run the selection's actions now (asks: y does it)",
    ),
    ("a", "acknowledge the selection (again: take it back)"),
    ("S", "silence the selection for an hour (again: end it)"),
    ("/", "search (regex): highlight matches, go to the first"),
    ("n / N", "next / previous match (wrapping)"),
    ("&", "filter: show only issues a regex matches"),
    ("!", "filter: hide issues a regex matches"),
    ("f / F", "filter: one file's issues, next / previous file"),
    ("H", "filter: one host's issues, next host (then all)"),
    (
        "o / e",
        "lines around the selection in its file / in $PAGER",
    ),
    (
        "s",
        "cycle minimum severity: all, WARNING+, ERROR+, CRITICAL",
    ),
    ("c", "cycle category"),
    ("m", "cycle marks: all, ✦ new patterns only, ▲ spiking only"),
    ("C", "clear every filter at once (not the search)"),
    ("p", "pause / resume the feed"),
    ("t", "cycle themes"),
    ("l", "show / hide logwarden's log"),
    ("?", "this help"),
    ("q / Ctrl-C", "quit"),
];

/// The marks a feed row can carry, and what each means.
pub(super) const MARKS: &[(&str, &str)] = &[
    ("✦", "a new pattern: never seen before, until handled"),
    ("▲12×", "a spike: 12 times the group's usual rate"),
    ("×300", "the group occurred 300 times (shown: the latest)"),
    ("↺", "a regression: it came back after being resolved"),
    ("◆", "acknowledged (a): someone is on it"),
    ("◌", "silenced (S): not counted against health"),
    ("✓", "resolved"),
];

/// Columns of the keys column.
const KEY_COLS: usize = 18;

/// Lines of the help: the keys, a blank line, a heading, the marks.
pub(super) fn line_count() -> usize {
    KEYS.len() + 2 + MARKS.len()
}

/// The popup's size (borders included) that shows every row uncut; a
/// short screen shows less and the help scrolls.
pub(super) fn size() -> (u16, u16) {
    let widest = KEYS
        .iter()
        .chain(MARKS)
        .map(|(_, what)| width(what))
        .max()
        .unwrap_or(0);
    let w = 1 + KEY_COLS + widest + 1 + 2;
    (
        u16::try_from(w).unwrap_or(u16::MAX),
        u16::try_from(line_count() + 2).unwrap_or(u16::MAX),
    )
}

/// Draws the help popup into `area`; returns the lines it shows at once.
pub(super) fn render(frame: &mut Frame, area: Rect, screen: &Screen) -> usize {
    let palette = screen.palette;
    let rows = usize::from(area.height.saturating_sub(2));
    let scroll = usize::from(screen.state.help_scroll).min(line_count().saturating_sub(rows));
    let title = if rows >= line_count() {
        " Help (? or Esc closes) ".to_string()
    } else {
        // Where in the help this is, so the rest is known to be there.
        let last = (scroll + rows).min(line_count());
        format!(
            " Help {}-{last} of {} (↑↓ scroll, ? or Esc closes) ",
            scroll + 1,
            line_count()
        )
    };
    let block = Block::bordered()
        .title(Span::styled(title, palette.role(Role::Title)))
        .border_style(palette.border(true));
    let row = |(keys, what): &(&str, &str)| {
        Line::from(vec![
            Span::styled(
                format!(
                    " {keys}{}",
                    " ".repeat(KEY_COLS.saturating_sub(width(keys)))
                ),
                palette.role(Role::Title),
            ),
            Span::styled(what.to_string(), palette.role(Role::Text)),
        ])
    };
    let mut lines: Vec<Line> = KEYS.iter().map(row).collect();
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        " Marks in the feed",
        palette.role(Role::Title),
    )));
    lines.extend(MARKS.iter().map(row));
    frame.render_widget(Clear, area);
    let scroll = u16::try_from(scroll).unwrap_or(u16::MAX);
    frame.render_widget(Paragraph::new(lines).block(block).scroll((scroll, 0)), area);
    rows
}
