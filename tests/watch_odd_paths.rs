//! Paths named on `logwarden watch`'s command line that are not log files:
//! each is reported as what it is, none blocks the engine, and a named
//! pipe is never opened for reading.

// Helpers outside #[test] functions may unwrap too: a panic fails the test.
#![allow(clippy::unwrap_used)]

mod support;

use std::fs::{self, OpenOptions};
use std::os::unix::fs::{OpenOptionsExt, symlink};
use std::os::unix::net::UnixListener;

use support::watch::{Watch, append, tempdir};

fn problem(tag: &str) -> String {
    format!("2025-11-24 10:00:00 UTC [42] ERROR:  deadlock detected while updating row {tag}\n")
}

fn mkfifo(path: &std::path::Path) {
    let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: mkfifo reads a NUL-terminated path we own.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
}

#[test]
fn a_fifo_socket_device_or_link_loop_is_named_for_what_it_is_and_blocks_nothing() {
    let (_tmp, dir) = tempdir();
    let fifo = dir.join("pipe.log");
    mkfifo(&fifo);
    let socket = dir.join("sock.log");
    let _listener = UnixListener::bind(&socket).unwrap();
    let (loop_a, loop_b) = (dir.join("loop.log"), dir.join("loop2.log"));
    symlink(&loop_b, &loop_a).unwrap();
    symlink(&loop_a, &loop_b).unwrap();
    let target = dir.join("target.log");
    let dangling = dir.join("later.log");
    symlink(&target, &dangling).unwrap();
    let log = dir.join("app.log");
    fs::write(&log, "").unwrap();
    let args: Vec<String> = [
        &fifo,
        &socket,
        &loop_a,
        &dangling,
        &dir.join("missing.log"),
        &log,
    ]
    .iter()
    .map(|p| p.display().to_string())
    .chain(["/dev/null".to_string()])
    .collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let watch = Watch::start(&dir.join("state"), &args);
    let said = watch.stderr();
    let d = dir.display();
    for expected in [
        format!("{d}/pipe.log is a named pipe (FIFO), not a regular file: it is not followed"),
        format!("{d}/sock.log is a socket, not a regular file"),
        "/dev/null is a character device, not a regular file".to_string(),
        format!("{d}/loop.log is a symbolic link loop"),
        format!(
            "waiting for {d}/later.log (a symbolic link to {d}/target.log, which does not exist yet)"
        ),
        format!("waiting for {d}/missing.log (it does not exist yet)"),
    ] {
        assert!(said.contains(&expected), "{expected:?} in\n{said}");
    }
    assert_eq!(
        said.matches("does not exist yet").count(),
        2,
        "only what is truly missing is said to be: {said}"
    );
    // Nobody holds the pipe open for reading: a writer that will not wait
    // for a reader is told there is none.
    let opened = OpenOptions::new()
        .write(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(&fifo);
    assert_eq!(opened.unwrap_err().raw_os_error(), Some(libc::ENXIO));
    // The engine goes on: the real log is read, the link's target is picked up.
    append(&log, problem("AFTER").as_bytes());
    watch.wait_line("AFTER");
    fs::write(&target, problem("LINKED")).unwrap();
    watch.wait_line("LINKED");
    let (status, _, _) = watch.terminate();
    assert!(status.success());
}
