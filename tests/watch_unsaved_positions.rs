//! `watch` stopped while its read positions cannot be saved (a full disk,
//! here a file-size limit): it says so at the end, with what a restart
//! will do, and exits with status 2 instead of 0 (issue 12).

// Helpers outside #[test] functions may unwrap too: a panic fails the test.
#![allow(clippy::unwrap_used)]

mod support;

use std::fs;
use std::os::unix::process::CommandExt;

use support::watch::{Watch, append, command, tempdir};

#[test]
fn positions_that_cannot_be_saved_are_said_and_the_status_is_not_zero() {
    let (_tmp, dir) = tempdir();
    let logs = dir.join("logs");
    fs::create_dir(&logs).unwrap();
    // Long names: the positions file grows past the limit below.
    for i in 0..40 {
        fs::write(logs.join(format!("{}{i}.log", "a".repeat(120))), "").unwrap();
    }
    let mut cmd = command(&dir.join("state"), &[logs.to_str().unwrap()]);
    let limit = libc::rlimit {
        rlim_cur: 4096,
        rlim_max: 4096,
    };
    // SAFETY: setrlimit is async-signal-safe; it runs in the child between
    // fork and exec and touches nothing else.
    unsafe {
        cmd.pre_exec(move || {
            if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) == 0 {
                Ok(())
            } else {
                Err(std::io::Error::last_os_error())
            }
        });
    }
    let watch = Watch::spawn(cmd);
    let log = logs.join(format!("{}0.log", "a".repeat(120)));
    append(
        &log,
        b"2026-12-05 10:00:00 UTC [42] ERROR:  deadlock detected while updating row 1\n",
    );
    watch.wait_issues(1);
    watch.wait_stderr("cannot save checkpoints");
    let (status, issues, stderr) = watch.terminate();
    assert_eq!(issues.len(), 1);
    assert_eq!(status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("the read positions could not be saved")
            && stderr.contains("are read and reported again"),
        "{stderr}"
    );
}
