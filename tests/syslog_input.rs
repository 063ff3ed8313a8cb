//! The syslog input of the real binary under bad and unkind senders: bad
//! octet counts, garbage bytes, frames over `--line-cap`, connections
//! that end mid-frame, a client writing a byte at a time, a UDP burst
//! beside a TCP one. It stays up and keeps classifying, and nothing sent
//! over TCP is lost: every good problem line is one occurrence.
//!
//! What is asserted is what the API exposes: issues,
//! `logwarden_issues_total`, and the listeners' counters in `/metrics`
//! (frames, bad counts, cut and truncated frames, UDP drops by logwarden
//! and by the kernel): every datagram is accounted for.

// Helpers outside #[test] functions may unwrap too: a panic fails the test.
#![allow(clippy::unwrap_used)]

mod support;

use std::io::Write;
use std::net::{SocketAddr, TcpStream, UdpSocket};
use std::thread;
use std::time::Duration;

use support::api::Served;
use support::syslog::{
    failed_login, issues, issues_from, metric_sum, octet_counted, rfc5424, start, summary, wait_for,
};

/// The cap the tests run with (the smallest allowed is 64).
const CAP: usize = 256;

/// The occurrences of `issue_type` detected so far.
fn total(lw: &Served, issue_type: &str) -> u64 {
    metric_sum(lw, "logwarden_issues_total", &[("type", issue_type)]) as u64
}

/// Waits until exactly `n` occurrences of `issue_type` are counted (and
/// fails at once if more are).
fn wait_total(lw: &Served, issue_type: &str, n: u64) {
    wait_for(
        &format!("{n} x {issue_type}"),
        || {
            let seen = total(lw, issue_type);
            assert!(
                seen <= n,
                "{seen} x {issue_type}, {n} sent\n{}",
                summary(lw)
            );
            seen == n
        },
        || summary(lw),
    );
}

/// Datagrams the kernel dropped for the UDP socket bound to `addr` (the
/// last column of `/proc/net/udp`), where Linux says.
fn kernel_udp_drops(addr: SocketAddr) -> Option<u64> {
    let table = std::fs::read_to_string("/proc/net/udp").ok()?;
    let local = format!(":{:04X}", addr.port());
    table.lines().skip(1).find_map(|line| {
        let fields: Vec<&str> = line.split_whitespace().collect();
        fields
            .get(1)?
            .ends_with(&local)
            .then(|| fields.last()?.parse().ok())?
    })
}

fn assert_up(lw: &mut Served) {
    assert!(
        lw.child.try_wait().unwrap().is_none(),
        "logwarden exited: {:#?}",
        lw.stderr_lines()
    );
}

fn connect(addr: SocketAddr) -> TcpStream {
    let stream = TcpStream::connect(addr).unwrap();
    stream.set_nodelay(true).unwrap();
    stream
}

