//! The real binary's dashboard in a pseudo-terminal: lines appended to a
//! watched file appear on screen, `r` resolves the selected issue, `q`
//! quits and gives the terminal back.

// Helpers outside #[test] functions may unwrap too: a panic fails the test.
#![allow(clippy::unwrap_used)]

use std::fs::OpenOptions;
use std::io::Write;
use std::path::PathBuf;

mod support;
use support::pty::Pty;

/// The dashboard on an empty `app.log` with a state directory of its
/// own, `extra` flags first: the directory (kept while the test runs),
/// the log, the terminal.
fn on_empty_log(extra: &[&str], cols: u16, rows: u16) -> (tempfile::TempDir, PathBuf, Pty) {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("app.log");
    std::fs::write(&log, "").unwrap();
    let state = dir.path().join("state");
    let mut args = extra.to_vec();
    args.extend(["--state", state.to_str().unwrap(), log.to_str().unwrap()]);
    let pty = Pty::spawn(&args, cols, rows);
    (dir, log, pty)
}

fn append(path: &std::path::Path, text: &str) {
    let mut file = OpenOptions::new().append(true).open(path).unwrap();
    file.write_all(text.as_bytes()).unwrap();
}

#[test]
fn appended_problems_appear_r_resolves_and_q_quits() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("app.log");
    std::fs::write(&log, "2026-03-10 08:00:00,000 INFO started\n").unwrap();
    let state = dir.path().join("state");
    let mut pty = Pty::spawn(
        // Wide enough for the messages whole beside the type and file
        // columns (at 120 the feed shows only the start of each).
        &["--state", state.to_str().unwrap(), log.to_str().unwrap()],
        160,
        36,
    );
    // Ready once the end offsets are recorded: the header stops saying
    // "starting…" and counts the file.
    pty.wait_for("the dashboard, ready", |s| {
        s.contains("Health") && s.contains("1 files") && !s.contains("starting")
    });
    assert!(
        pty.alternate_screen(),
        "the dashboard uses the alternate screen"
    );

    append(
        &log,
        "2026-03-10 08:00:12,004 ERROR [pool-3] psycopg2.OperationalError: could not connect to server: Connection refused\n\
         2026-03-10 08:00:13,000 INFO request ok\n\
         Mar 10 08:00:41 web-3 kernel: Out of memory: Killed process 4121 (java) total-vm:8388608kB\n",
    );
    let screen = pty.wait_for("both problems in the feed", |s| {
        s.contains("Issues (2)") && s.contains("Out of memory") && s.contains("psycopg2")
    });
    assert!(screen.contains("Critical issues (2)"), "{screen}");
    assert!(
        !screen.contains("request ok"),
        "normal lines are not issues"
    );

    // The newest issue (the OOM kill) is selected at start: r resolves it.
    pty.send(b"r");
    let screen = pty.wait_for("the resolve to reach the table", |s| {
        s.contains("Critical issues (1)")
    });
    let oom_row = screen
        .lines()
        .find(|l| l.contains("Out of memory"))
        .expect("the resolved issue stays in the feed");
    assert!(oom_row.contains('✓'), "marked resolved: {oom_row}");
    let db_row = screen.lines().find(|l| l.contains("psycopg2")).unwrap();
    assert!(!db_row.contains('✓'), "the other stays open: {db_row}");

    // Esc, then q: a lone Esc must not swallow the next key.
    pty.send(b"\x1b");
    pty.send(b"q");
    let status = pty.wait_exit();
    assert!(status.success(), "{status}");
    assert!(!pty.alternate_screen(), "the normal screen is back");
    let raw = pty.raw();
    let shown = raw.windows(6).any(|w| w == b"\x1b[?25h");
    assert!(shown, "the cursor is shown again");
}

#[test]
fn a_terminal_too_small_says_so_and_growing_it_shows_the_dashboard() {
    let (_dir, _log, mut pty) = on_empty_log(&[], 40, 10);
    pty.wait_for("the size message", |s| s.contains("Terminal too small"));
    pty.resize(100, 30);
    pty.wait_for("the dashboard after the resize", |s| {
        s.contains("Health") && s.contains("Critical issues") && !s.contains("too small")
    });
    pty.resize(50, 12);
    pty.wait_for("the size message again", |s| {
        s.contains("Terminal too small (50x12)")
    });
    pty.send(b"q");
    assert!(pty.wait_exit().success());
}

