//! More files than file descriptors: `logwarden watch` under a low
//! open-file limit (soft = hard, so it cannot be raised) must still read
//! every file, closing idle ones and reopening them in turn, and handle a
//! file rotated, truncated or rewritten while it was closed.

// Helpers outside #[test] functions may unwrap too: a panic fails the test.
#![allow(clippy::unwrap_used)]

mod support;

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use support::api::{Limits, Served};
use support::watch::{Watch, append, command, log_lines, tempdir};

/// Files followed: several times what may be held open under [`LIMIT`].
const FILES: usize = 300;
/// The child's open-file limit, soft and hard.
const LIMIT: u64 = 96;

/// A problem line the built-in rules classify, tagged.
fn problem(tag: &str) -> String {
    format!("2025-11-24 10:00:00 UTC [42] ERROR:  deadlock detected while updating row {tag}\n")
}

/// `cmd` with an open-file limit of `limit` (soft and hard) in the child.
pub fn limit_files(cmd: &mut Command, limit: u64) {
    let lim = libc::rlimit {
        rlim_cur: limit,
        rlim_max: limit,
    };
    // SAFETY: setrlimit is async-signal-safe; it runs in the child between
    // fork and exec and touches nothing else.
    unsafe {
        cmd.pre_exec(move || {
            if libc::setrlimit(libc::RLIMIT_NOFILE, &lim) == 0 {
                Ok(())
            } else {
                Err(std::io::Error::last_os_error())
            }
        });
    }
}

/// `FILES` logs with a first line each, in `dir/logs`.
fn many_files(dir: &Path) -> Vec<PathBuf> {
    let logs = dir.join("logs");
    fs::create_dir(&logs).unwrap();
    (0..FILES)
        .map(|i| {
            let path = logs.join(format!("f{i:03}.log"));
            fs::write(&path, "2025-11-24 10:00:00 INFO started\n").unwrap();
            path
        })
        .collect()
}

fn start(dir: &Path) -> Watch {
    let logs = dir.join("logs").display().to_string();
    let mut cmd = command(&dir.join("state"), &[&logs]);
    limit_files(&mut cmd, LIMIT);
    Watch::spawn(cmd)
}

/// How many times each tag with `prefix` was reported.
fn tally(issues: &[serde_json::Value], prefix: &str) -> BTreeMap<String, usize> {
    let mut seen = BTreeMap::new();
    for line in log_lines(issues) {
        if let Some((_, tag)) = line.rsplit_once("row ")
            && tag.starts_with(prefix)
        {
            *seen.entry(tag.to_string()).or_default() += 1;
        }
    }
    seen
}

