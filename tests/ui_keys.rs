//! Keys → actions → UI state, for every key of the dashboard, on real
//! snapshots taken from the store; and hostile log lines drawn inert.

// Helpers outside #[test] functions may unwrap too: a panic fails the test.
#![allow(clippy::unwrap_used)]

use chrono::{TimeDelta, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use logwarden::app::{confirm_action, key_action};
use logwarden::model::{Issue, Severity};
use logwarden::store::{EngineView, IssueStore, Snapshot};
use logwarden::theme::Theme;
use logwarden::ui::{
    Action, Areas, Chrome, Context, ContextView, Effect, FeedView, KEYS, Notice, Palette, Pane,
    UiState,
};

mod support;
use support::ui::{Fixture, draw};

fn issue(n: u64, severity: Severity, issue_type: &str, category: &str, line: &str) -> Issue {
    Fixture {
        n,
        at: Utc::now() - TimeDelta::seconds(100 - n as i64),
        severity,
        issue_type,
        category,
        file: "/var/log/app.log",
        line,
    }
    .issue()
}

/// Five issues, oldest first: id0 .. id4.
const FIVE: [(u64, Severity, &str, &str, &str); 5] = [
    (
        0,
        Severity::Info,
        "slow_query",
        "Performance Issue",
        "slow select",
    ),
    (
        1,
        Severity::Error,
        "database_deadlock",
        "Database Issue",
        "deadlock detected",
    ),
    (
        2,
        Severity::Warning,
        "network_timeout",
        "Network Issue",
        "upstream timed out",
    ),
    (
        3,
        Severity::Critical,
        "disk_full",
        "Filesystem Issue",
        "No space left on device",
    ),
    (
        4,
        Severity::Error,
        "database_deadlock",
        "Database Issue",
        "deadlock again",
    ),
];

/// The issues of [`FIVE`].
fn five() -> Vec<Issue> {
    FIVE.iter()
        .map(|&(n, severity, issue_type, category, line)| {
            issue(n, severity, issue_type, category, line)
        })
        .collect()
}

/// A snapshot of the five issues.
fn snapshot() -> Snapshot {
    let mut store = IssueStore::new(100);
    for i in five() {
        store.insert(i);
    }
    store.snapshot(Utc::now(), EngineView::default())
}

struct Harness {
    snapshot: Snapshot,
    view: FeedView,
    state: UiState,
    areas: Areas,
    /// The terminal's size, drawn at after each key.
    size: (u16, u16),
}

impl Harness {
    fn new() -> Harness {
        let mut h = Harness {
            snapshot: snapshot(),
            view: FeedView::default(),
            state: UiState::default(),
            areas: Areas::default(),
            size: (100, 30),
        };
        h.draw(100, 30);
        h
    }

    /// Draws (as the app does before each key) so page sizes and areas are real.
    fn draw(&mut self, w: u16, h: u16) -> String {
        self.frame(w, h).text
    }

    /// Draws as [`Harness::draw`] does; the whole frame, cells included.
    fn frame(&mut self, w: u16, h: u16) -> support::ui::Frame {
        let palette = Palette::new(Theme::default_theme(), false);
        let frame = draw(
            &self.snapshot,
            &mut self.view,
            &self.state,
            &palette,
            &Chrome::default(),
            (w, h),
        );
        self.areas = frame.areas.clone();
        frame
    }

    /// Types `text` (into the prompt) and Enter.
    fn type_in(&mut self, text: &str) {
        for c in text.chars() {
            self.key(KeyCode::Char(c));
        }
        self.key(KeyCode::Enter);
    }

    fn key(&mut self, code: KeyCode) -> Option<Effect> {
        self.key_with(code, KeyModifiers::NONE)
    }

    fn key_with(&mut self, code: KeyCode, modifiers: KeyModifiers) -> Option<Effect> {
        let key = KeyEvent::new(code, modifiers);
        // As the app does: a y/n question takes the next key.
        let action = match self.state.confirm {
            Some(_) => confirm_action(key),
            None => key_action(key, self.state.typing()),
        }?;
        self.act(action)
    }

    fn act(&mut self, action: Action) -> Option<Effect> {
        self.view.refresh(&self.snapshot, &self.state.filters);
        let cx = Context {
            snapshot: &self.snapshot,
            view: &self.view,
            areas: &self.areas,
        };
        let effect = self.state.apply(action, &cx);
        self.draw(self.size.0, self.size.1);
        effect
    }

    fn selected_id(&mut self) -> String {
        self.view.refresh(&self.snapshot, &self.state.filters);
        let cx = Context {
            snapshot: &self.snapshot,
            view: &self.view,
            areas: &self.areas,
        };
        let row = self.state.feed_row(&cx).expect("a row is selected");
        self.view.issue(&self.snapshot, row).unwrap().id.clone()
    }

    fn critical_row(&mut self) -> Option<usize> {
        self.view.refresh(&self.snapshot, &self.state.filters);
        let cx = Context {
            snapshot: &self.snapshot,
            view: &self.view,
            areas: &self.areas,
        };
        self.state.critical_row(&cx)
    }
}

#[test]
fn moving_selects_and_g_returns_to_following_the_newest() {
    let mut h = Harness::new();
    assert_eq!(h.state.focus, Pane::Feed);
    assert_eq!(h.selected_id(), "id4", "the newest is selected at start");
    assert!(h.state.following());
    h.key(KeyCode::Char('j'));
    assert_eq!(h.selected_id(), "id3");
    assert!(!h.state.following(), "scrolled away: no longer follows");
    h.key(KeyCode::Down);
    h.key(KeyCode::Up);
    h.key(KeyCode::Char('k'));
    assert_eq!(h.selected_id(), "id4");
    h.key(KeyCode::Char('G'));
    assert_eq!(h.selected_id(), "id0");
    h.key(KeyCode::Char('g'));
    assert!(h.state.following());
    h.key(KeyCode::PageDown);
    assert_eq!(h.selected_id(), "id0", "a page is more than five rows");
    h.key(KeyCode::PageUp);
    assert_eq!(h.selected_id(), "id4");
    // The selection stays on its issue when new issues arrive.
    h.key(KeyCode::Char('j'));
    let mut store = IssueStore::new(100);
    for i in h.snapshot.issues.iter() {
        store.insert((**i).clone());
    }
    store.insert(issue(5, Severity::Error, "api_error", "API Issue", "502"));
    h.snapshot = store.snapshot(Utc::now(), EngineView::default());
    assert_eq!(h.selected_id(), "id3");
}

#[test]
fn tab_moves_focus_and_r_u_resolve_the_selection_or_a_whole_critical_row() {
    let mut h = Harness::new();
    assert_eq!(
        h.key(KeyCode::Char('r')),
        Some(Effect::SetResolved(vec!["id4".into()], true))
    );
    assert_eq!(
        h.key(KeyCode::Char('u')),
        Some(Effect::SetResolved(vec!["id4".into()], false))
    );
    assert_eq!(
        h.key(KeyCode::Char('a')),
        Some(Effect::SetAcknowledged(vec!["id4".into()], true)),
        "a acknowledges (and takes it back when it already is)"
    );
    match h.key(KeyCode::Char('S')) {
        Some(Effect::SetSilenced(ids, Some(_))) => assert_eq!(ids, ["id4"]),
        other => panic!("S silences the selection: {other:?}"),
    }
    h.key(KeyCode::Tab);
    assert_eq!(h.state.focus, Pane::Critical);
    // Rows: CRITICAL disk_full, then ERROR database_deadlock (2 issues).
    h.key(KeyCode::Char('j'));
    assert_eq!(
        h.key(KeyCode::Char('r')),
        Some(Effect::SetResolved(vec!["id4".into(), "id1".into()], true))
    );
    h.key(KeyCode::BackTab);
    assert_eq!(h.state.focus, Pane::Feed);
    h.key(KeyCode::Char('l'));
    assert!(h.state.show_log);
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    assert_eq!(
        h.state.focus,
        Pane::Log,
        "the log pane takes focus when shown (after critical and health)"
    );
    assert_eq!(
        h.key(KeyCode::PageUp),
        Some(Effect::ScrollLog(Action::PageUp))
    );
    h.key(KeyCode::Char('l'));
    assert_eq!(h.state.focus, Pane::Feed, "hiding the log gives focus back");
}

#[test]
fn enter_opens_the_detail_and_esc_closes_it_help_toggles() {
    let mut h = Harness::new();
    h.key(KeyCode::Char('j'));
    h.key(KeyCode::Enter);
    assert_eq!(h.state.detail.as_deref(), Some("id3"));
    let screen = h.draw(100, 30);
    assert!(
        screen.contains("No space left on device") && screen.contains("Detail"),
        "{screen}"
    );
    assert_eq!(
        h.key(KeyCode::Char('r')),
        Some(Effect::SetResolved(vec!["id3".into()], true))
    );
    h.key(KeyCode::Esc);
    assert_eq!(h.state.detail, None);
    h.key(KeyCode::Char('?'));
    assert!(h.state.help);
    let screen = h.draw(100, 30);
    for (keys, _) in KEYS {
        let first = keys.split(' ').next().unwrap();
        assert!(screen.contains(first), "help lists {keys}");
    }
    assert_eq!(
        h.key(KeyCode::Char('j')),
        None,
        "keys do nothing under the help"
    );
    h.key(KeyCode::Esc);
    assert!(!h.state.help);
}

#[test]
fn filters_by_text_severity_and_category_and_pause_freezes_the_feed() {
    let mut h = Harness::new();
    h.key(KeyCode::Char('&'));
    assert!(h.state.typing());
    for c in "DEADLOCK|disk_".chars() {
        h.key(KeyCode::Char(c));
    }
    assert_eq!(h.view.len(), 5, "compiled on Enter, not as typed");
    h.key(KeyCode::Backspace);
    h.key(KeyCode::Enter);
    assert!(!h.state.typing());
    assert_eq!(
        h.view.len(),
        3,
        "a case-insensitive regex: {:?}",
        h.state.filters
    );
    h.key(KeyCode::Esc);
    assert_eq!(h.state.filters.include, None, "Esc clears the filters");
    h.key(KeyCode::Char('s'));
    assert_eq!(h.state.filters.min_severity, Some(Severity::Warning));
    assert_eq!(h.view.len(), 4);
    h.key(KeyCode::Char('s'));
    h.key(KeyCode::Char('s'));
    assert_eq!(h.view.len(), 1, "CRITICAL only");
    h.key(KeyCode::Char('s'));
    assert_eq!(h.state.filters.min_severity, None);
    h.key(KeyCode::Char('c'));
    assert_eq!(h.state.filters.category.as_deref(), Some("Database Issue"));
    assert_eq!(h.view.len(), 2);
    for _ in 0..4 {
        h.key(KeyCode::Char('c'));
    }
    assert_eq!(
        h.state.filters.category, None,
        "the cycle ends with all categories"
    );
    h.key(KeyCode::Char('p'));
    assert!(h.state.filters.paused_at.is_some());
    let mut store = IssueStore::new(100);
    for i in h.snapshot.issues.iter() {
        store.insert((**i).clone());
    }
    store.insert(issue(
        6,
        Severity::Critical,
        "oom",
        "Memory Issue",
        "killed",
    ));
    h.snapshot = store.snapshot(Utc::now(), EngineView::default());
    h.view.refresh(&h.snapshot, &h.state.filters);
    assert_eq!(h.view.len(), 5, "paused: the new issue waits");
    assert!(h.draw(100, 30).contains("PAUSED"));
    h.key(KeyCode::Char('p'));
    assert_eq!(h.view.len(), 6);
}

#[test]
fn quit_theme_and_mouse() {
    let mut h = Harness::new();
    assert_eq!(h.key(KeyCode::Char('t')), Some(Effect::NextTheme));
    assert_eq!(h.key(KeyCode::Char('q')), Some(Effect::Quit));
    assert_eq!(
        h.key_with(KeyCode::Char('c'), KeyModifiers::CONTROL),
        Some(Effect::Quit)
    );
    // A click on the third feed row selects it; the wheel moves the selection.
    let feed = h.areas.feed;
    h.act(Action::Click(feed.x + 5, feed.y + 3));
    assert_eq!(h.selected_id(), "id2");
    h.act(Action::ScrollDown(feed.x + 5, feed.y + 3));
    assert_eq!(h.selected_id(), "id1");
    let table = h.areas.critical;
    h.act(Action::Click(table.x + 2, table.y + 3));
    assert_eq!(h.state.focus, Pane::Critical);
    assert_eq!(h.critical_row(), Some(1));
}

#[test]
fn escape_sequences_in_log_lines_render_inert_and_tiny_terminals_get_a_message() {
    let mut h = Harness::new();
    let mut store = IssueStore::new(10);
    store.insert(issue(
        1,
        Severity::Error,
        "exception",
        "Application Error",
        "boom \u{1b}[2J\u{1b}]0;pwned\u{7} \u{202e}gnp.exe\r\n",
    ));
    h.snapshot = store.snapshot(Utc::now(), EngineView::default());
    let screen = h.draw(160, 30);
    for row in screen.lines() {
        assert!(
            !row.chars().any(|c| c.is_control() || c == '\u{202e}'),
            "{row:?}"
        );
    }
    assert!(screen.contains("boom \\u{1b}[2J"), "{screen}");
    let tiny = h.draw(40, 10);
    assert!(tiny.contains("Terminal too small"), "{tiny}");
}

#[test]
fn shift_r_resolves_the_whole_group_and_m_cycles_the_signals() {
    let mut h = Harness::new();
    // id1 and id4 are one group held twice (it restarted after id1 was
    // dropped from a full store and reloaded, say); id3 is a new pattern.
    let mut store = IssueStore::new(100);
    for mut i in h.snapshot.issues.iter().map(|i| (**i).clone()) {
        if i.id == "id1" || i.id == "id4" {
            i.group_id = Some("g-deadlock".into());
        }
        i.new_pattern = i.id == "id3";
        store.insert(i);
    }
    h.snapshot = store.snapshot(Utc::now(), EngineView::default());
    assert_eq!(h.key(KeyCode::Char('R')), None, "R asks first");
    let screen = h.draw(100, 30);
    assert!(
        screen.contains("Resolve 2 issues of database_deadlock? y/n"),
        "{screen}"
    );
    assert_eq!(
        h.key(KeyCode::Char('y')),
        Some(Effect::ResolveGroup(
            vec!["id4".into(), "id1".into()],
            "database_deadlock".into()
        )),
        "y: the selection's whole group"
    );
    assert_eq!(h.state.prompt, None);
    assert_eq!(
        h.key(KeyCode::Char('r')),
        Some(Effect::SetResolved(vec!["id4".into()], true)),
        "r: the selection alone"
    );
    h.key(KeyCode::Char('j'));
    h.key(KeyCode::Char('R'));
    assert_eq!(
        h.key(KeyCode::Char('y')),
        Some(Effect::ResolveGroup(vec!["id3".into()], "disk_full".into())),
        "an issue alone in its group"
    );
    h.key(KeyCode::Char('m'));
    h.draw(120, 30);
    assert_eq!(h.view.len(), 1, "new patterns only");
    assert_eq!(h.selected_id(), "id3");
    h.key(KeyCode::Char('m'));
    let screen = h.draw(120, 30);
    assert_eq!(h.view.len(), 0, "nothing spikes");
    assert!(screen.contains("filter: spiking"), "{screen}");
    h.key(KeyCode::Char('m'));
    h.draw(120, 30);
    assert_eq!(h.view.len(), 5, "all again");
}

#[test]
fn the_header_says_when_the_history_is_not_being_saved() {
    let mut h = Harness::new();
    assert!(
        !h.draw(160, 30).contains("history"),
        "quiet while all is well"
    );
    h.snapshot.history = Some(logwarden::store::HistoryStatus {
        failing: Some("cannot write issues.db: database or disk is full".into()),
        unsaved: 12,
        lost: 3,
        ..Default::default()
    });
    let screen = h.draw(160, 30);
    assert!(
        screen.contains("history NOT SAVED: 12 unsaved, 3 lost"),
        "{screen}"
    );
}

/// A later snapshot (a newer version) of the store holding `issues`,
/// inserted in time order.
fn snapshot_of(mut issues: Vec<Issue>) -> Snapshot {
    issues.sort_by_key(|i| i.timestamp.instant());
    let mut store = IssueStore::new(100);
    for i in issues {
        store.insert(i);
    }
    let mut snapshot = store.snapshot(Utc::now(), EngineView::default());
    // A later snapshot of the one store the app reads: a newer version.
    snapshot.version += 1000;
    snapshot
}

/// The five issues and `more` (which replace those with their ids).
fn snapshot_with(more: Vec<Issue>) -> Snapshot {
    let mut all = five();
    all.retain(|i| more.iter().all(|m| m.id != i.id));
    all.extend(more);
    snapshot_of(all)
}

#[test]
fn the_feed_selection_follows_its_issue_when_it_recurs_and_moves_to_the_top() {
    let mut h = Harness::new();
    h.key(KeyCode::Down);
    h.key(KeyCode::Down);
    assert_eq!(
        h.selected_id(),
        "id2",
        "rows are newest first: id4, id3, id2"
    );
    // id2 occurs again: the same issue, now the newest row.
    let mut again = issue(
        2,
        Severity::Warning,
        "network_timeout",
        "Network Issue",
        "upstream timed out",
    );
    again.timestamp = logwarden::model::DetectedAt::now_unique();
    again.count = 2;
    h.snapshot = snapshot_with(vec![again]);
    h.draw(100, 30);
    assert_eq!(
        h.selected_id(),
        "id2",
        "the marker stays on the issue, not the row"
    );
    assert_eq!(
        h.key(KeyCode::Char('r')),
        Some(Effect::SetResolved(vec!["id2".into()], true)),
        "r acts on the issue the operator chose"
    );
}

#[test]
fn the_critical_selection_is_its_row_identity_whatever_reorders_the_table() {
    let mut h = Harness::new();
    h.key(KeyCode::Tab);
    // Rows: CRITICAL disk_full, then ERROR database_deadlock.
    h.key(KeyCode::Char('j'));
    // A new CRITICAL type arrives and sorts above both.
    let panic = issue(
        5,
        Severity::Critical,
        "kernel_panic",
        "System Issue",
        "Kernel panic",
    );
    h.snapshot = snapshot_with(vec![panic]);
    h.draw(100, 30);
    assert_eq!(
        h.key(KeyCode::Char('r')),
        Some(Effect::SetResolved(vec!["id4".into(), "id1".into()], true)),
        "still the deadlocks, not the row now in their place"
    );
}

#[test]
fn a_selected_issue_that_leaves_the_view_is_said_and_not_replaced_by_a_neighbour() {
    let mut h = Harness::new();
    h.key(KeyCode::Down);
    assert_eq!(h.selected_id(), "id3");
    // Dropped from the store (evicted): no longer in the snapshot.
    h.snapshot = snapshot_of(
        five()
            .into_iter()
            .filter(|i| i.id == "id0" || i.id == "id4")
            .collect(),
    );
    let screen = h.draw(100, 30);
    assert!(screen.contains("no longer shown"), "{screen}");
    assert_eq!(
        h.key(KeyCode::Char('r')),
        None,
        "nothing to resolve: no stand-in"
    );
    h.key(KeyCode::Down);
    assert_eq!(
        h.selected_id(),
        "id0",
        "moving picks again, from where it was"
    );
}

/// Each drawn feed row's issue id (the row's log line names it) and
/// whether it is drawn as a search match (underlined without color).
fn matched_rows(h: &mut Harness) -> Vec<(String, bool)> {
    let frame = h.frame(100, 30);
    let feed = frame.areas.feed;
    let lines: Vec<&str> = frame.text.lines().collect();
    (feed.y + 1..feed.y + 1 + h.areas.feed_rows as u16)
        .map(|y| {
            let row = lines[y as usize];
            let id = FIVE
                .iter()
                .find(|f| row.contains(f.4))
                .map(|f| format!("id{}", f.0))
                .unwrap_or_default();
            let cell = &frame.buffer[(feed.x + 4, y)];
            let underlined = cell.modifier.contains(ratatui::style::Modifier::UNDERLINED);
            (id, underlined)
        })
        .collect()
}

#[test]
fn slash_searches_by_regex_highlights_matches_and_n_and_shift_n_step_through_them() {
    let mut h = Harness::new();
    h.key(KeyCode::Char('/'));
    assert!(h.state.typing());
    h.type_in("TIMED|slow");
    assert!(!h.state.typing());
    assert_eq!(h.view.len(), 5, "a search hides nothing");
    assert_eq!(h.selected_id(), "id2", "the first match from the top");
    assert_eq!(
        matched_rows(&mut h),
        [
            ("id4".into(), false),
            ("id3".into(), false),
            ("id2".into(), true),
            ("id1".into(), false),
            ("id0".into(), true),
        ]
    );
    let screen = h.draw(100, 30);
    assert!(screen.contains("/TIMED|slow/ 2 found"), "{screen}");
    assert!(screen.contains("match 1 of 2"), "{screen}");
    h.key(KeyCode::Char('n'));
    assert_eq!(h.selected_id(), "id0");
    h.key(KeyCode::Char('n'));
    assert_eq!(h.selected_id(), "id2", "n wraps to the top");
    assert!(h.draw(100, 30).contains("wrapped to the top"));
    h.key(KeyCode::Char('N'));
    assert_eq!(h.selected_id(), "id0", "N wraps to the bottom");
    h.key(KeyCode::Char('N'));
    assert_eq!(h.selected_id(), "id2");
    // From a row of its own, the search starts there: the next match below.
    h.key(KeyCode::Char('g'));
    h.key(KeyCode::Down);
    h.key(KeyCode::Char('/'));
    h.type_in("dead");
    assert_eq!(h.selected_id(), "id1", "from id3 down, not id4 above");
}

#[test]
fn a_bad_regex_is_said_in_the_prompt_and_the_search_before_it_stays() {
    let mut h = Harness::new();
    h.key(KeyCode::Char('/'));
    h.type_in("deadlock");
    h.key(KeyCode::Char('/'));
    h.type_in("dead(lock");
    assert!(h.state.typing(), "the prompt stays open to fix it");
    let screen = h.draw(100, 30);
    let foot = screen.lines().last().unwrap();
    assert!(
        foot.contains("/dead(lock") && foot.contains("invalid regex: unclosed group"),
        "{foot}"
    );
    h.key(KeyCode::Esc);
    assert!(!h.state.typing());
    assert_eq!(
        h.state.search.as_ref().map(|p| p.source()),
        Some("deadlock"),
        "the previous search stays"
    );
    // A pattern that compiles huge is refused the same way, not built.
    h.key(KeyCode::Char('/'));
    h.type_in(r"\w{1000}{1000}");
    assert!(h.draw(100, 30).contains("too big"));
    h.key(KeyCode::Esc);
    // No match: said, and the selection stays.
    h.key(KeyCode::Char('/'));
    h.type_in("kernel panic");
    let screen = h.draw(100, 30);
    assert!(screen.contains("no match for /kernel panic/"), "{screen}");
    h.key(KeyCode::Char('n'));
    assert!(h.draw(100, 30).contains("no match"));
    // An empty search ends the search.
    h.key(KeyCode::Char('/'));
    h.key(KeyCode::Enter);
    assert_eq!(h.state.search, None);
    h.key(KeyCode::Char('n'));
    assert!(h.draw(100, 30).contains("no search"));
}

/// The five issues, id0 and id1 read from db.log, the rest from app.log.
fn two_files() -> Snapshot {
    let mut issues = five();
    for i in &mut issues {
        if i.id == "id0" || i.id == "id1" {
            i.source_file = "/var/log/db.log".into();
        }
    }
    snapshot_of(issues)
}

#[test]
fn include_exclude_and_file_filters_hide_rows_and_the_title_names_them_all() {
    let mut h = Harness::new();
    h.snapshot = two_files();
    h.key(KeyCode::Char('&'));
    h.type_in("dead");
    assert_eq!(h.view.len(), 2);
    h.key(KeyCode::Char('!'));
    h.type_in("again");
    assert_eq!(h.view.len(), 1);
    assert_eq!(h.selected_id(), "id1");
    h.key(KeyCode::Char('&'));
    assert_eq!(
        h.state.prompt.as_ref().map(|p| p.text.as_str()),
        Some("dead"),
        "a filter's prompt opens on it, to edit"
    );
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('f'));
    assert_eq!(h.state.filters.file.as_deref(), Some("/var/log/app.log"));
    assert_eq!(h.view.len(), 0, "id1 is from db.log");
    let screen = h.draw(160, 30);
    assert!(
        screen.contains("Issues (0 of 5) · filter: &dead, !again, file app.log"),
        "{screen}"
    );
    h.key(KeyCode::Char('f'));
    assert_eq!(h.state.filters.file.as_deref(), Some("/var/log/db.log"));
    assert_eq!(h.view.len(), 1);
    h.key(KeyCode::Char('f'));
    assert_eq!(h.state.filters.file, None, "after the last file: all");
    h.key(KeyCode::Char('F'));
    assert_eq!(h.state.filters.file.as_deref(), Some("/var/log/db.log"));
    // An empty include turns it off; the others stay.
    h.key(KeyCode::Char('&'));
    for _ in 0.."dead".len() {
        h.key(KeyCode::Backspace);
    }
    h.key(KeyCode::Enter);
    assert_eq!(h.state.filters.include, None);
    assert_eq!(h.view.len(), 2, "db.log without 'again'");
}

