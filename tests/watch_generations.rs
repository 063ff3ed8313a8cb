//! `logwarden watch` when an unlucky operator's logs are rotated, compressed,
//! copied and truncated around it: every line is reported, each once (kill
//! -9 aside: then lines since the last save may come again, never lost).
//! Each case is one of the losses a real deployment met (issue 12).

// Helpers outside #[test] functions may unwrap too: a panic fails the test.
#![allow(clippy::unwrap_used)]

mod support;

use std::ffi::OsStr;
use std::fs;
use std::io::Write;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::process::Stdio;

use support::watch::{Watch, append, command, log_lines, tempdir};

/// `n` problem lines tagged `tag0`, `tag1`, ...
fn lines(tag: &str, n: usize) -> String {
    (0..n)
        .map(|i| format!("2026-12-05 10:00:00 UTC [42] ERROR:  deadlock detected while updating row {tag}{i}\n"))
        .collect()
}

/// The tag (last word) of each issue, in the order printed.
fn tags(issues: &[serde_json::Value]) -> Vec<String> {
    log_lines(issues)
        .iter()
        .map(|l| l.rsplit(' ').next().unwrap_or_default().to_string())
        .collect()
}

/// Asserts every tag of `expected` (in order) was printed exactly once,
/// and in that order.
fn assert_once_in_order(issues: &[serde_json::Value], expected: &[String]) {
    let got = tags(issues);
    let mut seen = std::collections::BTreeMap::new();
    for t in &got {
        *seen.entry(t.clone()).or_insert(0) += 1;
    }
    let twice: Vec<_> = seen.iter().filter(|(_, n)| **n > 1).take(5).collect();
    assert!(twice.is_empty(), "reported twice: {twice:?}");
    let missing: Vec<_> = expected
        .iter()
        .filter(|t| !seen.contains_key(*t))
        .take(5)
        .collect();
    assert!(
        missing.is_empty(),
        "never reported: {missing:?} (of {})",
        expected.len()
    );
    let wanted: Vec<&String> = got.iter().filter(|t| expected.contains(t)).collect();
    let in_order: Vec<&String> = expected.iter().collect();
    assert!(wanted == in_order, "not in the order written");
}

fn tag_list(tag: &str, n: usize) -> Vec<String> {
    (0..n).map(|i| format!("{tag}{i}")).collect()
}

fn gzip(from: &Path, to: &Path) {
    let bytes = fs::read(from).unwrap();
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(&bytes).unwrap();
    fs::write(to, enc.finish().unwrap()).unwrap();
    fs::remove_file(from).unwrap();
}

/// Starts watching `dir/app.log`, writes `first` lines and waits for them.
fn started(dir: &Path, first: usize) -> Watch {
    let log = dir.join("app.log");
    fs::write(&log, "").unwrap();
    let watch = Watch::start(&dir.join("state"), &[log.to_str().unwrap()]);
    append(&log, lines("a", first).as_bytes());
    watch.wait_issues(first);
    watch
}

#[test]
fn several_rotations_while_stopped_are_read_oldest_first() {
    let (_tmp, dir) = tempdir();
    let log = dir.join("app.log");
    let (status, before, _) = started(&dir, 1000).terminate();
    assert!(status.success());
    // While stopped: A gets 1,000 more, is rotated; B gets 1,000 and is
    // rotated too (A to .2, B to .1); C is the file now.
    append(&log, lines("A", 1000).as_bytes());
    fs::rename(&log, dir.join("app.log.1")).unwrap();
    append(&log, lines("B", 1000).as_bytes());
    fs::rename(dir.join("app.log.1"), dir.join("app.log.2")).unwrap();
    fs::rename(&log, dir.join("app.log.1")).unwrap();
    append(&log, lines("C", 1000).as_bytes());
    let watch = Watch::start(&dir.join("state"), &[log.to_str().unwrap()]);
    let issues = watch.wait_issues(3000);
    let mut expected = tag_list("A", 1000);
    expected.extend(tag_list("B", 1000));
    expected.extend(tag_list("C", 1000));
    assert_once_in_order(&issues, &expected);
    assert!(
        tags(&issues).iter().all(|t| !t.starts_with('a')),
        "nothing read twice"
    );
    assert!(
        issues
            .iter()
            .all(|i| i["source_file"] == log.display().to_string()),
        "every generation's lines carry the file's name"
    );
    assert_eq!(before.len(), 1000);
    let (_, issues, stderr) = watch.terminate();
    assert_eq!(issues.len(), 3000, "{stderr}");
}