/// Waits until every tag `prefix{i}` for `i < FILES` was reported; then
/// each must have been reported exactly once.
fn expect_each_once(watch: &Watch, prefix: &str) {
    let last = format!("{prefix}{}", FILES - 1);
    watch.wait_line(&last);
    let done = || tally(&watch.issues(), prefix).len() >= FILES;
    let start = std::time::Instant::now();
    while !done() {
        assert!(
            start.elapsed() < support::watch::DEADLINE,
            "only {} of {FILES} {prefix} lines came\n{}",
            tally(&watch.issues(), prefix).len(),
            watch.stderr()
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let seen = tally(&watch.issues(), prefix);
    let twice: Vec<_> = seen.iter().filter(|(_, n)| **n != 1).collect();
    assert!(twice.is_empty(), "reported more than once: {twice:?}");
}

#[test]
fn every_file_is_read_in_turn_when_there_are_more_files_than_descriptors() {
    let (_tmp, dir) = tempdir();
    let files = many_files(&dir);
    let watch = start(&dir);
    assert!(
        watch.stderr().contains(&format!("watching {FILES} files")),
        "{}",
        watch.stderr()
    );
    assert!(
        watch
            .stderr()
            .contains("idle files are closed and reopened in turn"),
        "{}",
        watch.stderr()
    );
    for round in ["A", "B"] {
        for (i, path) in files.iter().enumerate() {
            append(path, problem(&format!("{round}{i}")).as_bytes());
        }
        expect_each_once(&watch, round);
    }
    let (status, issues, stderr) = watch.terminate();
    assert!(status.success(), "{stderr}");
    // The lines already there at the first start are not reported.
    assert_eq!(issues.len(), 2 * FILES, "{stderr}");
    assert!(!stderr.contains("cannot read"), "{stderr}");
}

#[test]
fn files_rotated_truncated_or_appended_while_closed_lose_nothing() {
    let (_tmp, dir) = tempdir();
    let files = many_files(&dir);
    let watch = start(&dir);
    for (i, path) in files.iter().enumerate() {
        // Written before the change: must be read from the old file.
        append(path, problem(&format!("OLD{i}")).as_bytes());
        match i % 3 {
            0 => {
                let mut rotated = path.clone().into_os_string();
                rotated.push(".1");
                fs::rename(path, &rotated).unwrap();
                append(path, problem(&format!("NEW{i}")).as_bytes());
            }
            1 => {
                // Read or not, the old line is gone: only the new one counts.
                fs::write(path, problem(&format!("NEW{i}"))).unwrap();
            }
            _ => append(path, problem(&format!("NEW{i}")).as_bytes()),
        }
    }
    expect_each_once(&watch, "NEW");
    let rotated_or_appended: Vec<usize> = (0..FILES).filter(|i| i % 3 != 1).collect();
    let last = rotated_or_appended.last().unwrap();
    watch.wait_line(&format!("OLD{last}"));
    let start = std::time::Instant::now();
    loop {
        let old = tally(&watch.issues(), "OLD");
        if rotated_or_appended
            .iter()
            .all(|i| old.contains_key(&format!("OLD{i}")))
        {
            assert!(old.values().all(|n| *n == 1), "{old:?}");
            break;
        }
        assert!(
            start.elapsed() < support::watch::DEADLINE,
            "old lines of rotated or appended files missing: {:?}\n{}",
            rotated_or_appended
                .iter()
                .filter(|i| !old.contains_key(&format!("OLD{i}")))
                .collect::<Vec<_>>(),
            watch.stderr()
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let (status, _, stderr) = watch.terminate();
    assert!(status.success(), "{stderr}");
    assert!(!stderr.contains("could not be read"), "{stderr}");
}

/// Every file rotated with a late line to the old one, half the old ones
/// compressed while closed, then stopped, the other half rotated again,
/// and started: every line once (the generations wait for descriptors).
#[test]
fn rotations_and_compression_around_a_restart_lose_nothing_under_the_limit() {
    let (_tmp, dir) = tempdir();
    let files = many_files(&dir);
    let watch = start(&dir);
    let with = |path: &Path, suffix: &str| {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    };
    for (i, path) in files.iter().enumerate() {
        append(path, problem(&format!("A{i}")).as_bytes());
    }
    expect_each_once(&watch, "A");
    for (i, path) in files.iter().enumerate() {
        fs::rename(path, with(path, ".1")).unwrap();
        // The application still writes to its old handle for a moment.
        append(&with(path, ".1"), problem(&format!("B{i}")).as_bytes());
        append(path, problem(&format!("C{i}")).as_bytes());
    }
    for path in files.iter().step_by(2) {
        let bytes = fs::read(with(path, ".1")).unwrap();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, &bytes).unwrap();
        fs::write(with(path, ".1.gz"), gz.finish().unwrap()).unwrap();
        fs::remove_file(with(path, ".1")).unwrap();
    }
    expect_each_once(&watch, "C");
    let (status, before, stderr) = watch.terminate();
    assert!(status.success(), "{stderr}");
    for (i, path) in files.iter().enumerate().skip(1).step_by(2) {
        fs::rename(with(path, ".1"), with(path, ".2")).unwrap();
        fs::rename(path, with(path, ".1")).unwrap();
        append(path, problem(&format!("D{i}")).as_bytes());
    }
    let watch = start(&dir);
    for (i, path) in files.iter().enumerate() {
        append(path, problem(&format!("E{i}")).as_bytes());
    }
    expect_each_once(&watch, "E");
    let (_, after, stderr) = watch.terminate();
    let mut all = before;
    all.extend(after);
    for prefix in ["A", "B", "C", "E"] {
        let seen = tally(&all, prefix);
        let wrong: Vec<usize> = (0..FILES)
            .filter(|i| seen.get(&format!("{prefix}{i}")) != Some(&1))
            .collect();
        assert!(
            wrong.is_empty(),
            "{prefix} lines not once: {wrong:?}\n{stderr}"
        );
    }
    let d = tally(&all, "D");
    assert!(
        (1..FILES)
            .step_by(2)
            .all(|i| d.get(&format!("D{i}")) == Some(&1)),
        "D lines: {d:?}\n{stderr}"
    );
    assert!(!stderr.contains("could not be read"), "{stderr}");
}

/// `name value` from a metrics page.
fn metric(page: &str, name: &str) -> u64 {
    page.lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.parse().ok())
        .unwrap_or_else(|| panic!("{name} in {page}"))
}

#[test]
fn the_api_says_which_files_are_closed_and_a_closed_file_that_vanished_is_counted() {
    let (_tmp, dir) = tempdir();
    many_files(&dir);
    let logs = dir.join("logs").display().to_string();
    let limits = Limits {
        open_files: Some(LIMIT),
        ..Limits::default()
    };
    let s = Served::start_limited(&[&logs], &[], limits);
    // The per-file list and the summary come from the same look.
    let listed = s.wait_json("/api/logs/files", |v| {
        let files = v["files"].as_array().unwrap();
        let closed = files.iter().filter(|f| f["open"] == false).count() as u64;
        files.len() == FILES + 1 && closed > 0 && v["descriptors"]["closed"] == closed
    });
    let limit = listed["descriptors"]["open_limit"].as_u64().unwrap();
    assert!(limit < LIMIT && limit > 0, "{listed}");
    let open = listed["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["open"] == true);
    assert!(open.count() as u64 <= limit, "{listed}");
    // The metrics come from the store's snapshot, refreshed once a second.
    let start = std::time::Instant::now();
    let page = loop {
        let page = s.get("/metrics").1;
        if metric(&page, "logwarden_files_closed") > 0 {
            break page;
        }
        assert!(start.elapsed() < support::api::DEADLINE, "{page}");
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    assert_eq!(metric(&page, "logwarden_files_open_limit"), limit);
    assert_eq!(metric(&page, "logwarden_files_lost_total"), 0);

    // A closed file gets a line, then leaves for another directory before
    // logwarden looks (it is stopped meanwhile): that line cannot be read,
    // and this must be said, not passed over. Files take turns at the
    // descriptors, so the one chosen may be opened again between the
    // listing and the stop: then its line is read, which is right too.
    // Every line is read or counted; this tries until one is counted.
    let elsewhere = dir.join("elsewhere");
    fs::create_dir(&elsewhere).unwrap();
    let mut victim = None;
    for attempt in 0..10 {
        let listed = s.get_json("/api/logs/files");
        let Some(path) = (listed["files"].as_array().unwrap().iter())
            .find(|f| f["open"] == false && f["state"] == "following")
            .and_then(|f| f["path"].as_str())
            .map(PathBuf::from)
        else {
            continue;
        };
        let tag = format!("GONE{attempt}");
        signal(&s.child, libc::SIGSTOP);
        append(&path, problem(&tag).as_bytes());
        fs::rename(&path, elsewhere.join(format!("moved{attempt}.log"))).unwrap();
        signal(&s.child, libc::SIGCONT);
        let start = std::time::Instant::now();
        loop {
            if metric(&s.get("/metrics").1, "logwarden_files_lost_total") == 1 {
                victim = Some(path);
                break;
            }
            if s.get("/api/logs/recent").1.contains(&tag) {
                break;
            }
            assert!(
                start.elapsed() < support::api::DEADLINE,
                "{tag}: neither read nor counted as lost"
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        if victim.is_some() {
            break;
        }
    }
    let victim = victim.expect("no closed file's loss was counted in 10 tries");
    let listed = s.get_json("/api/logs/files");
    assert_eq!(listed["descriptors"]["lost"], 1, "{listed}");
    let said = s.stderr_lines().join("\n");
    let shown = victim.display().to_string();
    assert!(
        said.lines()
            .any(|l| l.contains(&shown) && l.contains("could not be read")),
        "{said}"
    );
}

fn signal(child: &std::process::Child, sig: i32) {
    // SAFETY: kill(2) on our own child's pid.
    let rc = unsafe { libc::kill(child.id() as i32, sig) };
    assert_eq!(rc, 0);
}
