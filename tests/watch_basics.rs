//! `logwarden watch` on real files: appends, partial writes, odd bytes,
//! long lines, multi-line events, stdin, files that appear, unreadable
//! files, its own output, discovery and the state-directory lock.

// Helpers outside #[test] functions may unwrap too: a panic fails the test.
#![allow(clippy::unwrap_used)]

mod support;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use support::watch::{Watch, append, arg, command, log_lines, tempdir};

/// A problem line the built-in rules classify as `database_deadlock`, tagged.
fn problem(tag: &str) -> String {
    format!("2025-11-24 10:00:00 UTC [42] ERROR:  deadlock detected while updating row {tag}\n")
}

#[test]
fn appended_lines_are_reported_with_their_line_numbers_but_old_ones_are_not() {
    let (_tmp, dir) = tempdir();
    let log = dir.join("app.log");
    fs::write(&log, format!("{}plain\nplain\n", problem("OLD"))).unwrap();
    let watch = Watch::start(&dir.join("state"), &[&arg(&dir, "app.log")]);
    assert!(
        watch.stderr().contains("watching 1 files"),
        "{}",
        watch.stderr()
    );
    append(&log, problem("NEW").as_bytes());
    let issues = watch.wait_line("NEW");
    assert_eq!(
        issues.len(),
        1,
        "the line already there at the first start is not reported"
    );
    assert_eq!(issues[0]["line"], 4);
    assert_eq!(issues[0]["issue_type"], "database_deadlock");
    assert_eq!(issues[0]["source_file"], log.display().to_string());
    let (status, _, _) = watch.terminate();
    assert!(status.success());
}

#[test]
fn a_line_written_in_two_halves_even_mid_character_is_classified_once_and_whole() {
    let (_tmp, dir) = tempdir();
    let log = dir.join("app.log");
    fs::write(&log, "").unwrap();
    let watch = Watch::start(&dir.join("state"), &[&arg(&dir, "app.log")]);
    // The split falls inside "é" (two bytes in UTF-8): the character must survive too.
    let line = problem("HALVES-café");
    let cut = line.find('é').unwrap() + 1;
    let (first, second) = line.as_bytes().split_at(cut);
    append(&log, first);
    // The writer pauses mid-line, as in the original's failure (300 ms).
    std::thread::sleep(Duration::from_millis(300));
    append(&log, second);
    append(&log, problem("AFTER").as_bytes());
    let issues = watch.wait_line("AFTER");
    assert_eq!(
        log_lines(&issues),
        vec![
            line.trim_end().to_string(),
            problem("AFTER").trim_end().to_string()
        ]
    );
}

#[test]
fn invalid_utf8_crlf_and_a_2mb_line_are_handled() {
    let (_tmp, dir) = tempdir();
    let log = dir.join("app.log");
    fs::write(&log, "").unwrap();
    let watch = Watch::start(&dir.join("state"), &[&arg(&dir, "app.log")]);
    let mut bytes = b"ERROR:  deadlock detected \xff\xfe bad bytes\r\n".to_vec();
    let mut long = problem("LONG").trim_end().as_bytes().to_vec();
    long.resize(2 << 20, b'x');
    bytes.extend_from_slice(&long);
    bytes.push(b'\n');
    bytes.extend_from_slice(problem("NEXT").as_bytes());
    append(&log, &bytes);
    let issues = watch.wait_line("NEXT");
    assert_eq!(issues.len(), 3, "{:?}", log_lines(&issues));
    let first = issues[0]["log_line"].as_str().unwrap();
    assert_eq!(
        first, "ERROR:  deadlock detected \u{fffd}\u{fffd} bad bytes",
        "lossy, CR stripped"
    );
    let capped = issues[1]["log_line"].as_str().unwrap();
    assert!(
        capped.len() < 70_000,
        "the 2 MB line is capped: {} bytes",
        capped.len()
    );
    assert!(
        capped.contains("cut"),
        "the cap is marked: …{}",
        &capped[capped.len() - 80..]
    );
    assert_eq!(issues[2]["line"], 3);
}

