//! The real binary serving the API headless (`--no-tui --api 127.0.0.1:0`),
//! and a plain HTTP client for it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

/// How long a condition may take before a test gives up (a deadline for
/// hangs, not a speed limit).
pub const DEADLINE: Duration = Duration::from_secs(60);

/// A harder world to start the server in.
#[derive(Debug, Default, Clone, Copy)]
pub struct Limits {
    /// The process's file size limit (`ulimit -f`): writes past it fail
    /// as on a full disk (EFBIG), whoever runs the test (root included).
    pub file_bytes: Option<u64>,
    /// The state directory exists but cannot be written (run as nobody
    /// when the tests run as root).
    pub read_only_state: bool,
    /// The open-file limit (soft and hard, so it cannot be raised).
    pub open_files: Option<u64>,
}

/// A running headless server and the log file it follows.
pub struct Served {
    pub child: Child,
    pub base: String,
    pub addr: String,
    pub log: PathBuf,
    pub dir: tempfile::TempDir,
    stderr: mpsc::Receiver<String>,
    /// What the last start printed before it was ready.
    early: Vec<String>,
}

/// What `logwarden ARGS` printed and how it exited (for refusals).
pub fn run_to_end(args: &[&str]) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_logwarden"))
        .args(args)
        .env("XDG_CONFIG_HOME", "/nonexistent-logwarden-test-config")
        .env_remove("LOGWARDEN_API_TOKEN")
        .stdin(Stdio::null())
        .output()
        .expect("binary runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

impl Served {
    /// Starts serving one empty log file with extra flags `args`; returns
    /// once it is ready (end offsets recorded).
    pub fn start(args: &[&str]) -> Served {
        Served::start_env(args, &[])
    }

    /// [`Served::start`] with extra environment variables.
    pub fn start_env(args: &[&str], env: &[(&str, &str)]) -> Served {
        Served::start_limited(args, env, Limits::default())
    }

    /// [`Served::start_env`] in a harder world (see [`Limits`]).
    pub fn start_limited(args: &[&str], env: &[(&str, &str)], limits: Limits) -> Served {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("app.log");
        std::fs::write(&log, "").unwrap();
        let (child, addr, stderr, early) = spawn_seen(dir.path(), &log, args, env, limits);
        Served {
            child,
            base: format!("http://{addr}"),
            addr,
            log,
            dir,
            stderr,
            early,
        }
    }

    /// Stops the server cleanly (SIGTERM) and starts it again on the same
    /// state directory and log (a new port).
    pub fn restart(&mut self, args: &[&str]) {
        // SAFETY: kill(2) on our own child's pid.
        unsafe {
            libc::kill(self.child.id() as i32, libc::SIGTERM);
        }
        let status = self.child.wait().unwrap();
        assert!(status.success(), "{status}");
        self.start_again(args);
    }

    /// Stops the server with SIGTERM; how it exited and what it printed
    /// on stderr from its last start to its end.
    pub fn terminate(&mut self) -> (std::process::ExitStatus, Vec<String>) {
        // SAFETY: kill(2) on our own child's pid.
        unsafe {
            libc::kill(self.child.id() as i32, libc::SIGTERM);
        }
        let status = self.child.wait().unwrap();
        let mut lines = self.early.clone();
        // The reader thread ends at EOF, which follows the exit.
        while let Ok(line) = self.stderr.recv_timeout(DEADLINE) {
            lines.push(line);
        }
        (status, lines)
    }

    /// Kills the server (SIGKILL: no chance to save anything, as in a
    /// crash or an OOM kill) and starts it again on the same state.
    pub fn crash_restart(&mut self, args: &[&str]) {
        self.crash();
        self.start_again(args);
    }

    /// Kills the server with SIGKILL and waits for it to be gone.
    pub fn crash(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Starts the server again after it stopped (see [`Served::crash`]).
    pub fn start_again(&mut self, args: &[&str]) {
        let limits = Limits::default();
        let (child, addr, stderr, seen) = spawn_seen(self.dir.path(), &self.log, args, &[], limits);
        self.early = seen;
        self.child = child;
        self.base = format!("http://{addr}");
        self.addr = addr;
        self.stderr = stderr;
    }

    /// Where it receives syslog (`--syslog ADDR`; port 0 resolved), as printed at start.
    pub fn syslog_addr(&self) -> std::net::SocketAddr {
        let line = self
            .early
            .iter()
            .find_map(|l| l.strip_prefix("logwarden: syslog on "));
        let addr = line
            .and_then(|l| l.split(' ').next())
            .expect("a syslog address printed");
        addr.parse().unwrap()
    }

    /// Appends `text` to the followed log.
    pub fn append(&self, text: &str) {
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(&self.log)
            .unwrap();
        f.write_all(text.as_bytes()).unwrap();
    }

    /// The followed log's path.
    pub fn log_path(&self) -> &Path {
        &self.log
    }

    /// What the server (its last start) printed on stderr so far.
    pub fn stderr_lines(&self) -> Vec<String> {
        let mut lines = self.early.clone();
        lines.extend(self.stderr.try_iter());
        lines
    }

    /// A client that returns every status as a response.
    pub fn agent() -> ureq::Agent {
        ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(DEADLINE))
            .build()
            .into()
    }

    /// GET `path`: (status, body).
    pub fn get(&self, path: &str) -> (u16, String) {
        let mut resp = Served::agent()
            .get(&format!("{}{path}", self.base))
            .call()
            .expect("request completes");
        let status = resp.status().as_u16();
        (status, resp.body_mut().read_to_string().unwrap_or_default())
    }

    /// GET `path` as JSON, expecting 200.
    pub fn get_json(&self, path: &str) -> serde_json::Value {
        let (status, body) = self.get(path);
        assert_eq!(status, 200, "{path}: {body}");
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("{path}: {e}: {body}"))
    }

    /// POST `path` with no body: (status, body).
    pub fn post(&self, path: &str) -> (u16, String) {
        let mut resp = Served::agent()
            .post(&format!("{}{path}", self.base))
            .send_empty()
            .expect("request completes");
        let status = resp.status().as_u16();
        (status, resp.body_mut().read_to_string().unwrap_or_default())
    }

    /// Polls `path` until `ok` holds for its JSON; panics after [`DEADLINE`].
    pub fn wait_json(
        &self,
        path: &str,
        ok: impl Fn(&serde_json::Value) -> bool,
    ) -> serde_json::Value {
        let start = Instant::now();
        loop {
            let value = self.get_json(path);
            if ok(&value) {
                return value;
            }
            assert!(start.elapsed() < DEADLINE, "timed out on {path}: {value}");
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// One unlabelled value of `/metrics` now (`None`: not there).
    pub fn metric(&self, name: &str) -> Option<f64> {
        let (_, text) = self.get("/metrics");
        text.lines()
            .filter(|l| !l.starts_with('#'))
            .find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.trim().parse().ok())
    }

    /// Polls `/metrics` until `ok` holds for the value of `name`; returns
    /// it, or panics after [`DEADLINE`].
    pub fn wait_metric(&self, name: &str, ok: impl Fn(f64) -> bool) -> f64 {
        let start = Instant::now();
        loop {
            let value = self.metric(name);
            if let Some(v) = value.filter(|&v| ok(v)) {
                return v;
            }
            assert!(start.elapsed() < DEADLINE, "timed out on {name}: {value:?}");
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// Sends `raw` bytes on a new connection and reads until the server
    /// closes it (or the deadline): what came back.
    pub fn raw(&self, raw: &[u8]) -> String {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        stream.set_read_timeout(Some(DEADLINE)).unwrap();
        stream.write_all(raw).unwrap();
        let mut out = Vec::new();
        let _ = stream.read_to_end(&mut out);
        String::from_utf8_lossy(&out).into_owned()
    }
}

/// Starts `logwarden --no-tui` on `log` with its state in `dir`; returns
/// once ready: the child, its address, its stderr lines to come and those
/// printed before readiness.
fn spawn_seen(
    dir: &Path,
    log: &Path,
    args: &[&str],
    env: &[(&str, &str)],
    limits: Limits,
) -> (Child, String, mpsc::Receiver<String>, Vec<String>) {
    let state = dir.join("state");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_logwarden"));
    cmd.args(["--no-tui", "--state", state.to_str().unwrap()])
        .args(args)
        .arg(log)
        .env("XDG_CONFIG_HOME", "/nonexistent-logwarden-test-config")
        .env_remove("LOGWARDEN_API_TOKEN")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    if !args.contains(&"--api") {
        cmd.args(["--api", "127.0.0.1:0"]);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    if limits.read_only_state {
        use std::os::unix::fs::PermissionsExt;
        use std::os::unix::process::CommandExt;
        std::fs::create_dir_all(&state).unwrap();
        std::fs::set_permissions(&state, std::fs::Permissions::from_mode(0o555)).unwrap();
        // Others may look in: the test may run the server as nobody.
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        std::fs::set_permissions(log, std::fs::Permissions::from_mode(0o644)).unwrap();
        // SAFETY: geteuid has no preconditions.
        if unsafe { libc::geteuid() } == 0 {
            // Root writes anywhere: run as nobody, for whom 0555 holds.
            cmd.uid(65534).gid(65534);
        }
    }
    if let Some(bytes) = limits.file_bytes {
        set_limit(&mut cmd, libc::RLIMIT_FSIZE, bytes);
    }
    if let Some(files) = limits.open_files {
        set_limit(&mut cmd, libc::RLIMIT_NOFILE, files);
    }
    let mut child = cmd.spawn().expect("binary runs");
    let (tx, rx) = mpsc::channel();
    let stderr = child.stderr.take().unwrap();
    thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut addr = None;
    let mut seen = Vec::new();
    let start = Instant::now();
    loop {
        let line = rx
            .recv_timeout(DEADLINE.saturating_sub(start.elapsed()))
            .unwrap_or_else(|_| panic!("no readiness from the server"));
        if let Some(a) = line.strip_prefix("logwarden: API on http://") {
            addr = Some(a.to_string());
        }
        let ready = line.starts_with("logwarden: watching");
        seen.push(line);
        if ready {
            break;
        }
    }
    let addr = addr.expect("the address is printed before readiness");
    (child, addr, rx, seen)
}

/// Sets the child's `resource` limit (soft and hard) to `value`.
fn set_limit(cmd: &mut Command, resource: libc::__rlimit_resource_t, value: u64) {
    use std::os::unix::process::CommandExt;
    let limit = libc::rlimit {
        rlim_cur: value,
        rlim_max: value,
    };
    // SAFETY: setrlimit is async-signal-safe; it runs in the child
    // between fork and exec and touches nothing else.
    unsafe {
        cmd.pre_exec(move || {
            if libc::setrlimit(resource, &limit) == 0 {
                Ok(())
            } else {
                Err(std::io::Error::last_os_error())
            }
        });
    }
}

impl Served {
    /// Like [`Served::raw`], but reads only the first response (the
    /// connection may stay open): what came back before a blank line and
    /// its body, or until the server closed it.
    pub fn raw_keep_open(&self, raw: &[u8]) -> String {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        stream.set_read_timeout(Some(DEADLINE)).unwrap();
        stream.write_all(raw).unwrap();
        let mut reader = BufReader::new(stream);
        let mut out = String::new();
        while reader.read_line(&mut out).unwrap_or(0) > 0 {
            if out.ends_with("\r\n\r\n") {
                break;
            }
        }
        out
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        // SIGTERM: the clean stop path.
        // SAFETY: kill(2) on our own child's pid.
        unsafe {
            libc::kill(self.child.id() as i32, libc::SIGTERM);
        }
        let _ = self.child.wait();
    }
}

/// The id of the (first) alert issue in a list answer.
pub fn alert_id(list: &serde_json::Value) -> String {
    list["issues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["issue_type"] == "alert")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string()
}