#[test]
fn bad_frames_are_survived_and_every_good_line_is_classified() {
    let (mut lw, addr) = start(&["--line-cap", &CAP.to_string()]);
    let good = |i| octet_counted(&rfc5424("good-host", "sshd", &failed_login(i)));
    let mut bytes = Vec::new();
    for i in 0..10 {
        bytes.extend(good(i));
    }
    // Octet counts that are not counts: read as lines.
    bytes.extend(b"0 not a count\n");
    bytes.extend(b"12345678901 ten digits and more\n");
    bytes.extend(b"12x neither\n");
    bytes.extend(good(10));
    // Garbage: control bytes, invalid UTF-8, a NUL, a lone CR.
    bytes.extend(b"\x00\xff\xfe\x1b[31m\xc3\x28 \r garbage\n");
    bytes.extend(good(11));
    // Over the cap, octet-counted and newline-framed: the first CAP bytes
    // are kept (and classified), the rest skipped.
    let padding = "x".repeat(4 * CAP);
    let big = rfc5424(
        "big-host",
        "writer",
        &format!("write failed: No space left on device {padding}"),
    );
    bytes.extend(octet_counted(&big));
    bytes.extend(good(12));
    bytes.extend(big.replace("writer", "writer2").as_bytes());
    bytes.push(b'\n');
    for i in 13..20 {
        bytes.extend(good(i));
    }
    let mut stream = connect(addr);
    stream.write_all(&bytes).unwrap();

    // A connection that ends inside an octet-counted frame, and one that
    // ends inside a newline-framed one: what came is kept.
    let half = rfc5424(
        "half-host",
        "postgres",
        "FATAL:  could not connect to server: Connection refused",
    );
    let mut cut = connect(addr);
    write!(cut, "{} {half}", half.len() + 40).unwrap();
    drop(cut);
    let mut unended = connect(addr);
    write!(unended, "{}", half.replace("half-host", "unended-host")).unwrap();
    drop(unended);

    wait_total(&lw, "authentication_failure", 20);
    wait_total(&lw, "disk_full", 2);
    wait_total(&lw, "database_connection", 2);
    let of_type = |t: &str| -> Vec<serde_json::Value> {
        let all = issues(&lw);
        all.into_iter().filter(|i| i["issue_type"] == t).collect()
    };
    let from = |list: &[serde_json::Value], source: &str| {
        list.iter()
            .any(|i| (i["sources"].as_array()).is_some_and(|s| s.iter().any(|x| x == source)))
    };
    let full = of_type("disk_full");
    for source in ["big-host:writer", "big-host:writer2"] {
        assert!(from(&full, source), "{source}\n{}", summary(&lw));
    }
    // The message after its header, as long as it was sent.
    let sent = format!("write failed: No space left on device {padding}").len();
    for issue in &full {
        let line = issue["log_line"].as_str().unwrap();
        let (kept, marker) = line
            .split_once(" … [cut by logwarden:")
            .unwrap_or((line, ""));
        assert!(kept.len() <= CAP, "cut at the cap: {line:?}");
        assert!(line.starts_with("write failed: No space left"), "{line:?}");
        assert_eq!(marker, format!(" line was {sent} bytes]"), "{line:?}");
    }
    let refused = of_type("database_connection");
    for source in ["half-host:postgres", "unended-host:postgres"] {
        assert!(from(&refused, source), "{source}\n{}", summary(&lw));
    }
    // The first connection is still read: more good lines are classified.
    stream.write_all(&good(20)).unwrap();
    wait_total(&lw, "authentication_failure", 21);
    // Each kind of bad frame is counted: "12345678901" is too long to be
    // a count ("0 " and "12x" are read as lines too), two frames over the
    // cap, one connection ended inside an octet-counted frame.
    let metric = |name: &str| lw.metric(name).unwrap_or(0.0);
    assert!(
        metric("logwarden_syslog_bad_counts_total") >= 1.0,
        "{}",
        summary(&lw)
    );
    assert_eq!(
        metric("logwarden_syslog_cut_total"),
        2.0,
        "{}",
        summary(&lw)
    );
    assert_eq!(
        metric("logwarden_syslog_truncated_total"),
        1.0,
        "{}",
        summary(&lw)
    );
    // The three lines that were not counts and the garbage have no header.
    assert_eq!(
        metric("logwarden_syslog_headerless_total"),
        4.0,
        "{}",
        summary(&lw)
    );
    assert!(
        (lw.stderr_lines().iter()).any(|l| l.contains("has no syslog header")),
        "said in the log"
    );
    assert_up(&mut lw);
}

#[test]
fn a_client_writing_a_byte_at_a_time_holds_up_no_one() {
    let (mut lw, addr) = start(&[]);
    let slow_frame = octet_counted(&rfc5424("slow-host", "sshd", &failed_login(1)));
    let (first, rest) = slow_frame.split_at(slow_frame.len() / 2);
    let mut slow = connect(addr);
    let dribble = |stream: &mut TcpStream, bytes: &[u8]| {
        for b in bytes {
            stream.write_all(&[*b]).unwrap();
            thread::sleep(Duration::from_millis(2));
        }
    };
    dribble(&mut slow, first);
    // Half of the slow frame is in: another client is heard meanwhile.
    let mut fast = connect(addr);
    let postgres = rfc5424(
        "fast-host",
        "postgres",
        "FATAL:  could not connect to server: Connection refused",
    );
    fast.write_all(&octet_counted(&postgres)).unwrap();
    wait_total(&lw, "database_connection", 1);
    assert_eq!(total(&lw, "authentication_failure"), 0);
    dribble(&mut slow, rest);
    wait_total(&lw, "authentication_failure", 1);
    let issues = issues_from(&lw, "slow-host:sshd");
    assert_eq!(issues.len(), 1, "{}", summary(&lw));
    assert_eq!(issues[0]["log_line"], failed_login(1));
    // Newline framing, a byte at a time, the same.
    let line = format!("{}\n", rfc5424("slow-host", "sshd", &failed_login(2)));
    dribble(&mut slow, line.as_bytes());
    wait_total(&lw, "authentication_failure", 2);
    assert_up(&mut lw);
}