#[test]
fn a_traceback_is_one_issue_and_frames_after_a_reported_line_are_not_printed_again() {
    let (_tmp, dir) = tempdir();
    let log = dir.join("app.log");
    fs::write(&log, "").unwrap();
    let watch = Watch::start(&dir.join("state"), &[&arg(&dir, "app.log")]);
    append(
        &log,
        b"Traceback (most recent call last):\n  File \"/srv/app.py\", line 10, in handle\n    data = load()\nMemoryError\n",
    );
    let issues = watch.wait_issues(1);
    assert_eq!(
        issues[0]["issue_type"], "memory_leak",
        "typed by the whole event"
    );
    assert_eq!(issues[0]["event"].as_str().unwrap().lines().count(), 4);
    append(
        &log,
        b"2025-11-24 10:00:01,000 ERROR [main] com.acme.Db - query failed\njava.sql.SQLTransactionRollbackException: Deadlock found when trying to get lock\n\tat com.acme.Db.run(Db.java:42)\n\tat com.acme.Main.main(Main.java:7)\n",
    );
    append(&log, problem("SENTINEL").as_bytes());
    let issues = watch.wait_line("SENTINEL");
    assert_eq!(
        issues.len(),
        3,
        "the Java record is printed once: {:?}",
        log_lines(&issues)
    );
    assert!(
        issues[1]["log_line"]
            .as_str()
            .unwrap()
            .contains("query failed")
    );
}

#[test]
fn stdin_is_read_to_its_end_and_the_process_exits() {
    let (_tmp, dir) = tempdir();
    let mut cmd = command(&dir.join("state"), &["-"]);
    cmd.stdin(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let mut input = child.stdin.take().unwrap();
    std::io::Write::write_all(
        &mut input,
        format!("{}ok\n{}", problem("S1"), problem("S2").trim_end()).as_bytes(),
    )
    .unwrap();
    drop(input);
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let lines: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(
        lines.len(),
        2,
        "the last line counts even without a newline: {lines:?}"
    );
    let last: serde_json::Value = serde_json::from_str(&lines[1]).unwrap();
    assert_eq!(last["source_file"], "-");
    assert_eq!(last["line"], 3);
    assert!(!dir.join("state").exists(), "stdin alone keeps no state");
}

#[test]
fn files_appearing_in_a_watched_directory_or_glob_are_read_from_their_start() {
    let (_tmp, dir) = tempdir();
    fs::create_dir(dir.join("d")).unwrap();
    fs::create_dir(dir.join("g")).unwrap();
    let glob = format!("{}/svc-*.log", dir.join("g").display());
    let later = arg(&dir, "later.log");
    let watch = Watch::start(&dir.join("state"), &[&arg(&dir, "d"), &glob, &later]);
    assert!(
        watch.stderr().contains("watching 0 files"),
        "{}",
        watch.stderr()
    );
    assert!(
        watch.stderr().contains("waiting for"),
        "a missing file is announced: {}",
        watch.stderr()
    );
    fs::write(&later, problem("LATER")).unwrap();
    fs::write(dir.join("d/new.log"), problem("DIR")).unwrap();
    fs::write(dir.join("d/ignored.txt"), problem("TXT")).unwrap();
    fs::write(dir.join("g/other.log"), problem("NOMATCH")).unwrap();
    fs::write(
        dir.join("g/svc-a.log"),
        format!("{}{}", problem("GLOB1"), problem("GLOB2")),
    )
    .unwrap();
    watch.wait_line("DIR");
    watch.wait_line("GLOB2");
    watch.wait_line("LATER");
    append(&dir.join("d/new.log"), problem("SENTINEL").as_bytes());
    let issues = watch.wait_line("SENTINEL");
    let mut tags: Vec<String> = log_lines(&issues)
        .iter()
        .map(|l| l.rsplit(' ').next().unwrap().to_string())
        .collect();
    tags.sort();
    assert_eq!(tags, ["DIR", "GLOB1", "GLOB2", "LATER", "SENTINEL"]);
    assert!(
        watch.stderr().contains("new file, from its start"),
        "{}",
        watch.stderr()
    );
}

#[test]
fn an_unreadable_file_is_reported_retried_and_does_not_block_others() {
    let (_tmp, dir) = tempdir();
    let state = dir.join("state");
    fs::create_dir(&state).unwrap();
    fs::write(dir.join("locked.log"), problem("LOCKED")).unwrap();
    fs::write(dir.join("open.log"), "").unwrap();
    fs::set_permissions(dir.join("locked.log"), fs::Permissions::from_mode(0o000)).unwrap();
    let mut cmd = command(&state, &[&dir.display().to_string()]);
    as_unprivileged(&mut cmd, &dir, &state);
    let watch = Watch::spawn(cmd);
    watch.wait_stderr("cannot read");
    assert!(watch.stderr().contains("locked.log"), "{}", watch.stderr());
    append(&dir.join("open.log"), problem("OPEN").as_bytes());
    watch.wait_line("OPEN");
    fs::set_permissions(dir.join("locked.log"), fs::Permissions::from_mode(0o644)).unwrap();
    let issues = watch.wait_line("LOCKED");
    assert_eq!(issues.len(), 2);
    assert!(
        watch.stderr().contains("readable now"),
        "{}",
        watch.stderr()
    );
}

/// Root reads every file: run the binary as `nobody` so permissions bite.
fn as_unprivileged(cmd: &mut std::process::Command, dir: &Path, state: &Path) {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        return;
    }
    use std::os::unix::process::CommandExt;
    fs::set_permissions(dir, fs::Permissions::from_mode(0o755)).unwrap();
    fs::set_permissions(state, fs::Permissions::from_mode(0o777)).unwrap();
    fs::set_permissions(dir.join("open.log"), fs::Permissions::from_mode(0o666)).unwrap();
    let mut parent = dir.parent();
    while let Some(p) = parent {
        let mode = fs::metadata(p).unwrap().permissions().mode();
        fs::set_permissions(p, fs::Permissions::from_mode(mode | 0o711)).unwrap();
        parent = p.parent();
    }
    cmd.uid(65534).gid(65534);
}

