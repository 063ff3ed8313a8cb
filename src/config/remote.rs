//! Input from other machines: `--syslog`, `--syslog-tls*` / `[syslog]`
//! (listeners, plain and TLS) and
//! `--ingest` / `[ingest]` (the API's ingest endpoints and the fields a
//! shipper's JSON records are read from), validated.

use std::net::SocketAddr;
use std::path::PathBuf;

use serde::Deserialize;

use super::FileLayer;
use crate::cli::LiveArgs;
use crate::error::{Error, Result};

/// The config file's `[syslog]` section.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SyslogSection {
    /// Addresses to listen on, TCP and UDP each.
    #[serde(default)]
    listen: Vec<String>,
    /// Addresses to listen on for syslog over TLS (TCP).
    #[serde(default)]
    tls_listen: Vec<String>,
    /// The TLS certificate (chain) file, relative to the config file.
    tls_cert: Option<PathBuf>,
    /// Its private key file, relative to the config file.
    tls_key: Option<PathBuf>,
}

/// The config file's `[ingest]` section.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct IngestSection {
    enabled: Option<bool>,
    message_field: Option<String>,
    host_field: Option<String>,
    stream_field: Option<String>,
    time_field: Option<String>,
}

/// Where a JSON record's parts are read from: each a list of field names
/// tried in order (a dotted name is also looked up nested).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IngestFields {
    /// The message text.
    pub message: Vec<String>,
    /// The host that wrote it.
    pub host: Vec<String>,
    /// The file or program on that host.
    pub stream: Vec<String>,
    /// The time it was written.
    pub time: Vec<String>,
}

impl Default for IngestFields {
    /// What Vector, Fluent Bit, Logstash-style and journald records use.
    fn default() -> Self {
        let names = |names: &[&str]| names.iter().map(|n| (*n).to_owned()).collect();
        IngestFields {
            message: names(&["message", "log", "msg", "MESSAGE"]),
            host: names(&["host", "hostname", "host.name", "_HOSTNAME", "HOSTNAME"]),
            stream: names(&[
                "file",
                "filename",
                "path",
                "log.file.path",
                "appname",
                "app",
                "SYSLOG_IDENTIFIER",
                "service",
                "service.name",
            ]),
            time: names(&["timestamp", "@timestamp", "time", "date"]),
        }
    }
}

/// Syslog over TLS: where, and with which certificate (read when the
/// listeners are bound).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyslogTls {
    /// Addresses to listen on (TCP).
    pub listen: Vec<SocketAddr>,
    /// The certificate chain's PEM file.
    pub cert: PathBuf,
    /// The private key's PEM file.
    pub key: PathBuf,
}

/// Input from other machines, validated.
#[derive(Debug, Clone, Default)]
pub struct RemoteConfig {
    /// Syslog listeners (TCP and UDP on each address).
    pub syslog: Vec<SocketAddr>,
    /// Syslog over TLS listeners, when asked for.
    pub syslog_tls: Option<SyslogTls>,
    /// The API's ingest endpoints, when enabled.
    pub ingest: Option<IngestFields>,
}

impl RemoteConfig {
    /// Whether anything comes from other machines.
    pub fn any(&self) -> bool {
        !self.syslog.is_empty() || self.syslog_tls.is_some() || self.ingest.is_some()
    }

    /// Flags over the config file's `[syslog]` and `[ingest]`.
    pub(super) fn resolve(args: &LiveArgs, file: &FileLayer) -> Result<RemoteConfig> {
        let (listen, from) = if args.syslog.is_empty() {
            (&file.config.syslog.listen, file.name())
        } else {
            (&args.syslog, "--syslog".to_owned())
        };
        let syslog = addresses(listen, &from)?;
        let syslog_tls = resolve_tls(args, file)?;
        let section = &file.config.ingest;
        let ingest = (args.ingest || section.enabled.unwrap_or(false)).then(|| {
            let mut fields = IngestFields::default();
            let chosen = [
                (&mut fields.message, &section.message_field),
                (&mut fields.host, &section.host_field),
                (&mut fields.stream, &section.stream_field),
                (&mut fields.time, &section.time_field),
            ];
            for (names, configured) in chosen {
                if let Some(name) = configured {
                    *names = vec![name.clone()];
                }
            }
            fields
        });
        if let Some(fields) = &ingest
            && [&fields.message, &fields.host, &fields.stream, &fields.time]
                .iter()
                .any(|names| names.iter().any(String::is_empty))
        {
            return Err(Error::Config {
                path: file.name(),
                message: "[ingest]: a field name is empty".into(),
            });
        }
        Ok(RemoteConfig {
            syslog,
            syslog_tls,
            ingest,
        })
    }
}

/// `listen` read as addresses (`from` names where they were written).
fn addresses(listen: &[String], from: &str) -> Result<Vec<SocketAddr>> {
    listen
        .iter()
        .map(|addr| {
            super::api::listen_addr(addr).map_err(|why| Error::Config {
                path: from.to_owned(),
                message: format!(
                    "syslog address {addr:?}: {why}, e.g. 0.0.0.0:5514 (every interface) or :5514 (loopback)"
                ),
            })
        })
        .collect()
}

/// `--syslog-tls*` over `[syslog] tls_*`, each setting on its own; the
/// addresses and both files go together (one without the others is a
/// mistake, said before anything starts).
fn resolve_tls(args: &LiveArgs, file: &FileLayer) -> Result<Option<SyslogTls>> {
    let section = &file.config.syslog;
    let listen = if args.syslog_tls.is_empty() {
        addresses(&section.tls_listen, &file.name())?
    } else {
        addresses(&args.syslog_tls, "--syslog-tls")?
    };
    let cert = (args.syslog_tls_cert.clone())
        .or_else(|| section.tls_cert.as_deref().map(|p| file.relative(p)));
    let key = (args.syslog_tls_key.clone())
        .or_else(|| section.tls_key.as_deref().map(|p| file.relative(p)));
    let usage = |message: &str| Err(Error::Usage(message.to_owned()));
    match (listen.is_empty(), cert, key) {
        (true, None, None) => Ok(None),
        (true, _, _) => usage(
            "a syslog TLS certificate or key is given but no address to listen on \
             (--syslog-tls ADDR, or tls_listen in [syslog])",
        ),
        (false, Some(cert), Some(key)) => Ok(Some(SyslogTls { listen, cert, key })),
        (false, None, _) => usage(
            "--syslog-tls needs a certificate: --syslog-tls-cert FILE (or tls_cert in [syslog])",
        ),
        (false, _, None) => usage(
            "--syslog-tls needs the certificate's private key: --syslog-tls-key FILE (or tls_key in [syslog])",
        ),
    }
}
