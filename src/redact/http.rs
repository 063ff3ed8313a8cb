//! Finders for HTTP credentials: `Authorization` and `Proxy-Authorization`
//! headers in every scheme (`http-authorization`), cookies
//! (`cookie`), bearer tokens and `token X` met anywhere (`bearer-token`).

use super::keys::classify;
use super::rule::{Found, Hit};
use super::value::{Encoding, value_at};
use super::verdict::{is_placeholder, is_wordlike, looks_secret};

/// The header's name, a separator and opening quotes or brackets (`["`
/// of a JSON list of header values).
pub(super) const AUTHORIZATION: &str = r#"(?-u:\b)(?:[Pp]roxy-|PROXY-)?(?:[Aa]uthori[sz]ation|AUTHORI[SZ]ATION)(?:\\*["']|%22)?[ \t]*(?::|=|(?i-u:%3A|%3D))[ \t]*(?:\\*["'\[]|%22){0,2}[ \t]*"#;

/// `Cookie`, `Set-Cookie`, `Cookie2`, then a separator and an opening quote.
/// Header names here and below are spelt in the cases headers are written
/// in, so the regex engine has few literals to search for.
pub(super) const COOKIE: &str = r#"(?-u:\b)(?:[Ss]et-|SET-)?(?:[Cc]ookie|COOKIE)2?(?:\\*["'])?[ \t]*(?::|=)[ \t]*(?:\\*["'\[]){0,2}[ \t]*"#;

/// `Bearer X` anywhere, and `token X` where X looks like a secret.
pub(super) const BEARER: &str = r"(?-u:\b)(?:[Bb]earer|BEARER|[Tt]oken|TOKEN)(?:[ \t]+|%20|\+)";

/// Schemes whose credential is one token after the scheme's name.
const SINGLE: &[&str] = &[
    "api-key",
    "apikey",
    "aws",
    "basic",
    "bearer",
    "dpop",
    "gssapi",
    "hoba",
    "kerberos",
    "key",
    "mac",
    "mutual",
    "negotiate",
    "ntlm",
    "otp",
    "privatetoken",
    "sharedkey",
    "sharedkeylite",
    "sso-key",
    "ssws",
    "token",
    "vapid",
];

/// Schemes whose credential is a list of `name=value` parameters.
const PARAMETERS: &[&str] = &[
    "aws4-hmac-sha256",
    "digest",
    "goog4-hmac-sha256",
    "goog4-rsa-sha256",
    "hmac",
    "hmac-sha256",
    "oauth",
    "signature",
];

/// Parameters of those schemes that are secrets (besides any whose name
/// names one, such as `oauth_token`).
const SECRET_PARAMETERS: &[&str] = &["oauth_signature", "response", "sig", "signature"];

/// Characters of a scheme name or a credential token.
fn is_token_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'~' | b'+' | b'/' | b'=' | b'-')
}

/// `http-authorization`: the scheme stays, the credential goes; for
/// parameter schemes (Digest, OAuth, AWS SigV4) only the secret
/// parameters go.
pub(super) fn authorization(hit: &Hit<'_>, text: &str) -> Option<Found> {
    let start = hit.whole().end();
    let bytes = text.as_bytes();
    let word_end = start
        + bytes[start..]
            .iter()
            .take_while(|b| is_token_char(**b))
            .count();
    let word = text.get(start..word_end)?;
    if word.is_empty() {
        return None;
    }
    let scheme = word.to_ascii_lowercase();
    if PARAMETERS.contains(&scheme.as_str()) {
        return parameters(text, word_end);
    }
    let gap = bytes[word_end..]
        .iter()
        .take_while(|b| matches!(b, b' ' | b'\t'))
        .count();
    let followed = gap > 0 && bytes.get(word_end + gap).is_some_and(|b| is_token_char(*b));
    let named_scheme = SINGLE.contains(&scheme.as_str())
        || (followed && word.bytes().all(|b| b.is_ascii_alphabetic() || b == b'-'));
    if named_scheme && followed {
        let value = value_at(text, word_end + gap, Encoding::Plain)?;
        let secret = value.text(text);
        return (!is_placeholder(secret) && !is_wordlike(secret))
            .then(|| Found::one(value.secret, value.end));
    }
    if named_scheme || is_wordlike(word) || is_placeholder(word) {
        // "Authorization: Basic" with nothing after, "authorization: denied".
        return None;
    }
    Some(Found::one(start..word_end, word_end))
}

