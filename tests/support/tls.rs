//! Syslog over TLS for the tests: a self-signed certificate made at test
//! time (rcgen), the real binary listening with it, and a blocking rustls
//! client that trusts only that certificate.

use std::io::Write;
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::sync::Arc;

use tokio_rustls::rustls::pki_types::{CertificateDer, ServerName};
use tokio_rustls::rustls::{self, ClientConfig, ClientConnection, RootCertStore, StreamOwned};

use super::api::{DEADLINE, Served};

/// A certificate for `localhost` and 127.0.0.1, and its key, as PEM files.
pub struct Cert {
    pub dir: tempfile::TempDir,
    pub cert: PathBuf,
    pub key: PathBuf,
    pub der: CertificateDer<'static>,
}

impl Cert {
    /// A new self-signed one.
    pub fn new() -> Cert {
        let names = vec!["localhost".to_owned(), "127.0.0.1".to_owned()];
        let made = rcgen::generate_simple_self_signed(names).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let cert = dir.path().join("server.crt");
        let key = dir.path().join("server.key");
        std::fs::write(&cert, made.cert.pem()).unwrap();
        std::fs::write(&key, made.signing_key.serialize_pem()).unwrap();
        Cert {
            dir,
            cert,
            key,
            der: made.cert.der().clone(),
        }
    }

    /// The flags that listen for syslog over TLS on a free loopback port.
    pub fn args(&self) -> Vec<String> {
        vec![
            "--syslog-tls".to_owned(),
            "127.0.0.1:0".to_owned(),
            "--syslog-tls-cert".to_owned(),
            self.cert.display().to_string(),
            "--syslog-tls-key".to_owned(),
            self.key.display().to_string(),
        ]
    }
}

/// Starts logwarden (the API, headless) listening for syslog over TLS
/// with a new certificate; `args` are added. Returns it, the TLS address
/// and the certificate.
pub fn start(args: &[&str]) -> (Served, SocketAddr, Cert) {
    let cert = Cert::new();
    let mut all: Vec<&str> = Vec::new();
    let tls = cert.args();
    all.extend(tls.iter().map(String::as_str));
    all.extend_from_slice(args);
    let served = Served::start(&all);
    let addr = tls_addr(&served);
    (served, addr, cert)
}

/// The address `logwarden: syslog over TLS on ADDR` named.
pub fn tls_addr(served: &Served) -> SocketAddr {
    let lines = served.stderr_lines();
    lines
        .iter()
        .find_map(|l| {
            l.strip_prefix("logwarden: syslog over TLS on ")?
                .parse()
                .ok()
        })
        .unwrap_or_else(|| panic!("no syslog over TLS address in {lines:#?}"))
}

/// A TLS connection to `addr` trusting only `root`, handshake done.
pub fn connect(
    addr: SocketAddr,
    root: &CertificateDer<'static>,
) -> StreamOwned<ClientConnection, TcpStream> {
    let mut roots = RootCertStore::empty();
    roots.add(root.clone()).unwrap();
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let name = ServerName::try_from("localhost").unwrap();
    let connection = ClientConnection::new(Arc::new(config), name).unwrap();
    let tcp = TcpStream::connect(addr).unwrap();
    tcp.set_read_timeout(Some(DEADLINE)).unwrap();
    let mut stream = StreamOwned::new(connection, tcp);
    while stream.conn.is_handshaking() {
        stream.conn.complete_io(&mut stream.sock).unwrap();
    }
    stream
}

/// Sends `bytes` over a new TLS connection to `addr` and closes it
/// (close_notify, as a clean sender does).
pub fn send(addr: SocketAddr, root: &CertificateDer<'static>, bytes: &[u8]) {
    let mut stream = connect(addr, root);
    stream.write_all(bytes).unwrap();
    stream.conn.send_close_notify();
    stream.flush().unwrap();
}
