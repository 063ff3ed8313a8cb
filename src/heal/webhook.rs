//! Webhooks: what an alert says ([`AlertPayload`]), the body each format
//! posts ([`body`], in `format.rs`), and the POST itself ([`post`]), whose URL and token are
//! secrets: never in an error, a log line or the outcome.

use std::io::Read;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::Secret;
use super::exec::{Capture, OUTPUT_CAP, Outcome, timed_out};
use crate::model::Issue;

mod format;

pub use format::body;

/// How much of a webhook's answer is read (at most [`OUTPUT_CAP`] kept).
const READ_LIMIT: u64 = 16 * OUTPUT_CAP as u64;
/// Past the request's own timeout, how long we wait for the blocking
/// request before giving up on it (it may be stuck resolving a name).
const JOIN_GRACE: Duration = Duration::from_secs(1);

/// What a webhook says about one alert or issue.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlertPayload {
    /// Its subject: the alert's id or the issue's type.
    pub name: String,
    /// The issue's id.
    pub issue_id: String,
    /// The issue's type.
    pub issue_type: String,
    /// `CRITICAL`, `ERROR`, `WARNING` or `INFO`.
    pub severity: String,
    /// The issue's category.
    pub category: String,
    /// The host it happened on.
    pub host: String,
    /// The log file it was found in.
    pub source: String,
    /// What it means.
    pub description: String,
    /// The log line.
    pub line: String,
    /// Named values taken from the line (`client_ip`, `unit`).
    pub fields: Vec<(String, String)>,
    /// When it began.
    pub starts_at: DateTime<Utc>,
    /// When it ended; `Some` makes the alert resolved.
    pub ends_at: Option<DateTime<Utc>>,
    /// A link back to it, if there is one.
    pub url: Option<String>,
    /// Whether `host` and `source` are part of what it is (an issue, or an
    /// alert counted by host) rather than where its latest occurrence was
    /// (an alert counted by another value, or all together): only then are
    /// they Alertmanager labels, so that instances which saw the same
    /// problem in another order send the same labels, and it deduplicates.
    pub place_is_identity: bool,
}

impl AlertPayload {
    /// The payload of `issue` seen on `host`, with the named `fields`:
    /// firing since the issue was first seen, no link back.
    pub fn from_issue(issue: &Issue, host: &str, fields: &[(String, String)]) -> AlertPayload {
        AlertPayload {
            name: issue.issue_type.clone(),
            issue_id: issue.id.clone(),
            issue_type: issue.issue_type.clone(),
            severity: issue.severity.to_string(),
            category: issue.category.clone(),
            host: host.to_string(),
            source: issue.source_file.clone(),
            description: issue.description.clone(),
            line: issue.log_line.clone(),
            fields: fields.to_vec(),
            starts_at: issue.first_seen.instant(),
            ends_at: None,
            url: None,
            place_is_identity: issue
                .alert
                .as_ref()
                .is_none_or(|a| !a.key.is_empty() && a.key == issue.host),
        }
    }

    /// `firing`, or `resolved` once it has an end.
    fn status(&self) -> &'static str {
        if self.ends_at.is_some() {
            "resolved"
        } else {
            "firing"
        }
    }
}

/// POSTs `body` as JSON to `url` (http or https), with `Authorization:
/// Bearer <token>` when a token is given, for at most `timeout`. `ok` on a
/// 2xx answer; a redirect is not followed (the token stays with the host it
/// was meant for) and counts as a failure. The answer's body, capped and
/// made inert, is the output. Neither the URL nor the token ever appears in
/// the outcome.
pub async fn post(
    url: &Secret,
    token: Option<&Secret>,
    body: Vec<u8>,
    timeout: Duration,
) -> Outcome {
    let started = Instant::now();
    let (url, token) = (url.clone(), token.cloned());
    let call = tokio::task::spawn_blocking(move || send(&url, token.as_ref(), &body, timeout));
    match tokio::time::timeout(timeout + JOIN_GRACE, call).await {
        Ok(Ok(answer)) => answer.into_outcome(started),
        Ok(Err(_join)) => Outcome::failed("webhook request failed: it panicked".into(), started),
        Err(_elapsed) => Outcome::failed(timed_out(timeout), started),
    }
}

