//! Syslog over TLS (RFC 5425): the server's certificate and key read from
//! PEM files at startup (every problem refused, naming the file), and a
//! listener that does each connection's handshake under a deadline, then
//! reads it as plain TCP is read (octet counting or lines).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, watch};
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::pki_types::pem::{self, PemObject};
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::rustls::sign::CertifiedKey;
use tokio_rustls::rustls::{self, ServerConfig};

use super::SyslogStats;
use super::listen::{accept, connection};
use crate::remote::Arrival;

/// How long a client has to finish its handshake: one that connects and
/// says nothing must not hold a task (and a descriptor) forever.
pub const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// The server's side of TLS, as [`server_config`] makes it.
pub type TlsConfig = ServerConfig;

/// A certificate or key file that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("syslog over TLS: {role} {}: {problem}", path.display())]
pub struct TlsError {
    /// `certificate file` or `key file`.
    pub role: &'static str,
    /// The file.
    pub path: PathBuf,
    /// What is wrong with it.
    pub problem: String,
}

const CERT: &str = "certificate file";
const KEY: &str = "key file";

fn refused(role: &'static str, path: &Path, problem: impl Into<String>) -> TlsError {
    TlsError {
        role,
        path: path.to_owned(),
        problem: problem.into(),
    }
}

/// The server side of TLS: the chain in `cert` (leaf first) and the key in
/// `key` (PKCS#8, PKCS#1 or SEC1), which must be the leaf's. No client
/// certificate is asked for (senders are told apart by their host names).
pub fn server_config(cert: &Path, key: &Path) -> Result<Arc<ServerConfig>, TlsError> {
    // ring, as ureq uses (one crypto provider in the build); rustls marks
    // it deprecated for lacking post-quantum key exchange, not for a flaw.
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let chain = read_chain(cert)?;
    let key_der = read_key(key)?;
    let signing = provider
        .key_provider
        .load_private_key(key_der)
        .map_err(|e| refused(KEY, key, format!("not a key that can be used ({e})")))?;
    let certified = CertifiedKey::new(chain, signing);
    match certified.keys_match() {
        // A key that cannot say its public half is let through (ring's all can).
        Ok(()) | Err(rustls::Error::InconsistentKeys(rustls::InconsistentKeys::Unknown)) => {}
        Err(rustls::Error::InconsistentKeys(rustls::InconsistentKeys::KeyMismatch)) => {
            return Err(refused(
                KEY,
                key,
                format!("does not match the certificate in {}", cert.display()),
            ));
        }
        Err(e) => {
            return Err(refused(
                CERT,
                cert,
                format!("the first certificate cannot be read ({e})"),
            ));
        }
    }
    let config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| refused(CERT, cert, format!("no TLS version to offer ({e})")))?
        .with_no_client_auth()
        .with_cert_resolver(Arc::new(rustls::sign::SingleCertAndKey::from(certified)));
    Ok(Arc::new(config))
}

/// The certificates in `path`, in order.
fn read_chain(path: &Path) -> Result<Vec<CertificateDer<'static>>, TlsError> {
    let bytes = read(CERT, path)?;
    let chain = CertificateDer::pem_slice_iter(&bytes)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| refused(CERT, path, bad_pem(&e)))?;
    if chain.is_empty() {
        return Err(refused(
            CERT,
            path,
            "holds no certificate (a PEM block `-----BEGIN CERTIFICATE-----`)",
        ));
    }
    Ok(chain)
}

/// The first private key in `path`.
fn read_key(path: &Path) -> Result<PrivateKeyDer<'static>, TlsError> {
    let bytes = read(KEY, path)?;
    PrivateKeyDer::from_pem_slice(&bytes).map_err(|e| match e {
        pem::Error::NoItemsFound if contains(&bytes, b"ENCRYPTED PRIVATE KEY") => refused(
            KEY,
            path,
            "holds an encrypted key: decrypt it first (openssl pkey -in KEY -out PLAIN)",
        ),
        pem::Error::NoItemsFound => refused(
            KEY,
            path,
            "holds no private key (a PEM block `-----BEGIN PRIVATE KEY-----`, \
             `-----BEGIN RSA PRIVATE KEY-----` or `-----BEGIN EC PRIVATE KEY-----`)",
        ),
        other => refused(KEY, path, bad_pem(&other)),
    })
}

/// Larger than any PEM chain or key (a device or a wrong file is not read
/// for ever).
const PEM_MAX: u64 = 1 << 20;

