//! A real Alertmanager (Debian's `prometheus-alertmanager`) receives
//! logwarden's alert, shows it active, and sees it end when the issue is
//! resolved. `.ci/run` installs it and starts one
//! (`LOGWARDEN_ALERTMANAGER_URL`); without that, the test starts its own
//! when the program is installed, and says it skipped otherwise (unless
//! `LOGWARDEN_REQUIRE_ALERTMANAGER` is set, as in CI, when it fails).

// Helpers outside #[test] functions may unwrap too: a panic fails the test.
#![allow(clippy::unwrap_used)]

mod support;

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use support::api::{Served, alert_id};

const DEADLINE: Duration = Duration::from_secs(60);
const PROGRAM: &str = "/usr/bin/prometheus-alertmanager";

/// An Alertmanager to talk to: the one CI started, or our own.
struct Manager {
    url: String,
    own: Option<(Child, tempfile::TempDir)>,
}

impl Drop for Manager {
    fn drop(&mut self) {
        if let Some((child, _)) = &mut self.own {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn manager() -> Option<Manager> {
    if let Ok(url) = std::env::var("LOGWARDEN_ALERTMANAGER_URL") {
        return Some(Manager { url, own: None });
    }
    if !std::path::Path::new(PROGRAM).exists() {
        assert!(
            std::env::var_os("LOGWARDEN_REQUIRE_ALERTMANAGER").is_none(),
            "{PROGRAM} is required (LOGWARDEN_REQUIRE_ALERTMANAGER is set) but not installed"
        );
        eprintln!("skipped: {PROGRAM} is not installed (apt-get install prometheus-alertmanager)");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("am.yml");
    std::fs::write(
        &config,
        "route:\n  receiver: 'null'\nreceivers:\n  - name: 'null'\n",
    )
    .unwrap();
    // A free port: bound, then let go for Alertmanager.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(PROGRAM)
        .arg(format!("--config.file={}", config.display()))
        .arg(format!(
            "--storage.path={}",
            dir.path().join("data").display()
        ))
        .arg(format!("--web.listen-address=127.0.0.1:{port}"))
        .arg("--cluster.listen-address=")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let url = format!("http://127.0.0.1:{port}");
    let manager = Manager {
        url,
        own: Some((child, dir)),
    };
    wait_for("Alertmanager to answer", || {
        ureq::get(format!("{}/api/v2/status", manager.url))
            .call()
            .is_ok()
    });
    Some(manager)
}

fn wait_for(what: &str, ok: impl Fn() -> bool) {
    let start = Instant::now();
    while !ok() {
        assert!(start.elapsed() < DEADLINE, "timed out waiting for {what}");
        thread::sleep(Duration::from_millis(100));
    }
}

/// The alerts Alertmanager holds now named `name` (active ones: a
/// resolved alert drops out of the default listing).
fn active(url: &str, name: &str) -> Vec<serde_json::Value> {
    let Ok(mut answer) = ureq::get(format!("{url}/api/v2/alerts")).call() else {
        return Vec::new();
    };
    let text = answer.body_mut().read_to_string().unwrap_or_default();
    let list: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    list.as_array()
        .map(|a| {
            a.iter()
                .filter(|x| x["labels"]["alertname"] == name && x["status"]["state"] == "active")
                .cloned()
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn alertmanager_shows_our_alert_active_then_sees_it_end() {
    let Some(manager) = manager() else { return };
    let dir = tempfile::tempdir().unwrap();
    let patterns = dir.path().join("patterns.toml");
    std::fs::write(
        &patterns,
        format!(
            r#"
version = 1

[types.authentication_failure]
severity = "WARNING"
category = "Security Issue"
description = "Authentication failure"

[[rules]]
id = "ssh-failed"
type = "authentication_failure"
match = ['Failed password for \S+ from (?P<client_ip>[0-9.]+)']

[[alert]]
id = "lw-test-bruteforce"
type = "authentication_failure"
count = 2
within = "10m"
by = "client_ip"
severity = "CRITICAL"

[[action]]
id = "page"
alert = "lw-test-bruteforce"
webhook = "{}/api/v2/alerts"
format = "alertmanager"
resend = "2s"
"#,
            manager.url
        ),
    )
    .unwrap();
    let s = Served::start(&["--patterns", patterns.to_str().unwrap()]);
    let line =
        "Dec  7 10:00:00 host sshd[1]: Failed password for root from 198.51.100.4 port 22 ssh2\n";
    s.append(&format!("{line}{line}"));
    wait_for("the alert to be active in Alertmanager", || {
        !active(&manager.url, "lw-test-bruteforce").is_empty()
    });
    let alert = active(&manager.url, "lw-test-bruteforce").remove(0);
    assert_eq!(alert["labels"]["severity"], "critical", "{alert}");
    assert_eq!(alert["labels"]["client_ip"], "198.51.100.4", "{alert}");
    assert_eq!(alert["labels"]["category"], "Alert", "{alert}");
    assert!(
        !alert["labels"]["host"].as_str().unwrap_or("").is_empty(),
        "{alert}"
    );
    // Resolved in logwarden: Alertmanager sees it end.
    let recent = s.get_json("/api/logs/recent");
    let id = alert_id(&recent);
    assert_eq!(s.post(&format!("/api/logs/issues/{id}/resolve")).0, 200);
    wait_for("the alert to end in Alertmanager", || {
        active(&manager.url, "lw-test-bruteforce").is_empty()
    });
}
