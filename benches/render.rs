//! Dashboard cost with a full store: 100,000 issues held, 200x60 terminal.
//!
//!     cargo bench --bench render [-- [FILTER] [--sample-size N]]
//!
//! One criterion benchmark each for: one frame drawn (the feed, charts,
//! critical table, header; into ratatui's TestBackend, which diffs buffers
//! as the real backend does, without the terminal write) following the
//! newest, scrolled to row 50,000 and with the detail popup open;
//! rebuilding the feed rows after a new snapshot (with and without an
//! include filter, a regex); the store taking a snapshot; resolving or reopening one issue
//! by id. The goal for a frame is <= 2 ms.
//!
//! Criterion prints `time: [low estimate high]`, the time per run with its
//! 95% confidence interval, and counts outliers; it prints no p99. For the
//! tail, each sample's time per run is `times[i] / iters[i]` (ns) in
//! `target/criterion/<benchmark>/new/sample.json` (a `/` in a name becomes
//! `_`); their 99th percentile is a p99 of sample means: a sample averages
//! several runs, so one slow frame shows diluted (more samples with
//! `--sample-size` means fewer runs in each).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};

use chrono::{TimeDelta, TimeZone, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use logwarden::model::{DetectedAt, Issue, Severity};
use logwarden::store::{EngineView, IssueStore, Snapshot};
use logwarden::theme::Theme;
use logwarden::ui::{
    Chrome, FeedView, Filters, Palette, Pattern, Screen, Scroll, Selection, UiState, render,
};

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

/// One frame of `state` drawn per run.
fn frames(c: &mut Criterion, name: &str, snapshot: &Snapshot, state: &UiState) {
    let palette = Palette::new(Theme::default_theme(), true);
    let chrome = Chrome {
        api: Some("127.0.0.1:5000".into()),
        ..Chrome::default()
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
    c.bench_function(name, |b| {
        b.iter(|| {
            // Each frame starts from a cleared buffer, as after a resize,
            // so the diff has the most to do.
            terminal.clear().expect("clear");
            terminal
                .draw(|f| {
                    black_box(render(f, &screen, &mut scroll));
                })
                .expect("draw");
        })
    });
}

fn benches(c: &mut Criterion) {
    // Built once: 100,000 issues take longer to insert than any run here.
    let mut store = store();
    let snapshot = snapshot_of(&store);
    assert_eq!(snapshot.issues.len(), ISSUES, "the store holds every issue");

    let state = UiState::default();
    frames(c, "frame: following the newest", &snapshot, &state);

    // Scrolled to the middle of the feed.
    let mut view = FeedView::default();
    view.refresh(&snapshot, &state.filters);
    let scrolled = UiState {
        selected: view.issue(&snapshot, ISSUES / 2).map(|i| Selection::of(i)),
        ..UiState::default()
    };
    frames(c, "frame: scrolled to row 50,000", &snapshot, &scrolled);

    let detail = UiState {
        detail: view.issue(&snapshot, 3).map(|i| i.id.clone()),
        ..UiState::default()
    };
    frames(c, "frame: detail popup open", &snapshot, &detail);

    let filters = Filters::default();
    c.bench_function("feed rows rebuilt after a new snapshot", |b| {
        b.iter(|| {
            let mut view = FeedView::default();
            view.refresh(&snapshot, &filters);
            black_box(view.len());
        })
    });
    let text = Filters {
        include: Pattern::new("timed out").ok(),
        ..Filters::default()
    };
    c.bench_function("feed rows rebuilt, include filter /timed out/", |b| {
        b.iter(|| {
            let mut view = FeedView::default();
            view.refresh(&snapshot, &text);
            black_box(view.len());
        })
    });
    c.bench_function("store snapshot (counts, health, critical)", |b| {
        b.iter(|| black_box(snapshot_of(&store).version))
    });
    // Alternates resolve and reopen so every run changes state (the id is
    // in the middle of the store: no scan could find it quickly).
    let id = format!("{:016x}", ISSUES / 2 + 1);
    let mut resolved = false;
    c.bench_function("resolve / reopen one issue by id", |b| {
        b.iter(|| {
            resolved = !resolved;
            black_box(store.set_resolved(&id, resolved));
        })
    });
}

criterion_group!(render_benches, benches);
criterion_main!(render_benches);
