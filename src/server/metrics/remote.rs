//! The families of input from other machines (only when it runs) and per
//! host: each host's health and open issues (every host with issues held),
//! its messages and when it was last heard from (senders).

use std::sync::atomic::{AtomicU64, Ordering};

use super::{Kind, header, label, sample};
use crate::remote::RemoteHandle;
use crate::store::Snapshot;

/// A counter or gauge read from an atomic.
type Counter = (&'static str, Kind, &'static str, u64);

fn read(counter: &AtomicU64) -> u64 {
    counter.load(Ordering::Relaxed)
}

/// Per host, then the remote input's counters.
pub(super) fn render(out: &mut String, snap: &Snapshot, remote: Option<&RemoteHandle>) {
    if snap.hosts.len() > 1 || remote.is_some() {
        per_host(out, snap);
    }
    let Some(remote) = remote else {
        return;
    };
    let hosts = remote.hosts.list();
    let name = "logwarden_host_messages_total";
    header(
        out,
        name,
        Kind::Counter,
        "Messages received from each host since start.",
    );
    for seen in &hosts {
        sample(
            out,
            &format!("{name}{{host=\"{}\"}}", label(&seen.host)),
            seen.messages,
        );
    }
    let name = "logwarden_host_last_seen_timestamp_seconds";
    header(
        out,
        name,
        Kind::Gauge,
        "When each host's latest message arrived (Unix time).",
    );
    for seen in &hosts {
        let at = seen.last_seen.timestamp_millis() as f64 / 1000.0;
        sample(
            out,
            &format!("{name}{{host=\"{}\"}}", label(&seen.host)),
            at,
        );
    }
    let stats = &remote.stats;
    let mut counters: Vec<Counter> = vec![
        (
            "logwarden_remote_messages_total",
            Kind::Counter,
            "Messages from other machines classified since start.",
            read(&stats.messages),
        ),
        (
            "logwarden_remote_lines_total",
            Kind::Counter,
            "Lines of those messages classified since start.",
            read(&stats.lines),
        ),
        (
            "logwarden_remote_streams",
            Kind::Gauge,
            "(host, program or file) pipelines open now.",
            read(&stats.streams),
        ),
        (
            "logwarden_remote_streams_evicted_total",
            Kind::Counter,
            "Pipelines closed early to stay within the most kept.",
            read(&stats.streams_evicted),
        ),
        (
            "logwarden_remote_hosts",
            Kind::Gauge,
            "Hosts heard from since start (listed ones).",
            hosts.len() as u64,
        ),
        (
            "logwarden_remote_unlisted_messages_total",
            Kind::Counter,
            "Messages from hosts past the most listed (still classified).",
            read(&remote.hosts.unlisted),
        ),
        (
            "logwarden_ingest_refused_total",
            Kind::Counter,
            "HTTP ingest requests answered 429 because the queue was full (the shipper retries).",
            read(&stats.http_refused),
        ),
    ];
    if let Some(syslog) = &remote.syslog {
        counters.extend([
            (
                "logwarden_syslog_frames_total",
                Kind::Counter,
                "Syslog frames read (TCP and UDP).",
                read(&syslog.frames),
            ),
            (
                "logwarden_syslog_connections_total",
                Kind::Counter,
                "Syslog TCP connections accepted (plain and TLS).",
                read(&syslog.connections),
            ),
            (
                "logwarden_syslog_connections_open",
                Kind::Gauge,
                "Syslog TCP connections open now (plain and TLS).",
                read(&syslog.open_connections),
            ),
            (
                "logwarden_syslog_connections_refused_total",
                Kind::Counter,
                "Syslog TCP connections closed at once because the most allowed (half the open-file limit) were open.",
                read(&syslog.refused_connections),
            ),
            (
                "logwarden_syslog_tls_handshake_failures_total",
                Kind::Counter,
                "Syslog over TLS connections closed because their handshake failed or did not finish in time.",
                read(&syslog.tls_handshake_failures),
            ),
            (
                "logwarden_syslog_headerless_total",
                Kind::Counter,
                "Syslog frames with no syslog header (no <PRI>, or no version or time after it), read as plain lines.",
                read(&syslog.headerless),
            ),
            (
                "logwarden_syslog_bad_counts_total",
                Kind::Counter,
                "Octet counts that were not counts (the frame read as a line).",
                read(&syslog.bad_counts),
            ),
            (
                "logwarden_syslog_cut_total",
                Kind::Counter,
                "Syslog frames cut at the line cap.",
                read(&syslog.cut),
            ),
            (
                "logwarden_syslog_truncated_total",
                Kind::Counter,
                "TCP connections that ended inside a frame (what came was kept).",
                read(&syslog.truncated),
            ),
            (
                "logwarden_syslog_udp_dropped_total",
                Kind::Counter,
                "UDP datagrams read but dropped because the input was stopping (a full queue leaves them in the kernel's buffer instead).",
                read(&syslog.udp_dropped),
            ),
        ]);
        let inodes = (syslog.udp_inodes.lock()).map_or_else(|_| Vec::new(), |i| i.clone());
        if let Some(drops) = crate::syslog::kernel_drops(&inodes) {
            counters.push((
                "logwarden_syslog_udp_kernel_dropped_total",
                Kind::Counter,
                "UDP datagrams the kernel dropped before logwarden read them (its receive buffer was full; /proc/net/udp).",
                drops,
            ));
        }
    }
    for (name, kind, help, value) in counters {
        header(out, name, kind, help);
        sample(out, name, value);
    }
}

/// `logwarden_host_health_score` and `logwarden_host_issues_open`.
fn per_host(out: &mut String, snap: &Snapshot) {
    let name = "logwarden_host_health_score";
    header(
        out,
        name,
        Kind::Gauge,
        "Each host's 0-100 health score, over its own issues.",
    );
    for host in &snap.hosts {
        sample(
            out,
            &format!("{name}{{host=\"{}\"}}", label(&host.host)),
            host.health,
        );
    }
    let name = "logwarden_host_issues_open";
    header(
        out,
        name,
        Kind::Gauge,
        "Each host's unresolved issues held.",
    );
    for host in &snap.hosts {
        sample(
            out,
            &format!("{name}{{host=\"{}\"}}", label(&host.host)),
            host.open,
        );
    }
}
