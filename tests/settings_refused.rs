//! A live mode refuses bad settings before it makes anything: no state
//! directory, no log file, no temporary directory, no half-started engine.

#![allow(clippy::unwrap_used)]

mod support;

use std::process::{Command, Stdio};

fn logwarden(args: &[&str], tmpdir: &std::path::Path) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_logwarden"))
        .args(args)
        .env("XDG_CONFIG_HOME", "/nonexistent-logwarden-test-config")
        .env("TMPDIR", tmpdir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn an_address_in_use_is_refused_before_state_or_log_file_are_made() {
    let dir = tempfile::tempdir().unwrap();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let log = dir.path().join("app.log");
    std::fs::write(&log, "").unwrap();
    let state = dir.path().join("state");
    let own_log = dir.path().join("own.log");
    let (code, stderr) = logwarden(
        &[
            "--no-tui",
            "--api",
            &addr,
            "--state",
            state.to_str().unwrap(),
            "--log-file",
            own_log.to_str().unwrap(),
            log.to_str().unwrap(),
        ],
        dir.path(),
    );
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("cannot serve the API"), "{stderr}");
    assert!(
        !stderr.contains("watching"),
        "nothing was followed: {stderr}"
    );
    assert!(
        !state.exists(),
        "no state directory (lock, history) was made"
    );
    assert!(!own_log.exists(), "no log file was made");
}

#[test]
fn a_refused_demo_leaves_no_temporary_directory() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stderr) = logwarden(
        &["demo", "--patterns", "/nonexistent-patterns.toml"],
        dir.path(),
    );
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("nonexistent-patterns.toml"), "{stderr}");
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

#[test]
fn a_settings_file_that_never_ends_is_refused_not_read_into_memory() {
    let dir = tempfile::tempdir().unwrap();
    for flag in ["--config", "--patterns"] {
        let (code, stderr) = logwarden(&[flag, "/dev/zero", "watch", "-"], dir.path());
        assert_eq!(code, Some(2), "{flag}: {stderr}");
        assert!(
            stderr.contains("too large for a settings file"),
            "{flag}: {stderr}"
        );
    }
}

#[test]
fn a_retention_longer_than_the_calendar_keeps_everything_instead_of_crashing() {
    // The history is pruned by age at start: an age past the calendar's
    // start keeps everything.
    let mut served = support::api::Served::start(&["--retention", "300000years"]);
    let (status, _) = served.terminate();
    assert!(status.success(), "{status:?}");
}
