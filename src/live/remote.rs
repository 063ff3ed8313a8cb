//! Starting input from other machines: the syslog sockets are bound before
//! anything starts (an address in use is refused with nothing started),
//! then the remote thread and the listeners run until shutdown.

use std::net::{TcpListener, UdpSocket};
use std::sync::Arc;

use tokio::sync::mpsc;

use crate::classify::Classifier;
use crate::config::RemoteConfig;
use crate::error::{Error, Result};
use crate::follow::Update;
use crate::remote::{RemoteHandle, RemoteInput};
use crate::syslog::{SyslogStats, serve_tcp, serve_udp};

/// The syslog sockets, bound.
#[derive(Debug, Default)]
pub(super) struct Bound {
    tcp: Vec<TcpListener>,
    udp: Vec<UdpSocket>,
}

/// Binds TCP and UDP on every syslog address.
pub(super) fn bind(config: &RemoteConfig) -> Result<Bound> {
    let mut bound = Bound::default();
    for &addr in &config.syslog {
        let failed = |protocol| {
            move |source| Error::Listen {
                addr,
                protocol,
                source,
            }
        };
        let tcp = TcpListener::bind(addr).map_err(failed("TCP"))?;
        tcp.set_nonblocking(true).map_err(failed("TCP"))?;
        // Port 0 asks for any port: UDP takes the one TCP got.
        let port = tcp.local_addr().map_err(failed("TCP"))?.port();
        let udp = UdpSocket::bind((addr.ip(), port)).map_err(failed("UDP"))?;
        udp.set_nonblocking(true).map_err(failed("UDP"))?;
        tracing::info!("syslog: listening on {}:{port} (TCP and UDP)", addr.ip());
        bound.tcp.push(tcp);
        bound.udp.push(udp);
    }
    Ok(bound)
}

/// The remote input, running, and what the API needs of it.
#[derive(Debug)]
pub(super) struct Remote {
    pub input: RemoteInput,
    pub handle: RemoteHandle,
    /// The syslog addresses as bound (the real ports).
    pub syslog: Vec<std::net::SocketAddr>,
}

/// Starts the remote thread and, on the current runtime, the listeners on
/// `bound`; issues go to `out`.
pub(super) fn start(
    config: &RemoteConfig,
    bound: Bound,
    classifier: Arc<Classifier>,
    out: mpsc::Sender<Update>,
    line_cap: usize,
) -> Result<Remote> {
    let input = RemoteInput::start(classifier, out, line_cap).map_err(Error::Start)?;
    let stats = (!bound.tcp.is_empty()).then(|| Arc::new(SyslogStats::default()));
    let mut syslog = Vec::new();
    for listener in bound.tcp {
        syslog.extend(listener.local_addr().ok());
        let listener = tokio::net::TcpListener::from_std(listener).map_err(Error::Start)?;
        let stats = stats.clone().unwrap_or_default();
        tokio::spawn(serve_tcp(
            listener,
            line_cap,
            input.sender(),
            stats,
            input.stopping(),
        ));
    }
    for socket in bound.udp {
        if let Some(stats) = &stats {
            // A burst waits in the kernel rather than being dropped there.
            let got = crate::syslog::enlarge_receive_buffer(&socket).unwrap_or(0);
            if got < crate::syslog::RECEIVE_BUFFER / 2 {
                tracing::warn!(
                    "syslog: the kernel gave UDP a receive buffer of {got} bytes (net.core.rmem_max): \
                     a burst past it is dropped by the kernel (logwarden_syslog_udp_kernel_dropped_total)"
                );
            }
            if let (Some(inode), Ok(mut inodes)) =
                (crate::syslog::inode(&socket), stats.udp_inodes.lock())
            {
                inodes.push(inode);
            }
        }
        let socket = tokio::net::UdpSocket::from_std(socket).map_err(Error::Start)?;
        let stats = stats.clone().unwrap_or_default();
        tokio::spawn(serve_udp(
            socket,
            line_cap,
            input.sender(),
            stats,
            input.stopping(),
        ));
    }
    let handle = input.handle(stats, config.ingest.clone());
    Ok(Remote {
        input,
        handle,
        syslog,
    })
}
