#![allow(clippy::unwrap_used)]

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream, UdpSocket};
use tokio::sync::{mpsc, watch};

use super::{SyslogStats, serve_tcp, serve_udp};
use crate::syslog::SyslogMessage;

/// The next message, or a panic after a generous deadline.
async fn next(rx: &mut mpsc::Receiver<SyslogMessage>) -> SyslogMessage {
    tokio::time::timeout(Duration::from_secs(30), rx.recv())
        .await
        .expect("a message in time")
        .expect("the channel is open")
}

fn text(m: &SyslogMessage) -> String {
    String::from_utf8_lossy(&m.message).into_owned()
}

#[tokio::test]
async fn tcp_frames_of_both_kinds_half_frames_and_a_slow_reader_lose_nothing() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let stats = Arc::new(SyslogStats::default());
    // A queue of one: the sender must wait for the reader, not lose lines.
    let (tx, mut rx) = mpsc::channel(1);
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
        let m = next(&mut rx).await;
        assert_eq!(text(&m), format!("line {n}"));
        assert_eq!(m.host.as_deref(), Some(format!("web-{n}").as_str()));
    }
    let half = next(&mut rx).await;
    assert_eq!(text(&half), "half");
    writer.await.unwrap();
    assert_eq!(stats.frames.load(Ordering::Relaxed), 201);
    assert_eq!(stats.truncated.load(Ordering::Relaxed), 1);
}

#[tokio::test]
async fn udp_datagrams_are_frames_and_a_full_queue_is_counted_not_hidden() {
    let socket = UdpSocket::bind("127.0.0.1:0").await.unwrap();
    let addr = socket.local_addr().unwrap();
    let stats = Arc::new(SyslogStats::default());
    let (tx, mut rx) = mpsc::channel(4);
    let (_stop_tx, stop) = watch::channel(false);
    tokio::spawn(serve_udp(socket, 32, tx, Arc::clone(&stats), stop));
    let client = UdpSocket::bind("127.0.0.1:0").await.unwrap();
    client
        .send_to(b"<11>Dec  7 10:00:00 db-1 kernel: Out of memory\n", addr)
        .await
        .unwrap();
    let m = next(&mut rx).await;
    assert_eq!(m.host.as_deref(), Some("db-1"));
    // A burst nobody reads: what did not fit is counted.
    for n in 0..50 {
        client
            .send_to(
                format!("<13>burst {n} {}", "x".repeat(100)).as_bytes(),
                addr,
            )
            .await
            .unwrap();
    }
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while stats.frames.load(Ordering::Relaxed) < 51 && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let frames = stats.frames.load(Ordering::Relaxed);
    let dropped = stats.udp_dropped.load(Ordering::Relaxed);
    let mut queued = 0;
    while rx.try_recv().is_ok() {
        queued += 1;
    }
    // Every datagram that arrived was queued or counted as dropped; cut at the cap.
    assert_eq!(
        frames,
        1 + queued + dropped,
        "frames {frames}, queued {queued}, dropped {dropped}"
    );
    assert!(dropped > 0, "a burst of 50 into a queue of 4 drops some");
    assert_eq!(
        stats.cut.load(Ordering::Relaxed),
        frames,
        "every datagram was over the cap"
    );
}
