//! logwarden's own log ("logwarden log"): files added, rotations,
//! unreadable files, from `tracing` through tui-logger.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::Block;
use tui_logger::{TuiLoggerLevelOutput, TuiLoggerWidget, TuiWidgetState};

use super::layout::Screen;
use super::state::Pane;
use crate::theme::Role;

/// Draws the log pane into `area`.
pub(super) fn render(frame: &mut Frame, area: Rect, screen: &Screen, state: &TuiWidgetState) {
    let palette = screen.palette;
    let block = Block::bordered()
        .title(Span::styled(" logwarden log ", palette.role(Role::Title)))
        .border_style(palette.border(screen.state.focus == Pane::Log));
    let widget = TuiLoggerWidget::default()
        .block(block)
        .output_separator(' ')
        .output_timestamp(Some("%H:%M:%S".into()))
        .output_level(Some(TuiLoggerLevelOutput::Abbreviated))
        .output_target(false)
        .output_file(false)
        .output_line(false)
        .style(palette.role(Role::Text))
        .style_warn(palette.role(Role::SeverityWarning))
        .style_error(palette.role(Role::SeverityError))
        .state(state);
    frame.render_widget(widget, area);
}
