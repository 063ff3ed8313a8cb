//! The timeline pane ("Issues per min"): occurrences per minute over the last hour, stacked
//! by severity (CRITICAL at the bottom), drawn from the snapshot's 60
//! buckets straight into the buffer (a few hundred cells per frame).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Block, Paragraph};

use super::layout::Screen;
use crate::model::Severity;
use crate::store::{MINUTES, Minute, Timeline};
use crate::theme::Role;

/// Eighth blocks, from empty to full.
pub(super) const BLOCKS: [&str; 9] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"];

/// How many minutes one column stands for so the hour fits in `cols`
/// columns (1 when it fits whole).
pub(super) fn minutes_per_column(cols: usize) -> usize {
    MINUTES.div_ceil(cols.max(1))
}

/// The hour in columns of `per` minutes each, newest last (the newest
/// column holds the newest minutes, so it is never partial).
pub(super) fn columns(timeline: &Timeline, per: usize) -> Vec<&[Minute]> {
    let mut out: Vec<&[Minute]> = timeline.minutes.rchunks(per.max(1)).collect();
    out.reverse();
    out
}

/// Columns narrower than this show the last minutes one per column
/// rather than merging minutes (a bar per minute reads better).
const MERGE_BELOW: usize = 40;

/// Draws the pane into `area`.
pub(super) fn render(frame: &mut Frame, area: Rect, screen: &Screen) {
    let (snap, palette) = (screen.snapshot, screen.palette);
    let cols = area.width.saturating_sub(2) as usize;
    let per = if cols >= MERGE_BELOW {
        1
    } else {
        minutes_per_column(cols)
    };
    let mut sums: Vec<[u32; 4]> = columns(&snap.timeline, per)
        .into_iter()
        .map(|minutes| {
            minutes.iter().fold([0u32; 4], |mut acc, m| {
                for (a, n) in acc.iter_mut().zip(m.counts) {
                    *a = a.saturating_add(n);
                }
                acc
            })
        })
        .collect();
    // The newest that fit.
    sums.drain(..sums.len().saturating_sub(cols));
    let peak = sums
        .iter()
        .map(|c| c.iter().fold(0u32, |a, n| a.saturating_add(*n)))
        .max()
        .unwrap_or(0);
    let unit = match per {
        1 => "min".to_string(),
        n => format!("{n} min"),
    };
    let span = match sums.len() * per {
        n if n >= MINUTES => "last hour".to_string(),
        n => format!("last {n}m"),
    };
    let title = match peak {
        0 => format!(" Issues per {unit}, {span} "),
        _ => format!(" Issues per {unit}, {span}, peak {peak} "),
    };
    let block = Block::bordered()
        .title(Span::styled(title, palette.role(Role::Title)))
        .border_style(palette.border(false));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if peak == 0 {
        // The span the pane has room for, as its title says.
        let quiet = Paragraph::new(Span::styled(
            format!("No issues in the {span}."),
            palette.role(Role::TextDim),
        ));
        frame.render_widget(quiet, inner);
        return;
    }
    // Right-aligned: the newest minute at the right edge.
    let x0 = inner.right().saturating_sub(sums.len() as u16).max(inner.x);
    for (i, counts) in sums.iter().enumerate() {
        let x = x0 + i as u16;
        column(frame, x, inner, counts, peak, screen);
    }
}

/// One column: cumulative heights in eighths of a cell, CRITICAL first
/// from the bottom; each cell takes the colour of the severity at its foot.
fn column(frame: &mut Frame, x: u16, inner: Rect, counts: &[u32; 4], peak: u32, screen: &Screen) {
    let levels = u64::from(inner.height) * 8;
    let mut tops = [0u64; 4];
    let mut sum = 0u64;
    for (top, n) in tops.iter_mut().zip(counts) {
        sum += u64::from(*n);
        // Rounded up: any occurrence shows at least an eighth.
        *top = (sum * levels).div_ceil(u64::from(peak.max(1)));
    }
    let height = tops[3];
    let buf = frame.buffer_mut();
    for row in 0..inner.height {
        let foot = u64::from(row) * 8;
        if foot >= height {
            break;
        }
        let filled = (height - foot).min(8) as usize;
        let at = tops.iter().position(|top| *top > foot).unwrap_or(3);
        let style = screen.palette.severity(Severity::ALL[at]);
        let y = inner.bottom() - 1 - row;
        if let Some(cell) = buf.cell_mut((x, y)) {
            cell.set_symbol(BLOCKS[filled]).set_style(style);
        }
    }
}