#[test]
fn shift_c_and_esc_clear_every_filter_at_once_but_not_the_pause() {
    let mut h = Harness::new();
    h.snapshot = two_files();
    let set_all = |h: &mut Harness| {
        h.key(KeyCode::Char('&'));
        h.type_in("e");
        h.key(KeyCode::Char('!'));
        h.type_in("again");
        h.key(KeyCode::Char('f'));
        h.key(KeyCode::Char('s'));
        h.key(KeyCode::Char('c'));
        h.key(KeyCode::Char('m'));
        assert!(h.state.filters.any());
    };
    set_all(&mut h);
    h.key(KeyCode::Char('p'));
    h.key(KeyCode::Char('C'));
    assert!(h.draw(100, 30).contains("filters cleared"));
    assert!(!h.state.filters.any(), "{:?}", h.state.filters);
    assert!(h.state.filters.paused_at.is_some(), "the pause is p's");
    h.key(KeyCode::Char('p'));
    assert_eq!(h.view.len(), 5);
    // Esc closes what is open first, then clears the filters, then the search.
    set_all(&mut h);
    h.key(KeyCode::Char('/'));
    h.type_in("disk");
    h.key(KeyCode::Char('?'));
    h.key(KeyCode::Esc);
    assert!(!h.state.help && h.state.filters.any());
    h.key(KeyCode::Char('z'));
    h.key(KeyCode::Esc);
    assert!(!h.state.zoomed && h.state.filters.any());
    h.key(KeyCode::Esc);
    assert!(!h.state.filters.any());
    assert!(h.state.search.is_some(), "the search is not a filter");
    h.key(KeyCode::Esc);
    assert_eq!(h.state.search, None);
}