/// One store behind both: a resolve through the API shows in the
/// dashboard, and `r` in the dashboard shows in the API.
#[test]
fn resolving_in_the_api_shows_in_the_dashboard_and_back() {
    let (_dir, log, mut pty) = on_empty_log(&["--api", "127.0.0.1:0"], 160, 40);
    let screen = pty.wait_for("the dashboard with its API address", |s| {
        s.contains("API 127.0.0.1:") && s.contains("1 files") && !s.contains("starting")
    });
    let addr: String = screen
        .split("API ")
        .nth(1)
        .unwrap()
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ':')
        .collect();
    append(
        &log,
        "2026-03-10 08:00:12,004 ERROR [pool-3] psycopg2.OperationalError: could not connect to server: Connection refused\n\
         Mar 10 08:00:41 web-3 kernel: Out of memory: Killed process 4121 (java) total-vm:8388608kB\n",
    );
    pty.wait_for("both issues", |s| s.contains("Issues (2)"));
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let get = |path: &str| -> serde_json::Value {
        let mut resp = agent.get(&format!("http://{addr}{path}")).call().unwrap();
        serde_json::from_str(&resp.body_mut().read_to_string().unwrap()).unwrap()
    };
    let recent = get("/api/logs/recent");
    let db_id = recent["issues"][0]["id"].as_str().unwrap().to_string();
    let status = agent
        .post(&format!("http://{addr}/api/logs/issues/{db_id}/resolve"))
        .send_empty()
        .unwrap()
        .status();
    assert_eq!(status, 200);
    let screen = pty.wait_for("the API's resolve on screen", |s| {
        s.lines().any(|l| l.contains("psycopg2") && l.contains('✓'))
    });
    assert!(screen.contains("Critical issues (1)"), "{screen}");
    // The newest (the OOM kill) is selected: resolve it from the keyboard.
    pty.send(b"r");
    pty.wait_for("the keyboard's resolve on screen", |s| {
        s.contains("Critical issues (0)")
    });
    let critical = get("/api/logs/critical");
    assert_eq!(critical["count"], 0, "{critical}");
    let recent = get("/api/logs/recent");
    assert!(
        recent["issues"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["resolved"] == true)
    );
    pty.send(b"q");
    assert!(pty.wait_exit().success());
}

/// Search, a refused regex, filters, and clearing them all (`C`, then Esc
/// with nothing else open), on the real binary.
#[test]
fn slash_searches_by_regex_and_c_or_esc_clear_every_filter() {
    let (_dir, log, mut pty) = on_empty_log(&[], 160, 40);
    pty.wait_for("the dashboard, ready", |s| {
        s.contains("1 files") && !s.contains("starting")
    });
    append(
        &log,
        "2026-03-10 08:00:12,004 ERROR [pool-3] psycopg2.OperationalError: could not connect to server: Connection refused\n\
         Mar 10 08:00:41 web-3 kernel: Out of memory: Killed process 4121 (java) total-vm:8388608kB\n\
         2026-03-10 08:01:30,900 ERROR [writer] OSError: [Errno 28] No space left on device\n",
    );
    pty.wait_for("three issues", |s| s.contains("Issues (3)"));

    // A bad regex is said in the prompt line; the program goes on.
    pty.send(b"/(oops\r");
    pty.wait_for("the refusal", |s| {
        s.contains("invalid regex: unclosed group")
    });
    pty.send(b"\x1b");
    pty.wait_for("the prompt closed", |s| !s.contains("invalid regex"));

    pty.send(b"/PSYCOPG|memory\r");
    let screen = pty.wait_for("the search's matches", |s| {
        s.contains("/PSYCOPG|memory/ 2 found") && s.contains("match 1 of 2")
    });
    assert!(
        screen.contains("Issues (3)"),
        "a search hides nothing: {screen}"
    );
    pty.send(b"n");
    pty.wait_for("the second match", |s| s.contains("match 2 of 2"));
    pty.send(b"n");
    pty.wait_for("round again", |s| {
        s.contains("match 1 of 2, wrapped to the top")
    });

    // Filters, then C clears every one of them.
    pty.send(b"&ERROR \\[\r");
    pty.wait_for("the include filter", |s| {
        s.contains("Issues (2 of 3) · filter: &ERROR \\[")
    });
    pty.send(b"!space\r");
    pty.send(b"s");
    pty.wait_for("three filters in the title", |s| {
        s.contains("Issues (1 of 3) · filter: WARNING+, &ERROR \\[, !space")
    });
    pty.send(b"C");
    pty.wait_for("every filter cleared", |s| {
        s.contains("Issues (3) ") && s.contains("filters cleared") && !s.contains("filter:")
    });

    // Esc, with nothing open, does the same.
    pty.send(b"!memory\r");
    pty.send(b"f");
    pty.wait_for("exclude and file filters", |s| {
        s.contains("Issues (2 of 3) · filter: !memory, file app.log")
    });
    pty.send(b"\x1b");
    pty.wait_for("Esc cleared them", |s| {
        s.contains("Issues (3) ") && !s.contains("filter:")
    });
    pty.send(b"q");
    assert!(pty.wait_exit().success());
}

