//! Descriptors taken by something else while the engine runs (API
//! clients, other code in the process): files that cannot be opened wait
//! for a descriptor, the user is told, and once descriptors are free again
//! every line is read. Runs the engine in this process, whose open-file
//! limit it lowers; so it is the only test in this file.

// Helpers outside #[test] functions may unwrap too: a panic fails the test.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::fs::{self, File};
use std::sync::Arc;
use std::time::{Duration, Instant};

use logwarden::classify::Classifier;
use logwarden::follow::{FollowConfig, Follower, Update, WatchSpec};

const DEADLINE: Duration = Duration::from_secs(30);

fn problem(tag: &str) -> String {
    format!("2025-11-24 10:00:00 UTC [42] ERROR:  deadlock detected while updating row {tag}\n")
}

/// Takes updates until `done` holds for the tags of issues and the notices seen.
fn wait(
    rx: &mut tokio::sync::mpsc::Receiver<Update>,
    tags: &mut BTreeSet<String>,
    notices: &mut Vec<String>,
    done: impl Fn(&BTreeSet<String>, &[String]) -> bool,
) {
    let start = Instant::now();
    while !done(tags, notices) {
        assert!(
            start.elapsed() < DEADLINE,
            "{} lines; {notices:#?}",
            tags.len()
        );
        match rx.try_recv() {
            Ok(Update::Issue(issue, _)) => {
                let tag = issue
                    .log_line
                    .rsplit_once("row ")
                    .map(|(_, t)| t.to_string());
                assert!(
                    tags.insert(tag.unwrap_or_default()),
                    "twice: {}",
                    issue.log_line
                );
            }
            Ok(Update::Notice(notice)) => notices.push(notice.message),
            Ok(_) => {}
            Err(_) => std::thread::sleep(Duration::from_millis(2)),
        }
    }
}

#[test]
fn files_that_find_no_descriptor_wait_and_are_read_once_descriptors_are_free() {
    let limit = libc::rlimit {
        rlim_cur: 128,
        rlim_max: 128,
    };
    // SAFETY: setrlimit reads the struct we own.
    assert_eq!(unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &limit) }, 0);
    let tmp = tempfile::tempdir().unwrap();
    let base = fs::canonicalize(tmp.path()).unwrap();
    let (logs, later) = (base.join("logs"), base.join("later"));
    fs::create_dir(&logs).unwrap();
    fs::create_dir(&later).unwrap();
    for i in 0..20 {
        fs::write(logs.join(format!("a{i:02}.log")), "started\n").unwrap();
        fs::write(
            later.join(format!("b{i:02}.log")),
            problem(&format!("B{i}")),
        )
        .unwrap();
    }
    let classifier =
        Arc::new(Classifier::new(logwarden::classify::RuleSet::builtin().unwrap()).unwrap());
    let mut config = FollowConfig::new(vec![WatchSpec::Dir(logs.clone())]);
    config.poll_interval = Duration::from_millis(100);
    let (follower, mut rx) = Follower::start(config, classifier, None, 1024).unwrap();
    let (mut tags, mut notices) = (BTreeSet::new(), Vec::new());
    wait(&mut rx, &mut tags, &mut notices, |_, n| {
        n.iter().any(|m| m.contains("20 files now"))
    });

    // Something else takes every descriptor left; then new files appear
    // (a rename needs none).
    let mut hog = Vec::new();
    while let Ok(file) = File::open("/dev/null") {
        hog.push(file);
    }
    for i in 0..20 {
        let name = format!("b{i:02}.log");
        fs::rename(later.join(&name), logs.join(&name)).unwrap();
    }
    wait(&mut rx, &mut tags, &mut notices, |_, n| {
        n.iter().any(|m| m.contains("no file descriptor is free"))
    });
    assert!(tags.len() < 20, "some files had to wait: {tags:?}");
    assert!(
        !notices.iter().any(|m| m.contains("cannot read")),
        "waiting is not unreadable: {notices:#?}"
    );
    drop(hog);
    wait(&mut rx, &mut tags, &mut notices, |t, _| t.len() >= 20);
    let want: BTreeSet<String> = (0..20).map(|i| format!("B{i}")).collect();
    assert_eq!(tags, want);
    follower.stopper().stop();
    follower.join();
}