/// `n` issues, one second apart (id0 the oldest).
fn many(n: u64) -> Snapshot {
    snapshot_of(
        (0..n)
            .map(|k| issue(k, Severity::Error, "api_error", "API Issue", "502"))
            .collect(),
    )
}

#[test]
fn z_gives_the_focused_pane_the_whole_screen_and_z_or_esc_gives_it_back() {
    let mut h = Harness::new();
    h.snapshot = many(30);
    h.frame(80, 24);
    let before = h.areas.feed_rows;
    h.key(KeyCode::Char('z'));
    assert!(h.state.zoomed);
    let frame = h.frame(80, 24);
    assert_eq!(h.areas.feed_rows, 21, "all but the borders and the footer");
    assert!(before < 10, "{before} rows before");
    assert!(!frame.text.contains("Health") && !frame.text.contains("Critical"));
    assert!(frame.text.contains("z back"), "{}", frame.text);
    // Tab: the next pane, still alone.
    h.key(KeyCode::Tab);
    let frame = h.frame(80, 24);
    assert!(frame.text.contains("Critical issues") && !frame.text.contains("Issues (30)"));
    assert_eq!(
        h.areas.feed,
        ratatui::layout::Rect::default(),
        "no click lands on a hidden pane"
    );
    h.key(KeyCode::Char('z'));
    assert!(!h.state.zoomed);
    h.key(KeyCode::Char('z'));
    h.key(KeyCode::Esc);
    assert!(!h.state.zoomed);
}

