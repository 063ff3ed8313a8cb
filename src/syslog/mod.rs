//! Syslog input, as rsyslog, syslog-ng and the OpenTelemetry Collector
//! send it: frames cut from a stream (octet counting, RFC 6587 3.4.1, or
//! one per line, 3.4.2) or one per datagram, and messages read as RFC 5424
//! or RFC 3164 (BSD). Pure: bytes in, messages out; the listeners come
//! next.

mod frame;
mod message;

pub use frame::{FrameError, Framer};
pub use message::{Shape, SyslogMessage, parse_message};
