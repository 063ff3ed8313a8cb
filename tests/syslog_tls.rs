//! Syslog over TLS (RFC 5425) on the real binary: a rustls client that
//! trusts only a certificate made at test time sends octet-counted and
//! newline-framed messages, which become issues with the sender's host; a
//! plain-TCP client on the TLS port is a failed handshake, counted, and
//! the next TLS client is served; certificates and keys that cannot be
//! used are refused at start, naming the file, with nothing started.

// Helpers outside #[test] functions may unwrap too: a panic fails the test.
#![allow(clippy::unwrap_used)]

mod support;

use std::io::Write;
use std::net::TcpStream;

use support::api::{Served, run_to_end};
use support::syslog::{
    failed_login, issues_from, metric_sum, occurrences, octet_counted, rfc5424, summary, wait_for,
};
use support::tls::{Cert, send, start};

const REFUSED: &str = "FATAL:  could not connect to server: Connection refused";

/// Waits until `n` occurrences of `issue_type` came from `source`.
fn wait_occurrences(lw: &Served, source: &str, issue_type: &str, n: u64) {
    wait_for(
        &format!("{n} x {issue_type} from {source}"),
        || occurrences(lw, source, issue_type) >= n,
        || summary(lw),
    );
    assert_eq!(occurrences(lw, source, issue_type), n, "{}", summary(lw));
}

#[test]
fn octet_counted_and_newline_framed_messages_over_tls_are_issues_of_their_host() {
    // Beside a plain listener, which says where it is as before.
    let (lw, addr, cert) = start(&["--syslog", "127.0.0.1:0"]);
    let plain = lw.syslog_addr();
    assert_ne!(plain, addr);
    let mut bytes = Vec::new();
    for i in 0..20 {
        bytes.extend(octet_counted(&rfc5424(
            "tls-host",
            "sshd",
            &failed_login(i),
        )));
    }
    send(addr, &cert.der, &bytes);
    // Newline framing, as rsyslog and syslog-ng may send it too.
    let lines = format!(
        "{}\n{}\n",
        rfc5424("tls-host", "sshd", &failed_login(20)),
        rfc5424("tls-host", "postgres", REFUSED)
    );
    send(addr, &cert.der, lines.as_bytes());
    wait_occurrences(&lw, "tls-host:sshd", "authentication_failure", 21);
    wait_occurrences(&lw, "tls-host:postgres", "database_connection", 1);
    for (source, stream) in [("tls-host:sshd", "sshd"), ("tls-host:postgres", "postgres")] {
        for issue in issues_from(&lw, source) {
            assert_eq!(issue["host"], "tls-host", "{issue}");
            assert_eq!(issue["stream"], stream, "{issue}");
        }
    }
    let login = &issues_from(&lw, "tls-host:sshd")[0];
    assert!(
        login["log_line"]
            .as_str()
            .unwrap()
            .starts_with("Failed password for user"),
        "{login}"
    );
    assert_eq!(
        lw.metric("logwarden_syslog_tls_handshake_failures_total"),
        Some(0.0)
    );
    assert_eq!(lw.metric("logwarden_syslog_connections_total"), Some(2.0));
}

#[test]
fn a_plain_client_on_the_tls_port_is_a_failed_handshake_and_the_next_tls_client_is_served() {
    let (mut lw, addr, cert) = start(&[]);
    let mut plain = TcpStream::connect(addr).unwrap();
    let line = format!("{}\n", rfc5424("plain-host", "sshd", &failed_login(0)));
    plain.write_all(line.as_bytes()).unwrap();
    lw.wait_metric("logwarden_syslog_tls_handshake_failures_total", |v| {
        v >= 1.0
    });
    // Garbage that looks like a TLS record does not fool it either.
    let mut fake = TcpStream::connect(addr).unwrap();
    fake.write_all(b"\x16\x03\x01\x00\x05hello").unwrap();
    drop(fake);
    lw.wait_metric("logwarden_syslog_tls_handshake_failures_total", |v| {
        v >= 2.0
    });

    send(
        addr,
        &cert.der,
        &octet_counted(&rfc5424("tls-host", "sshd", &failed_login(1))),
    );
    wait_occurrences(&lw, "tls-host:sshd", "authentication_failure", 1);
    // Nothing of the plain client was read as syslog.
    assert!(
        issues_from(&lw, "plain-host:sshd").is_empty(),
        "{}",
        summary(&lw)
    );
    let total = metric_sum(
        &lw,
        "logwarden_issues_total",
        &[("type", "authentication_failure")],
    );
    assert_eq!(total, 1.0, "{}", summary(&lw));
    assert_eq!(
        lw.metric("logwarden_syslog_tls_handshake_failures_total"),
        Some(2.0)
    );
    drop(plain);
    assert!(
        lw.child.try_wait().unwrap().is_none(),
        "{:#?}",
        lw.stderr_lines()
    );
}