#[test]
fn every_key_the_help_lists_does_something_and_every_key_is_listed() {
    let listed: Vec<&str> = KEYS
        .iter()
        .flat_map(|(keys, _)| keys.split([',', '/', ' ']))
        .filter(|k| !k.is_empty())
        .collect();
    let printable = (' '..='~').map(|c| (c.to_string(), KeyCode::Char(c)));
    let named = [
        ("↓", KeyCode::Down),
        ("↑", KeyCode::Up),
        ("PgDn", KeyCode::PageDown),
        ("PgUp", KeyCode::PageUp),
        ("Tab", KeyCode::Tab),
        ("Shift-Tab", KeyCode::BackTab),
        ("Enter", KeyCode::Enter),
        ("Esc", KeyCode::Esc),
    ]
    .map(|(name, code)| (name.to_string(), code));
    for (name, code) in printable.chain(named) {
        let action = key_action(KeyEvent::new(code, KeyModifiers::NONE), false);
        // "/" also separates keys in the table ("g / G"): it has its own row.
        let is_listed =
            listed.contains(&name.as_str()) || (name == "/" && KEYS.iter().any(|(k, _)| *k == "/"));
        assert_eq!(
            action.is_some(),
            is_listed,
            "{name:?}: mapped to {action:?}, listed in the help: {is_listed}"
        );
    }
}

