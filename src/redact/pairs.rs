//! Finders for secrets that follow a key: `key=value` in every quoting,
//! assignment style and encoding (`secret-pair`), XML elements and
//! name/value objects (`secret-element`), signed-URL parameters
//! (`signed-url`) and SQL password clauses (`sql-password`).

use regex::Captures;

use super::keys::{KeyKind, classify};
use super::rule::Found;
use super::value::{Encoding, Value, is_file_path, is_placeholder, is_wordlike, value_at};

/// `(?-u:\b)`-style pieces shared by the pair patterns: the characters of
/// a key, the quote that may close it and the separators that may follow.
macro_rules! pair_tail {
    () => {
        concat!(
            r#"(?P<close>\\*["'`]|(?i:%2[27]|%5D|&quot;|&#3[49];|&apos;|\\u002[27]|\\x2[27])|\]|[”’])?"#,
            r"[ \t]*",
            r"(?P<sep>=>|:=|==|=|:|(?i:%3[DA]|\\u003[DA]|\\x3[DA]|&#61;|&#x3[DA];|&#58;|&equals;|&colon;)|＝|：)",
            r"[ \t]*",
        )
    };
}

/// `secret-pair`: a key holding one of the secret word fragments, then a
/// separator; [`secret_pair`] judges the key and finds the value.
pub(super) const SECRET_PAIR: &str = concat!(
    r"(?P<key>[A-Za-z0-9_.\-]*(?i:pass|pwd|pw|secret|token|key|cred|sessid|sessionid|psk)[A-Za-z0-9_.\-]*)",
    pair_tail!(),
);

/// `signed-url`: the signature and session-token parameters of signed
/// URLs and signed requests (Azure SAS `sig`, S3 `X-Amz-Signature`, GCS
/// `X-Goog-Signature`, CloudFront `Signature`, OAuth 1 `oauth_signature`,
/// Shopify `hmac`).
pub(super) const SIGNED_URL: &str = concat!(
    r"(?i)(?:(?-u:\b)|%26|%3F|%3B)(?P<key>x-amz-signature|x-goog-signature|x-amz-security-token|x-hub-signature(?:-256)?|oauth_signature|signature|sig|hmac)",
    pair_tail!(),
);

/// `secret-element`: `<password>S</password>` (also HTML-escaped), and
/// `{"name": "password", "value": "S"}` as form and header dumps write it.
pub(super) const SECRET_ELEMENT: &str = concat!(
    r"<(?P<tag>(?:[A-Za-z_][A-Za-z0-9_.\-]*:)?[A-Za-z0-9_.\-]*(?i:pass|pwd|secret|token|key|cred)[A-Za-z0-9_.\-]*)(?:[ \t][^<>]*)?>(?P<v>[^<]*)</",
    r"|(?i:&lt;)(?P<etag>(?:[A-Za-z_][A-Za-z0-9_.\-]*:)?[A-Za-z0-9_.\-]*(?i:pass|pwd|secret|token|key|cred)[A-Za-z0-9_.\-]*)(?i:&gt;)(?P<ev>[^&<]*)(?i:&lt;/)",
    r#"|(?i:"(?:name|key|field|param)")[ \t]*:[ \t]*"(?P<nk>[A-Za-z0-9_.\-]+)"[ \t]*,[ \t]*(?i:"value")[ \t]*:[ \t]*"#,
);

/// `sql-password`: `IDENTIFIED BY 'S'`, `WITH PASSWORD 'S'`,
/// `SET PASSWORD FOR u = PASSWORD('S')`.
pub(super) const SQL_PASSWORD: &str = concat!(
    r"(?i)(?-u:\b)(?:identified[ \t]+(?:with[ \t]+[A-Za-z0-9_'`]+[ \t]+)?by(?:[ \t]+password)?[ \t]+",
    r"|password[ \t]+for[ \t]+\S+[ \t]*=[ \t]*(?:password[ \t]*\([ \t]*)?",
    r#"|password[ \t]+)(?P<q>['"])"#,
);

