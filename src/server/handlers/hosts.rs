//! `GET /api/logs/hosts`: every host logwarden has heard from or holds
//! issues of (this machine's too, when it follows files), with its
//! health, open issues and when it was last heard from.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::DetectedAt;
use crate::pipeline::local_host;
use crate::remote::RemoteHandle;
use crate::server::issue_json::{Success, to_json};
use crate::store::Snapshot;

/// One host's row.
#[derive(Debug, Serialize)]
struct HostRow {
    host: String,
    /// This machine (its files), not a sender.
    local: bool,
    health_score: f64,
    health_status: &'static str,
    open_issues: u64,
    open_critical: u64,
    last_issue: Option<DetectedAt>,
    /// Messages received from it since start (none for this machine).
    messages: Option<u64>,
    first_seen: Option<DetectedAt>,
    last_seen: Option<DetectedAt>,
}

#[derive(Debug, Serialize)]
struct HostsBody {
    status: Success,
    count: usize,
    hosts: Vec<HostRow>,
    /// Messages from hosts past the most listed (still classified).
    unlisted_messages: u64,
}

/// The body, from the snapshot and the hosts the remote input heard from.
pub(crate) fn hosts(snap: &Snapshot, remote: Option<&RemoteHandle>) -> Vec<u8> {
    let mut rows: BTreeMap<String, HostRow> = BTreeMap::new();
    let local = local_host();
    let blank = |host: &str| HostRow {
        host: host.to_owned(),
        local: host == local,
        health_score: 100.0,
        health_status: "healthy",
        open_issues: 0,
        open_critical: 0,
        last_issue: None,
        messages: None,
        first_seen: None,
        last_seen: None,
    };
    if snap.files > 0 {
        rows.insert(local.to_owned(), blank(local));
    }
    for held in &snap.hosts {
        let row = rows
            .entry(held.host.clone())
            .or_insert_with(|| blank(&held.host));
        row.health_score = held.health;
        row.health_status = held.status.as_str();
        row.open_issues = held.open;
        row.open_critical = held.open_critical;
        row.last_issue = held.last_issue;
    }
    let mut unlisted = 0;
    if let Some(remote) = remote {
        for seen in remote.hosts.list() {
            let row = rows
                .entry(seen.host.clone())
                .or_insert_with(|| blank(&seen.host));
            // A sender with this machine's name is still a sender.
            row.local = false;
            row.messages = Some(seen.messages);
            row.first_seen = Some(DetectedAt::at(seen.first_seen));
            row.last_seen = Some(DetectedAt::at(seen.last_seen));
        }
        unlisted = remote
            .hosts
            .unlisted
            .load(std::sync::atomic::Ordering::Relaxed);
    }
    let hosts: Vec<HostRow> = rows.into_values().collect();
    let body = HostsBody {
        status: Success,
        count: hosts.len(),
        hosts,
        unlisted_messages: unlisted,
    };
    to_json(256 + 256 * body.count, &body)
}
