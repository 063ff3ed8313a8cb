//! Syslog input, as rsyslog, syslog-ng and the OpenTelemetry Collector
//! send it: frames cut from a stream (octet counting, RFC 6587 3.4.1, or
//! one per line, 3.4.2) or one per datagram, and messages read as RFC 5424
//! or RFC 3164 (BSD); listeners for TCP, TLS (RFC 5425) and UDP that hand
//! the messages to the remote input ([`crate::remote`]) in batches.

mod frame;
mod listen;
mod message;
mod tls;
mod udp;

pub use frame::{FrameError, Framer};
pub use listen::{SyslogStats, arrival, serve_tcp, serve_udp};
pub use message::{Shape, SyslogMessage, parse_message};
pub use tls::{HANDSHAKE_TIMEOUT, TlsConfig, TlsError, serve_tls, server_config};
pub use udp::{RECEIVE_BUFFER, enlarge_receive_buffer, inode, kernel_drops};