#[test]
fn the_help_scrolls_at_80x24_down_to_the_marks_legend() {
    let mut h = Harness::new();
    h.size = (80, 24);
    h.key(KeyCode::Char('?'));
    let top = h.draw(80, 24);
    assert!(top.contains("of 38 (↑↓ scroll"), "{top}");
    assert!(!top.contains("Marks in the feed"));
    h.key(KeyCode::PageDown);
    h.key(KeyCode::PageDown);
    let bottom = h.frame(80, 24).text;
    for mark in ["Marks in the feed", "✦", "▲12×", "×300", "↺", "◆", "◌", "✓"] {
        assert!(bottom.contains(mark), "{mark}: {bottom}");
    }
    assert!(bottom.contains("of 38"), "{bottom}");
    h.key(KeyCode::Char('g'));
    assert_eq!(h.state.help_scroll, 0);
}

#[test]
fn shift_r_asks_and_any_other_key_cancels_saying_so() {
    let mut h = Harness::new();
    h.key(KeyCode::Char('R'));
    assert!(h.state.confirm.is_some());
    assert_eq!(h.key(KeyCode::Char('j')), None, "cancels, does not move");
    assert_eq!(h.state.confirm, None);
    assert_eq!(h.selected_id(), "id4", "the key only cancelled");
    let screen = h.draw(100, 30);
    assert!(screen.contains("cancelled: nothing resolved"), "{screen}");
    // Esc cancels too; Ctrl-C still quits.
    h.key(KeyCode::Char('R'));
    assert_eq!(h.key(KeyCode::Esc), None);
    h.key(KeyCode::Char('R'));
    assert_eq!(
        h.key_with(KeyCode::Char('c'), KeyModifiers::CONTROL),
        Some(Effect::Quit)
    );
    // y outside a prompt does nothing.
    assert_eq!(key_action(KeyEvent::from(KeyCode::Char('y')), false), None);
}

