//! Alerts and healing actions on the real binary: a command action runs
//! with a captured value as one checked argument; a flood fires exactly
//! what the guard rails allow; the breaker opens, shows and is reset; a
//! dry run carries out nothing and says what it would do; the backlog at
//! start fires nothing; an operator heals by hand; webhooks reach a real
//! HTTP receiver; alerts are issues and end by themselves.

// Helpers outside #[test] functions may unwrap too: a panic fails the test.
#![allow(clippy::unwrap_used)]

mod support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use support::api::{Served, alert_id};

/// How long a condition may take on a loaded machine.
const DEADLINE: Duration = Duration::from_secs(60);

const TYPES: &str = r#"
version = 1

[types.authentication_failure]
severity = "WARNING"
category = "Security Issue"
description = "Authentication failure"

[types.restart_loop]
severity = "CRITICAL"
category = "Service Issue"
description = "A service keeps restarting"
auto_heal = true

[types.disk_full]
severity = "CRITICAL"
category = "Filesystem Issue"
description = "No space left"

[types.write_error]
severity = "ERROR"
category = "Filesystem Issue"
description = "A write failed"

[[rules]]
id = "ssh-failed"
type = "authentication_failure"
match = ['Failed password for \S+ from (?P<client_ip>\S+)']

[[rules]]
id = "unit-restart"
type = "restart_loop"
match = ['(?P<unit>[a-z0-9@._-]+\.service): Scheduled restart job']

[[rules]]
id = "disk-full"
type = "disk_full"
match = ['No space left on device on (?P<device>\S+)']

[[rules]]
id = "write-failed"
type = "write_error"
match = ['write failed on (?P<device>\S+)']
"#;

/// A scratch directory with a recording script: each run appends its
/// arguments, one per line between `--` markers, to `ran.txt`.
struct Scratch {
    dir: tempfile::TempDir,
}

impl Scratch {
    fn new() -> Scratch {
        let dir = tempfile::tempdir().unwrap();
        let script = dir.path().join("record.sh");
        let ran = dir.path().join("ran.txt");
        std::fs::write(
            &script,
            format!(
                // One write per run: runs at the same time must not interleave.
                "#!/bin/sh\nrec=''\nfor a in \"$@\"; do rec=\"$rec$a\n\"; done\nprintf '%s--\\n' \"$rec\" >> '{}'\necho recorded\n",
                ran.display()
            ),
        )
        .unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        Scratch { dir }
    }

    fn script(&self) -> String {
        self.dir.path().join("record.sh").display().to_string()
    }

    /// The runs so far: each run's arguments.
    fn runs(&self) -> Vec<Vec<String>> {
        let text = std::fs::read_to_string(self.dir.path().join("ran.txt")).unwrap_or_default();
        let mut runs = Vec::new();
        let mut run = Vec::new();
        for line in text.lines() {
            if line == "--" {
                runs.push(std::mem::take(&mut run));
            } else {
                run.push(line.to_string());
            }
        }
        runs
    }

    /// A patterns file of [`TYPES`] and `extra`.
    fn patterns(&self, extra: &str) -> PathBuf {
        let path = self.dir.path().join("patterns.toml");
        std::fs::write(&path, format!("{TYPES}\n{extra}")).unwrap();
        path
    }
}

fn wait_until(what: &str, ok: impl Fn() -> bool) {
    let start = Instant::now();
    while !ok() {
        assert!(start.elapsed() < DEADLINE, "timed out waiting for {what}");
        thread::sleep(Duration::from_millis(20));
    }
}

fn start(patterns: &Path, extra_args: &[&str]) -> Served {
    let mut args = vec!["--patterns", patterns.to_str().unwrap()];
    args.extend_from_slice(extra_args);
    Served::start(&args)
}

/// Waits for an alert issue; its id.
fn wait_alert_id(s: &Served) -> String {
    let fired = s.wait_json("/api/logs/recent", |v| {
        v.to_string().contains("\"issue_type\":\"alert\"")
    });
    alert_id(&fired)
}

fn ssh(ip: &str) -> String {
    format!("Dec  7 10:00:00 host sshd[1]: Failed password for root from {ip} port 22 ssh2\n")
}

