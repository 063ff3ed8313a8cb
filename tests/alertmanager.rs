//! A real Alertmanager (Debian's `prometheus-alertmanager`) receives
//! logwarden's alert, shows it active, and sees it end when the issue is
//! resolved; the same alert from two instances is one alert there.
//! `.ci/run` installs it and starts one (`LOGWARDEN_ALERTMANAGER_URL`);
//! without that, the test starts its own when the program is installed,
//! and says it skipped otherwise (unless `LOGWARDEN_REQUIRE_ALERTMANAGER`
//! is set, as in CI, when it fails).

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
    // Counted by address: where it last occurred is said, not a label.
    assert!(alert["labels"].get("host").is_none(), "{alert}");
    assert!(
        !alert["annotations"]["latest_host"]
            .as_str()
            .unwrap_or("")
            .is_empty(),
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

/// Sends `frames` (whole syslog frames) to logwarden's syslog `addr` over
/// TCP, on one connection.
fn send_syslog(addr: std::net::SocketAddr, frames: &[Vec<u8>]) {
    use std::io::Write;
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    for frame in frames {
        stream.write_all(frame).unwrap();
    }
}

/// What differs between the label sets of `alerts` (for a failure).
fn label_differences(alerts: &[serde_json::Value]) -> String {
    let mut names = std::collections::BTreeSet::new();
    for alert in alerts {
        if let Some(labels) = alert["labels"].as_object() {
            names.extend(labels.keys().cloned());
        }
    }
    names
        .into_iter()
        .filter(|n| {
            alerts
                .iter()
                .any(|a| a["labels"][n] != alerts[0]["labels"][n])
        })
        .map(|n| {
            let values: Vec<String> = alerts.iter().map(|a| a["labels"][&n].to_string()).collect();
            format!("{n}: {}", values.join(" vs "))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Two logwarden instances (a pair watching the same fleet) get the same
/// failed logins from the same host over syslog; each fires its alert to
/// the one Alertmanager, which shows ONE alert: the label sets are the
/// same (nothing in them names the instance), so Alertmanager takes the
/// second for the first. The lines come from two hosts, in another order
/// to each instance: an alert counted by address is labelled by the
/// address, not by the host its latest line came from (an annotation).
#[test]
fn two_instances_firing_the_same_alert_make_one_alert_in_alertmanager() {
    let Some(manager) = manager() else { return };
    // Its own name: an Alertmanager shared with other runs holds theirs.
    let name = format!("lw-fleet-{}", std::process::id());
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
id = "{name}"
type = "authentication_failure"
count = 3
within = "10m"
by = "client_ip"
severity = "CRITICAL"

[[action]]
id = "page"
alert = "{name}"
webhook = "{url}/api/v2/alerts"
format = "alertmanager"
resend = "2s"
"#,
            url = manager.url
        ),
    )
    .unwrap();
    let args = ["--patterns", patterns.to_str().unwrap()];
    let instances = [support::syslog::start(&args), support::syslog::start(&args)];
    // The same burst from web-1 and web-2 to both, in another order to
    // each: RFC 5424, octet-counted.
    let frames: Vec<Vec<u8>> = (0..4)
        .map(|i| {
            support::syslog::octet_counted(&format!(
                "<38>1 2026-12-07T10:00:0{i}Z web-{} sshd 4242 - - Failed password for root from 198.51.100.23 port {} ssh2",
                1 + i % 2,
                40_000 + i
            ))
        })
        .collect();
    let reversed: Vec<Vec<u8>> = frames.iter().rev().cloned().collect();
    send_syslog(instances[0].1, &frames);
    send_syslog(instances[1].1, &reversed);
    // Each instance fired and told Alertmanager.
    for (served, _) in &instances {
        served.wait_json("/api/logs/actions", |v| {
            v["history"]
                .as_array()
                .is_some_and(|h| h.iter().any(|row| row["outcome"] == "succeeded"))
        });
    }
    let alerts = active(&manager.url, &name);
    assert_eq!(
        alerts.len(),
        1,
        "one alert for the same problem from two instances; labels that differ: {}\n{alerts:#?}",
        label_differences(&alerts)
    );
    let labels = &alerts[0]["labels"];
    assert!(labels.get("host").is_none(), "{labels}");
    let latest = &alerts[0]["annotations"]["latest_host"];
    assert!(latest == "web-1" || latest == "web-2", "{alerts:#?}");
    assert_eq!(labels["client_ip"], "198.51.100.23", "{labels}");
    assert_eq!(labels["severity"], "critical", "{labels}");
    // Resolved in both: Alertmanager sees it end.
    for (served, _) in &instances {
        let id = alert_id(&served.get_json("/api/logs/recent"));
        assert_eq!(
            served.post(&format!("/api/logs/issues/{id}/resolve")).0,
            200
        );
    }
    wait_for("the alert to end in Alertmanager", || {
        active(&manager.url, &name).is_empty()
    });
}
