//! Running `logwarden watch` as a child process and observing it: issues
//! (JSON lines on stdout) and messages (stderr) are collected by threads;
//! tests wait for conditions with a deadline, never for fixed times.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;

/// How long a condition may take before the test fails. Generous: CI
/// machines are shared; a passing run never waits this long.
pub const DEADLINE: Duration = Duration::from_secs(30);

/// A running `logwarden watch --format json`.
pub struct Watch {
    child: Option<Child>,
    issues: Arc<Mutex<Vec<Value>>>,
    stderr: Arc<Mutex<String>>,
}

/// The command, with the test environment (no user config).
pub fn command(state: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_logwarden"));
    cmd.arg("watch")
        .arg("--format")
        .arg("json")
        .arg("--state")
        .arg(state)
        .args(args)
        .env("XDG_CONFIG_HOME", "/nonexistent-logwarden-test-config")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

impl Watch {
    /// Starts watching `args` with state in `state` and waits until it is ready.
    pub fn start(state: &Path, args: &[&str]) -> Watch {
        Watch::spawn(command(state, args))
    }

    /// Spawns a prepared command and waits until it says it is watching.
    pub fn spawn(mut cmd: Command) -> Watch {
        let mut child = cmd.spawn().expect("the binary runs");
        let issues = Arc::new(Mutex::new(Vec::new()));
        let stderr = Arc::new(Mutex::new(String::new()));
        if let Some(out) = child.stdout.take() {
            let sink = issues.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(out).lines() {
                    let line = line.expect("stdout is UTF-8");
                    let value = serde_json::from_str(&line)
                        .unwrap_or_else(|e| panic!("bad JSON {line:?}: {e}"));
                    sink.lock().unwrap().push(value);
                }
            });
        }
        if let Some(err) = child.stderr.take() {
            let sink = stderr.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(err).lines().map_while(Result::ok) {
                    let mut text = sink.lock().unwrap();
                    text.push_str(&line);
                    text.push('\n');
                }
            });
        }
        let watch = Watch {
            child: Some(child),
            issues,
            stderr,
        };
        watch.wait_stderr("logwarden: watching ");
        watch
    }

    /// Issues printed so far.
    pub fn issues(&self) -> Vec<Value> {
        self.issues.lock().unwrap().clone()
    }

    /// stderr so far.
    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Waits until `n` issues were printed; returns all of them.
    pub fn wait_issues(&self, n: usize) -> Vec<Value> {
        self.wait(&format!("{n} issues"), || self.issues().len() >= n);
        self.issues()
    }

    /// Waits until an issue's log line contains `needle`; returns all issues.
    pub fn wait_line(&self, needle: &str) -> Vec<Value> {
        self.wait(&format!("an issue with {needle:?}"), || {
            log_lines(&self.issues()).iter().any(|l| l.contains(needle))
        });
        self.issues()
    }

    /// Waits until stderr contains `needle`.
    pub fn wait_stderr(&self, needle: &str) {
        self.wait(&format!("{needle:?} on stderr"), || {
            self.stderr().contains(needle)
        });
    }

    /// Waits until stderr contains one of `needles` (stderr is read on its
    /// own thread: a message written before an issue may be seen after it).
    pub fn wait_stderr_any(&self, needles: &[&str]) {
        self.wait(&format!("one of {needles:?} on stderr"), || {
            let stderr = self.stderr();
            needles.iter().any(|n| stderr.contains(n))
        });
    }

    /// Waits until the records printed so far satisfy `done`; returns them.
    pub fn wait_records(&self, what: &str, done: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        self.wait(what, || done(&self.issues()));
        self.issues()
    }

    fn wait(&self, what: &str, done: impl Fn() -> bool) {
        let start = Instant::now();
        while !done() {
            assert!(
                start.elapsed() < DEADLINE,
                "gave up waiting for {what}\nissues: {:#?}\nstderr:\n{}",
                log_lines(&self.issues()),
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// Sends SIGTERM and waits for a graceful exit; returns the status.
    pub fn terminate(self) -> (ExitStatus, Vec<Value>, String) {
        self.stop_with(libc::SIGTERM)
    }

    /// Sends SIGINT (Ctrl-C) and waits for a graceful exit.
    pub fn interrupt(self) -> (ExitStatus, Vec<Value>, String) {
        self.stop_with(libc::SIGINT)
    }

    fn stop_with(mut self, sig: i32) -> (ExitStatus, Vec<Value>, String) {
        let mut child = self.child.take().expect("running");
        signal(&child, sig);
        let status = wait_exit(&mut child);
        // Let the reader threads drain the pipes (they end at EOF).
        let start = Instant::now();
        while Arc::strong_count(&self.issues) > 1 || Arc::strong_count(&self.stderr) > 1 {
            assert!(start.elapsed() < DEADLINE, "output pipes never closed");
            std::thread::sleep(Duration::from_millis(5));
        }
        (status, self.issues(), self.stderr())
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Sends a signal to a child.
pub fn signal(child: &Child, sig: i32) {
    let pid = i32::try_from(child.id()).expect("pid fits");
    // SAFETY: kill(2) on our own child's pid, no memory involved.
    let rc = unsafe { libc::kill(pid, sig) };
    assert_eq!(rc, 0, "kill failed");
}

fn wait_exit(child: &mut Child) -> ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait works") {
            return status;
        }
        assert!(start.elapsed() < DEADLINE, "logwarden did not exit");
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// The `log_line` of each issue.
pub fn log_lines(issues: &[Value]) -> Vec<String> {
    issues
        .iter()
        .map(|i| i["log_line"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// Appends bytes to a file (creating it).
pub fn append(path: &Path, bytes: &[u8]) {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .unwrap();
    file.write_all(bytes).unwrap();
}

/// `dir/name` as a string argument.
pub fn arg(dir: &Path, name: &str) -> String {
    dir.join(name).display().to_string()
}

/// A canonical temp directory (so paths in issues compare equal).
pub fn tempdir() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = std::fs::canonicalize(dir.path()).unwrap();
    (dir, path)
}
