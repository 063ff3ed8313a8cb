//! The places TCP connections take: at most half the open-file limit in
//! all, an eighth of that per address; and saying a listener's trouble
//! once a minute.

use std::net::IpAddr;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use super::SyslogStats;

/// TCP connections (plain and TLS, all listeners) open at once, at most:
/// half the descriptors the process may open, so that idle senders cannot
/// take those of the files, the history and the API. One per sending host
/// is the usual case (rsyslog, syslog-ng keep one open).
pub(in crate::syslog) fn connection_limit() -> u64 {
    static LIMIT: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *LIMIT.get_or_init(|| {
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: getrlimit writes into the struct it is given.
        let soft = if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } == 0 {
            limit.rlim_cur
        } else {
            1024
        };
        (soft / 2).clamp(16, 20_000)
    })
}

/// Connections one address may hold: an eighth of [`connection_limit`]
/// (at least 8), so one sender that leaks idle connections cannot shut
/// out the others (a relay needs a few).
pub(super) fn per_address_limit() -> u32 {
    u32::try_from(connection_limit() / 8).map_or(u32::MAX, |n| n.max(8))
}

/// Why a connection was not taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Full {
    /// [`connection_limit`] connections are open.
    All,
    /// Its address holds [`per_address_limit`].
    Address,
}

/// An open connection's place under [`connection_limit`] and its
/// address's [`per_address_limit`], given back when its task ends.
pub(in crate::syslog) struct Slot(Arc<SyslogStats>, IpAddr);

impl Slot {
    pub(super) fn take(stats: &Arc<SyslogStats>, peer: IpAddr) -> Result<Slot, Full> {
        let Ok(mut by_address) = stats.by_address.lock() else {
            return Err(Full::All);
        };
        let held = by_address.entry(peer).or_insert(0);
        if *held >= per_address_limit() {
            return Err(Full::Address);
        }
        let open = &stats.open_connections;
        open.fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
            (n < connection_limit()).then_some(n + 1)
        })
        .map_err(|_| Full::All)?;
        *held += 1;
        Ok(Slot(Arc::clone(stats), peer))
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.open_connections.fetch_sub(1, Ordering::AcqRel);
        if let Ok(mut by_address) = self.0.by_address.lock()
            && let Some(held) = by_address.get_mut(&self.1)
        {
            *held = held.saturating_sub(1);
            if *held == 0 {
                by_address.remove(&self.1);
            }
        }
    }
}

/// Says a listener's trouble at most once a minute (a flood of failing
/// accepts or refused connections would otherwise flood the log).
#[derive(Debug, Default)]
pub(in crate::syslog) struct Quiet(Option<std::time::Instant>);

impl Quiet {
    /// Whether to say it now (a minute since it was last said).
    pub(in crate::syslog) fn due(&mut self) -> bool {
        let now = std::time::Instant::now();
        let due = self
            .0
            .is_none_or(|at| now.duration_since(at) >= std::time::Duration::from_secs(60));
        if due {
            self.0 = Some(now);
        }
        due
    }
}
