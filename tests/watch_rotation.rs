//! `logwarden watch` across rotation, truncation, deletion and restarts:
//! every line is reported exactly once. Each test ends by writing a
//! sentinel line and waiting for it: the engine reads each file in order,
//! so once the sentinel is out, anything duplicated or lost would show.

// Helpers outside #[test] functions may unwrap too: a panic fails the test.
#![allow(clippy::unwrap_used)]

mod support;

use std::fs::{self, OpenOptions};
use std::io::Write;

use support::watch::{Watch, append, arg, log_lines, tempdir};

fn problem(tag: &str) -> String {
    format!("2025-11-24 10:00:00 UTC [42] ERROR:  deadlock detected while updating row {tag}\n")
}

/// The tags (last word) of the issues' log lines, in order.
fn tags(issues: &[serde_json::Value]) -> Vec<String> {
    log_lines(issues)
        .iter()
        .map(|l| l.rsplit(' ').next().unwrap().to_string())
        .collect()
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

#[test]
fn rename_rotation_drains_the_old_file_and_follows_the_new_one() {
    rename_rotation(&[]);
}

#[test]
fn rotation_is_followed_by_polling_alone_without_inotify() {
    rename_rotation(&["--no-inotify", "--poll-interval", "50"]);
}

fn rename_rotation(flags: &[&str]) {
    let (_tmp, dir) = tempdir();
    let log = dir.join("app.log");
    fs::write(&log, "").unwrap();
    let path = arg(&dir, "app.log");
    let args: Vec<&str> = flags.iter().copied().chain([path.as_str()]).collect();
    let watch = Watch::start(&dir.join("state"), &args);
    let mut writer = OpenOptions::new().append(true).open(&log).unwrap();
    writer.write_all(problem("R1").as_bytes()).unwrap();
    watch.wait_line("R1");
    fs::rename(&log, dir.join("app.log.1")).unwrap();
    // The application has not reopened its log yet: it still writes to the old file.
    writer.write_all(problem("R2").as_bytes()).unwrap();
    fs::write(&log, problem("R3")).unwrap();
    writer.write_all(problem("R4").as_bytes()).unwrap();
    append(&log, problem("R5").as_bytes());
    watch.wait_line("R5");
    let issues_now = watch.wait_line("R4");
    assert_eq!(sorted(tags(&issues_now)), ["R1", "R2", "R3", "R4", "R5"]);
    let old: Vec<_> = issues_now
        .iter()
        .filter(|i| {
            ["R2", "R4"]
                .iter()
                .any(|t| i["log_line"].as_str().unwrap().ends_with(t))
        })
        .collect();
    assert!(
        old.iter()
            .all(|i| i["source_file"] == log.display().to_string()),
        "rotated lines keep their file's name"
    );
    watch.wait_stderr_any(&["rotated", "renamed"]);
}

#[test]
fn copytruncate_and_plain_truncation_restart_at_zero_without_duplicates() {
    let (_tmp, dir) = tempdir();
    let log = dir.join("app.log");
    fs::write(&log, "").unwrap();
    let watch = Watch::start(&dir.join("state"), &[&arg(&dir, "app.log")]);
    append(
        &log,
        format!("{}{}", problem("C1"), problem("C2")).as_bytes(),
    );
    watch.wait_line("C2");
    // copytruncate: copy, then truncate in place; the writer keeps its O_APPEND handle.
    fs::copy(&log, dir.join("app.log.1")).unwrap();
    OpenOptions::new()
        .write(true)
        .open(&log)
        .unwrap()
        .set_len(0)
        .unwrap();
    append(&log, problem("C3").as_bytes());
    watch.wait_line("C3");
    // Truncated, then rewritten past the old size before anyone looks: the fingerprint tells.
    let mut file = OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(&log)
        .unwrap();
    let burst: String = (0..50).map(|i| problem(&format!("T{i}"))).collect();
    file.write_all(burst.as_bytes()).unwrap();
    let issues = watch.wait_line("T49");
    let expected: Vec<String> = ["C1", "C2", "C3"]
        .iter()
        .map(|s| s.to_string())
        .chain((0..50).map(|i| format!("T{i}")))
        .collect();
    assert_eq!(tags(&issues), expected);
    assert!(watch.stderr().contains("truncated"), "{}", watch.stderr());
    let lines: Vec<i64> = issues[3..]
        .iter()
        .map(|i| i["line"].as_i64().unwrap())
        .collect();
    assert_eq!(
        lines,
        (1..=50).collect::<Vec<_>>(),
        "line numbers restart with the file"
    );
}

#[test]
fn a_deleted_and_recreated_file_is_read_from_its_start() {
    let (_tmp, dir) = tempdir();
    let log = dir.join("app.log");
    fs::write(&log, "").unwrap();
    let watch = Watch::start(&dir.join("state"), &[&arg(&dir, "app.log")]);
    append(&log, problem("D1").as_bytes());
    watch.wait_line("D1");
    fs::remove_file(&log).unwrap();
    fs::write(&log, format!("{}{}", problem("D2"), problem("D3"))).unwrap();
    let issues = watch.wait_line("D3");
    assert_eq!(tags(&issues), ["D1", "D2", "D3"]);
}

#[test]
fn a_restart_reports_lines_written_while_stopped_once_and_nothing_twice() {
    let (_tmp, dir) = tempdir();
    let log = dir.join("app.log");
    let state = dir.join("state");
    fs::write(&log, "x\n").unwrap();
    let watch = Watch::start(&state, &[&arg(&dir, "app.log")]);
    append(&log, problem("A1").as_bytes());
    watch.wait_line("A1");
    // Half a line at shutdown is not classified: it is read whole after the restart.
    append(
        &log,
        b"2025-11-24 10:00:00 UTC [42] ERROR:  deadlock detected while upd",
    );
    let (status, _, _) = watch.interrupt();
    assert!(status.success());
    append(&log, format!("ating row A2\n{}", problem("A3")).as_bytes());
    let watch = Watch::start(&state, &[&arg(&dir, "app.log")]);
    let issues = watch.wait_line("A3");
    assert_eq!(tags(&issues), ["A2", "A3"]);
    assert_eq!(issues[0]["line"], 3);
    assert_eq!(issues[0]["log_line"], problem("A2").trim_end());
}

#[test]
fn a_file_rotated_while_stopped_is_finished_from_its_rotated_name() {
    let (_tmp, dir) = tempdir();
    let log = dir.join("app.log");
    let state = dir.join("state");
    fs::write(&log, "").unwrap();
    let watch = Watch::start(&state, &[&arg(&dir, "app.log")]);
    append(&log, problem("B1").as_bytes());
    watch.wait_line("B1");
    watch.terminate();
    append(&log, problem("B2").as_bytes());
    fs::rename(&log, dir.join("app.log.1")).unwrap();
    fs::write(&log, problem("B3")).unwrap();
    let watch = Watch::start(&state, &[&arg(&dir, "app.log")]);
    watch.wait_line("B2");
    append(&log, problem("B4").as_bytes());
    let issues = watch.wait_line("B4");
    assert_eq!(sorted(tags(&issues)), ["B2", "B3", "B4"]);
    assert!(
        watch
            .stderr()
            .contains("rotated while logwarden was stopped"),
        "{}",
        watch.stderr()
    );
}

#[test]
fn a_file_truncated_while_stopped_is_recognised_and_a_grown_small_file_is_not() {
    let (_tmp, dir) = tempdir();
    let state = dir.join("state");
    let small = dir.join("small.log");
    let cut = dir.join("cut.log");
    fs::write(&small, "s\n").unwrap();
    fs::write(&cut, format!("{}{}", problem("OLD1"), problem("OLD2"))).unwrap();
    let args = [arg(&dir, "small.log"), arg(&dir, "cut.log")];
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let watch = Watch::start(&state, &args);
    watch.terminate();
    // small.log grew (its fingerprint covered only 2 bytes); cut.log was truncated and rewritten.
    append(&small, problem("GREW").as_bytes());
    fs::write(&cut, problem("NEW")).unwrap();
    let watch = Watch::start(&state, &args);
    watch.wait_line("GREW");
    let issues = watch.wait_line("NEW");
    assert_eq!(sorted(tags(&issues)), ["GREW", "NEW"]);
    assert!(
        watch
            .stderr()
            .contains("changed while logwarden was stopped"),
        "{}",
        watch.stderr()
    );
}

#[test]
fn first_start_follows_from_the_end_unless_from_start_and_new_files_from_their_start() {
    let (_tmp, dir) = tempdir();
    let d = dir.join("d");
    fs::create_dir(&d).unwrap();
    fs::write(d.join("a.log"), problem("EXISTING")).unwrap();
    let state = dir.join("state");
    let watch = Watch::start(&state, &[&d.display().to_string()]);
    watch.terminate();
    // Appeared while stopped, under a place already watched: read from its start.
    fs::write(d.join("b.log"), problem("WHILE-STOPPED")).unwrap();
    let watch = Watch::start(&state, &[&d.display().to_string()]);
    let issues = watch.wait_line("WHILE-STOPPED");
    assert_eq!(tags(&issues), ["WHILE-STOPPED"]);
    watch.terminate();
    let watch = Watch::start(
        &dir.join("fresh"),
        &["--from-start", &d.display().to_string()],
    );
    let issues = watch.wait_issues(2);
    assert_eq!(sorted(tags(&issues)), ["EXISTING", "WHILE-STOPPED"]);
}
