//! Whole-screen snapshots of the dashboard (insta), drawn from fixed data
//! into ratatui's `TestBackend`. Times are shown in the local zone, so they
//! are redacted (same width) before comparing.

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use regex::Regex;

use logwarden::model::Severity;
use logwarden::store::{EngineView, IssueStore, Snapshot};
use logwarden::theme::{BUILTIN_NAMES, Theme};
use logwarden::ui::{Action, Chrome, Context, FeedView, Palette, UiState};

mod support;
use support::ui::{Fixture, draw};

fn base() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 10, 8, 0, 0)
        .single()
        .expect("valid time")
}

/// A morning of trouble on one host, oldest first.
const EVENTS: &[(Severity, &str, &str, &str, &str)] = &[
    (
        Severity::Warning,
        "slow_query",
        "Performance Issue",
        "/var/log/postgresql/postgresql-16-main.log",
        "2026-03-10 08:00:05.112 UTC [2211] LOG:  duration: 5120.331 ms  statement: SELECT * FROM orders WHERE status = 'open'",
    ),
    (
        Severity::Critical,
        "database_connection",
        "Database Issue",
        "/var/log/app/app.log",
        "2026-03-10 08:00:12,004 ERROR [pool-3] psycopg2.OperationalError: could not connect to server: Connection refused",
    ),
    (
        Severity::Error,
        "api_error",
        "API Issue",
        "/var/log/nginx/access.log",
        "10.0.4.17 - - [10/Mar/2026:08:00:20 +0000] \"POST /api/v1/checkout HTTP/1.1\" 502 157 \"-\" \"curl/8.5.0\"",
    ),
    (
        Severity::Error,
        "exception",
        "Application Error",
        "/var/log/app/app.log",
        "Traceback (most recent call last):\n  File \"/srv/app/worker.py\", line 88, in run\n    job.process()\n  File \"/srv/app/jobs.py\", line 41, in process\n    raise ValueError(\"総額が負です: -12\")\nValueError: 総額が負です: -12",
    ),
    (
        Severity::Critical,
        "memory_error",
        "Memory Issue",
        "/var/log/kern.log",
        "Mar 10 08:00:41 web-3 kernel: [88123.441] Out of memory: Killed process 4121 (java) total-vm:8388608kB, anon-rss:6291456kB",
    ),
    (
        Severity::Warning,
        "authentication_failure",
        "Security Issue",
        "/var/log/auth.log",
        "Mar 10 08:00:50 web-3 sshd[9001]: Failed password for invalid user admin from 203.0.113.9 port 52144 ssh2",
    ),
    (
        Severity::Error,
        "database_deadlock",
        "Database Issue",
        "/var/log/mysql/error.log",
        "2026-03-10T08:01:02.551Z 12 [Note] InnoDB: Transactions deadlock detected, dumping detailed information.",
    ),
    (
        Severity::Error,
        "network_timeout",
        "Network Issue",
        "/var/log/nginx/error.log",
        "2026/03/10 08:01:15 [error] 311#311: *4471 upstream timed out (110: Connection timed out) while reading response header from upstream",
    ),
    (
        Severity::Critical,
        "disk_full",
        "Filesystem Issue",
        "/var/log/app/app.log",
        "2026-03-10 08:01:30,900 ERROR [writer] OSError: [Errno 28] No space left on device: '/var/lib/app/spool/0001.tmp'",
    ),
    (
        Severity::Error,
        "database_connection",
        "Database Issue",
        "/var/log/app/app.log",
        "2026-03-10 08:01:44,018 ERROR [pool-3] psycopg2.OperationalError: could not connect to server: Connection refused",
    ),
];

/// The fixed store: every event above (the last one recurring into the
/// second, so that group counts 2), the first ERROR resolved; the OOM a
/// new pattern, the full disk spiking.
fn snapshot() -> Snapshot {
    snapshot_after(None)
}

