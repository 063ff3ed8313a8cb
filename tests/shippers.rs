//! Real shippers forwarding to the real binary: rsyslog (`omfwd` over TCP
//! in RFC 5424 with octet counting, and over UDP in the traditional
//! format) and syslog-ng (its `syslog()` driver: RFC 5424 over TCP with
//! octet counting, over plain TCP and over TLS; and `http()` posting JSON
//! lines to `/api/ingest`).
//!
//! Each shipper runs as the test's own process (never the system
//! service) with a config the test writes into a temporary directory: one
//! input, a private Unix socket that `logger -u` writes to (no `/dev/log`,
//! no kernel or journal input), its own work, pid and persist files, and
//! a host name of the test's choosing. The test checks the issues that
//! come out: their host, stream (the program) and type, and that every
//! line sent over TCP is one occurrence, no more, no less.
//!
//! Where a shipper is found: the tree named by `LOGWARDEN_RSYSLOG_ROOT` /
//! `LOGWARDEN_SYSLOG_NG_ROOT` (a Debian package unpacked with `dpkg-deb
//! -x`), else `/usr/sbin`, else such a tree at
//! `/opt/logwarden-shippers/{rsyslog,syslog-ng}`, where `.ci/run` unpacks
//! the one it cannot install (Debian's rsyslog and syslog-ng conflict:
//! each is the system logger). Without one the test says it skipped,
//! unless `LOGWARDEN_REQUIRE_SHIPPERS` is set (as in CI): then it fails.

// Helpers outside #[test] functions may unwrap too: a panic fails the test.
#![allow(clippy::unwrap_used)]

mod support;

use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use support::api::Served;
use support::shippers::{
    RSYSLOG, SYSLOG_NG, Tool, find, has_http, missing, syslog_ng_command, syslog_ng_version,
};
use support::syslog::{Daemon, issues_from, metric_sum, occurrences, start, summary, wait_for};

const LOGGER: &str = "/usr/bin/logger";

/// Lines sent over TCP in one go, each a distinct failed login.
const LINES: usize = 300;

fn logger() -> Option<()> {
    if Path::new(LOGGER).exists() {
        Some(())
    } else {
        missing("logger is not installed (apt-get install bsdutils)")
    }
}

/// Writes `lines` to the Unix socket `socket` with `logger`, as program
/// `tag` (pid 4242): one message per line, as syslog(3) writes them.
fn log_lines(socket: &Path, tag: &str, lines: &[String]) {
    let mut child = Command::new(LOGGER)
        .arg("--socket-errors=on")
        .arg("--id=4242")
        .arg("-t")
        .arg(tag)
        .arg("-u")
        .arg(socket)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    for line in lines {
        writeln!(stdin, "{line}").unwrap();
    }
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "logger failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `n` failed logins, each with its own user, address and port.
fn failed_logins(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| {
            format!(
                "Failed password for user{i} from 198.51.100.{} port {} ssh2",
                1 + i % 200,
                20_000 + i
            )
        })
        .collect()
}

const POSTGRES_LINE: &str = "FATAL:  could not connect to server: Connection refused";

/// Waits for the socket `path` the shipper creates (failing if it exits).
fn wait_for_socket(daemon: &mut Daemon, path: &Path) {
    wait_for(
        &format!("{} to be created", path.display()),
        || {
            daemon.assert_running();
            path.exists()
        },
        String::new,
    );
}