#[test]
fn an_alert_fires_an_issue_and_a_command_with_the_captured_ip() {
    let scratch = Scratch::new();
    let patterns = scratch.patterns(&format!(
        r#"
[[alert]]
id = "ssh-bruteforce"
type = "authentication_failure"
count = 3
within = "10m"
by = "client_ip"
severity = "CRITICAL"
note = "Repeated failed logins from one address"

[[action]]
id = "ban"
alert = "ssh-bruteforce"
command = ["{}", "ban", "{{client_ip}}"]
cooldown = "1h"
"#,
        scratch.script()
    ));
    let s = start(&patterns, &[]);
    // Two from one address, three from another: only the second alerts.
    s.append(&format!("{}{}", ssh("10.0.0.1"), ssh("10.0.0.1")));
    s.append(&format!(
        "{}{}{}",
        ssh("10.0.0.2"),
        ssh("10.0.0.2"),
        ssh("10.0.0.2")
    ));
    let recent = s.wait_json("/api/logs/recent", |v| {
        v["issues"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["issue_type"] == "alert")
    });
    let alert = recent["issues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["issue_type"] == "alert")
        .unwrap()
        .clone();
    assert_eq!(alert["severity"], "CRITICAL", "{alert}");
    assert_eq!(alert["alert"]["alert"], "ssh-bruteforce");
    assert_eq!(alert["alert"]["key"], "10.0.0.2");
    assert_eq!(alert["alert"]["count"], 3);
    assert_eq!(alert["fields"]["client_ip"], "10.0.0.2");
    assert_eq!(
        alert["description"],
        "Repeated failed logins from one address"
    );
    // It is in the critical table too.
    let critical = s.get_json("/api/logs/critical");
    assert!(
        critical.to_string().contains("ssh-bruteforce"),
        "{critical}"
    );
    // The command ran once, with the address as one argument.
    wait_until("the ban", || scratch.runs().len() == 1);
    assert_eq!(
        scratch.runs()[0],
        vec!["ban".to_string(), "10.0.0.2".to_string()]
    );
    let id = alert["id"].as_str().unwrap().to_string();
    let healed = s.wait_json(&format!("/api/logs/issues/{id}"), |v| {
        v["issue"]["heal"]["state"] == "succeeded"
    });
    assert_eq!(healed["issue"]["heal"]["action"], "ban");
    let actions = s.get_json("/api/logs/actions");
    assert_eq!(actions["actions"][0]["attempts"], 1, "{actions}");
    let row = &actions["history"][0];
    assert_eq!(row["outcome"], "succeeded", "{actions}");
    assert!(row["what"].as_str().unwrap().contains("10.0.0.2"), "{row}");
}

#[test]
fn a_hostile_value_is_refused_and_never_run() {
    let scratch = Scratch::new();
    let patterns = scratch.patterns(&format!(
        r#"
[[alert]]
id = "ssh-bruteforce"
type = "authentication_failure"
count = 1
within = "10m"
by = "client_ip"

[[action]]
id = "ban"
alert = "ssh-bruteforce"
command = ["{}", "{{client_ip}}"]
"#,
        scratch.script()
    ));
    let s = start(&patterns, &[]);
    for hostile in ["$(touch${IFS}/tmp/pwned)", ";reboot", "-rf", "10.0.0.1;id"] {
        s.append(&ssh(hostile));
    }
    s.append(&ssh("192.0.2.9"));
    wait_until("the one good run", || scratch.runs().len() == 1);
    let actions = s.wait_json("/api/logs/actions", |v| {
        v["actions"][0]["refused"] == 4 && v["history"].to_string().contains("refused")
    });
    assert_eq!(
        scratch.runs(),
        vec![vec!["192.0.2.9".to_string()]],
        "{actions}"
    );
    let history = actions["history"].to_string();
    assert!(history.contains("refused"), "{history}");
}

#[test]
fn a_flood_fires_exactly_what_the_guard_rails_allow() {
    let scratch = Scratch::new();
    let patterns = scratch.patterns(&format!(
        r#"
[[action]]
id = "restart"
type = "restart_loop"
command = ["{}", "restart", "{{unit}}"]
target = "unit"
cooldown = "1h"
max_attempts = 3
window = "1h"
"#,
        scratch.script()
    ));
    let s = start(&patterns, &[]);
    // 10,000 lines over 5 units: 5 targets, but at most 3 attempts an hour.
    let mut flood = String::new();
    for n in 0..10_000 {
        flood.push_str(&format!(
            "Dec  7 10:00:00 host systemd[1]: app{}.service: Scheduled restart job, restart counter is at {n}.\n",
            n % 5
        ));
    }
    s.append(&flood);
    let actions = s.wait_json("/api/logs/actions", |v| {
        v["actions"][0]["attempts"].as_u64().unwrap() + v["actions"][0]["refused"].as_u64().unwrap()
            == 10_000
    });
    assert_eq!(actions["actions"][0]["attempts"], 3, "{actions}");
    wait_until("three runs", || scratch.runs().len() == 3);
    let units: Vec<String> = scratch.runs().iter().map(|r| r[1].clone()).collect();
    let mut distinct = units.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), 3, "one attempt per unit: {units:?}");
    // Refusals are folded in the audit, not one row each.
    let rows = actions["history"].as_array().unwrap().len();
    assert!(rows < 20, "{rows} audit rows for a flood");
    // The metrics say the same once the next snapshot is out.
    wait_until("the metrics", || {
        let (_, metrics) = s.get("/metrics");
        metrics.contains("logwarden_action_attempts_total{action=\"restart\"} 3")
            && metrics.contains("logwarden_action_refused_total{action=\"restart\"} 9997")
    });
    // Nothing more runs once the flood is over.
    let later = s.get_json("/api/logs/actions");
    assert_eq!(later["actions"][0]["attempts"], 3);
    assert_eq!(scratch.runs().len(), 3);
}