#[test]
fn a_rotation_compressed_while_stopped_is_read_from_the_gzip() {
    let (_tmp, dir) = tempdir();
    let log = dir.join("app.log");
    let (status, _, _) = started(&dir, 500).terminate();
    assert!(status.success());
    append(&log, lines("A", 1000).as_bytes());
    // mv app.log app.log.1 && gzip app.log.1
    fs::rename(&log, dir.join("app.log.1")).unwrap();
    gzip(&dir.join("app.log.1"), &dir.join("app.log.1.gz"));
    append(&log, lines("C", 10).as_bytes());
    let watch = Watch::start(&dir.join("state"), &[log.to_str().unwrap()]);
    let issues = watch.wait_issues(1010);
    let mut expected = tag_list("A", 1000);
    expected.extend(tag_list("C", 10));
    assert_once_in_order(&issues, &expected);
    let (_, issues, stderr) = watch.terminate();
    assert_eq!(issues.len(), 1010, "{stderr}");
}

#[test]
fn an_old_generation_compressed_while_stopped_is_not_read_again() {
    let (_tmp, dir) = tempdir();
    let log = dir.join("app.log");
    let watch = started(&dir, 300);
    // Rotated while running: read to its end and let go after the grace.
    fs::rename(&log, dir.join("app.log.1")).unwrap();
    append(&log, lines("b", 300).as_bytes());
    watch.wait_issues(600);
    let (status, _, _) = watch.terminate();
    assert!(status.success());
    // While stopped, logrotate (delaycompress) compresses the old
    // generation and rotates again: only what B got since is new.
    append(&log, lines("B", 100).as_bytes());
    fs::rename(dir.join("app.log.1"), dir.join("app.log.2")).unwrap();
    gzip(&dir.join("app.log.2"), &dir.join("app.log.2.gz"));
    fs::rename(&log, dir.join("app.log.1")).unwrap();
    append(&log, lines("C", 100).as_bytes());
    let watch = Watch::start(&dir.join("state"), &[log.to_str().unwrap()]);
    let issues = watch.wait_issues(200);
    append(&log, lines("end", 1).as_bytes());
    let issues = {
        let _ = issues;
        watch.wait_line("end0")
    };
    let mut expected = tag_list("B", 100);
    expected.extend(tag_list("C", 100));
    expected.push("end0".into());
    assert_once_in_order(&issues, &expected);
    assert_eq!(
        issues.len(),
        201,
        "the old generation was read again: {:?}",
        &tags(&issues)[..5]
    );
}

#[test]
fn copytruncate_right_after_a_burst_reads_the_rest_from_the_copy() {
    let (_tmp, dir) = tempdir();
    let log = dir.join("app.log");
    let watch = started(&dir, 1);
    // 5,000 lines, then at once copy and truncate, as logrotate's copytruncate does.
    append(&log, lines("burst", 5000).as_bytes());
    fs::copy(&log, dir.join("app.log.1")).unwrap();
    fs::OpenOptions::new()
        .write(true)
        .open(&log)
        .unwrap()
        .set_len(0)
        .unwrap();
    append(&log, lines("after", 10).as_bytes());
    let issues = watch.wait_issues(5011);
    let mut expected = tag_list("burst", 5000);
    expected.extend(tag_list("after", 10));
    assert_once_in_order(&issues, &expected);
    let (_, issues, stderr) = watch.terminate();
    assert_eq!(issues.len(), 5011, "{stderr}");
}

