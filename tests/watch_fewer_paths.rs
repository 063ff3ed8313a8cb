//! Watching fewer places than last time with the same state directory:
//! only what is asked for is read; the positions of the other files are
//! kept, and a later run that asks for them again goes on from there.

// Helpers outside #[test] functions may unwrap too: a panic fails the test.
#![allow(clippy::unwrap_used)]

mod support;

use std::fs;
use std::path::Path;

use support::watch::{Watch, append, arg, log_lines, tempdir};

/// A problem line of app.log tagged `tag`.
fn app(tag: &str) -> String {
    format!("2026-12-06 10:00:00 ERROR could not connect to server: Connection refused ({tag})\n")
}

/// A problem line of kern.log tagged `tag`.
fn kern(tag: &str) -> String {
    format!("Dec  6 10:00:00 host kernel: Out of memory: Killed process 7 ({tag})\n")
}

/// Runs `watch` on `place` until it is ready, then until it has printed
/// `expect` lines (none: just ready), and stops it; what it printed.
fn run(state: &Path, place: &str, expect: usize) -> (Vec<String>, String) {
    let watch = Watch::start(state, &[place]);
    if expect > 0 {
        watch.wait_issues(expect);
    }
    let (status, issues, stderr) = watch.terminate();
    assert!(status.success(), "{stderr}");
    (log_lines(&issues), stderr)
}

#[test]
fn a_file_not_asked_for_is_not_read_and_keeps_its_position() {
    let (_tmp, dir) = tempdir();
    let logs = dir.join("logs");
    fs::create_dir(&logs).unwrap();
    let state = dir.join("state");
    let (app_log, kern_log) = (logs.join("app.log"), logs.join("kern.log"));
    fs::write(&app_log, app("before")).unwrap();
    fs::write(&kern_log, kern("before")).unwrap();
    run(&state, &arg(&dir, "logs"), 0);

    append(&app_log, app("while-kern-only").as_bytes());
    append(&kern_log, kern("while-kern-only").as_bytes());
    let (printed, stderr) = run(&state, &arg(&logs, "kern.log"), 1);
    assert_eq!(printed.len(), 1, "only kern.log: {printed:?}");
    assert!(printed[0].contains("(while-kern-only)"), "{printed:?}");
    assert!(
        !stderr.contains("app.log"),
        "app.log is not mentioned: {stderr}"
    );

    // Rotated while it was not asked for: still not read.
    append(&app_log, app("rotated").as_bytes());
    fs::rename(&app_log, logs.join("app.log.1")).unwrap();
    let (printed, stderr) = run(&state, &arg(&logs, "kern.log"), 0);
    assert!(printed.is_empty(), "{printed:?}");
    assert!(!stderr.contains("app.log"), "{stderr}");

    // Asked for again: it goes on from its position, through its rotation.
    let (printed, stderr) = run(&state, &arg(&dir, "logs"), 2);
    let tags: Vec<_> = printed
        .iter()
        .map(|l| {
            l.rsplit('(')
                .next()
                .unwrap_or_default()
                .trim_end_matches(')')
        })
        .collect();
    assert_eq!(
        tags,
        ["while-kern-only", "rotated"],
        "{printed:?}\n{stderr}"
    );
}

#[test]
fn a_generation_read_to_its_end_is_not_announced_again_on_the_next_start() {
    let (_tmp, dir) = tempdir();
    let logs = dir.join("logs");
    fs::create_dir(&logs).unwrap();
    let state = dir.join("state");
    let app_log = logs.join("app.log");
    fs::write(&app_log, app("first")).unwrap();
    run(&state, &arg(&logs, "app.log"), 0);
    // Rotated while stopped, with a line the old file still got.
    append(&app_log, app("late").as_bytes());
    fs::rename(&app_log, logs.join("app.log.1")).unwrap();
    fs::write(&app_log, "").unwrap();
    let (printed, stderr) = run(&state, &arg(&logs, "app.log"), 1);
    assert!(printed[0].contains("(late)"), "{printed:?}");
    assert!(
        stderr.contains("was rotated while logwarden was stopped"),
        "{stderr}"
    );
    // Stopped at once (the generation is kept for late writes): the next
    // start has nothing new in it, and says nothing of it.
    let (printed, stderr) = run(&state, &arg(&logs, "app.log"), 0);
    assert!(printed.is_empty(), "{printed:?}");
    assert!(!stderr.contains("was rotated"), "{stderr}");
}