#[test]
fn the_breaker_opens_after_failures_shows_and_is_reset_by_hand() {
    let scratch = Scratch::new();
    let patterns = scratch.patterns(
        r#"
[[action]]
id = "restart"
type = "restart_loop"
command = ["/bin/false", "{unit}"]
target = "unit"
cooldown = "1h"
max_attempts = 100
breaker_failures = 2
breaker_pause = "1h"
"#,
    );
    let s = start(&patterns, &[]);
    let line = |unit: &str| {
        format!(
            "Dec  7 10:00:00 host systemd[1]: {unit}.service: Scheduled restart job, restart counter is at 1.\n"
        )
    };
    s.append(&line("a"));
    s.wait_json("/api/logs/actions", |v| v["actions"][0]["failures"] == 1);
    s.append(&line("b"));
    let open = s.wait_json("/api/logs/actions", |v| {
        v["actions"][0]["breaker"] == "open"
    });
    assert_eq!(open["actions"][0]["attempts"], 2, "{open}");
    // While open, another target is refused, and says why.
    s.append(&line("c"));
    // The counter moves before the audit row is written: wait for the row.
    let refused = s.wait_json("/api/logs/actions", |v| {
        v["history"][0]["outcome"] == "refused"
    });
    assert_eq!(refused["actions"][0]["refused"], 1, "{refused}");
    assert!(
        refused["history"].to_string().contains("breaker open"),
        "{refused}"
    );
    // By hand too.
    let recent = s.get_json("/api/logs/recent");
    let id = recent["issues"][0]["id"].as_str().unwrap().to_string();
    let (status, body) = s.post(&format!("/api/logs/issues/{id}/heal"));
    assert_eq!(status, 409, "{body}");
    assert!(body.contains("breaker open"), "{body}");
    // Reset: closed, and the next attempt runs.
    let (status, body) = s.post("/api/logs/actions/restart/reset");
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        s.get_json("/api/logs/actions")["actions"][0]["breaker"],
        "closed"
    );
    s.append(&line("d"));
    s.wait_json("/api/logs/actions", |v| v["actions"][0]["attempts"] == 3);
    assert_eq!(s.post("/api/logs/actions/nope/reset").0, 404);
}