/// Runs headless with `args` and the TLS flags of `cert` with `key` as
/// its key; expects a refusal before anything started: what it said.
fn refused(cert: &Cert, key: &str, args: &[&str]) -> String {
    let state = cert.dir.path().join("state");
    let mut all = vec![
        "--no-tui",
        "--api",
        "127.0.0.1:0",
        "--state",
        state.to_str().unwrap(),
    ];
    let tls = [
        "--syslog-tls",
        "127.0.0.1:0",
        "--syslog-tls-cert",
        cert.cert.to_str().unwrap(),
        "--syslog-tls-key",
        key,
    ];
    all.extend_from_slice(&tls);
    all.extend_from_slice(args);
    let (code, stderr) = run_to_end(&all);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(!stderr.contains("API on"), "nothing started: {stderr}");
    assert!(
        !stderr.contains("syslog over TLS on"),
        "nothing started: {stderr}"
    );
    stderr
}

#[test]
fn a_certificate_or_key_that_cannot_be_used_is_refused_at_start_naming_the_file() {
    let cert = Cert::new();
    let other = Cert::new();
    let dir = cert.dir.path();
    let garbage = dir.join("garbage.key");
    std::fs::write(
        &garbage,
        "-----BEGIN PRIVATE KEY-----\n%%%%\n-----END PRIVATE KEY-----\n",
    )
    .unwrap();
    let said = refused(&cert, garbage.to_str().unwrap(), &[]);
    assert!(
        said.contains(&format!(
            "syslog over TLS: key file {}: is not valid PEM",
            garbage.display()
        )),
        "{said}"
    );
    let said = refused(&cert, other.key.to_str().unwrap(), &[]);
    let mismatch = format!(
        "key file {}: does not match the certificate in {}",
        other.key.display(),
        cert.cert.display()
    );
    assert!(said.contains(&mismatch), "{said}");
    let missing = dir.join("missing.key");
    let said = refused(&cert, missing.to_str().unwrap(), &[]);
    assert!(
        said.contains(&format!("key file {}: cannot be read", missing.display())),
        "{said}"
    );

    // No key at all: said, naming the flag and the config key.
    let (code, said) = run_to_end(&[
        "--no-tui",
        "--api",
        "127.0.0.1:0",
        "--syslog-tls",
        "127.0.0.1:0",
        "--syslog-tls-cert",
        cert.cert.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(2), "{said}");
    assert!(
        said.contains("--syslog-tls-key FILE (or tls_key in [syslog])"),
        "{said}"
    );
}

#[test]
fn the_config_file_names_the_files_relative_to_itself_and_flags_win() {
    let cert = Cert::new();
    let other = Cert::new();
    let config = cert.dir.path().join("logwarden.toml");
    std::fs::write(
        &config,
        "[syslog]\ntls_listen = [\"127.0.0.1:0\"]\ntls_cert = \"server.crt\"\ntls_key = \"server.key\"\n",
    )
    .unwrap();
    let config_arg = config.to_str().unwrap();
    // From the file alone: it serves.
    let lw = Served::start(&["--config", config_arg]);
    let addr = support::tls::tls_addr(&lw);
    send(
        addr,
        &cert.der,
        &octet_counted(&rfc5424("conf-host", "sshd", &failed_login(0))),
    );
    wait_occurrences(&lw, "conf-host:sshd", "authentication_failure", 1);
    drop(lw);
    // A key flag over the file's: the other certificate's key, refused.
    let (code, said) = run_to_end(&[
        "--config",
        config_arg,
        "--no-tui",
        "--api",
        "127.0.0.1:0",
        "--syslog-tls-key",
        other.key.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(2), "{said}");
    let mismatch = format!(
        "key file {}: does not match the certificate in {}",
        other.key.display(),
        cert.cert.display()
    );
    assert!(said.contains(&mismatch), "{said}");
}
