//! Input from other machines: `--syslog` / `[syslog]` (listeners) and
//! `--ingest` / `[ingest]` (the API's ingest endpoints and the fields a
//! shipper's JSON records are read from), validated.

use std::net::SocketAddr;

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

/// Input from other machines, validated.
#[derive(Debug, Clone, Default)]
pub struct RemoteConfig {
    /// Syslog listeners (TCP and UDP on each address).
    pub syslog: Vec<SocketAddr>,
    /// The API's ingest endpoints, when enabled.
    pub ingest: Option<IngestFields>,
}

impl RemoteConfig {
    /// Whether anything comes from other machines.
    pub fn any(&self) -> bool {
        !self.syslog.is_empty() || self.ingest.is_some()
    }

    /// Flags over the config file's `[syslog]` and `[ingest]`.
    pub(super) fn resolve(args: &LiveArgs, file: &FileLayer) -> Result<RemoteConfig> {
        let (listen, from) = if args.syslog.is_empty() {
            (&file.config.syslog.listen, file.name())
        } else {
            (&args.syslog, "--syslog".to_owned())
        };
        let syslog = listen
            .iter()
            .map(|addr| {
                addr.parse::<SocketAddr>().map_err(|e| Error::Config {
                    path: from.clone(),
                    message: format!(
                        "syslog address {addr:?} is not an address and port ({e}); e.g. 0.0.0.0:5514"
                    ),
                })
            })
            .collect::<Result<Vec<_>>>()?;
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
        Ok(RemoteConfig { syslog, ingest })
    }
}