/// Checks what `host` sent over TCP (or HTTP): `lines` failed logins
/// from `sshd`, each one occurrence (none lost, none doubled), and the
/// postgres line after them; both with the host and the program as their
/// stream.
fn check_delivery(lw: &Served, daemon: &mut Daemon, host: &str, lines: usize) {
    let sshd = format!("{host}:sshd");
    let postgres = format!("{host}:postgres");
    wait_for(
        &format!("{lines} failed logins and a refused connection from {host}"),
        || {
            daemon.assert_running();
            occurrences(lw, &sshd, "authentication_failure") >= lines as u64
                && occurrences(lw, &postgres, "database_connection") >= 1
        },
        || summary(lw),
    );
    assert_eq!(
        occurrences(lw, &sshd, "authentication_failure"),
        lines as u64,
        "each line sent is one occurrence\n{}",
        summary(lw)
    );
    assert_eq!(
        occurrences(lw, &postgres, "database_connection"),
        1,
        "{}",
        summary(lw)
    );
    for (source, stream) in [(&sshd, "sshd"), (&postgres, "postgres")] {
        for issue in issues_from(lw, source) {
            assert_eq!(issue["host"], host, "{issue}");
            assert_eq!(issue["stream"], stream, "{issue}");
        }
    }
    // The message text, without the header (the traditional format's
    // space after the tag may stay; over TCP it must not: see
    // `rsyslog_over_tcp_loses_nothing`).
    let login = &issues_from(lw, &sshd)[0];
    let text = login["log_line"].as_str().unwrap();
    assert!(
        text.trim_start().starts_with("Failed password for user"),
        "{login}"
    );
    assert!(
        login["fields"]["client_ip"]
            .as_str()
            .unwrap()
            .starts_with("198.51.100."),
        "{login}"
    );
    let postgres_issue = &issues_from(lw, &postgres)[0];
    assert_eq!(postgres_issue["severity"], "CRITICAL", "{postgres_issue}");
}

fn rsyslog_config(dir: &Path, to: SocketAddr) -> String {
    let (ip, port) = (to.ip(), to.port());
    let work = dir.join("work");
    std::fs::create_dir_all(&work).unwrap();
    format!(
        r#"# Only what the test needs: no /dev/log, no kernel or journal input.
global(workDirectory="{work}" localHostName="rs-tcp-host")
module(load="imuxsock" sysSock.use="off")
input(type="imuxsock" socket="{dir}/tcp.sock" ruleset="tcp")
input(type="imuxsock" socket="{dir}/udp.sock" hostName="rs-udp-host" ruleset="udp")
ruleset(name="tcp") {{
  action(type="omfwd" target="{ip}" port="{port}" protocol="tcp"
         tcp_framing="octet-counted" template="RSYSLOG_SyslogProtocol23Format")
}}
ruleset(name="udp") {{
  action(type="omfwd" target="{ip}" port="{port}" protocol="udp"
         template="RSYSLOG_TraditionalForwardFormat")
}}
"#,
        work = work.display(),
        dir = dir.display(),
    )
}

/// rsyslogd running in the foreground with [`rsyslog_config`], forwarding
/// to `to`: what the socket `tcp.sock` gets goes over TCP (RFC 5424,
/// octet-counted, host `rs-tcp-host`), what `udp.sock` gets over UDP (the
/// traditional format, host `rs-udp-host`).
struct Rsyslog {
    daemon: Daemon,
    tcp: PathBuf,
    udp: PathBuf,
    _dir: tempfile::TempDir,
}

fn rsyslog(to: SocketAddr) -> Option<Rsyslog> {
    let tool = find(&RSYSLOG)?;
    logger()?;
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("rsyslog.conf");
    std::fs::write(&config, rsyslog_config(dir.path(), to)).unwrap();
    let mut cmd = Command::new(&tool.program);
    cmd.arg("-n")
        .arg("-f")
        .arg(&config)
        .arg("-i")
        .arg(dir.path().join("rsyslogd.pid"));
    if let Some(modules) = &tool.modules {
        cmd.arg("-M").arg(modules);
    }
    let mut daemon = Daemon::spawn("rsyslogd", cmd, &dir.path().join("rsyslogd.out"));
    let (tcp, udp) = (dir.path().join("tcp.sock"), dir.path().join("udp.sock"));
    wait_for_socket(&mut daemon, &tcp);
    wait_for_socket(&mut daemon, &udp);
    Some(Rsyslog {
        daemon,
        tcp,
        udp,
        _dir: dir,
    })
}