fn read(role: &'static str, path: &Path) -> Result<Vec<u8>, TlsError> {
    use std::io::Read;
    let cannot = |e: std::io::Error| refused(role, path, format!("cannot be read ({e})"));
    let mut bytes = Vec::new();
    (std::fs::File::open(path).map_err(cannot)?)
        .take(PEM_MAX + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > PEM_MAX {
        return Err(refused(role, path, "is over 1 MiB: not a PEM file"));
    }
    Ok(bytes)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// A PEM error said in words (the library's quotes lines as byte lists).
fn bad_pem(e: &pem::Error) -> String {
    match e {
        pem::Error::MissingSectionEnd { .. } => "is not valid PEM (a block has no END line)".into(),
        pem::Error::IllegalSectionStart { .. } => {
            "is not valid PEM (a malformed `-----BEGIN` line)".into()
        }
        pem::Error::Base64Decode(_) => "is not valid PEM (a block is not base64)".into(),
        other => format!("is not valid PEM ({other})"),
    }
}

/// Whether a sender's alert says it does not trust our certificate.
fn is_about_trust(alert: rustls::AlertDescription) -> bool {
    use rustls::AlertDescription as A;
    matches!(
        alert,
        A::BadCertificate
            | A::UnsupportedCertificate
            | A::CertificateRevoked
            | A::CertificateExpired
            | A::CertificateUnknown
            | A::UnknownCA
            | A::AccessDenied
    )
}

/// Accepts connections on `listener` until `stop` turns true; each one's
/// handshake must end within `handshake` (a failure is counted, and the
/// connection closed), then its frames go to `out` as over plain TCP.
pub async fn serve_tls(
    listener: TcpListener,
    config: Arc<ServerConfig>,
    handshake: Duration,
    cap: usize,
    out: mpsc::Sender<Vec<Arrival>>,
    stats: Arc<SyslogStats>,
    stop: watch::Receiver<bool>,
) {
    let acceptor = TlsAcceptor::from(config);
    accept(listener, &stats, stop, |stream, peer, slot| {
        let (acceptor, out, stats) = (acceptor.clone(), out.clone(), Arc::clone(&stats));
        tokio::spawn(async move {
            let _slot = slot;
            let Some(tls) = shake(&acceptor, stream, handshake, peer, &stats).await else {
                return;
            };
            connection(tls, peer.ip(), cap, out, stats).await;
        });
    })
    .await;
}

/// The handshake on `stream`, or `None` (counted and said) when it failed
/// or took longer than `limit`.
async fn shake(
    acceptor: &TlsAcceptor,
    stream: TcpStream,
    limit: Duration,
    peer: std::net::SocketAddr,
    stats: &SyslogStats,
) -> Option<tokio_rustls::server::TlsStream<TcpStream>> {
    let failed = match tokio::time::timeout(limit, acceptor.accept(stream)).await {
        Ok(Ok(tls)) => return Some(tls),
        Ok(Err(e)) => e,
        Err(_) => {
            stats.tls_handshake_failures.fetch_add(1, Ordering::Relaxed);
            tracing::debug!("syslog over TLS: {peer} did not finish its handshake in time");
            return None;
        }
    };
    stats.tls_handshake_failures.fetch_add(1, Ordering::Relaxed);
    let alert = failed
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<rustls::Error>())
        .and_then(|e| match e {
            rustls::Error::AlertReceived(alert) => Some(*alert),
            _ => None,
        });
    let said = || stats.said_tls_refusal.lock().is_ok_and(|mut q| q.due());
    match alert {
        // The sender refused our certificate, which only its operator can
        // fix: worth a warning, once a minute (a fleet retrying would
        // flood the log; the counter counts them all).
        Some(alert) if is_about_trust(alert) && said() => tracing::warn!(
            "syslog over TLS: {peer} refused the handshake ({alert:?}): does it trust this \
             certificate (its CA file)? (said once a minute)"
        ),
        Some(alert) if said() => tracing::warn!(
            "syslog over TLS: {peer} refused the handshake ({alert:?}) (said once a minute)"
        ),
        Some(_) => {}
        // Scanners and plain-TCP senders would flood the log; the counter
        // says it happens.
        None => tracing::debug!("syslog over TLS: handshake with {peer} failed: {failed}"),
    }
    None
}

#[cfg(test)]
mod tests;
