//! Settings of the embedded JSON API: flags over the config file's `[api]`
//! section, validated (address resolved, token read, public binds refused
//! without a token).

use std::net::{SocketAddr, ToSocketAddrs};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use serde::Deserialize;

use super::FileLayer;
use crate::cli::ApiArgs;
use crate::error::{Error, Result};
use crate::redact::Redactor;

/// The config file's `[api]` section.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ApiSection {
    addr: Option<String>,
    token_file: Option<PathBuf>,
    #[serde(default)]
    cors_origins: Vec<String>,
    insecure: Option<bool>,
    redact: Option<bool>,
    client_timeout_ms: Option<u64>,
}

/// Bounds on `client_timeout_ms`.
const TIMEOUT_RANGE: std::ops::RangeInclusive<u64> = 100..=600_000;

/// Everything the server needs, validated.
#[derive(Debug, Clone)]
pub struct ApiConfig {
    /// Where to listen.
    pub addr: SocketAddr,
    /// The bearer token every request must carry, if any.
    pub token: Option<String>,
    /// Origins allowed to call from a browser (`*`: any).
    pub cors_origins: Vec<String>,
    /// What is hidden from served log text.
    pub redactor: Arc<Redactor>,
    /// How long a client may take to send a request (headers and body).
    pub client_timeout: Duration,
}

impl ApiConfig {
    /// Merges flags over the config file; `None` when no API is asked for.
    /// `redactor` holds the patterns file's `[[redact]]` rules, already built.
    pub fn resolve(
        args: &ApiArgs,
        file: &FileLayer,
        redactor: Redactor,
    ) -> Result<Option<ApiConfig>> {
        let section = &file.config.api;
        let Some(text) = args.api.clone().or_else(|| section.addr.clone()) else {
            return Ok(None);
        };
        let addr = parse_addr(&text)?;
        let token = token(args, file)?;
        let insecure = args.api_insecure || section.insecure.unwrap_or(false);
        if token.is_none() && !addr.ip().is_loopback() && !insecure {
            return Err(refuse_without_token(addr));
        }
        let timeout = client_timeout_ms(file)?;
        let redact = !args.no_redact && section.redact.unwrap_or(true);
        let mut cors_origins = args.api_cors_origin.clone();
        if cors_origins.is_empty() {
            cors_origins = section.cors_origins.clone();
        }
        Ok(Some(ApiConfig {
            addr,
            token,
            cors_origins,
            redactor: Arc::new(if redact { redactor } else { Redactor::off() }),
            client_timeout: Duration::from_millis(timeout),
        }))
    }
}

/// The token: a flag, the flag's file, or the config file's `token_file`
/// (relative to the config file); an empty one is refused.
fn token(args: &ApiArgs, file: &FileLayer) -> Result<Option<String>> {
    let token = match (&args.api_token, &args.api_token_file) {
        (Some(token), _) => Some(token.clone()),
        (None, Some(path)) => Some(read_token(path)?),
        (None, None) => match &file.config.api.token_file {
            Some(path) => Some(read_token(&file.relative(path))?),
            None => None,
        },
    };
    if token.as_deref().is_some_and(|t| t.trim().is_empty()) {
        return Err(Error::Usage("the API token is empty".into()));
    }
    Ok(token)
}

/// Why a public address without a token is refused, and what to do.
fn refuse_without_token(addr: SocketAddr) -> Error {
    Error::Usage(format!(
        "refusing to serve the API on {addr} without a token: anyone who can reach it could read \
         your logs and resolve issues. Pass --api-token-file FILE (or --api-token, or \
         LOGWARDEN_API_TOKEN), use a loopback address such as 127.0.0.1:{}, or pass \
         --api-insecure if this network is trusted",
        addr.port()
    ))
}

/// `client_timeout_ms` (10 s when absent), within its bounds.
fn client_timeout_ms(file: &FileLayer) -> Result<u64> {
    let timeout = file.config.api.client_timeout_ms.unwrap_or(10_000);
    if !TIMEOUT_RANGE.contains(&timeout) {
        return Err(Error::Config {
            path: file.name(),
            message: format!(
                "api.client_timeout_ms = {timeout} is out of range ({}..={})",
                TIMEOUT_RANGE.start(),
                TIMEOUT_RANGE.end()
            ),
        });
    }
    Ok(timeout)
}

/// `HOST:PORT` (an IP address or a name that resolves), or `:PORT` for loopback.
fn parse_addr(text: &str) -> Result<SocketAddr> {
    listen_addr(text)
        .map_err(|why| Error::Usage(format!("--api {text:?}: {why}, e.g. 127.0.0.1:5000")))
}

/// A listening address as the flags take it: `HOST:PORT` (an IP address
/// or a name that resolves) or `:PORT` for loopback; or why not.
pub(crate) fn listen_addr(text: &str) -> std::result::Result<SocketAddr, String> {
    let text = text.trim();
    let full = match text.strip_prefix(':') {
        Some(port) => format!("127.0.0.1:{port}"),
        None => text.to_string(),
    };
    if let Ok(addr) = full.parse::<SocketAddr>() {
        return Ok(addr);
    }
    if !full.contains(':') {
        return Err("expected HOST:PORT or :PORT (the value is required)".into());
    }
    let mut found = full
        .to_socket_addrs()
        .map_err(|e| format!("cannot resolve it: {e}"))?;
    found
        .next()
        .ok_or_else(|| "it resolves to no address".into())
}

fn read_token(path: &std::path::Path) -> Result<String> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
        path: path.display().to_string(),
        source,
    })?;
    Ok(text.trim().to_string())
}

#[cfg(test)]
mod tests;
