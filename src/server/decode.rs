//! Percent-decoding of path segments and query values, strict: a bad
//! escape or bytes that are not UTF-8 are the client's error (400), not
//! something to guess at.

use std::borrow::Cow;

use percent_encoding::percent_decode_str;
use thiserror::Error;

/// A path segment or query value that cannot be decoded.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub(super) enum DecodeError {
    /// A `%` not followed by two hex digits.
    #[error("bad percent-escape in {0:?}")]
    BadEscape(String),
    /// The decoded bytes are not UTF-8.
    #[error("{0:?} is not UTF-8 once decoded")]
    NotUtf8(String),
}

/// `%XX` escapes decoded (the result must be UTF-8).
pub(super) fn percent_decode(text: &str) -> Result<String, DecodeError> {
    if !escapes_well_formed(text) {
        return Err(DecodeError::BadEscape(text.to_string()));
    }
    percent_decode_str(text)
        .decode_utf8()
        .map(Cow::into_owned)
        .map_err(|_| DecodeError::NotUtf8(text.to_string()))
}

/// Whether every `%` starts an escape (the decoder keeps others as they are).
fn escapes_well_formed(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'%', bytes).all(|at| {
        bytes
            .get(at + 1..at + 3)
            .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
    })
}

/// The first value of query parameter `name` (`+` is a space), decoded.
/// Keys are compared as sent; only the value asked for is decoded, so a
/// malformed parameter nobody reads is no error.
pub(super) fn query_param(query: Option<&str>, name: &str) -> Result<Option<String>, DecodeError> {
    let Some(query) = query else {
        return Ok(None);
    };
    let pairs = query
        .split('&')
        .map(|pair| pair.split_once('=').unwrap_or((pair, "")));
    match pairs.into_iter().find(|(key, _)| *key == name) {
        Some((_, value)) => percent_decode(&value.replace('+', " ")).map(Some),
        None => Ok(None),
    }
}

#[cfg(test)]
mod tests;