#[test]
fn rsyslog_forwards_over_tcp_and_udp_with_host_program_and_type() {
    let (lw, addr) = start(&[]);
    let Some(mut rs) = rsyslog(addr) else { return };
    log_lines(&rs.tcp, "sshd", &failed_logins(1));
    log_lines(&rs.tcp, "postgres", &[POSTGRES_LINE.to_owned()]);
    // Over UDP, lines of other shapes (their own groups): rsyslog's
    // traditional format, read as RFC 3164.
    log_lines(
        &rs.udp,
        "sshd",
        &["Failed password for invalid user admin from 203.0.113.9 port 4242 ssh2".to_owned()],
    );
    log_lines(
        &rs.udp,
        "postgres",
        &[
            r#"connection to server at "db.internal" (10.0.0.5), port 5432 failed: Connection refused"#
                .to_owned(),
        ],
    );
    check_delivery(&lw, &mut rs.daemon, "rs-tcp-host", 1);
    wait_for(
        "the lines sent over UDP",
        || {
            rs.daemon.assert_running();
            occurrences(&lw, "rs-udp-host:sshd", "authentication_failure") >= 1
                && occurrences(&lw, "rs-udp-host:postgres", "database_connection") >= 1
        },
        || summary(&lw),
    );
    let login = &issues_from(&lw, "rs-udp-host:sshd")[0];
    assert_eq!(login["host"], "rs-udp-host", "{login}");
    assert_eq!(login["stream"], "sshd", "{login}");
    assert_eq!(login["fields"]["client_ip"], "203.0.113.9", "{login}");
    assert_eq!(login["fields"]["user"], "admin", "{login}");
    // Every occurrence is counted once in the metrics too.
    let total = |t| metric_sum(&lw, "logwarden_issues_total", &[("type", t)]);
    assert_eq!(total("authentication_failure"), 2.0);
    assert_eq!(total("database_connection"), 2.0);
}

/// rsyslog's RFC 5424 template writes its `msg` property, which keeps the
/// space after the tag's colon: that space is a separator, not a
/// continuation indent, so 300 failed logins are 300 occurrences, each
/// text starting with the message itself.
#[test]
fn rsyslog_over_tcp_loses_nothing() {
    let (lw, addr) = start(&[]);
    let Some(mut rs) = rsyslog(addr) else { return };
    log_lines(&rs.tcp, "sshd", &failed_logins(LINES));
    log_lines(&rs.tcp, "postgres", &[POSTGRES_LINE.to_owned()]);
    check_delivery(&lw, &mut rs.daemon, "rs-tcp-host", LINES);
    for issue in issues_from(&lw, "rs-tcp-host:sshd") {
        let text = issue["log_line"].as_str().unwrap();
        assert!(text.starts_with("Failed password"), "{issue}");
    }
    let total = |t| metric_sum(&lw, "logwarden_issues_total", &[("type", t)]);
    assert_eq!(total("authentication_failure"), LINES as f64);
}

/// syslog-ng's `@version`: the config version it says it reads.
/// Runs syslog-ng in the foreground on `destination` (a destination
/// driver, as written in a config), its source a Unix datagram socket
/// (`ng.sock` in `dir`) whose messages say they come from `host`.
fn run_syslog_ng(tool: &Tool, dir: &Path, host: &str, destination: &str) -> (Daemon, PathBuf) {
    let socket = dir.join("ng.sock");
    let config = format!(
        r#"@version: {version}
# Only what the test needs: no system() source, no internal() messages.
# A refused request or a lost connection is tried again after 1 s (not 60).
options {{ use-dns(no); use-fqdn(no); chain-hostnames(no); stats-freq(0); time-reopen(1); }};
source s_test {{ unix-dgram("{socket}" host-override("{host}")); }};
destination d_logwarden {{ {destination}; }};
log {{ source(s_test); destination(d_logwarden); }};
"#,
        version = syslog_ng_version(tool),
        socket = socket.display(),
    );
    let path = dir.join("syslog-ng.conf");
    std::fs::write(&path, config).unwrap();
    let mut cmd = syslog_ng_command(tool);
    cmd.arg("--foreground")
        .arg("--stderr")
        .arg(format!("--cfgfile={}", path.display()))
        .arg(format!(
            "--persist-file={}",
            dir.join("syslog-ng.persist").display()
        ))
        .arg(format!("--pidfile={}", dir.join("syslog-ng.pid").display()))
        .arg(format!("--control={}", dir.join("syslog-ng.ctl").display()));
    let mut daemon = Daemon::spawn("syslog-ng", cmd, &dir.join("syslog-ng.out"));
    wait_for_socket(&mut daemon, &socket);
    (daemon, socket)
}