/// What came back: a status and the start of the body, or why none came.
enum Answer {
    Status(u16, Option<&'static str>, Capture),
    Failed(String),
}

impl Answer {
    fn into_outcome(self, started: Instant) -> Outcome {
        match self {
            Answer::Failed(error) => Outcome::failed(error, started),
            Answer::Status(code, reason, capture) => {
                let ok = (200..300).contains(&code);
                let error = (!ok).then(|| match reason {
                    Some(reason) => format!("HTTP {code} {reason} from the webhook"),
                    None => format!("HTTP {code} from the webhook"),
                });
                Outcome {
                    ok,
                    exit: None,
                    output: capture.into_text(),
                    error,
                    elapsed: started.elapsed(),
                }
            }
        }
    }
}

/// The blocking request.
fn send(url: &Secret, token: Option<&Secret>, body: &[u8], timeout: Duration) -> Answer {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        // A 4xx/5xx is an answer to report, not an error without a body.
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into();
    let mut request = agent
        .post(url.expose())
        .header("Content-Type", "application/json");
    if let Some(token) = token {
        request = request.header("Authorization", format!("Bearer {}", token.expose()));
    }
    match request.send(body) {
        Ok(response) => {
            let status = response.status();
            let mut capture = Capture::default();
            // Read a little past the cap so the note of what was cut means
            // something; a longer answer is undercounted, not read whole.
            let mut reader = response.into_body().into_reader().take(READ_LIMIT);
            let mut kept = Vec::new();
            // A body cut short (timeout, reset) still leaves the status.
            let _ = reader.read_to_end(&mut kept);
            capture.push(&kept);
            Answer::Status(status.as_u16(), status.canonical_reason(), capture)
        }
        Err(e) => Answer::Failed(scrub(&describe(&e, timeout), url, token)),
    }
}

/// Why the request failed, in words of our own: ureq's texts may quote
/// the URL.
fn describe(e: &ureq::Error, timeout: Duration) -> String {
    use ureq::Error as E;
    match e {
        E::Timeout(_) => timed_out(timeout),
        E::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => timed_out(timeout),
        E::Io(io) => io_reason(io),
        E::HostNotFound => "webhook unreachable: host not found".into(),
        E::ConnectionFailed => "webhook unreachable: connection failed".into(),
        E::BadUri(_) | E::Http(_) => "webhook request refused: bad URL or header".into(),
        E::TlsRequired | E::Tls(_) | E::Rustls(_) | E::Pem(_) => {
            format!("webhook TLS failed: {}", tls_reason(e))
        }
        E::Protocol(_) => "webhook answered with broken HTTP".into(),
        E::LargeResponseHeader(_, _) => "webhook answered with oversized headers".into(),
        _ => "webhook request failed".into(),
    }
}

/// An I/O error: "unreachable" when no connection was had; otherwise the
/// inner error's words (rustls' handshake errors arrive this way), which
/// [`scrub`] has gone over.
fn io_reason(io: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match io.kind() {
        K::ConnectionRefused
        | K::ConnectionReset
        | K::ConnectionAborted
        | K::NotConnected
        | K::AddrNotAvailable
        | K::NetworkUnreachable
        | K::HostUnreachable => format!("webhook unreachable: {}", io.kind()),
        kind => match io.get_ref() {
            Some(inner) => format!("webhook request failed: {inner}"),
            None => format!("webhook request failed: {kind}"),
        },
    }
}

/// A TLS error's own words name the problem (an expired or unknown
/// certificate); they never hold the URL, and [`scrub`] makes sure.
fn tls_reason(e: &ureq::Error) -> String {
    match e {
        ureq::Error::Rustls(inner) => inner.to_string(),
        ureq::Error::Tls(text) => (*text).to_string(),
        _ => "handshake error".into(),
    }
}

/// `text` with the URL, its parts (user info, host and port, host) and the
/// token taken out, whatever put them in.
fn scrub(text: &str, url: &Secret, token: Option<&Secret>) -> String {
    let url = url.expose();
    let authority = url
        .split_once("://")
        .map_or(url, |(_, rest)| rest)
        .split(['/', '?', '#'])
        .next()
        .unwrap_or("");
    let (userinfo, host_port) = authority.rsplit_once('@').unwrap_or(("", authority));
    let host = match host_port.rsplit_once(':') {
        Some((host, port)) if port.bytes().all(|b| b.is_ascii_digit()) => host,
        _ => host_port,
    };
    let mut secrets = vec![url, authority, userinfo, host_port, host];
    secrets.extend(token.map(Secret::expose));
    // Longest first, so a part never leaves a piece of the whole behind.
    secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
    let mut out = text.to_string();
    for secret in secrets {
        if !secret.is_empty() {
            out = out.replace(secret, "<hidden>");
        }
    }
    out
}

#[cfg(test)]
mod tests;