/// `R` asks before resolving the selection's whole group: any other key
/// cancels (and says so), `y` resolves, and the status bar says what the
/// store did.
#[test]
fn shift_r_asks_first_and_the_status_bar_says_what_was_done() {
    let (_dir, log, mut pty) = on_empty_log(&[], 120, 36);
    pty.wait_for("the dashboard, ready", |s| {
        s.contains("1 files") && !s.contains("starting")
    });
    append(
        &log,
        "2026-03-10 08:00:12,004 ERROR [pool-3] psycopg2.OperationalError: could not connect to server: Connection refused\n\
         2026-03-10 08:00:14,004 ERROR [pool-3] psycopg2.OperationalError: could not connect to server: Connection refused\n",
    );
    pty.wait_for("one issue that happened twice", |s| {
        s.contains("Issues (1)") && s.contains("×2")
    });
    pty.send(b"R");
    pty.wait_for("the question", |s| {
        s.contains("Resolve 1 issue of database_connection? y/n")
    });
    pty.send(b"n");
    let screen = pty.wait_for("the cancellation", |s| {
        s.contains("cancelled: nothing resolved")
    });
    assert!(screen.contains("Critical issues (1)"), "{screen}");
    pty.send(b"R");
    pty.wait_for("the question again", |s| s.contains("? y/n"));
    pty.send(b"y");
    pty.wait_for("the store's answer", |s| {
        s.contains("resolved 1 issue of database_connection") && s.contains("Critical issues (0)")
    });
    // The next key takes the message away.
    pty.send(b"j");
    pty.wait_for("the key hints back", |s| s.contains("q quit"));
    pty.send(b"q");
    assert!(pty.wait_exit().success());
}

/// `o` shows the lines around the issue, read from the real file by its
/// offset; `e` runs $PAGER with `+LINE PATH` (no shell), and the
/// dashboard comes back after it.
#[test]
fn o_shows_the_issue_in_its_file_and_e_opens_the_pager_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("app.log");
    std::fs::write(&log, "2026-03-10 08:00:00,000 INFO started\n").unwrap();
    let state = dir.path().join("state");
    let argv_file = dir.path().join("argv");
    let pager = dir.path().join("pager.sh");
    std::fs::write(
        &pager,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" > '{}.tmp'\nmv '{0}.tmp' '{0}'\n",
            argv_file.display()
        ),
    )
    .unwrap();
    let mut perms = std::fs::metadata(&pager).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
    std::fs::set_permissions(&pager, perms).unwrap();
    let mut pty = Pty::spawn_with_env(
        &["--state", state.to_str().unwrap(), log.to_str().unwrap()],
        &[("PAGER", pager.to_str().unwrap())],
        120,
        36,
    );
    pty.wait_for("the dashboard, ready", |s| {
        s.contains("1 files") && !s.contains("starting")
    });
    let mut text = String::new();
    for i in 2..=6 {
        text.push_str(&format!("2026-03-10 08:00:0{i},000 INFO request {i} ok\n"));
    }
    text.push_str("Mar 10 08:00:41 web-3 kernel: Out of memory: Killed process 4121 (java)\n");
    for i in 8..=9 {
        text.push_str(&format!("2026-03-10 08:00:4{i},000 INFO request {i} ok\n"));
    }
    append(&log, &text);
    pty.wait_for("the issue", |s| s.contains("Issues (1)"));
    pty.send(b"o");
    let screen = pty.wait_for("the context view", |s| s.contains("Context: "));
    let path = std::fs::canonicalize(&log).unwrap();
    let path = path.to_str().unwrap();
    assert!(screen.contains(":7 (Esc back"), "line 7, counted: {screen}");
    // The issue's line is marked (the feed's own marker is under the popup).
    let marked = screen.lines().find(|l| l.contains(" 7 ▶")).unwrap();
    assert!(
        marked.contains(" 7 ▶ Mar 10 08:00:41 web-3 kernel: Out of memory"),
        "{marked}"
    );
    for neighbour in ["started", "request 6 ok", "request 9 ok"] {
        assert!(screen.contains(neighbour), "{neighbour}: {screen}");
    }
    pty.send(b"e");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let argv = loop {
        if let Ok(argv) = std::fs::read_to_string(&argv_file) {
            break argv;
        }
        assert!(std::time::Instant::now() < deadline, "the pager never ran");
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    assert_eq!(argv, format!("+7\n{path}\n"));
    pty.wait_for("the dashboard back after the pager", |s| {
        s.contains("Context: ") && s.contains("Health")
    });
    assert!(pty.alternate_screen(), "the alternate screen again");
    pty.send(b"\x1b");
    pty.wait_for("the context closed", |s| !s.contains("Context: "));
    pty.send(b"q");
    assert!(pty.wait_exit().success());
}

/// A warning from before the screen opened (a theme that cannot be used)
/// is said in the dashboard too; an empty feed says files are followed
/// from their end and names --from-start.
#[test]
fn start_up_warnings_and_the_empty_feed_are_said_on_screen() {
    let (_dir, _log, mut pty) = on_empty_log(&["--theme", "/nonexistent/theme.toml"], 120, 36);
    let screen = pty.wait_for("the warning and the hint", |s| {
        s.contains("warning: theme `/nonexistent/theme.toml`") && s.contains("--from-start")
    });
    assert!(screen.contains("followed from their end"), "{screen}");
    pty.send(b"l");
    pty.wait_for("the warning in logwarden's log", |s| {
        s.contains("logwarden log") && s.matches("/nonexistent/theme.toml").count() >= 1
    });
    pty.send(b"q");
    assert!(pty.wait_exit().success());
}