#[test]
fn outcomes_show_in_the_status_bar_until_the_next_action_or_their_time() {
    let mut h = Harness::new();
    h.act(Action::Notify(Notice::info("resolved 3 issues")));
    let screen = h.draw(100, 30);
    let footer = screen.lines().last().unwrap();
    assert!(footer.contains("resolved 3 issues"), "{footer}");
    assert!(!footer.contains("q quit"), "the message takes the bar");
    // Expiry names the message: an older one's expiry leaves a newer one.
    let old = h.state.toast.as_ref().unwrap().id;
    h.act(Action::Notify(Notice::warning("the store is busy")));
    h.act(Action::ExpireToast(old));
    assert!(h.state.toast.is_some());
    let newer = h.state.toast.as_ref().unwrap().id;
    h.act(Action::ExpireToast(newer));
    assert_eq!(h.state.toast, None, "gone after its time");
    // The next action clears it; a later message never shares an id.
    h.act(Action::Notify(Notice::info("theme: light")));
    let light = h.state.toast.as_ref().unwrap().id;
    h.key(KeyCode::Char('j'));
    assert_eq!(h.state.toast, None);
    assert!(h.draw(100, 30).lines().last().unwrap().contains("q quit"));
    h.act(Action::Notify(Notice::info("theme: dark")));
    h.act(Action::ExpireToast(light));
    assert!(
        h.state.toast.is_some(),
        "an old expiry leaves a new message"
    );
}

/// What the app reads for the context view of `id`: a few lines, one of
/// them hostile.
fn context(id: &str) -> ContextView {
    ContextView {
        issue_id: id.into(),
        path: "/var/log/app.log".into(),
        first_line: Some(40),
        lines: vec![
            "2026-03-10 08:00:01 INFO before".into(),
            "No space left on device".into(),
            "after \u{1b}[2J\u{1b}]0;pwned\u{7} \u{202e}gnp.exe".into(),
        ],
        target: 1,
        problem: None,
    }
}

#[test]
fn o_shows_the_lines_around_the_selection_e_opens_the_pager_esc_closes() {
    let mut h = Harness::new();
    h.key(KeyCode::Char('j'));
    assert_eq!(
        h.key(KeyCode::Char('o')),
        Some(Effect::ReadContext("id3".into()))
    );
    h.act(Action::ShowContext(Box::new(context("id3"))));
    let screen = h.draw(100, 30);
    assert!(screen.contains("Context: /var/log/app.log:41"), "{screen}");
    let marked = screen
        .lines()
        .find(|l| l.contains("41 ▶ No space left"))
        .unwrap();
    assert!(marked.contains("No space left on device"), "{marked}");
    assert!(screen.contains("after \\u{1b}[2J"), "inert: {screen}");
    for row in screen.lines() {
        assert!(
            !row.chars().any(|c| c.is_control() || c == '\u{202e}'),
            "{row:?}"
        );
    }
    // Moving keys hold still under it; keys act on its issue.
    h.key(KeyCode::Char('j'));
    assert!(h.state.context.is_some());
    assert_eq!(
        h.key(KeyCode::Char('e')),
        Some(Effect::OpenPager("id3".into()))
    );
    assert_eq!(
        h.key(KeyCode::Char('r')),
        Some(Effect::SetResolved(vec!["id3".into()], true))
    );
    h.key(KeyCode::Esc);
    assert_eq!(h.state.context, None);
    assert_eq!(h.selected_id(), "id3", "the feed did not move beneath");
    // From the detail view too, and on a selected row without one.
    h.key(KeyCode::Enter);
    assert_eq!(
        h.key(KeyCode::Char('e')),
        Some(Effect::OpenPager("id3".into()))
    );
}

#[test]
fn a_context_the_file_no_longer_holds_says_so_instead_of_lines() {
    let mut h = Harness::new();
    let mut gone = context("id4");
    gone.lines.clear();
    gone.problem = Some("/var/log/app.log no longer holds this issue's line at byte 812".into());
    h.act(Action::ShowContext(Box::new(gone)));
    let screen = h.draw(100, 30);
    assert!(
        screen.contains("no longer holds this issue's line"),
        "{screen}"
    );
    assert!(!screen.contains("▶ No space"), "{screen}");
}

#[test]
fn an_empty_feed_says_files_are_followed_from_their_end_and_how_to_read_them() {
    let mut h = Harness::new();
    h.snapshot = IssueStore::new(10).snapshot(Utc::now(), EngineView::default());
    let palette = Palette::new(Theme::default_theme(), false);
    let mut chrome = Chrome::default();
    let text = |chrome: &Chrome, h: &mut Harness| {
        draw(
            &h.snapshot,
            &mut h.view,
            &h.state,
            &palette,
            chrome,
            (100, 30),
        )
        .text
    };
    let screen = text(&chrome, &mut h);
    assert!(screen.contains("followed from their end"), "{screen}");
    assert!(screen.contains("--from-start"), "{screen}");
    chrome.from_start = true;
    let screen = text(&chrome, &mut h);
    assert!(!screen.contains("--from-start"), "{screen}");
    assert!(screen.contains("No issues yet"), "{screen}");
}

#[test]
fn the_new_keys_are_in_the_key_map_and_the_help() {
    let key = |c| key_action(KeyEvent::from(KeyCode::Char(c)), false);
    assert_eq!(key('o'), Some(Action::OpenContext));
    assert_eq!(key('e'), Some(Action::OpenPager));
    assert_eq!(
        confirm_action(KeyEvent::from(KeyCode::Char('y'))),
        Some(Action::Confirm)
    );
    for keys in ["o / e", "R"] {
        assert!(KEYS.iter().any(|(k, _)| *k == keys), "{keys}");
    }
}

