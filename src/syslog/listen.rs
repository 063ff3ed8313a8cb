//! Listening for syslog: each TCP connection (plain or, from
//! [`super::tls`], TLS) cut into frames (nothing is lost over TCP: a full
//! queue makes the sender wait), each UDP datagram
//! one frame (a full queue leaves datagrams in the kernel's buffer, whose
//! overflow the kernel counts). Every frame is read as a
//! message and sent on; problems are counted, never fatal.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use tokio::io::{AsyncRead, AsyncReadExt};
use tokio::net::{TcpListener, TcpStream, UdpSocket};
use tokio::sync::{mpsc, watch};

use super::{FrameError, Framer, SyslogMessage, parse_message};
use crate::remote::{Arrival, cut_name};

mod places;

use places::{Full, Quiet, Slot, connection_limit, per_address_limit};

/// A message as the remote input takes it: its host (the peer's address
/// when the header names none) and its program (`syslog` when none).
pub fn arrival(message: SyslogMessage, peer: IpAddr) -> Arrival {
    let name = |value: Option<String>| value.filter(|v| !v.is_empty() && v != "-").map(cut_name);
    let mut text = message.message;
    // rsyslog's RFC 5424 template sends its `msg` property, which keeps the
    // space after `tag:`: one space before a word is the separator, not an
    // indented continuation line (which would join the previous message).
    if text.first() == Some(&b' ') && text.get(1).is_some_and(|b| !b.is_ascii_whitespace()) {
        text.remove(0);
    }
    Arrival {
        // An IPv4 sender on a `[::]` listener is its IPv4 address.
        host: name(message.host).unwrap_or_else(|| peer.to_canonical().to_string()),
        stream: name(message.app).unwrap_or_else(|| "syslog".to_owned()),
        text,
        time: message.timestamp,
        cut: 0,
    }
}

/// A frame read as a message for the remote input; one without a syslog
/// header is counted, and said (its sender and start) once a minute: a
/// shipper set to send another format is a configuration to fix.
fn read(frame: &[u8], cut: u64, peer: IpAddr, stats: &SyslogStats) -> Arrival {
    let message = parse_message(frame);
    if message.headerless() {
        stats.headerless.fetch_add(1, Ordering::Relaxed);
        if stats.said_headerless.lock().is_ok_and(|mut q| q.due()) {
            let start = String::from_utf8_lossy(&frame[..frame.len().min(60)])
                .replace(char::is_control, "?");
            tracing::warn!(
                "syslog: a frame from {peer} has no syslog header and is read as a plain line \
                 (logwarden_syslog_headerless_total; said once a minute): {start:?}"
            );
        }
    }
    Arrival {
        cut,
        ..arrival(message, peer)
    }
}

/// What the listeners have seen, for the metrics and the files view.
#[derive(Debug, Default)]
pub struct SyslogStats {
    /// Frames read (TCP and UDP).
    pub frames: AtomicU64,
    /// TCP connections accepted (plain and TLS).
    pub connections: AtomicU64,
    /// TLS handshakes that failed or timed out (the connection closed).
    pub tls_handshake_failures: AtomicU64,
    /// Octet counts that were not counts (read as lines).
    pub bad_counts: AtomicU64,
    /// Frames cut at the cap.
    pub cut: AtomicU64,
    /// Connections that ended inside an octet-counted frame.
    pub truncated: AtomicU64,
    /// Frames with no syslog header (read as plain lines).
    pub headerless: AtomicU64,
    said_headerless: std::sync::Mutex<Quiet>,
    /// When a TLS sender's refusal was last said.
    pub(super) said_tls_refusal: std::sync::Mutex<Quiet>,
    /// Connections open per sending address.
    by_address: std::sync::Mutex<std::collections::HashMap<IpAddr, u32>>,
    /// TCP connections open now (plain and TLS).
    pub open_connections: AtomicU64,
    /// TCP connections closed at once because [`connection_limit`] were open.
    pub refused_connections: AtomicU64,
    /// UDP datagrams read but dropped because the input was stopping.
    pub udp_dropped: AtomicU64,
    /// The UDP sockets' inodes, to read what the kernel dropped for them.
    pub udp_inodes: std::sync::Mutex<Vec<u64>>,
}