#[test]
fn a_dry_run_carries_out_nothing_and_says_what_it_would_do() {
    let scratch = Scratch::new();
    let patterns = scratch.patterns(&format!(
        r#"
[[action]]
id = "restart"
type = "restart_loop"
command = ["{}", "restart", "{{unit}}"]
target = "unit"
"#,
        scratch.script()
    ));
    let s = start(&patterns, &["--dry-run-actions"]);
    s.append("Dec  7 10:00:00 host systemd[1]: web.service: Scheduled restart job, restart counter is at 5.\n");
    let actions = s.wait_json("/api/logs/actions", |v| {
        !v["history"].as_array().unwrap().is_empty()
    });
    assert_eq!(actions["dry_run"], true);
    let row = &actions["history"][0];
    assert_eq!(row["outcome"], "dry_run", "{row}");
    assert!(
        row["what"].as_str().unwrap().contains("web.service"),
        "{row}"
    );
    let recent = s.wait_json("/api/logs/recent", |v| {
        v["issues"][0]["heal"]["state"] == "dry_run"
    });
    assert_eq!(recent["issues"][0]["heal"]["action"], "restart");
    assert!(scratch.runs().is_empty(), "a dry run ran the command");
    assert!(!scratch.dir.path().join("ran.txt").exists());
}

#[test]
fn the_backlog_at_start_fires_nothing_but_new_lines_do() {
    let scratch = Scratch::new();
    let patterns = scratch.patterns(&format!(
        r#"
[[action]]
id = "restart"
type = "restart_loop"
command = ["{}", "{{unit}}"]
target = "unit"
"#,
        scratch.script()
    ));
    let line =
        |unit: &str| format!("{unit}.service: Scheduled restart job, restart counter is at 5.\n");
    // Written before logwarden starts, read from the start: issues, no action.
    let mut s = start(&patterns, &["--from-start"]);
    s.terminate();
    std::fs::write(s.log_path(), format!("{}{}", line("old1"), line("old2"))).unwrap();
    let state = s.dir.path().join("state");
    std::fs::remove_dir_all(&state).unwrap();
    s.start_again(&["--patterns", patterns.to_str().unwrap(), "--from-start"]);
    s.wait_json("/api/logs/recent", |v| v["issues"][0]["count"] == 2);
    s.append(&line("new"));
    wait_until("the new line's action", || scratch.runs().len() == 1);
    assert_eq!(scratch.runs(), vec![vec!["new.service".to_string()]]);
}

#[test]
fn an_operator_heals_by_hand_whatever_the_cooldown() {
    let scratch = Scratch::new();
    let patterns = scratch.patterns(&format!(
        r#"
[[action]]
id = "restart"
type = "restart_loop"
command = ["{}", "{{unit}}"]
target = "unit"
cooldown = "1h"
"#,
        scratch.script()
    ));
    let s = start(&patterns, &[]);
    s.append("web.service: Scheduled restart job, restart counter is at 5.\n");
    wait_until("the first run", || scratch.runs().len() == 1);
    // The action may run before the store publishes the issue.
    let recent = s.wait_json("/api/logs/recent", |v| v["count"] == 1);
    let id = recent["issues"][0]["id"].as_str().unwrap().to_string();
    let (status, body) = s.post(&format!("/api/logs/issues/{id}/heal"));
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("restart"), "{body}");
    wait_until("the run by hand", || scratch.runs().len() == 2);
    let actions = s.wait_json("/api/logs/actions", |v| v["history"][0]["by_hand"] == true);
    assert_eq!(actions["history"][0]["outcome"], "succeeded", "{actions}");
    // An issue no action is bound to, and one that does not exist.
    s.append("Dec  7 10:00:00 host sshd[1]: Failed password for root from 10.1.1.1 port 22 ssh2\n");
    let recent = s.wait_json("/api/logs/recent", |v| v["count"] == 2);
    let other = recent["issues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["issue_type"] == "authentication_failure")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let (status, body) = s.post(&format!("/api/logs/issues/{other}/heal"));
    assert_eq!(status, 409, "{body}");
    assert!(body.contains("no [[action]] is bound"), "{body}");
    assert_eq!(s.post("/api/logs/issues/nope/heal").0, 404);
}