#[test]
fn a_truncation_with_no_copy_says_how_many_bytes_were_never_read() {
    let (_tmp, dir) = tempdir();
    let log = dir.join("app.log");
    fs::write(&log, "").unwrap();
    let mut cmd = command(&dir.join("state"), &[log.to_str().unwrap()]);
    cmd.stderr(Stdio::piped());
    // Nobody reads stdout until the file is truncated: the engine, blocked
    // on its full output, cannot have read the whole burst by then.
    let mut child = cmd.spawn().unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            let _ = tx.send(line);
        }
    });
    let wait_for = |needle: &str, seen: &mut Vec<String>| {
        let start = std::time::Instant::now();
        while !seen.iter().any(|l| l.contains(needle)) {
            assert!(
                start.elapsed() < support::watch::DEADLINE,
                "{needle:?} never came: {seen:?}"
            );
            if let Ok(line) = rx.recv_timeout(std::time::Duration::from_millis(50)) {
                seen.push(line);
            }
        }
    };
    let mut seen = Vec::new();
    wait_for("watching 1 files", &mut seen);
    let burst = lines("burst", 60_000);
    append(&log, burst.as_bytes());
    // The engine has seen the file grow once its output has filled up:
    // wait until stdout holds data (the pipe is not read yet).
    let out = child.stdout.take().unwrap();
    wait_until_readable(&out);
    fs::OpenOptions::new()
        .write(true)
        .open(&log)
        .unwrap()
        .set_len(0)
        .unwrap();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut { out }, &mut text);
        text
    });
    wait_for("bytes of it were read", &mut seen);
    let said = seen
        .iter()
        .find(|l| l.contains("bytes of it were read"))
        .unwrap()
        .clone();
    let bytes: u64 = said
        .split("before at least ")
        .nth(1)
        .and_then(|r| r.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count in {said:?}"));
    assert!(bytes > 0 && bytes <= burst.len() as u64, "{said}");
    assert!(said.contains("no copy of it was found"), "{said}");
    support::watch::signal(&child, libc::SIGTERM);
    let status = child.wait().unwrap();
    let printed = reader.join().unwrap().lines().count() as u64;
    assert!(status.success());
    // What was printed plus what was said lost is at most the burst (the
    // size last seen before the truncation is a lower bound of what was lost).
    let longest = burst.lines().map(str::len).max().unwrap() as u64 + 1;
    let lost_lines = bytes.div_ceil(longest);
    assert!(printed < 60_000, "printed {printed}: nothing was lost");
    assert!(
        printed + lost_lines <= 60_000,
        "printed {printed}, lost {lost_lines}"
    );
}

/// Waits until `pipe` has data to read (poll(2) with a deadline).
fn wait_until_readable(pipe: &std::process::ChildStdout) {
    use std::os::fd::AsRawFd;
    let mut fds = libc::pollfd {
        fd: pipe.as_raw_fd(),
        events: libc::POLLIN,
        revents: 0,
    };
    let timeout = support::watch::DEADLINE.as_millis() as i32;
    // SAFETY: one valid pollfd for the duration of the call.
    let n = unsafe { libc::poll(&mut fds, 1, timeout) };
    assert_eq!(n, 1, "logwarden printed nothing");
}

#[test]
fn a_file_name_that_is_not_utf8_never_stops_saving_positions() {
    let (_tmp, dir) = tempdir();
    let logs = dir.join("logs");
    fs::create_dir(&logs).unwrap();
    let odd = logs.join(OsStr::from_bytes(b"caf\xe9.log"));
    let plain = logs.join("app.log");
    fs::write(&odd, "").unwrap();
    fs::write(&plain, "").unwrap();
    let state = dir.join("state");
    let watch = Watch::start(&state, &[logs.to_str().unwrap()]);
    append(&odd, lines("odd", 3).as_bytes());
    append(&plain, lines("plain", 3).as_bytes());
    watch.wait_issues(6);
    let (status, _, stderr) = watch.terminate();
    assert!(status.success());
    assert!(!stderr.contains("cannot save"), "{stderr}");
    // Written while stopped: both are read on restart, each once.
    append(&odd, lines("odd-later", 2).as_bytes());
    append(&plain, lines("plain-later", 2).as_bytes());
    let watch = Watch::start(&state, &[logs.to_str().unwrap()]);
    let issues = watch.wait_issues(4);
    append(&plain, lines("end", 1).as_bytes());
    let issues = {
        let _ = issues;
        watch.wait_line("end0")
    };
    let mut got = tags(&issues);
    got.sort();
    assert_eq!(
        got,
        [
            "end0",
            "odd-later0",
            "odd-later1",
            "plain-later0",
            "plain-later1"
        ]
    );
}