impl SyslogStats {
    fn count(&self, problem: &FrameError) {
        let counter = match problem {
            FrameError::BadCount => &self.bad_counts,
            FrameError::Cut { .. } => &self.cut,
            FrameError::Truncated { .. } => &self.truncated,
        };
        counter.fetch_add(1, Ordering::Relaxed);
    }
}

/// Bytes read from a connection at once.
const READ: usize = 64 * 1024;

/// Accepts connections on `listener` until `stop` turns true; each one's
/// frames, read as messages, go to `out` (at most `cap` bytes each).
pub async fn serve_tcp(
    listener: TcpListener,
    cap: usize,
    out: mpsc::Sender<Vec<Arrival>>,
    stats: Arc<SyslogStats>,
    stop: watch::Receiver<bool>,
) {
    accept(listener, &stats, stop, |stream, peer, slot| {
        let (out, stats) = (out.clone(), Arc::clone(&stats));
        tokio::spawn(async move {
            connection(stream, peer.ip(), cap, out, stats).await;
            drop(slot);
        });
    })
    .await;
}

/// Accepts connections on `listener` (each counted) and hands each to
/// `handle` with its [`Slot`], until `stop` turns true. Past
/// [`connection_limit`] a connection is closed at once, counted.
pub(super) async fn accept(
    listener: TcpListener,
    stats: &Arc<SyslogStats>,
    mut stop: watch::Receiver<bool>,
    mut handle: impl FnMut(TcpStream, SocketAddr, Slot),
) {
    let (mut refusals, mut failures) = (Quiet::default(), Quiet::default());
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => {
                    stats.connections.fetch_add(1, Ordering::Relaxed);
                    match Slot::take(stats, peer.ip()) {
                        Ok(slot) => handle(stream, peer, slot),
                        Err(full) => {
                            stats.refused_connections.fetch_add(1, Ordering::Relaxed);
                            if refusals.due() {
                                let why = match full {
                                    Full::All => format!(
                                        "{} connections are open, the most taken (half the open-file limit)",
                                        connection_limit()
                                    ),
                                    Full::Address => format!(
                                        "{} holds {} connections, the most one address may",
                                        peer.ip(),
                                        per_address_limit()
                                    ),
                                };
                                tracing::warn!(
                                    "syslog: {why}: {peer} and others past it are closed at once \
                                     (logwarden_syslog_connections_refused_total; said once a minute)"
                                );
                            }
                        }
                    }
                }
                // Out of descriptors, say: said, and accepting goes on.
                Err(e) => {
                    if failures.due() {
                        tracing::warn!("syslog: cannot accept a connection: {e} (said once a minute)");
                    }
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                }
            },
            _ = stop.changed() => break,
        }
    }
}

/// One connection, to its end: plain TCP, or TLS once its handshake is done.
pub(super) async fn connection(
    mut stream: impl AsyncRead + Unpin,
    peer: IpAddr,
    cap: usize,
    out: mpsc::Sender<Vec<Arrival>>,
    stats: Arc<SyslogStats>,
) {
    let mut framer = Framer::new(cap);
    let mut buf = vec![0u8; READ];
    loop {
        let n = match stream.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        // Syslog messages are rarely under 64 bytes: one allocation, mostly.
        let mut messages = Vec::with_capacity(n / 64 + 1);
        framer.feed(
            &buf[..n],
            &mut |frame, cut| messages.push(read(frame, cut, peer, &stats)),
            &mut |problem| stats.count(&problem),
        );
        if !deliver(messages, &out, &stats).await {
            return;
        }
    }
    let mut messages = Vec::new();
    framer.finish(
        &mut |frame, cut| messages.push(read(frame, cut, peer, &stats)),
        &mut |problem| stats.count(&problem),
    );
    deliver(messages, &out, &stats).await;
}

