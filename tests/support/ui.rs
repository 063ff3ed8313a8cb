//! Drawing the dashboard into a `TestBackend` and reading it back as text.

use chrono::{DateTime, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use unicode_width::UnicodeWidthStr;

use logwarden::model::{DetectedAt, Issue, Severity};
use logwarden::store::Snapshot;
use logwarden::ui::{Areas, Chrome, FeedView, Palette, Screen, Scroll, UiState, render};

/// An issue detected at `at`, from `file`, with `line` as its log line and
/// event; its id is `id{n}`.
pub struct Fixture<'a> {
    pub n: u64,
    pub at: DateTime<Utc>,
    pub severity: Severity,
    pub issue_type: &'a str,
    pub category: &'a str,
    pub file: &'a str,
    pub line: &'a str,
}

impl Fixture<'_> {
    /// The issue as the classifier would have made it.
    pub fn issue(&self) -> Issue {
        let at = DetectedAt::at(self.at);
        let first = self.line.lines().next().unwrap_or("");
        Issue {
            timestamp: at,
            issue_type: self.issue_type.into(),
            severity: self.severity,
            category: self.category.into(),
            description: format!("{} detected", self.issue_type.replace('_', " ")),
            log_line: first.into(),
            source_file: self.file.into(),
            auto_heal: false,
            resolved: false,
            id: format!("id{}", self.n),
            line: Some(self.n * 7 + 1),
            log_time: None,
            event: self.line.into(),
            rule: format!("builtin.{}", self.issue_type),
            ..Issue::blank(at)
        }
    }
}

/// One drawn frame: its text (rows joined by newlines), its cells and the
/// panes' areas.
pub struct Frame {
    pub text: String,
    pub buffer: Buffer,
    pub areas: Areas,
}

/// Draws one frame of `snapshot` as the dashboard would at `w`x`h`.
pub fn draw(
    snapshot: &Snapshot,
    view: &mut FeedView,
    state: &UiState,
    palette: &Palette,
    chrome: &Chrome,
    (w, h): (u16, u16),
) -> Frame {
    view.refresh(snapshot, &state.filters);
    let screen = Screen {
        snapshot,
        view,
        state,
        palette,
        chrome,
    };
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test backend");
    let mut scroll = Scroll::default();
    let mut areas = Areas::default();
    terminal
        .draw(|f| areas = render(f, &screen, &mut scroll))
        .expect("draw");
    let buffer = terminal.backend().buffer().clone();
    let text = (0..h)
        .map(|y| {
            // A wide character covers the next cell too: skip it, as a
            // terminal shows it.
            let mut row = String::new();
            let mut x = 0;
            while x < w {
                let symbol = buffer[(x, y)].symbol();
                row.push_str(symbol);
                x += u16::try_from(symbol.width().max(1)).unwrap_or(1);
            }
            row
        })
        .collect::<Vec<_>>()
        .join("\n");
    Frame {
        text,
        buffer,
        areas,
    }
}
