//! The open-file limit. The common soft limit (1024) is far below what
//! following thousands of files needs, and the hard limit is usually much
//! higher: the soft limit is raised to the hard one at start. What the
//! engine may hold open is the limit less the descriptors already in use
//! and a reserve for everything else (API connections, the history
//! database, inotify, checkpoint writes, directory listings).

use std::io;

/// The open-file limit as found and as raised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct FdLimit {
    /// The soft limit before raising it.
    pub before: u64,
    /// The soft limit now.
    pub soft: u64,
    /// The hard limit.
    pub hard: u64,
}

/// Raises the soft open-file limit to the hard one (or as near as the
/// kernel allows). Returns the limits, or why they could not be read.
pub(super) fn raise() -> io::Result<FdLimit> {
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit writes into the struct we own.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) } != 0 {
        return Err(io::Error::last_os_error());
    }
    let before = lim.rlim_cur;
    // An unlimited hard limit is not accepted as a soft one: the kernel
    // caps descriptors at fs.nr_open, so try that, then a plain million.
    let targets = [lim.rlim_max, nr_open().min(lim.rlim_max), 1 << 20];
    for target in targets {
        if target <= lim.rlim_cur {
            break;
        }
        let wanted = libc::rlimit {
            rlim_cur: target,
            rlim_max: lim.rlim_max,
        };
        // SAFETY: setrlimit reads the struct we own.
        if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &wanted) } == 0 {
            lim.rlim_cur = target;
            break;
        }
    }
    Ok(FdLimit {
        before,
        soft: lim.rlim_cur,
        hard: lim.rlim_max,
    })
}

/// How many files the engine may hold open under a soft limit of `soft`
/// when `in_use` descriptors are open already. At least a few, so that
/// even a tiny limit reads every file, in turn.
pub(super) fn file_slots(soft: u64, in_use: usize) -> usize {
    let soft = usize::try_from(soft).unwrap_or(usize::MAX);
    let reserve = (soft / 8).clamp(32, 1024);
    soft.saturating_sub(in_use).saturating_sub(reserve).max(4)
}

/// Descriptors open in this process now (0 where /proc is not mounted).
pub(super) fn open_now() -> usize {
    std::fs::read_dir("/proc/self/fd").map_or(0, |dir| dir.count())
}

/// True for an error that means "no descriptor is free" (ours or the system's).
pub(super) fn exhausted(error: &io::Error) -> bool {
    matches!(error.raw_os_error(), Some(libc::EMFILE | libc::ENFILE))
}

fn nr_open() -> u64 {
    std::fs::read_to_string("/proc/sys/fs/nr_open")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(1 << 20)
}

#[cfg(test)]
mod tests;