/// The secret values among `name=value` parameters from `at`, up to the
/// first thing that is not a parameter.
fn parameters(text: &str, mut at: usize) -> Option<Found> {
    let bytes = text.as_bytes();
    let mut found = Found::default();
    loop {
        at += bytes[at..]
            .iter()
            .take_while(|b| matches!(b, b' ' | b'\t' | b','))
            .count();
        let name_len = bytes[at..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-'))
            .count();
        let mut eq = at + name_len;
        eq += bytes[eq..].iter().take_while(|b| **b == b' ').count();
        if name_len == 0 || bytes.get(eq) != Some(&b'=') {
            break;
        }
        let name = text.get(at..at + name_len)?.to_ascii_lowercase();
        let mut from = eq + 1;
        from += bytes[from..].iter().take_while(|b| **b == b' ').count();
        let Some(value) = value_at(text, from, Encoding::Plain) else {
            break;
        };
        if (SECRET_PARAMETERS.contains(&name.as_str()) || classify(&name).is_some())
            && !is_placeholder(value.text(text))
        {
            found.hide.push(value.secret.clone());
        }
        at = value.end;
    }
    found.resume = at;
    (!found.hide.is_empty()).then_some(found)
}

/// `cookie`: every value of a `Cookie` header, the cookie's own value of a
/// `Set-Cookie` header (its attributes stay); names stay.
pub(super) fn cookie(hit: &Hit<'_>, text: &str) -> Option<Found> {
    let first_only = hit.whole().as_str().starts_with(['s', 'S']);
    let bytes = text.as_bytes();
    let mut at = hit.whole().end();
    let mut found = Found::default();
    let stop = |b: &u8| b.is_ascii_whitespace() || matches!(b, b';' | b',' | b'"' | b'\'' | b'\\');
    loop {
        let name_len = bytes[at..]
            .iter()
            .take_while(|b| !stop(b) && **b != b'=' && **b != b']')
            .count();
        let name_end = at + name_len;
        if bytes.get(name_end) != Some(&b'=') {
            // A bare value (`Cookie: abc123`): the whole of it, unless a word.
            let bare = text.get(at..name_end)?;
            if found.hide.is_empty()
                && !bare.is_empty()
                && !is_wordlike(bare)
                && !is_placeholder(bare)
            {
                found.hide.push(at..name_end);
                at = name_end;
            }
            break;
        }
        let value_start = name_end + 1;
        let value = match bytes.get(value_start) {
            Some(b'"') => {
                let close = text[value_start + 1..]
                    .find('"')
                    .map_or(text.len(), |n| value_start + 1 + n);
                (value_start + 1..close, (close + 1).min(text.len()))
            }
            _ => {
                let len = bytes[value_start..]
                    .iter()
                    .take_while(|b| !stop(b) && **b != b']')
                    .count();
                (value_start..value_start + len, value_start + len)
            }
        };
        if !is_placeholder(text.get(value.0.clone())?) {
            found.hide.push(value.0);
        }
        at = value.1;
        let gap = bytes[at..].iter().take_while(|b| **b == b' ').count();
        if first_only || bytes.get(at + gap) != Some(&b';') {
            break;
        }
        at += gap + 1;
        at += bytes[at..].iter().take_while(|b| **b == b' ').count();
    }
    found.resume = at;
    (!found.hide.is_empty()).then_some(found)
}

/// `bearer-token`: a bearer token is hidden unless it is a word
/// ("Bearer realm"); after `token` the value must look like a secret
/// ("token bucket refilled" stays).
pub(super) fn bearer(hit: &Hit<'_>, text: &str) -> Option<Found> {
    let whole = hit.whole();
    let bearer = whole.as_str().starts_with(['b', 'B']);
    let value = value_at(text, whole.end(), Encoding::Plain)?;
    let secret = value.text(text);
    // b64token (RFC 6750): `=` only as trailing padding, so
    // "Bearer expires_in=3600" is not one.
    let token_like = secret
        .trim_end_matches('=')
        .bytes()
        .all(|b| is_token_char(b) && b != b'=');
    let keep = is_placeholder(secret)
        || is_wordlike(secret)
        || if bearer {
            !value.quoted && (!token_like || secret.len() < 8)
        } else {
            !value.quoted && !looks_secret(secret)
        };
    (!keep).then(|| Found::one(value.secret, value.end))
}