#[test]
fn inhibited_issues_are_marked_and_do_not_alert() {
    let scratch = Scratch::new();
    let patterns = scratch.patterns(
        r#"
[[alert]]
id = "write-errors"
type = "write_error"
count = 2
within = "10m"

[[inhibit]]
source = { type = "disk_full" }
target = { type = "write_error" }
equal = ["device"]
"#,
    );
    let s = start(&patterns, &[]);
    s.append("No space left on device on /dev/sda1\n");
    s.wait_json("/api/logs/recent", |v| v["count"] == 1);
    s.append("write failed on /dev/sda1 (1)\nwrite failed on /dev/sda1 (2)\nwrite failed on /dev/sda1 (3)\n");
    let recent = s.wait_json("/api/logs/recent", |v| {
        v["issues"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["issue_type"] == "write_error" && !i["suppressed_by"].is_null())
    });
    let disk = recent["issues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["issue_type"] == "disk_full")
        .unwrap()["id"]
        .clone();
    let write = recent["issues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["issue_type"] == "write_error")
        .unwrap();
    assert_eq!(write["suppressed_by"], disk, "{recent}");
    assert!(
        !recent.to_string().contains("\"issue_type\":\"alert\""),
        "an inhibited issue alerted: {recent}"
    );
    // Another device is not inhibited: it alerts.
    s.append("write failed on /dev/sdb1 (1)\nwrite failed on /dev/sdb1 (2)\n");
    s.wait_json("/api/logs/recent", |v| {
        v.to_string().contains("\"issue_type\":\"alert\"")
    });
}

#[test]
fn an_alert_ends_by_itself_when_its_rate_stays_low() {
    let scratch = Scratch::new();
    let patterns = scratch.patterns(
        r#"
[[alert]]
id = "ssh-bruteforce"
type = "authentication_failure"
count = 2
within = "10m"
recover_after = "2s"
"#,
    );
    let s = start(&patterns, &[]);
    s.append(&format!("{}{}", ssh("10.0.0.1"), ssh("10.0.0.1")));
    let id = wait_alert_id(&s);
    let ended = s.wait_json(&format!("/api/logs/issues/{id}"), |v| {
        v["issue"]["resolved"] == true
    });
    assert_eq!(ended["issue"]["alert"]["recovered"], true, "{ended}");
}

/// A real HTTP receiver on 127.0.0.1: each request's request line,
/// headers and body, answered 200.
struct Receiver {
    url: String,
    requests: mpsc::Receiver<(String, Vec<String>, String)>,
}

impl Receiver {
    fn start() -> Receiver {
        Receiver::on(0)
    }

    /// A receiver on `port` (0: any free port).
    fn on(port: u16) -> Receiver {
        let listener = TcpListener::bind(("127.0.0.1", port)).unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        let (tx, requests) = mpsc::channel();
        thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut request_line = String::new();
                if reader.read_line(&mut request_line).is_err() {
                    continue;
                }
                let mut headers = Vec::new();
                let mut length = 0;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        break;
                    }
                    let line = line.trim_end().to_string();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                        length = v.trim().parse().unwrap_or(0);
                    }
                    headers.push(line);
                }
                let mut body = vec![0; length];
                let _ = reader.read_exact(&mut body);
                let _ = stream.write_all(
                    b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok",
                );
                let _ = tx.send((
                    request_line.trim_end().to_string(),
                    headers,
                    String::from_utf8_lossy(&body).into_owned(),
                ));
            }
        });
        Receiver { url, requests }
    }

    fn next(&self) -> (String, Vec<String>, String) {
        self.requests.recv_timeout(DEADLINE).expect("a request")
    }
}

