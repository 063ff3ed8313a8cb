//! What the endpoints take from the query string, validated.

use hyper::StatusCode;

use crate::model::{DetectedAt, Issue};
use crate::server::respond::ApiError;

/// Issues `recent` returns unless asked.
const DEFAULT_LIMIT: usize = 50;
/// Most issues one `recent` call returns.
const MAX_LIMIT: usize = 1000;

/// `limit` validated: an integer from 1 to 1000, 50 when absent.
pub(crate) fn parse_limit(value: Option<&str>) -> Result<usize, ApiError> {
    let Some(text) = value else {
        return Ok(DEFAULT_LIMIT);
    };
    match text.trim().parse::<usize>() {
        Ok(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
        _ => Err(ApiError::bad_request(format!(
            "limit must be an integer from 1 to {MAX_LIMIT} (got {text:?})"
        ))),
    }
}

/// `?new_pattern=` and `?spiking=` of `recent` and `groups`: only issues
/// whose signal is as asked (absent: either).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub(crate) struct SignalQuery {
    /// `new_pattern=true|false`.
    pub new_pattern: Option<bool>,
    /// `spiking=true|false`.
    pub spiking: Option<bool>,
}

impl SignalQuery {
    /// The values of `new_pattern` and `spiking` validated.
    pub(crate) fn parse(
        new_pattern: Option<&str>,
        spiking: Option<&str>,
    ) -> Result<Self, ApiError> {
        Ok(SignalQuery {
            new_pattern: flag("new_pattern", new_pattern)?,
            spiking: flag("spiking", spiking)?,
        })
    }

    /// Whether `issue` is one asked for.
    pub(crate) fn admits(&self, issue: &Issue) -> bool {
        self.new_pattern
            .is_none_or(|want| issue.new_pattern == want)
            && self
                .spiking
                .is_none_or(|want| issue.spike_factor.is_some() == want)
    }
}

/// `?explain=`: whether to say what the health score is made of.
pub(crate) fn parse_explain(value: Option<&str>) -> Result<bool, ApiError> {
    Ok(flag("explain", value)?.unwrap_or(false))
}

/// `true`, `false` or absent.
fn flag(name: &str, value: Option<&str>) -> Result<Option<bool>, ApiError> {
    match value {
        None => Ok(None),
        Some("true") => Ok(Some(true)),
        Some("false") => Ok(Some(false)),
        Some(other) => Err(ApiError::bad_request(format!(
            "{name} must be true or false (got {other:?})"
        ))),
    }
}

/// `?for=AGE` of the silence endpoints: 1h when absent; longer than 30
/// days is cut to 30 days (the answer shows the real end).
pub(crate) fn silence_until(value: Option<&str>) -> Result<DetectedAt, ApiError> {
    const LONGEST: chrono::TimeDelta = chrono::TimeDelta::days(30);
    let age = match value {
        None => chrono::TimeDelta::hours(1),
        // The documented form only (`^[1-9][0-9]*[dhms]?$`), though the
        // command line takes more of humantime's: what the schema refuses,
        // the API refuses.
        Some(text) if !is_documented_age(text) => {
            return Err(ApiError::bad_request(format!(
                "for: {text:?}: expected a positive number with d, h, m or s (e.g. 7d)"
            )));
        }
        // Well formed (checked above) but too large to represent: the longest.
        Some(text) => crate::store::parse_age(text).map_or(LONGEST, |age| age.min(LONGEST)),
    };
    Ok(DetectedAt::at(chrono::Utc::now() + age))
}

/// Digits not starting with 0, then at most one of d, h, m, s.
fn is_documented_age(text: &str) -> bool {
    let digits = text.strip_suffix(['d', 'h', 'm', 's']).unwrap_or(text);
    !digits.is_empty() && !digits.starts_with('0') && digits.bytes().all(|b| b.is_ascii_digit())
}

/// 413 for a body over the limit.
pub(crate) fn too_large(limit: usize) -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        format!("request body over {limit} bytes (these endpoints need no body)"),
    )
}
