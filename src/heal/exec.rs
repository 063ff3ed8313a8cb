//! Running a command action: argv as given (never a shell), stdin closed,
//! stdout and stderr captured (capped, made inert for a terminal), killed
//! with its whole process group when it outlives its timeout.

use std::io;
use std::process::{ExitStatus, Stdio};
use std::time::{Duration, Instant};

use serde::Serialize;
use tokio::io::{AsyncRead, AsyncReadExt};
use tokio::process::{Child, Command};

use crate::model::sanitize_for_terminal;

/// How many bytes of output (stdout and stderr together, or a webhook's
/// answer) are kept; the rest is counted and dropped.
pub(super) const OUTPUT_CAP: usize = 4096;

/// What a command inherits of logwarden's environment; nothing else.
const KEPT_ENV: [&str; 7] = ["PATH", "HOME", "LANG", "LC_ALL", "TZ", "USER", "LOGNAME"];

/// After the program exits, how long its pipes may stay open (a child it
/// left behind still writing) before we stop reading them.
const DRAIN_GRACE: Duration = Duration::from_millis(500);

/// What running an action came to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    /// It ran and succeeded: exit status 0, or a 2xx answer for a webhook.
    pub ok: bool,
    /// The exit code, when the program exited by itself.
    pub exit: Option<i32>,
    /// What it printed (or answered), at most 4096 bytes kept, control
    /// characters made visible and escape sequences removed.
    pub output: String,
    /// Why it did not succeed, in one line; `None` when `ok`.
    pub error: Option<String>,
    /// How long it took.
    pub elapsed: Duration,
}

impl Outcome {
    /// An outcome that never got as far as a result.
    pub(super) fn failed(error: String, started: Instant) -> Outcome {
        Outcome {
            ok: false,
            exit: None,
            output: String::new(),
            error: Some(error),
            elapsed: started.elapsed(),
        }
    }
}