#[test]
fn webhooks_reach_a_real_receiver_with_the_token_from_the_environment() {
    let scratch = Scratch::new();
    let slack = Receiver::start();
    let am = Receiver::start();
    let patterns = scratch.patterns(&format!(
        r#"
[[alert]]
id = "ssh-bruteforce"
type = "authentication_failure"
count = 1
within = "10m"
by = "client_ip"

[[action]]
id = "chat"
alert = "ssh-bruteforce"
webhook_env = "LW_TEST_SLACK_URL"
format = "slack"
token_env = "LW_TEST_TOKEN"

[[action]]
id = "page"
alert = "ssh-bruteforce"
webhook = "{}"
format = "alertmanager"
resend = "1s"
"#,
        am.url
    ));
    let s = Served::start_env(
        &["--patterns", patterns.to_str().unwrap()],
        &[
            ("LW_TEST_SLACK_URL", &slack.url),
            ("LW_TEST_TOKEN", "s3cret-token"),
        ],
    );
    s.append(&ssh("203.0.113.7"));
    let (line, headers, body) = slack.next();
    assert_eq!(line, "POST /hook HTTP/1.1");
    assert!(
        headers
            .iter()
            .any(|h| h.eq_ignore_ascii_case("authorization: Bearer s3cret-token")),
        "{headers:?}"
    );
    let text: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert!(
        text["text"].as_str().unwrap().contains("ssh-bruteforce"),
        "{body}"
    );
    // Alertmanager: labels, then re-sent while firing, then ended.
    let (_, _, body) = am.next();
    let alerts: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(alerts[0]["labels"]["alertname"], "ssh-bruteforce", "{body}");
    assert_eq!(alerts[0]["labels"]["client_ip"], "203.0.113.7", "{body}");
    assert!(alerts[0]["endsAt"].is_null(), "{body}");
    let (_, _, again) = am.next();
    assert!(
        again.contains("ssh-bruteforce"),
        "re-sent while firing: {again}"
    );
    let recent = s.get_json("/api/logs/recent");
    let id = alert_id(&recent);
    assert_eq!(s.post(&format!("/api/logs/issues/{id}/resolve")).0, 200);
    let start = Instant::now();
    loop {
        let (_, _, body) = am.next();
        let alerts: serde_json::Value = serde_json::from_str(&body).unwrap();
        if !alerts[0]["endsAt"].is_null() {
            break;
        }
        assert!(start.elapsed() < DEADLINE, "never ended");
    }
    // The secrets never reach the API or logwarden's own output.
    let everything = format!(
        "{}{}",
        s.get_json("/api/logs/actions"),
        s.stderr_lines().join("\n")
    );
    assert!(!everything.contains("s3cret-token"), "{everything}");
    assert!(!everything.contains(&slack.url), "{everything}");
}

