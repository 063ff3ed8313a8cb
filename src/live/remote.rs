//! Starting input from other machines: the TLS certificate is read and the
//! syslog sockets are bound before anything starts (an unusable key or an
//! address in use is refused with nothing started), then the remote thread
//! and the listeners run until shutdown.

use std::net::{SocketAddr, TcpListener, UdpSocket};
use std::sync::Arc;

use tokio::sync::mpsc;

use crate::classify::Classifier;
use crate::config::RemoteConfig;
use crate::error::{Error, Result};
use crate::follow::Update;
use crate::remote::{RemoteHandle, RemoteInput};
use crate::syslog::{HANDSHAKE_TIMEOUT, SyslogStats, TlsConfig, serve_tcp, serve_tls, serve_udp};

/// The syslog sockets, bound.
#[derive(Debug, Default)]
pub(super) struct Bound {
    tcp: Vec<TcpListener>,
    udp: Vec<UdpSocket>,
    /// The TLS listeners and their certificate.
    tls: Vec<TcpListener>,
    tls_config: Option<Arc<TlsConfig>>,
}

impl Bound {
    fn tcp_of_any_kind(&self) -> bool {
        !self.tcp.is_empty() || !self.tls.is_empty()
    }
}

/// Reads the TLS certificate and key, then binds TCP and UDP on every
/// syslog address and TCP on every TLS one.
pub(super) fn bind(config: &RemoteConfig) -> Result<Bound> {
    let mut bound = Bound::default();
    if let Some(tls) = &config.syslog_tls {
        bound.tls_config = Some(crate::syslog::server_config(&tls.cert, &tls.key)?);
        for &addr in &tls.listen {
            let listener = bind_tcp(addr, "TLS")?;
            tracing::info!("syslog: listening on {} (TLS)", local(&listener, addr));
            bound.tls.push(listener);
        }
    }
    for &addr in &config.syslog {
        let failed = |protocol| {
            move |source| Error::Listen {
                addr,
                protocol,
                source,
            }
        };
        let tcp = bind_tcp(addr, "TCP")?;
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

/// A non-blocking TCP listener on `addr` (`protocol` names it in errors).
fn bind_tcp(addr: SocketAddr, protocol: &'static str) -> Result<TcpListener> {
    let failed = |source| Error::Listen {
        addr,
        protocol,
        source,
    };
    let listener = TcpListener::bind(addr).map_err(failed)?;
    listener.set_nonblocking(true).map_err(failed)?;
    Ok(listener)
}

/// Where `listener` listens (the real port), else the address asked for.
fn local(listener: &TcpListener, asked: SocketAddr) -> SocketAddr {
    listener.local_addr().unwrap_or(asked)
}

/// The remote input, running, and what the API needs of it.
#[derive(Debug)]
pub(super) struct Remote {
    pub input: RemoteInput,
    pub handle: RemoteHandle,
    /// The syslog addresses as bound (the real ports).
    pub syslog: Vec<SocketAddr>,
    /// The syslog over TLS addresses as bound.
    pub syslog_tls: Vec<SocketAddr>,
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
    let stats = bound
        .tcp_of_any_kind()
        .then(|| Arc::new(SyslogStats::default()));
    let mut syslog_tls = Vec::new();
    if let Some(config) = bound.tls_config {
        for listener in bound.tls {
            syslog_tls.extend(listener.local_addr().ok());
            let listener = tokio::net::TcpListener::from_std(listener).map_err(Error::Start)?;
            tokio::spawn(serve_tls(
                listener,
                Arc::clone(&config),
                HANDSHAKE_TIMEOUT,
                line_cap,
                input.sender(),
                stats.clone().unwrap_or_default(),
                input.stopping(),
            ));
        }
    }
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
        syslog_tls,
    })
}
