//! The "Health" header: the score gauge colored by band (the filtered
//! host's score under a host filter), its trend over the last hour (when
//! there is room), and the vital figures (recent issues, files, read
//! rate, pause, API address).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Gauge, Paragraph};

use super::hosts;
use super::layout::Screen;
use super::text::safe;
use super::trend;
use crate::theme::Role;

/// Draws the header into `area` (3 rows).
pub(super) fn render(frame: &mut Frame, area: Rect, screen: &Screen) {
    let (snap, palette) = (screen.snapshot, screen.palette);
    // Narrowed to a host: the gauge is its score; the figures beside it
    // (files, read rate, recent issues) stay this program's.
    let (health, status, title) = match &screen.state.filters.host {
        Some(host) => {
            let (health, status) = hosts::health_of(snap, host);
            let title = format!(" Health · host {} ", hosts::label(host, hosts::HOST_MAX));
            (health, status, title)
        }
        None => (snap.health, snap.status, " Health ".to_string()),
    };
    let block = Block::bordered()
        .title(Span::styled(title, palette.role(Role::Title)))
        .border_style(palette.border(screen.state.focus == super::state::Pane::Health));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let gauge_width = (inner.width / 3).clamp(20, 40);
    let rest = inner.width.saturating_sub(gauge_width + 1) as usize;
    let (spans, trend_cols) = facts_and_trend(screen, rest);
    let [gauge_area, _, trend_area, _, facts_area] = Layout::horizontal([
        Constraint::Length(gauge_width),
        Constraint::Length(1),
        Constraint::Length(trend_cols as u16),
        Constraint::Length(if trend_cols > 0 { 2 } else { 0 }),
        Constraint::Min(10),
    ])
    .areas(inner);
    let style = palette.health(status);
    let label = format!("{health:.1} {}", status.as_str());
    let gauge = Gauge::default()
        .gauge_style(style)
        .ratio((health / 100.0).clamp(0.0, 1.0))
        .label(Span::styled(label, palette.role(Role::Title)));
    frame.render_widget(gauge, gauge_area);
    if trend_cols > 0 {
        let line = Line::from(trend::spans(&snap.timeline, trend_cols, palette));
        frame.render_widget(Paragraph::new(line), trend_area);
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), facts_area);
}

/// The figures (long words, else short) and the columns the health trend
/// gets in `room`: the trend is shown when it fits beside the figures,
/// shortening their words first; without room it goes, the figures stay.
fn facts_and_trend<'a>(screen: &Screen, room: usize) -> (Vec<Span<'a>>, usize) {
    let cols = |spans: &[Span]| spans.iter().map(|s| s.width()).sum::<usize>();
    let long = facts(screen, &LONG);
    let long_cols = cols(&long);
    if long_cols + 2 + trend::MIN_COLS <= room {
        return (long, trend::width(room - long_cols - 2));
    }
    let short = facts(screen, &SHORT);
    let short_cols = cols(&short);
    if short_cols + 2 + trend::MIN_COLS <= room {
        return (short, trend::width(room - short_cols - 2));
    }
    if long_cols <= room {
        (long, 0)
    } else {
        (short, 0)
    }
}

/// The words around the figures, long or short for narrow terminals.
struct Words {
    recent: &'static str,
    files: &'static str,
    closed: &'static str,
    waiting: &'static str,
    rate: &'static str,
    gap: &'static str,
}

const LONG: Words = Words {
    recent: " issues in 5 min",
    files: " files",
    closed: " closed",
    waiting: " waiting",
    rate: " lines/s",
    gap: "  ",
};

const SHORT: Words = Words {
    recent: " in 5m",
    files: " files",
    closed: " shut",
    waiting: " wait",
    rate: "/s",
    gap: " ",
};

/// The vital figures: the pause marker first (it changes what the feed
/// means), then recent issues, files, read rate, engine state, API address.
fn facts<'a>(screen: &Screen, words: &Words) -> Vec<Span<'a>> {
    let (snap, palette) = (screen.snapshot, screen.palette);
    let dim = palette.role(Role::TextDim);
    let text = palette.role(Role::Text);
    let mut spans = Vec::new();
    if screen.state.filters.paused_at.is_some() {
        let paused = match screen.state.waiting {
            0 => "PAUSED".to_string(),
            n => format!("PAUSED, {n} updates wait"),
        };
        spans.push(Span::styled(paused, palette.role(Role::Selection)));
        spans.push(Span::raw(words.gap));
    }
    spans.extend([
        Span::styled(snap.recent.to_string(), text),
        Span::styled(words.recent, dim),
        Span::raw(words.gap),
        Span::styled(snap.files.to_string(), text),
        Span::styled(words.files, dim),
    ]);
    spans.extend(descriptors(screen, words));
    spans.extend([
        Span::raw(words.gap),
        Span::styled(format!("{:.0}", snap.lines_per_sec), text),
        Span::styled(words.rate, dim),
    ]);
    if !snap.ready {
        spans.push(Span::styled(format!("{}starting…", words.gap), dim));
    } else if !snap.monitoring {
        spans.push(Span::styled(
            format!("{}stopped", words.gap),
            palette.role(Role::SeverityError),
        ));
    }
    // Writes failing (full disk, read-only state dir): the operator must
    // know that what is shown is not being kept.
    if let Some(history) = snap.history.as_ref() {
        let mut said = Vec::new();
        if history.failing.is_some() {
            said.push(format!("{} unsaved", history.unsaved));
        }
        if history.lost > 0 {
            said.push(format!("{} lost", history.lost));
        }
        if !said.is_empty() {
            let head = if history.failing.is_some() {
                "history NOT SAVED: "
            } else {
                "history: "
            };
            spans.push(Span::raw(words.gap));
            spans.push(Span::styled(
                format!("{head}{}", said.join(", ")),
                palette.role(Role::SeverityError),
            ));
        }
    }
    if let Some(api) = &screen.chrome.api {
        spans.push(Span::styled(format!("{}API ", words.gap), dim));
        spans.push(Span::styled(safe(api).into_owned(), text));
    }
    spans
}

/// Beyond the open-file limit: how many files are closed between turns,
/// how many wait for a descriptor, and rotated files whose rest was lost.
fn descriptors<'a>(screen: &Screen, words: &Words) -> Vec<Span<'a>> {
    let (counts, palette) = (screen.snapshot.file_counts, screen.palette);
    if counts.closed == 0 && counts.waiting == 0 && counts.lost == 0 {
        return Vec::new();
    }
    let dim = palette.role(Role::TextDim);
    let waiting = if counts.waiting > 0 {
        palette.role(Role::SeverityWarning)
    } else {
        dim
    };
    let mut spans = vec![
        Span::styled(format!(" ({}{}, ", counts.closed, words.closed), dim),
        Span::styled(format!("{}{}", counts.waiting, words.waiting), waiting),
    ];
    if counts.lost > 0 {
        spans.push(Span::styled(", ", dim));
        spans.push(Span::styled(
            format!("{} lost", counts.lost),
            palette.role(Role::SeverityError),
        ));
    }
    spans.push(Span::styled(")", dim));
    spans
}