#[test]
fn an_open_breaker_lets_one_trial_through_after_its_pause_and_a_success_closes_it() {
    let scratch = Scratch::new();
    // Fails while `fail` exists in the scratch directory.
    let flaky = scratch.dir.path().join("flaky.sh");
    let flag = scratch.dir.path().join("fail");
    std::fs::write(
        &flaky,
        format!("#!/bin/sh\n[ -e '{}' ] && exit 1\nexit 0\n", flag.display()),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&flaky, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::write(&flag, "").unwrap();
    let patterns = scratch.patterns(&format!(
        r#"
[[action]]
id = "restart"
type = "restart_loop"
command = ["{}", "{{unit}}"]
target = "unit"
max_attempts = 100
breaker_failures = 2
breaker_pause = "1s"
"#,
        flaky.display()
    ));
    let s = start(&patterns, &[]);
    let line =
        |unit: &str| format!("{unit}.service: Scheduled restart job, restart counter is at 3.\n");
    s.append(&line("a"));
    s.wait_json("/api/logs/actions", |v| v["actions"][0]["failures"] == 1);
    s.append(&line("b"));
    s.wait_json("/api/logs/actions", |v| {
        v["actions"][0]["breaker"] == "open"
    });
    std::fs::remove_file(&flag).unwrap();
    // After the pause, the next occurrence is the trial; it succeeds.
    let start_wait = Instant::now();
    let mut n = 0;
    loop {
        n += 1;
        s.append(&line(&format!("t{n}")));
        thread::sleep(Duration::from_millis(200));
        let v = s.get_json("/api/logs/actions");
        if v["actions"][0]["breaker"] == "closed" {
            assert_eq!(v["history"][0]["outcome"], "succeeded", "{v}");
            break;
        }
        assert!(
            start_wait.elapsed() < DEADLINE,
            "the breaker never closed: {v}"
        );
    }
}

#[test]
fn a_flood_of_keys_acts_on_every_key_and_holds_at_most_a_hundred_alert_issues() {
    let scratch = Scratch::new();
    let patterns = scratch.patterns(&format!(
        r#"
[[alert]]
id = "ssh-bruteforce"
type = "authentication_failure"
count = 1
within = "10m"
by = "client_ip"

[[action]]
id = "ban"
alert = "ssh-bruteforce"
command = ["{}", "{{client_ip}}"]
target = "client_ip"
max_attempts = 100000
"#,
        scratch.script()
    ));
    let s = start(&patterns, &[]);
    let mut lines = String::new();
    for n in 0..150 {
        lines.push_str(&ssh(&format!("10.0.{}.{}", n / 200, n % 200)));
    }
    s.append(&lines);
    wait_until("150 bans", || scratch.runs().len() == 150);
    let recent = s.wait_json("/api/logs/recent?limit=1000", |v| {
        v["issues"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["alert"]["key"] == "*")
    });
    let alerts: Vec<&serde_json::Value> = recent["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["issue_type"] == "alert")
        .collect();
    assert_eq!(alerts.len(), 101, "100 keys of their own and one shared");
    let shared = alerts.iter().find(|i| i["alert"]["key"] == "*").unwrap();
    assert_eq!(shared["count"], 50, "{shared}");
}

#[test]
fn an_alert_resolved_by_hand_fires_again_while_the_problem_goes_on() {
    let scratch = Scratch::new();
    let patterns = scratch.patterns(
        r#"
[[alert]]
id = "ssh-bruteforce"
type = "authentication_failure"
count = 2
within = "10m"
by = "client_ip"
"#,
    );
    let s = start(&patterns, &[]);
    s.append(&format!("{}{}", ssh("10.0.0.1"), ssh("10.0.0.1")));
    let id = wait_alert_id(&s);
    assert_eq!(s.post(&format!("/api/logs/issues/{id}/resolve")).0, 200);
    s.append(&ssh("10.0.0.1"));
    let again = s.wait_json(&format!("/api/logs/issues/{id}"), |v| {
        v["issue"]["resolved"] == false
    });
    assert_eq!(again["issue"]["count"], 2, "{again}");
    assert_eq!(again["issue"]["regression"], true, "{again}");
}

#[test]
fn output_is_kept_secrets_stay_home_and_refusals_fold() {
    let scratch = Scratch::new();
    // Prints what it was given, its environment's secrets if any, and fails.
    let noisy = scratch.dir.path().join("noisy.sh");
    std::fs::write(
        &noisy,
        "#!/bin/sh\necho \"acting on $1 password=hunter2\"\necho \"token=${LW_TEST_SECRET:-none} api=${LOGWARDEN_API_TOKEN:-none}\" >&2\nexit 3\n",
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&noisy, std::fs::Permissions::from_mode(0o755)).unwrap();
    let hook = Receiver::start();
    let patterns = scratch.patterns(&format!(
        r#"
[[action]]
id = "restart"
type = "restart_loop"
command = ["{}", "{{unit}}"]
target = "unit"
max_attempts = 1000
breaker_failures = 1000

[[action]]
id = "tell"
type = "restart_loop"
webhook = "{}"
format = "generic"
cooldown = "1h"
"#,
        noisy.display(),
        hook.url
    ));
    let s = Served::start_env(
        &["--patterns", patterns.to_str().unwrap()],
        &[
            ("LW_TEST_SECRET", "s3cr3t"),
            ("LOGWARDEN_API_TOKEN_FILE_UNUSED", "x"),
        ],
    );
    s.append("web.service: Scheduled restart job, restart counter is at 5. password=hunter2\n");
    let actions = s.wait_json("/api/logs/actions", |v| {
        v["history"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["action"] == "restart" && r["outcome"] == "failed")
    });
    let row = actions["history"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["action"] == "restart")
        .unwrap();
    assert_eq!(row["detail"], "exit status 3", "{row}");
    let output = row["output"].as_str().unwrap();
    assert!(output.contains("acting on web.service"), "{output}");
    assert!(
        output.contains("token=none"),
        "the environment leaked: {output}"
    );
    assert!(!output.contains("hunter2"), "output is redacted: {output}");
    // The webhook's copy of the line is redacted too.
    let (_, _, body) = hook.next();
    assert!(body.contains("web.service"), "{body}");
    assert!(!body.contains("hunter2"), "{body}");
    // 300 refusals of hostile values fold into a few rows.
    let mut lines = String::new();
    for n in 0..300 {
        lines.push_str(&format!(
            "-x{n}.service: Scheduled restart job, restart counter is at 5.\n"
        ));
    }
    s.append(&lines);
    let v = s.wait_json("/api/logs/actions", |v| v["actions"][0]["refused"] == 300);
    let refusals = v["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["outcome"] == "refused")
        .count();
    assert!(refusals <= 3, "{refusals} refusal rows: {v}");
}

#[test]
fn guard_rails_and_the_audit_survive_a_restart() {
    let scratch = Scratch::new();
    let patterns = scratch.patterns(&format!(
        r#"
[[action]]
id = "restart"
type = "restart_loop"
command = ["{}", "{{unit}}"]
target = "unit"
max_attempts = 2
window = "1h"
"#,
        scratch.script()
    ));
    let args = ["--patterns", patterns.to_str().unwrap()];
    let mut s = start(&patterns, &[]);
    let line =
        |unit: &str| format!("{unit}.service: Scheduled restart job, restart counter is at 3.\n");
    s.append(&format!("{}{}", line("a"), line("b")));
    wait_until("two runs", || scratch.runs().len() == 2);
    s.wait_json("/api/logs/actions", |v| {
        v["history"].as_array().unwrap().len() == 2
    });
    s.restart(&args);
    // The audit is still there, and the window still holds two attempts.
    let v = s.get_json("/api/logs/actions");
    assert_eq!(v["history"].as_array().unwrap().len(), 2, "{v}");
    s.append(&line("c"));
    let v = s.wait_json("/api/logs/actions", |v| {
        v["history"][0]["outcome"] == "refused"
    });
    assert_eq!(v["actions"][0]["refused"], 1, "{v}");
    assert!(
        v["history"][0]["detail"]
            .as_str()
            .unwrap()
            .contains("too many attempts"),
        "{v}"
    );
    assert_eq!(scratch.runs().len(), 2);
}

#[test]
fn alertmanager_down_at_first_then_up_hears_the_alert_and_a_restart_sends_it_again() {
    let scratch = Scratch::new();
    // A port nobody listens on yet.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let patterns = scratch.patterns(&format!(
        r#"
[[alert]]
id = "ssh-bruteforce"
type = "authentication_failure"
count = 1
within = "10m"
by = "client_ip"
recover_after = "1h"

[[action]]
id = "page"
alert = "ssh-bruteforce"
webhook = "http://127.0.0.1:{port}/api/v2/alerts"
format = "alertmanager"
resend = "1s"
"#
    ));
    let args = ["--patterns", patterns.to_str().unwrap()];
    let mut s = start(&patterns, &[]);
    s.append(&ssh("203.0.113.50"));
    s.wait_json("/api/logs/actions", |v| {
        v["history"][0]["outcome"] == "failed"
    });
    // Alertmanager comes up: it hears the alert that is still firing.
    let am = Receiver::on(port);
    let (_, _, body) = am.next();
    assert!(body.contains("203.0.113.50"), "{body}");
    // logwarden restarts: the alert, still open, is sent again.
    s.restart(&args);
    let start_wait = Instant::now();
    loop {
        let (_, _, body) = am.next();
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        if v[0]["labels"]["client_ip"] == "203.0.113.50" && v[0]["endsAt"].is_null() {
            break;
        }
        assert!(
            start_wait.elapsed() < DEADLINE,
            "not sent again after the restart"
        );
    }
    // Drain what was sent before the restart, then resolve: it ends.
    let recent = s.get_json("/api/logs/recent");
    let id = alert_id(&recent);
    assert_eq!(s.post(&format!("/api/logs/issues/{id}/resolve")).0, 200);
    loop {
        let (_, _, body) = am.next();
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        if !v[0]["endsAt"].is_null() {
            break;
        }
        assert!(start_wait.elapsed() < DEADLINE, "never ended");
    }
}

#[test]
fn an_alert_open_before_a_restart_recovers_after_it() {
    let scratch = Scratch::new();
    let patterns = scratch.patterns(
        r#"
[[alert]]
id = "ssh-bruteforce"
type = "authentication_failure"
count = 1
within = "10m"
by = "client_ip"
recover_after = "2s"
"#,
    );
    let args = ["--patterns", patterns.to_str().unwrap()];
    let mut s = start(&patterns, &[]);
    s.append(&ssh("203.0.113.60"));
    let id = wait_alert_id(&s);
    s.restart(&args);
    let ended = s.wait_json(&format!("/api/logs/issues/{id}"), |v| {
        v["issue"]["resolved"] == true
    });
    assert_eq!(ended["issue"]["alert"]["recovered"], true, "{ended}");
}