/// The fixed store, `older` held before everything else.
fn snapshot_after(older: Option<logwarden::model::Issue>) -> Snapshot {
    let mut store = IssueStore::new(1000);
    if let Some(issue) = older {
        store.insert(issue);
    }
    for (n, &(severity, issue_type, category, file, line)) in EVENTS.iter().enumerate() {
        let n = n as u64;
        let mut issue = Fixture {
            n,
            at: base() + TimeDelta::seconds(12 * n as i64 + 5),
            severity,
            issue_type,
            category,
            file,
            line,
        }
        .issue();
        match n {
            1 => {
                issue.group_id = Some("7d1c3a0e5b2f4a19".into());
                issue.template = Some("<*> ERROR [pool-<*>] psycopg2.OperationalError: could not connect to server: Connection refused".into());
                issue.sources = vec![file.into()];
            }
            4 => issue.new_pattern = true,
            8 => issue.spike_factor = Some(12.4),
            _ => {}
        }
        // The database going away again is the first outage recurring.
        if n == 9 {
            store.recur("id1", issue);
        } else {
            store.insert(issue);
        }
    }
    store.set_resolved("id2", true);
    let engine = EngineView {
        files: 7,
        lines_read: 48_213,
        lines_per_sec: 412.0,
        ready: true,
        monitoring: true,
        ..EngineView::default()
    };
    store.snapshot(base() + TimeDelta::seconds(130), engine)
}

/// Local clock times and timestamps replaced by same-width placeholders.
fn redact(text: &str) -> String {
    let stamp = Regex::new(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}").expect("regex");
    // Partly hidden clocks (under a popup) are redacted too.
    let clock = Regex::new(r"\b\d\d:\d\d(:\d\d)?\b").expect("regex");
    // A date before a clock in the time columns (not a log line's own).
    let date = Regex::new(r"([│ ])\d\d-\d\d HH:MM:SS").expect("regex");
    let text = stamp.replace_all(text, "YYYY-MM-DDTHH:MM:SS.ffffff");
    let text = clock.replace_all(&text, |c: &regex::Captures| {
        if c.get(1).is_some() {
            "HH:MM:SS"
        } else {
            "HH:MM"
        }
    });
    date.replace_all(&text, "${1}MM-DD HH:MM:SS").into_owned()
}

/// The first cell of the feed row whose text contains `needle`, and its row text.
fn severity_cell(frame: &support::ui::Frame, needle: &str) -> ratatui::buffer::Cell {
    let feed = frame.areas.feed;
    let y = frame
        .text
        .lines()
        .position(|row| row.contains(needle))
        .expect("row on screen");
    // "▶ HH:MM:SS " then the severity: the feed's border, marker and clock.
    frame.buffer[(feed.x + 12, y as u16)].clone()
}

#[test]
fn severities_are_painted_by_the_theme_and_no_color_paints_nothing() {
    let snapshot = snapshot();
    let chrome = Chrome::default();
    let state = UiState::default();
    let mut view = FeedView::default();
    for name in BUILTIN_NAMES {
        let (theme, warnings) = Theme::load(name);
        assert!(warnings.is_empty(), "{name}: {warnings:?}");
        let palette = Palette::new(theme.clone(), true);
        let frame = draw(&snapshot, &mut view, &state, &palette, &chrome, (160, 48));
        let crit = severity_cell(&frame, "disk_full    ");
        assert_eq!(crit.symbol(), "C", "{name}");
        assert_eq!(
            crit.fg,
            palette.severity(Severity::Critical).fg.unwrap_or_default(),
            "{name}"
        );
        let warn = severity_cell(&frame, "slow_query");
        assert_ne!(crit.fg, warn.fg, "{name}: CRITICAL and WARNING differ");
        let plain = Palette::new(theme, false);
        let frame = draw(&snapshot, &mut view, &state, &plain, &chrome, (160, 48));
        let cells = frame.buffer.content();
        assert!(
            cells
                .iter()
                .all(|c| c.fg == ratatui::style::Color::Reset
                    && c.bg == ratatui::style::Color::Reset),
            "{name}: NO_COLOR paints no colors"
        );
    }
}

/// Draws the fixed store at `size` after `actions` (each applied to a frame
/// drawn first, as the app does).
fn screen(size: (u16, u16), actions: &[Action]) -> String {
    screen_of(&snapshot(), size, actions)
}

/// [`screen`] of another store.
fn screen_of(snapshot: &Snapshot, size: (u16, u16), actions: &[Action]) -> String {
    let palette = Palette::new(Theme::default_theme(), false);
    let chrome = Chrome {
        api: Some("127.0.0.1:5000".into()),
        ..Chrome::default()
    };
    let mut view = FeedView::default();
    let mut state = UiState::default();
    let mut frame = draw(snapshot, &mut view, &state, &palette, &chrome, size);
    for action in actions {
        let cx = Context {
            snapshot,
            view: &view,
            areas: &frame.areas,
        };
        state.apply(action.clone(), &cx);
        frame = draw(snapshot, &mut view, &state, &palette, &chrome, size);
    }
    redact(&frame.text)
}

