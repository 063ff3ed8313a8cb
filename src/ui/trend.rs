//! The health score's trend beside the gauge: one character per minute
//! (or per few minutes when narrow) over the last hour, its height the
//! minute's lowest score, its colour that score's band.

use ratatui::text::Span;

use super::palette::Palette;
use super::timeline::{BLOCKS, columns, minutes_per_column};
use crate::store::{HealthStatus, Timeline};
use crate::theme::Role;

/// Narrowest trend worth drawing (label included).
pub(super) const MIN_COLS: usize = 12;

/// The label before the characters.
const LABEL: &str = "1h ";

/// Columns the trend takes when given at most `room`: the label and as
/// many characters as the hour needs at that width.
pub(super) fn width(room: usize) -> usize {
    if room < MIN_COLS {
        return 0;
    }
    let chars = room - LABEL.len();
    LABEL.len() + MINUTES_SHOWN.div_ceil(minutes_per_column(chars))
}

const MINUTES_SHOWN: usize = crate::store::MINUTES;

/// The trend as spans, for `cols` columns (as given by [`width`]).
pub(super) fn spans<'a>(timeline: &Timeline, cols: usize, palette: &Palette) -> Vec<Span<'a>> {
    let chars = cols.saturating_sub(LABEL.len());
    if chars == 0 {
        return Vec::new();
    }
    let dim = palette.role(Role::TextDim);
    let mut spans = vec![Span::styled(LABEL, dim)];
    for minutes in columns(timeline, minutes_per_column(chars)) {
        let lowest = minutes
            .iter()
            .filter_map(|m| m.health)
            .min_by(|a, b| a.total_cmp(b));
        spans.push(match lowest {
            // Not running then: a dot keeps the hour's span visible.
            None => Span::styled("·", dim),
            Some(score) => {
                // 0 is the lowest block (still visible), 100 the full one.
                let level = 1 + ((score.clamp(0.0, 100.0) / 100.0) * 7.0).round() as usize;
                Span::styled(BLOCKS[level], palette.health(HealthStatus::of(score)))
            }
        });
    }
    spans
}
