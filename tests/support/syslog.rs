//! The real binary listening for syslog (`--syslog 127.0.0.1:0`), what
//! tests ask it (issues by source, labelled metrics), and other programs
//! run beside it (a shipper, Alertmanager) that are killed when dropped.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::Value;

use super::api::{DEADLINE, Served};

/// Starts logwarden listening for syslog on a free loopback port (TCP and
/// UDP), with the API; `args` are added. Returns it and the syslog address.
pub fn start(args: &[&str]) -> (Served, SocketAddr) {
    let mut all = vec!["--syslog", "127.0.0.1:0"];
    all.extend_from_slice(args);
    let served = Served::start(&all);
    let addr = syslog_addr(&served);
    (served, addr)
}

/// The address `logwarden: syslog on ADDR (TCP and UDP)` named.
pub fn syslog_addr(served: &Served) -> SocketAddr {
    let lines = served.stderr_lines();
    lines
        .iter()
        .find_map(|l| {
            l.strip_prefix("logwarden: syslog on ")?
                .strip_suffix(" (TCP and UDP)")?
                .parse()
                .ok()
        })
        .unwrap_or_else(|| panic!("no syslog address in {lines:#?}"))
}

/// Every issue the API lists now (up to its largest page).
pub fn issues(served: &Served) -> Vec<Value> {
    let list = served.get_json("/api/logs/recent?limit=1000");
    list["issues"].as_array().cloned().unwrap_or_default()
}

/// The issues whose occurrences came from `source` (`host:stream`) only.
pub fn issues_from(served: &Served, source: &str) -> Vec<Value> {
    issues(served)
        .into_iter()
        .filter(|i| {
            i["source_file"] == source
                && (i["sources"].as_array()).is_none_or(|s| s.iter().all(|x| x == source))
        })
        .collect()
}

/// The occurrences of `issue_type` from `source`: the sum of the counts
/// of its issues (a group counts each occurrence).
pub fn occurrences(served: &Served, source: &str, issue_type: &str) -> u64 {
    issues_from(served, source)
        .iter()
        .filter(|i| i["issue_type"] == issue_type)
        .map(|i| i["count"].as_u64().unwrap_or(1))
        .sum()
}

/// The sum of the series of metric `name` whose labels include every one
/// of `labels` (0 when there is none).
pub fn metric_sum(served: &Served, name: &str, labels: &[(&str, &str)]) -> f64 {
    let (_, text) = served.get("/metrics");
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let (series, value) = l.rsplit_once(' ')?;
            let (metric, rest) = match series.split_once('{') {
                Some((metric, rest)) => (metric, rest.strip_suffix('}')?),
                None => (series, ""),
            };
            let wanted = metric == name
                && labels
                    .iter()
                    .all(|(k, v)| rest.split(',').any(|pair| pair == format!("{k}=\"{v}\"")));
            wanted.then(|| value.parse::<f64>().ok()).flatten()
        })
        .sum()
}

/// Polls `ok` until it holds; panics with `what` (and what `context`
/// says then) after [`DEADLINE`]. A deadline for hangs, not a speed limit.
pub fn wait_for(what: &str, mut ok: impl FnMut() -> bool, context: impl Fn() -> String) {
    let start = Instant::now();
    while !ok() {
        assert!(
            start.elapsed() < DEADLINE,
            "timed out waiting for {what}\n{}",
            context()
        );
        thread::sleep(Duration::from_millis(50));
    }
}

/// What the issues look like, for a failure message.
pub fn summary(served: &Served) -> String {
    let mut out = String::from("issues:\n");
    for i in issues(served) {
        out.push_str(&format!(
            "  {} {} host={} stream={} count={} sources={} line={}\n",
            i["issue_type"],
            i["source_file"],
            i["host"],
            i["stream"],
            i["count"],
            i["sources"],
            i["log_line"]
        ));
    }
    out
}

/// `msg` framed by octet counting (RFC 6587 3.4.1).
pub fn octet_counted(msg: &str) -> Vec<u8> {
    let mut out = format!("{} ", msg.len()).into_bytes();
    out.extend_from_slice(msg.as_bytes());
    out
}

/// Whether a missing program fails the test instead of skipping it
/// (`NAME=1`, as CI sets).
pub fn required(variable: &str) -> bool {
    std::env::var_os(variable).is_some_and(|v| !v.is_empty() && v != "0")
}

/// Another program, run for the test: killed (and reaped) when dropped;
/// its output goes to a file, printed if the test fails.
pub struct Daemon {
    child: Child,
    name: String,
    log: PathBuf,
}

impl Daemon {
    /// Spawns `cmd`, its stdout and stderr into `log`.
    pub fn spawn(name: &str, mut cmd: Command, log: &Path) -> Daemon {
        let out = std::fs::File::create(log).unwrap();
        let err = out.try_clone().unwrap();
        let child = cmd
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run {name}: {e}"));
        Daemon {
            child,
            name: name.to_owned(),
            log: log.to_owned(),
        }
    }

    /// What it printed so far.
    pub fn output(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Panics (with its output) if it has exited.
    pub fn assert_running(&mut self) {
        if let Ok(Some(status)) = self.child.try_wait() {
            panic!("{} exited ({status}):\n{}", self.name, self.output());
        }
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if thread::panicking() {
            eprintln!("--- {} said:\n{}", self.name, self.output());
        }
    }
}

/// An RFC 5424 message from `host`'s `app`, no time, no structured data.
pub fn rfc5424(host: &str, app: &str, text: &str) -> String {
    format!("<38>1 - {host} {app} 4242 - - {text}")
}

/// Failed login `i` (its own user, address and port).
pub fn failed_login(i: usize) -> String {
    format!(
        "Failed password for user{i} from 198.51.100.{} port {} ssh2",
        1 + i % 200,
        20_000 + i
    )
}
