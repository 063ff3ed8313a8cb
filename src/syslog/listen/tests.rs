#![allow(clippy::unwrap_used)]

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream, UdpSocket};
use tokio::sync::{mpsc, watch};

use super::{SyslogStats, serve_tcp, serve_udp};
use crate::remote::Arrival;

/// Messages as they come, whatever batches they came in.
struct Queue {
    rx: mpsc::Receiver<Vec<Arrival>>,
    held: std::collections::VecDeque<Arrival>,
}

impl Queue {
    /// The next message, or a panic after a generous deadline.
    async fn next(&mut self) -> Arrival {
        while self.held.is_empty() {
            let batch = tokio::time::timeout(Duration::from_secs(30), self.rx.recv())
                .await
                .expect("a message in time")
                .expect("the channel is open");
            self.held.extend(batch);
        }
        self.held.pop_front().unwrap()
    }
}

fn text(m: &Arrival) -> String {
    String::from_utf8_lossy(&m.text).into_owned()
}

/// Waits until `frames` were read.
async fn frames_reach(stats: &SyslogStats, frames: u64) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while stats.frames.load(Ordering::Relaxed) < frames && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

#[tokio::test]
async fn tcp_frames_of_both_kinds_half_frames_and_a_slow_reader_lose_nothing() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let stats = Arc::new(SyslogStats::default());
    // A queue of one: the sender must wait for the reader, not lose lines.
    let (tx, rx) = mpsc::channel(1);
    let mut rx = Queue {
        rx,
        held: Default::default(),
    };
    let (_stop_tx, stop) = watch::channel(false);
    tokio::spawn(serve_tcp(listener, 64, tx, Arc::clone(&stats), stop));

    let mut client = TcpStream::connect(addr).await.unwrap();
    let frames: Vec<String> = (0..200)
        .map(|n| format!("<13>Dec  7 10:00:00 web-{n} app[1]: line {n}"))
        .collect();
    let mut stream = Vec::new();
    for (n, f) in frames.iter().enumerate() {
        if n % 2 == 0 {
            stream.extend_from_slice(format!("{} {f}", f.len()).as_bytes());
        } else {
            stream.extend_from_slice(format!("{f}\n").as_bytes());
        }
    }
    let writer = tokio::spawn(async move {
        for piece in stream.chunks(7) {
            client.write_all(piece).await.unwrap();
        }
        // Ends inside an octet-counted frame.
        client
            .write_all(b"40 <13>1 - h a - - - half")
            .await
            .unwrap();
        client.shutdown().await.unwrap();
    });
    for (n, _) in frames.iter().enumerate() {
        let m = rx.next().await;
        assert_eq!(text(&m), format!("line {n}"));
        assert_eq!(m.host, format!("web-{n}"));
        assert_eq!(m.stream, "app");
    }
    let half = rx.next().await;
    assert_eq!(text(&half), "half");
    writer.await.unwrap();
    assert_eq!(stats.frames.load(Ordering::Relaxed), 201);
    assert_eq!(stats.truncated.load(Ordering::Relaxed), 1);
}

#[tokio::test]
async fn udp_datagrams_are_frames_and_a_full_queue_leaves_them_in_the_kernel() {
    let socket = UdpSocket::bind("127.0.0.1:0").await.unwrap();
    let addr = socket.local_addr().unwrap();
    let stats = Arc::new(SyslogStats::default());
    let (tx, rx) = mpsc::channel(1);
    let mut rx = Queue {
        rx,
        held: Default::default(),
    };
    let (_stop_tx, stop) = watch::channel(false);
    tokio::spawn(serve_udp(socket, 32, tx, Arc::clone(&stats), stop));
    let client = UdpSocket::bind("127.0.0.1:0").await.unwrap();
    client
        .send_to(b"<11>Dec  7 10:00:00 db-1 kernel: Out of memory\n", addr)
        .await
        .unwrap();
    let m = rx.next().await;
    assert_eq!(m.host, "db-1");
    assert_eq!(m.stream, "kernel");
    // A burst while nobody reads, one datagram at a time: the queue holds
    // one batch, the listener waits with the next, the rest wait in the
    // socket's buffer. Nothing is dropped; all come, in order, once read.
    for n in 0..50 {
        client
            .send_to(
                format!("<13>burst {n} {}", "x".repeat(100)).as_bytes(),
                addr,
            )
            .await
            .unwrap();
    }
    frames_reach(&stats, 2).await;
    for n in 0..50 {
        // Cut at the cap: 32 bytes with the `<13>` header.
        let sent = format!("burst {n} {}", "x".repeat(100));
        assert_eq!(text(&rx.next().await), sent[..28]);
    }
    assert_eq!(stats.frames.load(Ordering::Relaxed), 51);
    assert_eq!(stats.udp_dropped.load(Ordering::Relaxed), 0);
    assert_eq!(
        stats.cut.load(Ordering::Relaxed),
        51,
        "every datagram was over the cap"
    );
    // Without a host in the header, the sender's address is the host.
    assert_eq!(
        super::arrival(
            crate::syslog::parse_message(b"plain"),
            "10.1.2.3".parse().unwrap()
        )
        .host,
        "10.1.2.3"
    );
}

#[test]
fn the_space_rsyslog_keeps_before_a_message_is_a_separator_not_an_indent() {
    let peer = "10.0.0.1".parse().unwrap();
    let sent = |frame: &[u8]| text(&super::arrival(crate::syslog::parse_message(frame), peer));
    assert_eq!(
        sent(b"<38>1 - web-1 sshd 1 - -  Failed password"),
        "Failed password"
    );
    // A continuation line keeps its indent: two spaces, or a space and a tab.
    assert_eq!(
        sent(b"<38>1 - web-1 app 1 - -   File \"x.py\""),
        "  File \"x.py\""
    );
    assert_eq!(
        sent(b"<38>1 - web-1 app 1 - -  \tat Foo.bar"),
        " \tat Foo.bar"
    );
}

#[test]
fn a_datagram_with_several_messages_is_several_frames() {
    let datagram = b"<11>1 - a app - - - Traceback (most recent call last):\n  File \"x.py\"\n<11>1 - b app - - - one\n<13>Dec  7 10:00:00 c kernel: two\n";
    let frames: Vec<&[u8]> = super::messages_in(datagram).collect();
    assert_eq!(
        frames,
        vec![
            &b"<11>1 - a app - - - Traceback (most recent call last):\n  File \"x.py\"\n"[..],
            b"<11>1 - b app - - - one\n",
            b"<13>Dec  7 10:00:00 c kernel: two\n",
        ]
    );
    // A line that only looks like a priority is part of its message.
    let one = b"<11>1 - a app - - - x\n<not a pri>\n<1234> neither";
    assert_eq!(super::messages_in(one).count(), 1);
}

#[test]
fn an_ipv4_sender_on_an_ipv6_listener_is_named_by_its_ipv4_address() {
    let peer = "::ffff:10.1.2.3".parse().unwrap();
    let named = super::arrival(crate::syslog::parse_message(b"no header"), peer);
    assert_eq!(named.host, "10.1.2.3");
}