#[test]
fn enter_on_the_health_pane_shows_what_the_score_is_made_of() {
    let mut h = Harness::new();
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    assert_eq!(h.state.focus, Pane::Health, "Tab: feed, critical, health");
    assert_eq!(h.key(KeyCode::Char('r')), None, "nothing to resolve there");
    h.key(KeyCode::Enter);
    assert!(h.state.health_detail);
    let screen = h.draw(120, 40);
    assert!(
        screen.contains("What the health score is made of"),
        "{screen}"
    );
    assert!(screen.contains("72.50 warning = 100 - 27.50"), "{screen}");
    let rows: Vec<&str> = screen
        .lines()
        .filter(|l| l.contains("/var/log/app.log") && l.contains("  1  "))
        .collect();
    assert_eq!(rows.len(), 5, "each problem, once: {screen}");
    assert!(
        rows[0].contains("15.00") && rows[0].contains("disk_full"),
        "costliest first: {rows:?}"
    );
    // Resolving moves it: the next snapshot's detail says so.
    h.snapshot = five_with_id3_resolved();
    let screen = h.draw(120, 40);
    assert!(screen.contains("87.50 warning = 100 - 12.50"), "{screen}");
    assert!(screen.contains("Cost nothing: 1 resolved"), "{screen}");
    h.key(KeyCode::Esc);
    assert!(!h.state.health_detail);
    // Zoomed, the Health pane is the explanation, whole screen.
    h.key(KeyCode::Char('z'));
    assert!(h.draw(120, 40).contains("What the health score is made of"));
}

#[test]
fn changing_a_filter_keeps_the_selected_issue_and_says_when_it_hides_it() {
    let mut h = Harness::new();
    h.key(KeyCode::Down);
    h.key(KeyCode::Down);
    h.key(KeyCode::Down);
    assert_eq!(h.selected_id(), "id1", "deadlock detected");
    h.key(KeyCode::Char('&'));
    h.type_in("dead|space");
    assert_eq!(h.view.len(), 3);
    assert_eq!(h.selected_id(), "id1", "still shown: still selected");
    assert_eq!(
        h.key(KeyCode::Char('r')),
        Some(Effect::SetResolved(vec!["id1".into()], true))
    );
    // A filter that hides it: said, and r acts on nothing (and says so).
    h.key(KeyCode::Char('!'));
    h.type_in("detected");
    let screen = h.draw(160, 30);
    assert!(
        screen.contains("the selected issue is no longer shown"),
        "{screen}"
    );
    assert_eq!(h.key(KeyCode::Char('r')), None);
    assert!(
        h.draw(160, 30)
            .contains("nothing done: no issue is selected here")
    );
    // Cleared: there it is again.
    h.key(KeyCode::Char('C'));
    assert_eq!(h.selected_id(), "id1");
}

#[test]
fn an_issue_picked_on_the_top_row_stays_picked_when_newer_ones_come() {
    let mut h = Harness::new();
    h.key(KeyCode::Down);
    h.key(KeyCode::Up);
    assert_eq!(h.selected_id(), "id4", "the top row, picked");
    assert!(!h.state.following());
    let newer = issue(
        9,
        Severity::Critical,
        "ssl_certificate",
        "Security Issue",
        "SSL expired",
    );
    let newer = Issue {
        timestamp: logwarden::model::DetectedAt::at(Utc::now()),
        ..newer
    };
    h.snapshot = snapshot_with(vec![newer]);
    assert_eq!(h.selected_id(), "id4", "not the new top row");
    assert_eq!(
        h.key(KeyCode::Char('r')),
        Some(Effect::SetResolved(vec!["id4".into()], true))
    );
    // g follows the newest again.
    h.key(KeyCode::Char('g'));
    assert!(h.state.following());
    assert_eq!(h.selected_id(), "id9");
}

#[test]
fn focusing_the_critical_table_picks_its_row_and_a_row_gone_is_said() {
    let mut h = Harness::new();
    h.key(KeyCode::Tab);
    assert_eq!(h.state.focus, Pane::Critical);
    let picked = h.state.critical.clone().expect("the first row, picked");
    assert_eq!(picked.issue_type, "disk_full");
    // The disk problem is resolved elsewhere: its row leaves the table.
    h.snapshot = five_with_id3_resolved();
    let screen = h.draw(160, 40);
    assert!(
        screen.contains("the selected row is no longer listed"),
        "{screen}"
    );
    assert_eq!(
        h.key(KeyCode::Char('r')),
        None,
        "not the row that took its place"
    );
    assert!(h.draw(160, 40).contains("nothing done"));
}

#[test]
fn a_search_typed_past_its_limit_is_said_and_refused_not_cut_silently() {
    let mut h = Harness::new();
    h.key(KeyCode::Char('/'));
    for _ in 0..600 {
        h.key(KeyCode::Char('a'));
    }
    let foot = h.draw(160, 30).lines().last().unwrap().to_string();
    assert!(foot.contains("longer than 512 bytes"), "{foot}");
    h.key(KeyCode::Enter);
    assert!(h.state.typing(), "refused: the prompt stays open");
    assert_eq!(h.state.search, None);
    h.key(KeyCode::Backspace);
    h.key(KeyCode::Enter);
    assert!(!h.state.typing(), "edited back under the limit: taken");
}

/// The five issues, the disk one (id3) resolved.
fn five_with_id3_resolved() -> Snapshot {
    let mut store = IssueStore::new(100);
    for i in five() {
        store.insert(i);
    }
    store.set_resolved("id3", true);
    store.snapshot(Utc::now(), EngineView::default())
}

#[test]
fn h_asks_before_healing_the_selection_and_any_other_key_cancels() {
    let mut h = Harness::new();
    h.draw(100, 30);
    let id = h.selected_id();
    assert_eq!(h.key(KeyCode::Char('h')), None, "h asks first");
    let screen = h.draw(100, 30);
    assert!(
        screen.contains("Run the healing actions bound to this"),
        "{screen}"
    );
    assert_eq!(h.key(KeyCode::Char('y')), Some(Effect::Heal(id.clone())));
    h.key(KeyCode::Char('h'));
    assert_eq!(h.key(KeyCode::Char('n')), None, "n cancels");
    let screen = h.draw(100, 30);
    assert!(screen.contains("cancelled: nothing run"), "{screen}");
}

/// The two-host store of `support::fleet` (app-1's files, db-1 over
/// syslog), as a newer snapshot than the harness's first.
fn fleet() -> Snapshot {
    let mut snapshot = support::fleet::snapshot(Utc::now() - TimeDelta::seconds(200));
    snapshot.version += 2000;
    snapshot
}

/// The hosts of the feed's rows and of the critical table's issues.
fn hosts_shown(h: &mut Harness) -> (Vec<String>, Vec<String>) {
    h.view.refresh(&h.snapshot, &h.state.filters);
    let feed = (0..h.view.len())
        .map(|row| h.view.issue(&h.snapshot, row).unwrap().host.clone())
        .collect();
    let table = h
        .state
        .critical_rows(&h.snapshot)
        .iter()
        .map(|r| r.latest.host.clone())
        .collect();
    (feed, table)
}