#[test]
fn its_own_output_and_log_file_in_a_watched_place_are_never_classified() {
    let (_tmp, dir) = tempdir();
    let out_path = dir.join("issues.log");
    let out = fs::File::create(&out_path).unwrap();
    let mut cmd = command(
        &dir.join("state"),
        &[
            "--log-file",
            &arg(&dir, "logwarden.log"),
            &dir.display().to_string(),
        ],
    );
    cmd.stdout(Stdio::from(out));
    let watch = Watch::spawn(cmd);
    fs::write(dir.join("app.log"), problem("ONE")).unwrap();
    let printed = || fs::read_to_string(&out_path).unwrap().lines().count();
    let start = std::time::Instant::now();
    while printed() < 1 {
        assert!(
            start.elapsed() < support::watch::DEADLINE,
            "no issue printed; stderr:\n{}",
            watch.stderr()
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    append(&dir.join("app.log"), problem("TWO").as_bytes());
    while printed() < 2 {
        assert!(
            start.elapsed() < support::watch::DEADLINE,
            "second issue not printed"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    let (status, _, stderr) = watch.terminate();
    assert!(status.success());
    assert_eq!(
        printed(),
        2,
        "its own output fed back:\n{}",
        fs::read_to_string(&out_path).unwrap()
    );
    let own_log = fs::read_to_string(dir.join("logwarden.log")).unwrap();
    assert!(own_log.contains("watching"), "{own_log}");
    assert!(
        !stderr.contains("issues.log"),
        "its output file is not followed: {stderr}"
    );
}

#[test]
fn with_no_paths_the_default_places_are_used_and_named() {
    let (_tmp, dir) = tempdir();
    fs::create_dir(dir.join("logs")).unwrap();
    fs::write(dir.join("logs/app.log"), "").unwrap();
    let mut cmd = command(&dir.join("state"), &[]);
    cmd.current_dir(&dir);
    let watch = Watch::spawn(cmd);
    assert!(
        watch
            .stderr()
            .contains(&format!("following {}/logs/*.log", dir.display())),
        "{}",
        watch.stderr()
    );
    append(&dir.join("logs/app.log"), problem("DEFAULT").as_bytes());
    watch.wait_line("DEFAULT");

    let empty = dir.join("empty");
    fs::create_dir(&empty).unwrap();
    let system_logs = ["/var/log/syslog", "/var/log/messages"]
        .iter()
        .any(|p| Path::new(p).is_file());
    let out = command(&dir.join("state2"), &[])
        .current_dir(&empty)
        .output()
        .unwrap();
    if !system_logs {
        assert_eq!(out.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("nothing to watch") && stderr.contains("./logs/*.log"),
            "{stderr}"
        );
    }
}

#[test]
fn a_second_instance_on_the_same_state_directory_is_refused() {
    let (_tmp, dir) = tempdir();
    fs::write(dir.join("app.log"), "").unwrap();
    let state = dir.join("state");
    let first = Watch::start(&state, &[&arg(&dir, "app.log")]);
    let out = command(&state, &[&arg(&dir, "app.log")]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("in use by another logwarden"), "{stderr}");
    drop(first);
}

#[test]
fn a_consumer_that_stops_reading_loses_nothing() {
    use std::io::{BufRead, BufReader};
    let (_tmp, dir) = tempdir();
    let log = dir.join("app.log");
    fs::write(&log, "").unwrap();
    let mut child = command(&dir.join("state"), &[&arg(&dir, "app.log")])
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    while !line.contains("watching") {
        line.clear();
        assert!(
            stderr.read_line(&mut line).unwrap() > 0,
            "logwarden exited before it was ready"
        );
    }
    // Far more output than the pipe and the engine's channel hold, written
    // while nobody reads: logwarden must wait, not drop.
    let lines = 20_000;
    let text: String = (0..lines).map(|i| problem(&format!("P{i}"))).collect();
    append(&log, text.as_bytes());
    let stdout = BufReader::new(child.stdout.take().unwrap());
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        stdout
            .lines()
            .map_while(Result::ok)
            .try_for_each(|l| tx.send(l))
    });
    for i in 0..lines {
        let printed = rx
            .recv_timeout(support::watch::DEADLINE)
            .unwrap_or_else(|_| panic!("only {i} of {lines} issues arrived"));
        let issue: serde_json::Value = serde_json::from_str(&printed).unwrap();
        let text = issue["log_line"].as_str().unwrap();
        assert!(text.ends_with(&format!(" P{i}")), "issue {i} is {text:?}");
    }
    support::watch::signal(&child, libc::SIGTERM);
    assert!(child.wait().unwrap().success());
}

#[test]
fn one_file_under_two_spellings_is_read_once() {
    let (_tmp, dir) = tempdir();
    let log = dir.join("app.log");
    fs::write(&log, "").unwrap();
    std::os::unix::fs::symlink(&log, dir.join("alias.log")).unwrap();
    fs::hard_link(&log, dir.join("hard.log")).unwrap();
    let watch = Watch::start(
        &dir.join("state"),
        &[
            &arg(&dir, "app.log"),
            &arg(&dir, "alias.log"),
            &arg(&dir, "hard.log"),
            &arg(&dir, "./app.log"),
        ],
    );
    assert!(
        watch
            .stderr()
            .lines()
            .any(|l| l == "logwarden: watching 1 files"),
        "{}",
        watch.stderr()
    );
    append(&log, problem("ONCE").as_bytes());
    append(&log, problem("AFTER").as_bytes());
    let issues = watch.wait_line("AFTER");
    assert_eq!(
        log_lines(&issues),
        vec![
            problem("ONCE").trim_end().to_string(),
            problem("AFTER").trim_end().to_string()
        ]
    );
}

#[test]
fn with_syslog_input_one_signal_stops_it_after_what_was_received_is_printed() {
    use std::io::Write;
    let (_tmp, dir) = tempdir();
    let watch = Watch::start(&dir.join("state"), &["--syslog", "127.0.0.1:0"]);
    let stderr = watch.stderr();
    let addr = stderr
        .lines()
        .find_map(|l| l.strip_prefix("logwarden: syslog on "))
        .and_then(|l| l.split_whitespace().next())
        .unwrap_or_else(|| panic!("no syslog address in {stderr:?}"))
        .to_string();
    let mut tcp = std::net::TcpStream::connect(&addr).unwrap();
    let line =
        "<11>1 2026-12-07T10:00:00Z db-1 postgres 42 - - Deadlock detected in transaction T1\n";
    tcp.write_all(line.as_bytes()).unwrap();
    let issues = watch.wait_line("T1");
    assert_eq!(issues[0]["host"], "db-1", "{issues:?}");
    drop(tcp);
    // A single SIGTERM: the network input must end with the files' engine.
    let (status, _, _) = watch.terminate();
    assert!(status.success(), "{status:?}");
}