#[test]
fn whole_screen_80x24() {
    insta::assert_snapshot!(screen((80, 24), &[]));
}

#[test]
fn whole_screen_160x48() {
    insta::assert_snapshot!(screen((160, 48), &[]));
}

#[test]
fn tiny_terminal() {
    insta::assert_snapshot!(screen((50, 12), &[]));
}

#[test]
fn detail_of_a_traceback_160x48() {
    // Newest first (id1, which recurred, then id8 .. id2, id0): six steps
    // down from the top is id3, the traceback.
    let mut actions = vec![Action::Down; 6];
    actions.push(Action::OpenDetail);
    insta::assert_snapshot!(screen((160, 48), &actions));
}

#[test]
fn detail_of_a_recurring_group_120x40() {
    // The newest row is the database outage that happened twice: its
    // template and its earlier occurrence are listed.
    insta::assert_snapshot!(screen((120, 40), &[Action::OpenDetail]));
}

#[test]
fn new_patterns_then_spiking_only_120x30() {
    let new = screen((120, 30), &[Action::CycleSignal]);
    assert!(
        new.contains("Issues (1 of 9)") && new.contains("memory_error ✦"),
        "{new}"
    );
    assert!(new.contains("filter: new patterns"), "{new}");
    let spiking = screen((120, 30), &[Action::CycleSignal, Action::CycleSignal]);
    assert!(
        spiking.contains("Issues (1 of 9)") && spiking.contains("▲12× "),
        "{spiking}"
    );
    assert!(spiking.contains("disk_full"), "{spiking}");
    let all = screen(
        (120, 30),
        &[
            Action::CycleSignal,
            Action::CycleSignal,
            Action::CycleSignal,
        ],
    );
    assert!(
        all.contains("Issues (9)") && !all.contains("filter:"),
        "{all}"
    );
    insta::assert_snapshot!(spiking);
}

#[test]
fn help_overlay_80x24() {
    insta::assert_snapshot!(screen((80, 24), &[Action::ToggleHelp]));
}

#[test]
fn filtered_paused_and_critical_focus_80x24() {
    let actions = [
        Action::StartInclude,
        Action::PromptChar('d'),
        Action::PromptChar('a'),
        Action::PromptChar('t'),
        Action::PromptChar('a'),
        Action::PromptDone,
        Action::TogglePause,
        Action::FocusNext,
    ];
    insta::assert_snapshot!(screen((80, 24), &actions));
}

/// Beyond the open-file limit the header says how many files are closed
/// between turns, how many wait for a descriptor, and any lost.
#[test]
fn the_header_counts_closed_waiting_and_lost_files() {
    let mut snapshot = snapshot();
    let palette = Palette::new(Theme::default_theme(), false);
    let chrome = Chrome::default();
    let header = |snapshot: &Snapshot, size: (u16, u16)| {
        let mut view = FeedView::default();
        let state = UiState::default();
        let frame = draw(snapshot, &mut view, &state, &palette, &chrome, size);
        frame.text.lines().take(3).collect::<Vec<_>>().join("\n")
    };
    assert!(!header(&snapshot, (160, 48)).contains("closed"));
    snapshot.file_counts.closed = 4120;
    snapshot.file_counts.waiting = 3;
    let wide = header(&snapshot, (160, 48));
    assert!(wide.contains("7 files (4120 closed, 3 waiting)"), "{wide}");
    snapshot.file_counts.lost = 1;
    let wide = header(&snapshot, (160, 48));
    assert!(wide.contains("(4120 closed, 3 waiting, 1 lost)"), "{wide}");
    let narrow = header(&snapshot, (80, 24));
    assert!(
        narrow.contains("7 files (4120 shut, 3 wait, 1 lost)"),
        "{narrow}"
    );
}

/// The actions that type `text` into an open prompt and press Enter.
fn typed(start: Action, text: &str) -> Vec<Action> {
    let mut actions = vec![start];
    actions.extend(text.chars().map(Action::PromptChar));
    actions.push(Action::PromptDone);
    actions
}