/// `secret-pair`: hides the value when the key names a secret.
pub(super) fn secret_pair(caps: &Captures<'_>, text: &str) -> Option<Found> {
    let kind = classify(caps.name("key")?.as_str())?;
    pair_value(caps, text, kind, false)
}

/// `signed-url`: hides the parameter's value (never a word).
pub(super) fn signed_url(caps: &Captures<'_>, text: &str) -> Option<Found> {
    pair_value(caps, text, KeyKind::Secret, true)
}

/// The value after a pair's separator, if it is a secret to hide. Words
/// are let through after a colon ("password: incorrect") or anywhere when
/// `never_words` (a signature is never a word).
fn pair_value(caps: &Captures<'_>, text: &str, kind: KeyKind, never_words: bool) -> Option<Found> {
    let whole = caps.get(0)?;
    let sep = caps.name("sep")?.as_str();
    let after = text.get(whole.end()..)?;
    // `token::Kind`, `https://`: a path or a scheme, not a value.
    if sep == ":" && (after.starts_with(':') || after.starts_with("//")) {
        return None;
    }
    let value = value_at(text, whole.end(), Encoding::of_separator(sep))?;
    let secret = value.text(text);
    let colon = matches!(sep, ":" | "：") || sep.eq_ignore_ascii_case("%3a");
    let skip = is_placeholder(secret)
        || is_file_path(secret)
        || (!value.quoted && (colon || never_words) && is_wordlike(secret))
        || (kind == KeyKind::Pwd
            && (secret.starts_with('/') || secret == "~" || secret.starts_with("~/")))
        || (kind == KeyKind::Pass && is_count(secret));
    (!skip).then(|| Found::one(value.secret, value.end))
}

/// A count or ratio as test runners print them (`12`, `3/5`, `98%`);
/// longer runs of digits are PINs.
fn is_count(value: &str) -> bool {
    let digits = value.trim_end_matches('%');
    let all = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match digits.split_once('/') {
        Some((a, b)) => all(a) && all(b),
        None => all(digits) && (digits.len() <= 4 || digits.len() < value.len()),
    }
}

/// `secret-element`: hides an element's text or a name/value pair's
/// value when the name names a secret.
pub(super) fn secret_element(caps: &Captures<'_>, text: &str) -> Option<Found> {
    let whole = caps.get(0)?;
    for (tag, body) in [("tag", "v"), ("etag", "ev")] {
        if let (Some(tag), Some(body)) = (caps.name(tag), caps.name(body)) {
            let local = tag.as_str().rsplit(':').next().unwrap_or_default();
            classify(local)?;
            let inner = body.as_str();
            let trimmed = inner.trim();
            if is_placeholder(trimmed) {
                return None;
            }
            let start = body.start() + (inner.len() - inner.trim_start().len());
            return Some(Found::one(start..start + trimmed.len(), body.end()));
        }
    }
    classify(caps.name("nk")?.as_str())?;
    let value = value_at(text, whole.end(), Encoding::Plain)?;
    (!is_placeholder(value.text(text))).then(|| Found::one(value.secret, value.end))
}

/// `sql-password`: hides the quoted password, `''` and `\'` escapes
/// included.
pub(super) fn sql_password(caps: &Captures<'_>, text: &str) -> Option<Found> {
    let q = caps.name("q")?;
    let quote = q.as_str().as_bytes().first().copied()?;
    let bytes = text.as_bytes();
    let mut i = q.end();
    let end = loop {
        match bytes.get(i) {
            None | Some(b'\n') => break i,
            Some(b'\\') => i += 2,
            Some(&b) if b == quote && bytes.get(i + 1) == Some(&quote) => i += 2,
            Some(&b) if b == quote => break i,
            Some(_) => i += 1,
        }
    };
    let end = end.min(text.len());
    let value = Value {
        secret: q.end()..end,
        end,
        quoted: true,
    };
    (!is_placeholder(value.text(text))).then(|| Found::one(value.secret, value.end))
}