/// Sends `messages` on, waiting for room (TCP pushes back on the sender);
/// false once nobody receives.
async fn deliver(
    messages: Vec<Arrival>,
    out: &mpsc::Sender<Vec<Arrival>>,
    stats: &SyslogStats,
) -> bool {
    if messages.is_empty() {
        return true;
    }
    stats
        .frames
        .fetch_add(messages.len() as u64, Ordering::Relaxed);
    out.send(messages).await.is_ok()
}

/// Reads datagrams on `socket` until `stop` turns true: each is one frame
/// (cut at `cap`); when `out` is full reading waits (the kernel buffers).
pub async fn serve_udp(
    socket: UdpSocket,
    cap: usize,
    out: mpsc::Sender<Vec<Arrival>>,
    stats: Arc<SyslogStats>,
    mut stop: watch::Receiver<bool>,
) {
    let mut buf = vec![0u8; 65_536];
    loop {
        tokio::select! {
            ready = socket.readable() => {
                if ready.is_err() {
                    continue;
                }
                let batch = drain_ready(&socket, &mut buf, cap, &stats);
                if batch.is_empty() {
                    continue;
                }
                let n = batch.len() as u64;
                stats.frames.fetch_add(n, Ordering::Relaxed);
                // A full queue: wait, reading nothing meanwhile, so a burst
                // waits in the socket's receive buffer (16 MiB) instead of
                // being dropped here; only what overflows that is lost (the
                // kernel counts it). Dropped here only when stopping.
                let sent = tokio::select! {
                    sent = out.send(batch) => sent.is_ok(),
                    _ = stop.changed() => false,
                };
                if !sent {
                    stats.udp_dropped.fetch_add(n, Ordering::Relaxed);
                    break;
                }
            }
            _ = stop.changed() => break,
        }
    }
}

/// Datagrams waiting on `socket` (at most [`UDP_BATCH`], or until [`READ`]
/// bytes were taken), each one frame cut at `cap`.
fn drain_ready(
    socket: &UdpSocket,
    buf: &mut [u8],
    cap: usize,
    stats: &SyslogStats,
) -> Vec<Arrival> {
    let mut batch = Vec::new();
    let mut bytes = 0;
    // Bounded in bytes too, as a TCP read is: the queue holds batches, and
    // 256 datagrams of 64 KiB each would make it hold gigabytes.
    while batch.len() < UDP_BATCH && bytes < READ {
        let Ok((n, peer)) = socket.try_recv_from(buf) else {
            break;
        };
        bytes += n;
        for mut frame in messages_in(&buf[..n]) {
            while let Some(stripped) = frame.strip_suffix(b"\n") {
                frame = stripped;
            }
            let whole = frame.len();
            if whole > cap {
                stats.cut.fetch_add(1, Ordering::Relaxed);
                frame = &frame[..cap];
            }
            batch.push(read(frame, (whole - frame.len()) as u64, peer.ip(), stats));
        }
    }
    batch
}

/// The messages of one datagram: usually one, but some senders put
/// several in a datagram, each on its own line starting with `<PRI>`
/// (a line that does not is part of the message before: a traceback).
fn messages_in(datagram: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut rest = datagram;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let mut from = 0;
        let end = loop {
            match memchr::memchr(b'\n', &rest[from..]) {
                Some(at) if starts_with_priority(&rest[from + at + 1..]) => break from + at + 1,
                Some(at) => from += at + 1,
                None => break rest.len(),
            }
        };
        let (message, after) = rest.split_at(end);
        rest = after;
        Some(message)
    })
}

/// Whether `text` starts with `<` and 1-3 digits and `>`.
fn starts_with_priority(text: &[u8]) -> bool {
    let digits = text
        .iter()
        .skip(1)
        .take_while(|b| b.is_ascii_digit())
        .count();
    text.first() == Some(&b'<') && (1..=3).contains(&digits) && text.get(1 + digits) == Some(&b'>')
}

/// Datagrams handed on at once.
const UDP_BATCH: usize = 256;

#[cfg(test)]
mod tests;