#[test]
fn a_udp_burst_beside_a_tcp_one_loses_no_tcp_line() {
    const TCP_LINES: usize = 1000;
    const DATAGRAMS: usize = 5000;
    let (mut lw, addr) = start(&[]);
    let tcp = thread::spawn(move || {
        let mut stream = connect(addr);
        for i in 0..TCP_LINES {
            let frame = octet_counted(&rfc5424("tcp-host", "sshd", &failed_login(i)));
            stream.write_all(&frame).unwrap();
        }
    });
    let udp = thread::spawn(move || {
        let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
        for i in 0..DATAGRAMS {
            let text = format!("Out of memory: Killed process {} (worker{i})", 10_000 + i);
            // Sent as fast as the kernel takes them; some may be dropped
            // (by the kernel or by logwarden): UDP makes no promise.
            let _ = socket.send_to(rfc5424("udp-host", "kernel", &text).as_bytes(), addr);
        }
    });
    tcp.join().unwrap();
    udp.join().unwrap();
    wait_total(&lw, "authentication_failure", TCP_LINES as u64);
    wait_for(
        "some of the UDP burst",
        || total(&lw, "memory_leak") > 0,
        || summary(&lw),
    );
    let udp_seen = total(&lw, "memory_leak");
    assert!(udp_seen <= DATAGRAMS as u64, "{udp_seen} of {DATAGRAMS}");
    // Still classifying, on a new connection.
    let mut stream = connect(addr);
    stream
        .write_all(&octet_counted(&rfc5424(
            "tcp-host",
            "sshd",
            &failed_login(TCP_LINES),
        )))
        .unwrap();
    wait_total(&lw, "authentication_failure", TCP_LINES as u64 + 1);
    // Every datagram is accounted for: read (then classified, or dropped by
    // logwarden with its queue full) or dropped by the kernel, both counted.
    let sent = (TCP_LINES + 1 + DATAGRAMS) as f64;
    let accounted = || {
        let read = lw.metric("logwarden_syslog_frames_total").unwrap_or(0.0);
        let kernel = lw
            .metric("logwarden_syslog_udp_kernel_dropped_total")
            .unwrap_or(0.0);
        read + kernel
    };
    wait_for(
        "every datagram accounted for",
        || accounted() == sent,
        || summary(&lw),
    );
    let dropped = lw
        .metric("logwarden_syslog_udp_dropped_total")
        .unwrap_or(0.0);
    let read = lw.metric("logwarden_syslog_frames_total").unwrap_or(0.0);
    let udp_read = read - (TCP_LINES + 1) as f64;
    wait_for(
        "the UDP datagrams read and queued all classified",
        || total(&lw, "memory_leak") as f64 == udp_read - dropped,
        || summary(&lw),
    );
    eprintln!(
        "UDP: {DATAGRAMS} sent, {udp_read} read, {dropped} dropped by logwarden, {:?} by the kernel",
        kernel_udp_drops(addr)
    );
    assert_up(&mut lw);
}

/// A TCP connection to `addr` from loopback address `from` (127.0.0.0/8
/// is all this machine's).
fn connect_from(from: std::net::IpAddr, addr: SocketAddr) -> TcpStream {
    let socket = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None).unwrap();
    socket.bind(&SocketAddr::new(from, 0).into()).unwrap();
    socket.connect(&addr.into()).unwrap();
    socket.into()
}

#[test]
fn idle_connections_past_the_limits_are_closed_and_the_rest_keep_working() {
    use support::api::Limits;
    // 256 descriptors: at most 128 syslog connections, 16 per address.
    let limits = Limits {
        open_files: Some(256),
        ..Limits::default()
    };
    let mut lw = Served::start_limited(&["--syslog", "127.0.0.1:0"], &[], limits);
    let addr = support::syslog::syslog_addr(&lw);
    let metric = |name: &str| lw.metric(name).unwrap_or(0.0);
    // One sender leaking idle connections holds 16; the rest are closed.
    let leaky: Vec<TcpStream> = (0..40).map(|_| connect(addr)).collect();
    wait_for(
        "one address's connections past its share refused",
        || metric("logwarden_syslog_connections_refused_total") == 24.0,
        || summary(&lw),
    );
    assert_eq!(metric("logwarden_syslog_connections_open"), 16.0);
    // Many senders, more than the limit in all.
    let many: Vec<TcpStream> = (2..12u8)
        .flat_map(|n| (0..16).map(move |_| std::net::IpAddr::from([127, 0, 0, n])))
        .map(|from| connect_from(from, addr))
        .collect();
    wait_for(
        "the connections past the limit refused",
        || metric("logwarden_syslog_connections_refused_total") == 24.0 + 48.0,
        || summary(&lw),
    );
    assert_eq!(metric("logwarden_syslog_connections_open"), 128.0);
    // The API still answers, and once senders leave a new one is heard.
    drop((leaky, many));
    wait_for(
        "the idle connections gone",
        || metric("logwarden_syslog_connections_open") == 0.0,
        || summary(&lw),
    );
    let mut stream = connect(addr);
    stream
        .write_all(&octet_counted(&rfc5424("late", "sshd", &failed_login(1))))
        .unwrap();
    wait_total(&lw, "authentication_failure", 1);
    assert_up(&mut lw);
}
