//! Dashboard cost with a full store: 100,000 issues held, 200x60 terminal.
//!
//!     cargo bench --bench render [-- --frames N]
//!
//! Reports p50/p99/max of: one frame drawn (the feed, charts, critical
//! table, header; into ratatui's TestBackend, which diffs buffers as the
//! real backend does, without the terminal write), the frame with the
//! detail popup, rebuilding the feed rows after a new snapshot (with and
//! without a text filter), and the store taking a snapshot. The goal for a
//! frame is <= 2 ms.

use std::hint::black_box;
use std::time::{Duration, Instant};

use chrono::{TimeDelta, TimeZone, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use logwarden::model::{DetectedAt, Issue, Severity};
use logwarden::store::{EngineView, IssueStore, Snapshot};
use logwarden::theme::Theme;
use logwarden::ui::{Chrome, FeedView, Filters, Palette, Screen, Scroll, UiState, render};

const ISSUES: usize = 100_000;
const SIZE: (u16, u16) = (200, 60);

const KINDS: &[(Severity, &str, &str, &str)] = &[
    (
        Severity::Critical,
        "database_connection",
        "Database Issue",
        "2026-03-10 08:00:12,004 ERROR [pool-3] psycopg2.OperationalError: could not connect to server: Connection refused",
    ),
    (
        Severity::Error,
        "api_error",
        "API Issue",
        "10.0.4.17 - - [10/Mar/2026:08:00:20 +0000] \"POST /api/v1/checkout HTTP/1.1\" 502 157 \"-\" \"curl/8.5.0\"",
    ),
    (
        Severity::Warning,
        "authentication_failure",
        "Security Issue",
        "Mar 10 08:00:50 web-3 sshd[9001]: Failed password for invalid user admin from 203.0.113.9 port 52144 ssh2",
    ),
    (
        Severity::Error,
        "network_timeout",
        "Network Issue",
        "2026/03/10 08:01:15 [error] 311#311: *4471 upstream timed out (110: Connection timed out) while reading response header",
    ),
    (
        Severity::Critical,
        "memory_leak",
        "Memory Issue",
        "Mar 10 08:00:41 web-3 kernel: Out of memory: Killed process 4121 (java) total-vm:8388608kB",
    ),
    (
        Severity::Info,
        "slow_query",
        "Performance Issue",
        "2026-03-10 08:00:05.112 UTC [2211] LOG:  duration: 5120.331 ms  statement: SELECT 1",
    ),
];

fn store() -> IssueStore {
    let base = Utc
        .with_ymd_and_hms(2026, 3, 10, 8, 0, 0)
        .single()
        .expect("valid time");
    let mut store = IssueStore::new(ISSUES);
    for n in 0..ISSUES {
        let (severity, issue_type, category, line) = KINDS[n % KINDS.len()];
        let at = DetectedAt::at(base + TimeDelta::microseconds(n as i64 * 1000));
        store.insert(Issue {
            timestamp: at,
            issue_type: issue_type.into(),
            severity,
            category: category.into(),
            description: "bench".into(),
            log_line: format!("{line} #{n}"),
            source_file: format!("/var/log/svc{}/app.log", n % 40),
            auto_heal: false,
            resolved: n % 7 == 0,
            id: format!("{n:016x}"),
            line: Some(n as u64),
            log_time: None,
            event: format!("{line} #{n}"),
            rule: "bench".into(),
            ..Issue::blank(at)
        });
    }
    store
}

fn snapshot_of(store: &IssueStore) -> Snapshot {
    let engine = EngineView {
        files: 40,
        lines_read: 10_000_000,
        lines_per_sec: 100_000.0,
        ready: true,
        monitoring: true,
        ..EngineView::default()
    };
    store.snapshot(Utc::now(), engine)
}

/// p50, p99 and max of `samples`.
fn report(what: &str, mut samples: Vec<Duration>) {
    samples.sort();
    let at = |q: f64| samples[((samples.len() - 1) as f64 * q) as usize];
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "{what:<44} p50 {:>7.3} ms  p99 {:>7.3} ms  max {:>7.3} ms  ({} runs)",
        ms(at(0.5)),
        ms(at(0.99)),
        ms(*samples.last().expect("samples")),
        samples.len()
    );
}

fn time(runs: usize, mut f: impl FnMut()) -> Vec<Duration> {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect()
}

fn frames(runs: usize, snapshot: &Snapshot, state: &UiState, what: &str) {
    let palette = Palette::new(Theme::default_theme(), true);
    let chrome = Chrome {
        api: Some("127.0.0.1:5000".into()),
    };
    let mut view = FeedView::default();
    view.refresh(snapshot, &state.filters);
    let screen = Screen {
        snapshot,
        view: &view,
        state,
        palette: &palette,
        chrome: &chrome,
    };
    let mut terminal = Terminal::new(TestBackend::new(SIZE.0, SIZE.1)).expect("backend");
    let mut scroll = Scroll::default();
    // Each frame starts from a cleared buffer, as after a resize, so the
    // diff has the most to do.
    let samples = time(runs, || {
        terminal.clear().expect("clear");
        terminal
            .draw(|f| {
                black_box(render(f, &screen, &mut scroll));
            })
            .expect("draw");
    });
    report(what, samples);
}

fn main() {
    let runs = std::env::args()
        .skip_while(|a| a != "--frames")
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(500);
    let mut store = store();
    let snapshot = snapshot_of(&store);
    println!(
        "{} issues held, {}x{} terminal",
        snapshot.issues.len(),
        SIZE.0,
        SIZE.1
    );

    let state = UiState::default();
    frames(runs, &snapshot, &state, "frame: following the newest");

    // Scrolled to the middle of the feed.
    let mut view = FeedView::default();
    view.refresh(&snapshot, &state.filters);
    let scrolled = UiState {
        selected: view.issue(&snapshot, ISSUES / 2).map(|i| i.timestamp),
        ..UiState::default()
    };
    frames(runs, &snapshot, &scrolled, "frame: scrolled to row 50,000");

    let detail = UiState {
        detail: view.issue(&snapshot, 3).map(|i| i.id.clone()),
        ..UiState::default()
    };
    frames(runs, &snapshot, &detail, "frame: detail popup open");

    let filters = Filters::default();
    report(
        "feed rows rebuilt after a new snapshot",
        time(runs / 5, || {
            let mut view = FeedView::default();
            view.refresh(&snapshot, &filters);
            black_box(view.len());
        }),
    );
    let text = Filters {
        text: "timed out".into(),
        ..Filters::default()
    };
    report(
        "feed rows rebuilt, text filter \"timed out\"",
        time(runs / 5, || {
            let mut view = FeedView::default();
            view.refresh(&snapshot, &text);
            black_box(view.len());
        }),
    );
    report(
        "store snapshot (counts, health, critical)",
        time(runs / 5, || {
            black_box(snapshot_of(&store).version);
        }),
    );
    // Alternates resolve and reopen so every run changes state (the id is
    // in the middle of the store: no scan could find it quickly).
    let id = format!("{:016x}", ISSUES / 2 + 1);
    let mut resolved = false;
    report(
        "resolve / reopen one issue by id (µs: see max)",
        time(runs, || {
            resolved = !resolved;
            black_box(store.set_resolved(&id, resolved));
        }),
    );
}
