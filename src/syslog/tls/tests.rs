#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use rcgen::{CertificateParams, CertifiedIssuer, IsCa, KeyPair};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, watch};
use tokio_rustls::TlsConnector;
use tokio_rustls::rustls::pki_types::{CertificateDer, ServerName};
use tokio_rustls::rustls::{self, ClientConfig, RootCertStore};

use super::{SyslogStats, TlsError, serve_tls, server_config};
use crate::remote::Arrival;

/// A 2048-bit RSA key made for these tests only (ring cannot make RSA keys).
const RSA_KEY: &str = include_str!("rsa-test-key.pem");

/// A self-signed certificate for `localhost` and its key (PEM), in `dir`.
fn self_signed(dir: &Path, name: &str) -> (PathBuf, PathBuf, CertificateDer<'static>) {
    let made = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).unwrap();
    let (cert, key) = (
        dir.join(format!("{name}.crt")),
        dir.join(format!("{name}.key")),
    );
    std::fs::write(&cert, made.cert.pem()).unwrap();
    std::fs::write(&key, made.signing_key.serialize_pem()).unwrap();
    (cert, key, made.cert.der().clone())
}

fn refusal(cert: &Path, key: &Path) -> TlsError {
    server_config(cert, key).map(|_| ()).unwrap_err()
}

/// The PEM of `der` under `label` (rcgen writes PKCS#8 only).
fn pem(label: &str, der: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut text = String::new();
    for chunk in der.chunks(3) {
        let n = chunk.iter().fold(0u32, |n, b| n << 8 | u32::from(*b)) << (8 * (3 - chunk.len()));
        for i in 0..=chunk.len() {
            text.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
        text.push_str(&"=".repeat(3 - chunk.len()));
    }
    let lines: Vec<&str> = (0..text.len())
        .step_by(64)
        .map(|i| &text[i..(i + 64).min(text.len())])
        .collect();
    format!(
        "-----BEGIN {label}-----\n{}\n-----END {label}-----\n",
        lines.join("\n")
    )
}

/// A DER element: its tag, its contents and what follows it.
fn element(der: &[u8]) -> (u8, &[u8], &[u8]) {
    let (len, header) = match der[1] {
        short @ 0..0x80 => (usize::from(short), 2),
        long => {
            let n = usize::from(long & 0x7f);
            let len = der[2..2 + n]
                .iter()
                .fold(0, |l, b| l << 8 | usize::from(*b));
            (len, 2 + n)
        }
    };
    (der[0], &der[header..header + len], &der[header + len..])
}

/// The key inside a PKCS#8 document: PKCS#1 for RSA, SEC1 for EC.
fn inner_key(pkcs8: &[u8]) -> Vec<u8> {
    let (_, document, _) = element(pkcs8);
    let (_, _, after_version) = element(document);
    let (_, _, after_algorithm) = element(after_version);
    let (tag, key, _) = element(after_algorithm);
    assert_eq!(tag, 0x04, "an OCTET STRING");
    key.to_vec()
}

#[test]
fn pkcs8_sec1_and_pkcs1_keys_and_a_chain_are_taken() {
    let dir = tempfile::tempdir().unwrap();
    let (cert, key, _) = self_signed(dir.path(), "ec");
    server_config(&cert, &key).unwrap();

    let ec = KeyPair::from_pem(&std::fs::read_to_string(&key).unwrap()).unwrap();
    let sec1 = dir.path().join("sec1.key");
    std::fs::write(
        &sec1,
        pem("EC PRIVATE KEY", &inner_key(&ec.serialize_der())),
    )
    .unwrap();
    server_config(&cert, &sec1).unwrap();

    // A leaf signed by a CA, the file holding both (leaf first).
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().unwrap()).unwrap();
    let rsa = KeyPair::from_pem(RSA_KEY).unwrap();
    let leaf = CertificateParams::new(vec!["localhost".to_owned()])
        .unwrap()
        .signed_by(&rsa, &ca)
        .unwrap();
    let chain = dir.path().join("chain.crt");
    std::fs::write(&chain, format!("{}{}", leaf.pem(), ca.pem())).unwrap();
    let pkcs1 = dir.path().join("rsa.key");
    std::fs::write(
        &pkcs1,
        pem("RSA PRIVATE KEY", &inner_key(&rsa.serialize_der())),
    )
    .unwrap();
    server_config(&chain, &pkcs1).unwrap();
}