#[test]
fn search_matches_counted_in_the_title_and_painted_120x30() {
    let actions = typed(Action::StartSearch, "connection|timed out");
    let text = screen((120, 30), &actions);
    assert!(text.contains("/connection|timed out/ 2 found"), "{text}");
    insta::assert_snapshot!(text);
    // In colour, matching rows get the theme's search_match background.
    let snapshot = snapshot();
    let palette = Palette::new(Theme::default_theme(), true);
    let chrome = Chrome::default();
    let mut view = FeedView::default();
    let mut state = UiState::default();
    let frame = draw(&snapshot, &mut view, &state, &palette, &chrome, (120, 30));
    for action in actions {
        let cx = Context {
            snapshot: &snapshot,
            view: &view,
            areas: &frame.areas,
        };
        state.apply(action, &cx);
    }
    let frame = draw(&snapshot, &mut view, &state, &palette, &chrome, (120, 30));
    let bg = |needle: &str| {
        let y = frame
            .text
            .lines()
            .position(|l| l.contains(needle))
            .expect(needle);
        frame.buffer[(frame.areas.feed.x + 5, y as u16)].bg
    };
    let plain = bg("slow_query");
    assert_eq!(plain, bg("disk_full"), "neither matches");
    assert_ne!(bg("network_timeout"), plain, "a match is painted");
    assert_ne!(bg("network_timeout"), ratatui::style::Color::Reset);
}

#[test]
fn a_bad_regex_in_the_prompt_80x24() {
    let mut actions = typed(Action::StartInclude, "data");
    actions.extend(typed(Action::StartInclude, "(pool"));
    insta::assert_snapshot!(screen((80, 24), &actions));
}

#[test]
fn zoomed_feed_80x24() {
    insta::assert_snapshot!(screen((80, 24), &[Action::ToggleZoom]));
}