#[test]
fn shift_h_narrows_to_each_host_in_turn_and_c_or_esc_show_every_host_again() {
    let mut h = Harness::new();
    h.snapshot = fleet();
    h.draw(120, 30);
    let all = hosts_shown(&mut h);
    assert_eq!((all.0.len(), all.1.len()), (7, 6));
    h.key(KeyCode::Char('H'));
    assert_eq!(h.state.filters.host.as_deref(), Some("app-1"), "by name");
    let (feed, table) = hosts_shown(&mut h);
    assert!(
        feed.len() == 4 && feed.iter().all(|x| x == "app-1"),
        "{feed:?}"
    );
    assert!(
        table.len() == 3 && table.iter().all(|x| x == "app-1"),
        "{table:?}"
    );
    let screen = h.draw(120, 30);
    assert!(
        screen.contains("Issues (4 of 7) · filter: host app-1"),
        "{screen}"
    );
    assert!(
        screen.contains("Critical issues (3 of 6) · host app-1"),
        "{screen}"
    );
    h.key(KeyCode::Char('H'));
    assert_eq!(h.state.filters.host.as_deref(), Some("db-1"));
    assert_eq!(
        h.state.host_selected.as_deref(),
        Some("db-1"),
        "the pane follows"
    );
    let (feed, _) = hosts_shown(&mut h);
    assert!(
        feed.len() == 3 && feed.iter().all(|x| x == "db-1"),
        "{feed:?}"
    );
    h.key(KeyCode::Char('H'));
    assert_eq!(h.state.filters.host, None, "after the last host: all");
    // C clears it with the other filters; so does Esc with nothing open.
    h.key(KeyCode::Char('H'));
    h.key(KeyCode::Char('s'));
    h.key(KeyCode::Char('C'));
    assert_eq!(h.state.filters.host, None);
    assert_eq!(hosts_shown(&mut h).0.len(), 7);
    h.key(KeyCode::Char('H'));
    h.key(KeyCode::Esc);
    assert_eq!(h.state.filters.host, None);
}

#[test]
fn the_host_pane_is_a_tab_stop_enter_narrows_to_its_host_and_again_widens() {
    let mut h = Harness::new();
    h.snapshot = fleet();
    h.draw(120, 30);
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    assert_eq!(h.state.focus, Pane::Hosts);
    // The worst first: db-1 is picked when the pane is focused.
    assert_eq!(h.state.host_selected.as_deref(), Some("db-1"));
    h.key(KeyCode::Char('j'));
    assert_eq!(h.state.host_selected.as_deref(), Some("app-1"));
    h.key(KeyCode::Enter);
    assert_eq!(h.state.filters.host.as_deref(), Some("app-1"));
    assert!(h.state.detail.is_none(), "Enter here opens no detail");
    assert!(h.draw(120, 30).contains("host app-1 only"));
    assert_eq!(h.key(KeyCode::Char('r')), None, "no issue is selected here");
    h.key(KeyCode::Enter);
    assert_eq!(h.state.filters.host, None, "again: every host");
    // A click picks a row (the pane's header line is not one).
    let pane = h.areas.hosts.expect("the host pane is drawn");
    h.act(Action::Click(pane.x + 2, pane.y + 2));
    assert_eq!(h.state.host_selected.as_deref(), Some("db-1"));
    h.key(KeyCode::Enter);
    assert_eq!(h.state.filters.host.as_deref(), Some("db-1"));
    h.key(KeyCode::Tab);
    assert_eq!(h.state.focus, Pane::Health);
}

#[test]
fn one_host_has_no_host_pane_no_host_column_and_tab_passes_it_by() {
    let mut h = Harness::new();
    let screen = h.draw(160, 40);
    assert!(
        !screen.contains("Hosts") && !screen.contains("Host "),
        "{screen}"
    );
    assert!(h.areas.hosts.is_none());
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    assert_eq!(h.state.focus, Pane::Health);
}

#[test]
fn host_names_from_the_network_are_drawn_inert_and_cut() {
    let mut h = Harness::new();
    let mut issues: Vec<Issue> = Vec::new();
    for (n, host) in [
        "\u{1b}[2J\u{1b}]0;pwned\u{7}\u{202e}evil",
        "a-very-long-host-name-that-a-sender-chose-to-fill-the-row.example.internal",
    ]
    .into_iter()
    .enumerate()
    {
        let mut i = issue(
            n as u64,
            Severity::Error,
            "exception",
            "Application Error",
            "boom",
        );
        i.host = host.into();
        i.stream = "app".into();
        i.source_file = format!("{host}:app");
        issues.push(i);
    }
    h.snapshot = snapshot_of(issues);
    let screen = h.draw(160, 40);
    for row in screen.lines() {
        assert!(
            !row.chars().any(|c| c.is_control() || c == '\u{202e}'),
            "{row:?}"
        );
    }
    assert!(screen.contains("\\u{1b}[2J"), "{screen}");
    let long = screen
        .lines()
        .find(|l| l.contains("ERRO a-very"))
        .expect("the long-named host's feed row");
    assert!(long.contains("ERRO a-very-long-hos… exception"), "{long}");
    // Escaped, then cut to 20 columns in the titles.
    h.key(KeyCode::Char('H'));
    let screen = h.draw(160, 40);
    assert!(
        screen.contains("filter: host \\u{1b}[2J\\u{1b}]0;p… "),
        "{screen}"
    );
}

#[test]
fn inside_a_host_f_and_c_cycle_through_that_hosts_files_and_categories_only() {
    let mut h = Harness::new();
    h.snapshot = fleet();
    h.draw(120, 30);
    h.key(KeyCode::Char('H'));
    h.key(KeyCode::Char('H'));
    assert_eq!(h.state.filters.host.as_deref(), Some("db-1"));
    let mut files = Vec::new();
    loop {
        h.key(KeyCode::Char('f'));
        match &h.state.filters.file {
            Some(file) => files.push(file.clone()),
            None => break,
        }
    }
    assert_eq!(files, ["db-1:kernel", "db-1:postgres"]);
    let mut categories = Vec::new();
    loop {
        h.key(KeyCode::Char('c'));
        match &h.state.filters.category {
            Some(category) => categories.push(category.clone()),
            None => break,
        }
    }
    assert_eq!(categories, ["Database Issue", "Memory Issue"]);
}