#[test]
fn a_logwarden_restarted_again_and_again_moves_on() {
    let (_tmp, dir) = tempdir();
    let log = dir.join("app.log");
    let state = dir.join("state");
    fs::write(&log, "").unwrap();
    drop(Watch::start(&state, &[log.to_str().unwrap()]));
    // A backlog written while it was down, read by a logwarden killed
    // (SIGKILL) soon after each start, once it has saved a position.
    append(&log, lines("x", 200_000).as_bytes());
    let checkpoints = state.join("checkpoints.json");
    let mut firsts = Vec::new();
    for _ in 0..5 {
        let watch = Watch::start(&state, &[log.to_str().unwrap()]);
        // Saved at start already (where reading starts): the next save is news.
        let saved = fs::read(&checkpoints).unwrap_or_default();
        watch.wait_issues(1);
        firsts.push(tags(&watch.issues())[0].clone());
        let start = std::time::Instant::now();
        while fs::read(&checkpoints).unwrap_or_default() == saved {
            assert!(start.elapsed() < support::watch::DEADLINE, "never saved");
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        drop(watch); // SIGKILL
    }
    let numbers: Vec<u64> = firsts.iter().map(|t| t[1..].parse().unwrap()).collect();
    assert!(
        numbers.windows(2).all(|w| w[1] > w[0]),
        "each restart must start further on: {numbers:?}"
    );
}

/// copytruncate while stopped after `read` lines were read and `unread`
/// more written, and the file grew past its old size before the restart:
/// the copy is finished from where reading stood (nothing read twice),
/// then the file from its start.
fn copytruncate_while_stopped(read: usize, unread: usize) {
    let (_tmp, dir) = tempdir();
    let log = dir.join("app.log");
    let (status, _, _) = started(&dir, read).terminate();
    assert!(status.success());
    append(&log, lines("A", unread).as_bytes());
    fs::copy(&log, dir.join("app.log.1")).unwrap();
    fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(&log)
        .unwrap();
    append(&log, lines("B", 40).as_bytes());
    let watch = Watch::start(&dir.join("state"), &[log.to_str().unwrap()]);
    let issues = watch.wait_issues(unread + 40);
    let mut expected = tag_list("A", unread);
    expected.extend(tag_list("B", 40));
    assert_once_in_order(&issues, &expected);
    let (_, issues, stderr) = watch.terminate();
    assert_eq!(issues.len(), unread + 40, "{stderr}");
}

#[test]
fn copytruncate_while_stopped_reads_the_copy_from_the_saved_place() {
    copytruncate_while_stopped(3, 5);
}

/// The copy's first bytes are the whole of what was read.
#[test]
fn copytruncate_of_a_one_line_file_while_stopped() {
    copytruncate_while_stopped(1, 0);
}

/// A rotated file being compressed while logwarden looks (`gzip` has
/// written part of `app.log.1.gz`): the partial copy is told by its bytes
/// as the file being finished, not read again from its start.
#[test]
fn a_compressed_copy_still_being_written_is_not_read_again() {
    let (_tmp, dir) = tempdir();
    let log = dir.join("app.log");
    let watch = started(&dir, 200);
    let rotated = dir.join("app.log.1");
    fs::rename(&log, &rotated).unwrap();
    append(&log, lines("B", 1).as_bytes());
    watch.wait_line("B0");
    // The start of the compressed stream, as gzip leaves it mid-way.
    let bytes = fs::read(&rotated).unwrap();
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(&bytes).unwrap();
    let gz = enc.finish().unwrap();
    fs::write(dir.join("app.log.1.gz"), &gz[..60]).unwrap();
    // Another rotation makes logwarden look for generations it missed.
    fs::rename(&log, dir.join("app.log.2")).unwrap();
    append(&log, lines("C", 1).as_bytes());
    watch.wait_line("C0");
    fs::write(dir.join("app.log.1.gz"), &gz).unwrap();
    fs::remove_file(&rotated).unwrap();
    append(&log, lines("D", 1).as_bytes());
    watch.wait_line("D0");
    let (_, issues, stderr) = watch.terminate();
    let mut expected = tag_list("a", 200);
    expected.extend(tag_list("B", 1));
    expected.extend(tag_list("C", 1));
    expected.extend(tag_list("D", 1));
    assert_once_in_order(&issues, &expected);
    assert!(!stderr.contains("which nobody read"), "{stderr}");
}