/// Runs `argv[0]` with the rest as its arguments, each one literal, for at
/// most `timeout`. Never panics on what the program does: a program that
/// cannot be started, fails, or hangs is an [`Outcome`] that says so.
pub async fn run_command(argv: &[String], timeout: Duration) -> Outcome {
    let started = Instant::now();
    let Some((program, args)) = argv.split_first() else {
        return Outcome::failed("the command is empty".into(), started);
    };
    let mut cmd = Command::new(program);
    // A small, known environment: logwarden's own may hold secrets (the API
    // token, webhook URLs and tokens read from it).
    cmd.env_clear();
    for name in KEPT_ENV {
        if let Some(value) = std::env::var_os(name) {
            cmd.env(name, value);
        }
    }
    if std::env::var_os("PATH").is_none() {
        cmd.env(
            "PATH",
            "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        );
    }
    cmd.args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    // Its own process group, so a timeout kills what it started too (a
    // grandchild holding the pipes open would otherwise outlive it).
    #[cfg(unix)]
    cmd.process_group(0);
    let mut child = match cmd.spawn() {
        Ok(child) => child,
        Err(e) => return Outcome::failed(spawn_error(program, &e), started),
    };
    let pid = child.id();
    let stdout = child.stdout.take();
    let stderr = child.stderr.take();
    let mut capture = Capture::default();
    let deadline = tokio::time::Instant::now() + timeout;
    let status = {
        let reading = capture.read_both(stdout, stderr);
        tokio::time::timeout_at(deadline, wait_and_drain(&mut child, reading)).await
    };
    let output = capture.into_text();
    match status {
        Ok(Ok(status)) => finished(status, output, started),
        Ok(Err(e)) => Outcome {
            output,
            ..Outcome::failed(format!("could not wait for it: {e}"), started)
        },
        Err(_elapsed) => {
            kill_group(pid);
            // Kills the program itself (where no group was possible) and reaps it.
            let _ = child.kill().await;
            Outcome {
                output,
                ..Outcome::failed(timed_out(timeout), started)
            }
        }
    }
}

/// Waits for the program to exit while reading its output; once it has
/// exited, reads on only until its pipes close or [`DRAIN_GRACE`] passes.
async fn wait_and_drain(
    child: &mut Child,
    reading: impl Future<Output = ()>,
) -> io::Result<ExitStatus> {
    tokio::pin!(reading);
    let mut read_all = false;
    let status = loop {
        tokio::select! {
            status = child.wait() => break status?,
            () = &mut reading, if !read_all => read_all = true,
        }
    };
    if !read_all {
        let _ = tokio::time::timeout(DRAIN_GRACE, reading).await;
    }
    Ok(status)
}

/// The outcome of a program that exited (or was killed by a signal).
fn finished(status: ExitStatus, output: String, started: Instant) -> Outcome {
    let error = if status.success() {
        None
    } else if let Some(code) = status.code() {
        Some(format!("exit status {code}"))
    } else {
        Some(signal_text(status))
    };
    Outcome {
        ok: status.success(),
        exit: status.code(),
        output,
        error,
        elapsed: started.elapsed(),
    }
}

#[cfg(unix)]
fn signal_text(status: ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match status.signal() {
        Some(sig) => format!("killed by signal {sig}"),
        None => format!("ended abnormally ({status})"),
    }
}

#[cfg(not(unix))]
fn signal_text(status: ExitStatus) -> String {
    format!("ended abnormally ({status})")
}

/// One line on why `program` could not be started.
fn spawn_error(program: &str, e: &io::Error) -> String {
    let program = sanitize_for_terminal(program);
    match e.kind() {
        io::ErrorKind::NotFound => format!("not found: {program}"),
        io::ErrorKind::PermissionDenied => format!("not executable: {program}"),
        _ => format!("cannot start {program}: {e}"),
    }
}

/// "timed out after 5s" (humantime's words, so 1.5 s reads "1s 500ms").
pub(super) fn timed_out(timeout: Duration) -> String {
    format!("timed out after {}", humantime::format_duration(timeout))
}

/// Kills the process group led by `pid` (which `process_group(0)` made).
#[cfg(unix)]
fn kill_group(pid: Option<u32>) {
    // A pid of 0 or one that does not fit would make `-pid` mean our own
    // group or every process: never send those.
    let Some(pgid) = pid.and_then(|p| i32::try_from(p).ok()).filter(|&p| p > 1) else {
        return;
    };
    // SAFETY: kill has no memory effects; the group is the child's own,
    // kept alive (and its id unreusable) while any member still runs.
    unsafe {
        libc::kill(-pgid, libc::SIGKILL);
    }
}

#[cfg(not(unix))]
fn kill_group(_pid: Option<u32>) {}

/// Output kept up to [`OUTPUT_CAP`] bytes, in the order it arrived; the
/// rest only counted (still read, so the program never blocks on a full pipe).
#[derive(Debug, Default)]
pub(super) struct Capture {
    kept: Vec<u8>,
    cut: usize,
}

impl Capture {
    /// Keeps what fits of `bytes`, counts the rest.
    pub(super) fn push(&mut self, bytes: &[u8]) {
        let room = OUTPUT_CAP.saturating_sub(self.kept.len());
        let take = room.min(bytes.len());
        self.kept.extend_from_slice(&bytes[..take]);
        self.cut += bytes.len() - take;
    }

    /// Reads `out` and `err` as data arrives on either, until both close
    /// (a read error counts as closed: what came before is kept).
    async fn read_both(
        &mut self,
        out: Option<impl AsyncRead + Unpin>,
        err: Option<impl AsyncRead + Unpin>,
    ) {
        let (mut out, mut err) = (out, err);
        let mut a = [0u8; 2048];
        let mut b = [0u8; 2048];
        while out.is_some() || err.is_some() {
            let (n, from_out) = tokio::select! {
                n = read_some(&mut out, &mut a) => (n, true),
                n = read_some(&mut err, &mut b) => (n, false),
            };
            match (n, from_out) {
                (0, true) => out = None,
                (0, false) => err = None,
                (n, true) => self.push(&a[..n]),
                (n, false) => self.push(&b[..n]),
            }
        }
    }

    /// The text: lossy UTF-8, inert on a terminal, with a note of what was cut.
    pub(super) fn into_text(self) -> String {
        let mut text = inert(&String::from_utf8_lossy(&self.kept));
        if self.cut > 0 {
            text.push_str(&format!("\n[… {} more bytes cut]", self.cut));
        }
        text
    }
}

/// One read from `r`; 0 at the end or on an error; never ready when `r` is
/// already closed (so `select!` waits on the other pipe).
async fn read_some(r: &mut Option<impl AsyncRead + Unpin>, buf: &mut [u8]) -> usize {
    match r {
        Some(r) => r.read(buf).await.unwrap_or(0),
        None => std::future::pending().await,
    }
}

/// `text` with terminal escape sequences removed and every other control
/// character (but newline and tab) shown as a `\u{..}` escape; a CR before
/// a newline is dropped, so CRLF output reads as lines.
pub(super) fn inert(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' | '\t' => out.push(c),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\u{1b}' => skip_escape(&mut chars),
            // C1 CSI: some terminals take it as ESC [.
            '\u{9b}' => skip_csi(&mut chars),
            _ => {
                let mut buf = [0u8; 4];
                out.push_str(&sanitize_for_terminal(c.encode_utf8(&mut buf)));
            }
        }
    }
    out
}

/// Skips what follows an ESC: a CSI (`[` ... final byte), an OSC/DCS/APC/PM
/// string (to BEL or ESC \), or a single character.
fn skip_escape(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    match chars.next() {
        Some('[') => skip_csi(chars),
        Some(']' | 'P' | '_' | '^' | 'X') => {
            while let Some(c) = chars.next() {
                if c == '\u{7}' || (c == '\u{1b}' && chars.next_if_eq(&'\\').is_some()) {
                    break;
                }
            }
        }
        _ => {}
    }
}

/// Skips a CSI's parameters up to and including its final byte (`@`..`~`).
fn skip_csi(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    for c in chars.by_ref() {
        if ('@'..='~').contains(&c) {
            break;
        }
    }
}

#[cfg(test)]
mod tests;