#[test]
fn help_scrolled_to_the_marks_80x24() {
    let mut actions = vec![Action::ToggleHelp];
    actions.extend(vec![Action::PageDown; 3]);
    let text = screen((80, 24), &actions);
    assert!(text.contains("Marks in the feed"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn issues_not_from_today_show_their_date_120x30() {
    let older = Fixture {
        n: 20,
        at: base() - TimeDelta::days(3),
        severity: Severity::Critical,
        issue_type: "certificate_expired",
        category: "Security Issue",
        file: "/etc/nginx/nginx.conf",
        line: "SSL certificate expired for api.example.com",
    }
    .issue();
    let snapshot = snapshot_after(Some(older));
    // The oldest row, at the bottom of the feed.
    let text = screen_of(&snapshot, (120, 30), &[Action::Bottom]);
    let row = text
        .lines()
        .find(|l| l.contains("SSL certificate"))
        .expect("the old issue's row");
    assert!(row.contains("MM-DD HH:MM:SS CRIT"), "{row}");
    assert!(
        text.contains("│        HH:MM:SS ERRO database_conn"),
        "today's times line up under the dated one: {text}"
    );
    insta::assert_snapshot!(text);
}

/// An hour of trouble: a few warnings every minute, an outage of errors
/// and criticals between minutes 20 and 29, health sampled each minute.
fn an_hour() -> Snapshot {
    let mut store = IssueStore::new(10_000);
    let mut n = 0;
    for minute in 0..60i64 {
        let outage = (20..30).contains(&minute);
        let mut add = |severity, count: i64| {
            for k in 0..count {
                n += 1;
                let at = base() + TimeDelta::minutes(minute) + TimeDelta::seconds(k);
                let line = "upstream timed out";
                let issue = Fixture {
                    n,
                    at,
                    severity,
                    issue_type: "network_timeout",
                    category: "Network Issue",
                    file: "/var/log/nginx/error.log",
                    line,
                }
                .issue();
                store.insert(issue);
            }
        };
        add(Severity::Warning, 1 + minute % 3);
        if outage {
            add(Severity::Error, minute - 17);
            add(Severity::Critical, 2);
        }
        store.sample_health(base() + TimeDelta::minutes(minute) + TimeDelta::seconds(30));
    }
    store.snapshot(
        base() + TimeDelta::minutes(59) + TimeDelta::seconds(50),
        EngineView::default(),
    )
}

fn draw_hour(size: (u16, u16)) -> String {
    let palette = Palette::new(Theme::default_theme(), false);
    let mut view = FeedView::default();
    let frame = draw(
        &an_hour(),
        &mut view,
        &UiState::default(),
        &palette,
        &Chrome::default(),
        size,
    );
    redact(&frame.text)
}

#[test]
fn timeline_and_health_trend_160x48() {
    insta::assert_snapshot!(draw_hour((160, 48)));
}

/// The timeline goes before the feed loses rows: 80x24 has none, a tall
/// stacked layout has it and the feed still shows 12 rows and more.
#[test]
fn small_terminals_drop_the_timeline_before_feed_rows() {
    let small = draw_hour((80, 24));
    assert!(!small.contains("Issues per min"), "{small}");
    let tall = draw_hour((100, 40));
    assert!(
        tall.contains("Issues per min, last hour, peak 17"),
        "{tall}"
    );
    let feed_rows = tall
        .lines()
        .filter(|l| l.contains("network_timeout"))
        .count();
    assert!(feed_rows >= 12, "{tall}");
    let short_wide = draw_hour((160, 24));
    assert!(!short_wide.contains("Issues per min"), "{short_wide}");
}

/// The bars stack by severity: CRITICAL at their foot, never on top of
/// the outage's bars (errors and warnings are above it).
#[test]
fn timeline_bars_stack_critical_at_the_foot() {
    let palette = Palette::new(Theme::default_theme(), true);
    let mut view = FeedView::default();
    let frame = draw(
        &an_hour(),
        &mut view,
        &UiState::default(),
        &palette,
        &Chrome::default(),
        (160, 48),
    );
    let crit = palette.severity(Severity::Critical).fg;
    let painted = |y: u16| {
        (100..158)
            .filter(|&x| Some(frame.buffer[(x, y)].fg) == crit)
            .count()
    };
    // The pane's rows of bars are 4..=7 (header 0..=2, its border 3).
    assert_eq!(painted(7), 10, "the ten outage minutes, at the foot");
    assert_eq!(painted(4), 0, "not at the top");
}

/// Two hosts: the feed and the critical table name each row's host (a
/// remote row's file column its program), and the host pane lists them
/// worst first; wide, it sits above the critical table.
#[test]
fn two_hosts_160x48() {
    let text = screen_of(&support::fleet::snapshot(base()), (160, 48), &[]);
    assert!(text.contains("Hosts (2)"), "{text}");
    let db = text.find("│db-1").expect("db-1 in the host pane");
    let app = text.find("│app-1").expect("app-1 in the host pane");
    assert!(db < app, "the worse host first: {text}");
    insta::assert_snapshot!(text);
}

/// Stacked, the host pane takes the categories chart's place.
#[test]
fn two_hosts_80x24() {
    let text = screen_of(&support::fleet::snapshot(base()), (80, 24), &[]);
    assert!(
        text.contains("Hosts (2)") && !text.contains("Categories"),
        "{text}"
    );
    insta::assert_snapshot!(text);
}

/// Tab to the host pane, Enter on its first (worst) host: the feed, the
/// critical table, the gauge and the charts are db-1's; the host column
/// goes (every row would say db-1).
#[test]
fn two_hosts_narrowed_to_db_1_from_the_host_pane_120x30() {
    let actions = [Action::FocusNext, Action::FocusNext, Action::OpenDetail];
    let text = screen_of(&support::fleet::snapshot(base()), (120, 30), &actions);
    assert!(
        text.contains("Issues (3 of 7) · filter: host db-1"),
        "{text}"
    );
    assert!(text.contains("Health · host db-1"), "{text}");
    assert!(
        text.contains("CRIT memory_error "),
        "no host column: {text}"
    );
    assert!(text.contains("  kernel "), "the host said once: {text}");
    insta::assert_snapshot!(text);
}

/// Every size from the smallest the layout takes: two hosts' columns and
/// pane fit (narrow, the pane drops its status word, then the time).
#[test]
fn two_hosts_fit_from_the_smallest_terminal_up() {
    let fleet = support::fleet::snapshot(base());
    for (w, h) in [
        (60, 16),
        (64, 20),
        (80, 24),
        (109, 30),
        (110, 16),
        (240, 70),
    ] {
        let text = screen_of(&fleet, (w, h), &[]);
        assert!(text.contains("db-1"), "{w}x{h}:\n{text}");
        assert!(!text.contains("too small"), "{w}x{h}:\n{text}");
    }
}
