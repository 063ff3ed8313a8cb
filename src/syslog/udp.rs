//! What the kernel does for a UDP listener: a large receive buffer, so a
//! burst waits in the kernel instead of being dropped there, and the
//! kernel's own drop count for the socket (`/proc/net/udp`), since those
//! datagrams never reach logwarden's counters.

use std::os::fd::AsRawFd;

/// The receive buffer asked for (the kernel may give less: `rmem_max`).
pub const RECEIVE_BUFFER: usize = 16 << 20;

/// Asks for [`RECEIVE_BUFFER`] (as root past `rmem_max`); returns the size
/// the kernel gave.
pub fn enlarge_receive_buffer(socket: &impl AsRawFd) -> Option<usize> {
    let fd = socket.as_raw_fd();
    let size = libc::c_int::try_from(RECEIVE_BUFFER).ok()?;
    let len = std::mem::size_of::<libc::c_int>() as libc::socklen_t;
    // SAFETY: fd is an open socket; the option value points at a c_int of `len` bytes.
    unsafe {
        let force = libc::setsockopt(
            fd,
            libc::SOL_SOCKET,
            libc::SO_RCVBUFFORCE,
            (&raw const size).cast(),
            len,
        );
        if force != 0 {
            libc::setsockopt(
                fd,
                libc::SOL_SOCKET,
                libc::SO_RCVBUF,
                (&raw const size).cast(),
                len,
            );
        }
    }
    let mut got: libc::c_int = 0;
    let mut got_len = len;
    // SAFETY: as above; getsockopt writes at most `got_len` bytes into `got`.
    let rc = unsafe {
        libc::getsockopt(
            fd,
            libc::SOL_SOCKET,
            libc::SO_RCVBUF,
            (&raw mut got).cast(),
            &mut got_len,
        )
    };
    (rc == 0).then(|| usize::try_from(got).unwrap_or(0))
}

/// The socket's inode, as `/proc/net/udp` names it.
pub fn inode(socket: &impl AsRawFd) -> Option<u64> {
    // SAFETY: fstat on an open descriptor into a zeroed stat buffer.
    let mut stat: libc::stat = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::fstat(socket.as_raw_fd(), &mut stat) };
    (rc == 0).then_some(stat.st_ino)
}

/// Datagrams the kernel dropped for the sockets with these inodes (the
/// last column of `/proc/net/udp` and `udp6`); `None` where Linux does not say.
pub fn kernel_drops(inodes: &[u64]) -> Option<u64> {
    let mut total = None;
    for table in ["/proc/net/udp", "/proc/net/udp6"] {
        let Ok(text) = std::fs::read_to_string(table) else {
            continue;
        };
        total = Some(total.unwrap_or(0) + drops_in(&text, inodes));
    }
    total
}

/// The drops of the rows whose inode is one of `inodes`.
fn drops_in(table: &str, inodes: &[u64]) -> u64 {
    let mut sum = 0;
    for line in table.lines().skip(1) {
        let fields: Vec<&str> = line.split_whitespace().collect();
        // sl local rem st tx:rx tr:when retrnsmt uid timeout inode ref pointer drops
        let inode = fields.get(9).and_then(|f| f.parse::<u64>().ok());
        if inode.is_some_and(|i| inodes.contains(&i)) {
            sum += fields
                .last()
                .and_then(|f| f.parse::<u64>().ok())
                .unwrap_or(0);
        }
    }
    sum
}

#[cfg(test)]
mod tests;