#[test]
fn each_unusable_file_is_named_with_its_problem() {
    let dir = tempfile::tempdir().unwrap();
    let (cert, key, der) = self_signed(dir.path(), "good");
    let (_, other_key, _) = self_signed(dir.path(), "other");
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let missing = dir.path().join("missing.pem");
    let garbage = write("garbage.pem", "not PEM at all\n\x01\x02");
    let unended = write("unended.pem", "-----BEGIN CERTIFICATE-----\nMIIB\n");
    let not_der = write("not-der.pem", &pem("CERTIFICATE", b"not a certificate"));
    let not_key = write("not-key.pem", &pem("PRIVATE KEY", b"not a key"));
    let encrypted = write("encrypted.pem", &pem("ENCRYPTED PRIVATE KEY", b"sealed"));
    let cert_as_key = write("cert-as-key.pem", &pem("CERTIFICATE", &der));
    // A device that never ends (a wrong path typed) is not read for ever.
    let endless = Path::new("/dev/zero");

    let cases: [(&Path, &Path, &Path, &str, &str); 10] = [
        (endless, &key, endless, "certificate file", "over 1 MiB"),
        (
            &missing,
            &key,
            &missing,
            "certificate file",
            "cannot be read",
        ),
        (&cert, &missing, &missing, "key file", "cannot be read"),
        (
            &garbage,
            &key,
            &garbage,
            "certificate file",
            "holds no certificate",
        ),
        (
            &unended,
            &key,
            &unended,
            "certificate file",
            "is not valid PEM",
        ),
        (
            &cert,
            &garbage,
            &garbage,
            "key file",
            "holds no private key",
        ),
        (
            &cert,
            &cert_as_key,
            &cert_as_key,
            "key file",
            "holds no private key",
        ),
        (
            &cert,
            &encrypted,
            &encrypted,
            "key file",
            "encrypted key: decrypt it first",
        ),
        (
            &cert,
            &not_key,
            &not_key,
            "key file",
            "not a key that can be used",
        ),
        (
            &cert,
            &other_key,
            &other_key,
            "key file",
            "does not match the certificate in",
        ),
    ];
    for (cert, key, named, role, problem) in cases {
        let said = refusal(cert, key).to_string();
        let expected = format!("syslog over TLS: {role} {}: ", named.display());
        assert!(said.starts_with(&expected), "{said}");
        assert!(said.contains(problem), "{said}");
    }
    let said = refusal(&not_der, &key).to_string();
    assert!(
        said.contains(&format!("certificate file {}", not_der.display())),
        "{said}"
    );
    assert!(said.contains("cannot be read"), "{said}");
}

/// Messages as they come, whatever batches they came in.
async fn next(rx: &mut mpsc::Receiver<Vec<Arrival>>, held: &mut Vec<Arrival>) -> Arrival {
    while held.is_empty() {
        let batch = tokio::time::timeout(Duration::from_secs(30), rx.recv())
            .await
            .expect("a message in time")
            .expect("the channel is open");
        held.extend(batch.into_iter().rev());
    }
    held.pop().unwrap()
}

/// Waits (with a deadline) until `stats` counts `n` failed handshakes.
async fn failures_reach(stats: &SyslogStats, n: u64) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while stats.tls_handshake_failures.load(Ordering::Relaxed) < n {
        assert!(
            tokio::time::Instant::now() < deadline,
            "{n} failed handshakes"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

fn connector(root: CertificateDer<'static>) -> TlsConnector {
    let mut roots = RootCertStore::empty();
    roots.add(root).unwrap();
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    TlsConnector::from(Arc::new(config))
}

#[tokio::test]
async fn tls_frames_are_read_and_failed_or_silent_handshakes_are_counted() {
    let dir = tempfile::tempdir().unwrap();
    let (cert, key, der) = self_signed(dir.path(), "server");
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let stats = Arc::new(SyslogStats::default());
    let (tx, mut rx) = mpsc::channel(4);
    let mut held = Vec::new();
    let (_stop_tx, stop) = watch::channel(false);
    let config = server_config(&cert, &key).unwrap();
    let handshake = Duration::from_millis(200);
    tokio::spawn(serve_tls(
        listener,
        config,
        handshake,
        1024,
        tx,
        Arc::clone(&stats),
        stop,
    ));
    let connector = connector(der);
    let send = async |bytes: &[u8]| {
        let tcp = TcpStream::connect(addr).await.unwrap();
        let name = ServerName::try_from("localhost").unwrap();
        let mut tls = connector.connect(name, tcp).await.unwrap();
        tls.write_all(bytes).await.unwrap();
        tls.shutdown().await.unwrap();
    };

    let msg = "<38>1 - tls-host sshd 1 - - Failed password for root";
    send(format!("{} {msg}\n{msg} again\n", msg.len()).as_bytes()).await;
    for text in ["Failed password for root", "Failed password for root again"] {
        let m = next(&mut rx, &mut held).await;
        assert_eq!((m.host.as_str(), m.stream.as_str()), ("tls-host", "sshd"));
        assert_eq!(String::from_utf8_lossy(&m.text), text);
    }

    // A plain-TCP sender: its handshake fails at its first bytes.
    let mut plain = TcpStream::connect(addr).await.unwrap();
    plain
        .write_all(format!("{msg}\n").as_bytes())
        .await
        .unwrap();
    failures_reach(&stats, 1).await;
    // A silent one: closed when its time is up.
    let mut silent = TcpStream::connect(addr).await.unwrap();
    failures_reach(&stats, 2).await;
    let mut buf = [0u8; 16];
    let read = tokio::time::timeout(Duration::from_secs(30), silent.read(&mut buf)).await;
    assert!(matches!(read, Ok(Ok(0) | Err(_))), "closed: {read:?}");

    // The next TLS sender is served.
    send(format!("{msg} later\n").as_bytes()).await;
    let m = next(&mut rx, &mut held).await;
    assert_eq!(
        String::from_utf8_lossy(&m.text),
        "Failed password for root later"
    );
    assert_eq!(stats.connections.load(Ordering::Relaxed), 4);
    assert_eq!(stats.tls_handshake_failures.load(Ordering::Relaxed), 2);
    assert_eq!(stats.frames.load(Ordering::Relaxed), 3);
}