#[test]
fn syslog_ng_forwards_rfc5424_over_tcp_and_nothing_is_lost() {
    let Some(tool) = find(&SYSLOG_NG) else { return };
    let Some(()) = logger() else { return };
    let (lw, addr) = start(&[]);
    let dir = tempfile::tempdir().unwrap();
    let destination = format!(
        r#"syslog("{}" transport("tcp") port({}))"#,
        addr.ip(),
        addr.port()
    );
    let (mut daemon, socket) = run_syslog_ng(&tool, dir.path(), "ng-host", &destination);
    log_lines(&socket, "sshd", &failed_logins(LINES));
    log_lines(&socket, "postgres", &[POSTGRES_LINE.to_owned()]);
    check_delivery(&lw, &mut daemon, "ng-host", LINES);
    let total = |t| metric_sum(&lw, "logwarden_issues_total", &[("type", t)]);
    assert_eq!(total("authentication_failure"), LINES as f64);
    assert_eq!(total("database_connection"), 1.0);
}

/// syslog-ng's `syslog()` driver over TLS (RFC 5425), checking the
/// server's certificate against the one made for the test (for
/// `localhost`), as a sender should: nothing lost, no handshake failed.
#[test]
fn syslog_ng_forwards_over_tls_and_nothing_is_lost() {
    let Some(tool) = find(&SYSLOG_NG) else { return };
    let Some(()) = logger() else { return };
    let (lw, addr, cert) = support::tls::start(&[]);
    let dir = tempfile::tempdir().unwrap();
    let destination = format!(
        r#"syslog("localhost" transport("tls") port({port})
    tls(ca-file("{ca}") peer-verify(required-trusted)))"#,
        port = addr.port(),
        ca = cert.cert.display(),
    );
    let (mut daemon, socket) = run_syslog_ng(&tool, dir.path(), "ng-tls-host", &destination);
    log_lines(&socket, "sshd", &failed_logins(LINES));
    log_lines(&socket, "postgres", &[POSTGRES_LINE.to_owned()]);
    check_delivery(&lw, &mut daemon, "ng-tls-host", LINES);
    let total = |t| metric_sum(&lw, "logwarden_issues_total", &[("type", t)]);
    assert_eq!(total("authentication_failure"), LINES as f64);
    assert_eq!(
        lw.metric("logwarden_syslog_tls_handshake_failures_total"),
        Some(0.0)
    );
}

/// syslog-ng's `http()` destination posting to `POST /api/ingest`: JSON
/// lines (`message`, `host`, `appname`, `timestamp`), several per request.
#[test]
fn syslog_ng_posts_json_lines_to_the_ingest_endpoint() {
    let Some(tool) = find(&SYSLOG_NG) else { return };
    let Some(()) = logger() else { return };
    let http = has_http(&tool).then_some(()).or_else(|| {
        missing("syslog-ng has no http() destination (apt-get install syslog-ng-mod-http)")
    });
    let Some(()) = http else { return };
    let (lw, _) = start(&["--ingest"]);
    let dir = tempfile::tempdir().unwrap();
    let destination = format!(
        r#"http(
    url("{base}/api/ingest")
    method("POST")
    headers("Content-Type: application/x-ndjson")
    body("$(format-json message=$MESSAGE host=$HOST appname=$PROGRAM timestamp=$ISODATE)")
    delimiter("\n")
    batch-lines(50)
    batch-timeout(200)
  )"#,
        base = lw.base
    );
    let (mut daemon, socket) = run_syslog_ng(&tool, dir.path(), "ng-http-host", &destination);
    log_lines(&socket, "sshd", &failed_logins(LINES));
    log_lines(&socket, "postgres", &[POSTGRES_LINE.to_owned()]);
    check_delivery(&lw, &mut daemon, "ng-http-host", LINES);
}
