//! Finders for secrets that follow a key: `key=value` in every quoting,
//! assignment style and encoding (`secret-pair`), XML elements and
//! name/value objects (`secret-element`), signed-URL parameters
//! (`signed-url`) and SQL password clauses (`sql-password`).

use super::keys::{KeyKind, classify};
use super::rule::{Found, Hit};
use super::value::{Encoding, Value, value_at};
use super::verdict::{is_file_path, is_placeholder, is_wordlike};

/// `(?-u:\b)`-style pieces shared by the pair patterns: the characters of
/// a key, the quote that may close it and the separators that may follow.
macro_rules! pair_tail {
    () => {
        concat!(
            r#"(?:\\*["'`]|(?i-u:%2[27]|%5D|&quot;|&#3[49];|&apos;|\\u002[27]|\\x2[27])|\]|[”’])?"#,
            r"[ \t]*",
            r"(?:=>|:=|==|=|:|(?i-u:%3[DA]|\\u003[DA]|\\x3[DA]|&#61;|&#x3[DA];|&#58;|&equals;|&colon;)|＝|：)",
            r"[ \t]*",
        )
    };
}

/// `secret-pair`: the rest of a key from one of the secret word fragments
/// on, then a separator; [`secret_pair`] finds where the key starts,
/// judges it and finds the value. Starting at the fragment gives the
/// regex literals to search for, rather than trying every position; the
/// fragments are spelt in the three cases keys are written in (`pass`,
/// `Pass`, `PASS`), as a case-insensitive set would be too many literals
/// for the engine to search for at once.
pub(super) const SECRET_PAIR: &str = concat!(
    r"(?:(?:pass|Pass|PASS|pw|Pw|PW|secret|Secret|SECRET|token|Token|TOKEN|key|Key|KEY|cred|Cred|CRED",
    r"|sessid|SESSID|sessionid|SessionId|SESSIONID|psk|Psk|PSK)[A-Za-z0-9_.\-]*)",
    pair_tail!(),
);

/// Whether `b` may be part of a key's name.
fn is_key_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-')
}

/// `signed-url`: the signature and session-token parameters of signed
/// URLs and signed requests (Azure SAS `sig`, S3 `X-Amz-Signature`, GCS
/// `X-Goog-Signature`, CloudFront `Signature`, OAuth 1 `oauth_signature`,
/// Shopify `hmac`).
pub(super) const SIGNED_URL: &str = concat!(
    r"(?:X-Amz-Signature|x-amz-signature|X-Amz-Security-Token|x-amz-security-token|X-Goog-Signature",
    r"|x-goog-signature|X-Hub-Signature(?:-256)?|x-hub-signature(?:-256)?|oauth_signature|Signature|signature",
    r"|SIGNATURE|sig|Sig|SIG|hmac|Hmac|HMAC)(?-u:\b)",
    pair_tail!(),
);

/// `secret-element`: `<password>S</password>` (also HTML-escaped), and
/// `{"name": "password", "value": "S"}` as form and header dumps write it.
pub(super) const SECRET_ELEMENT: &str = concat!(
    r"<(?P<tag>(?:[A-Za-z_][A-Za-z0-9_.\-]*:)?[A-Za-z0-9_.\-]*(?i-u:pass|pwd|secret|token|key|cred)[A-Za-z0-9_.\-]*)(?:[ \t][^<>]*)?>(?P<v>[^<]*)</",
    r"|&lt;(?P<etag>(?:[A-Za-z_][A-Za-z0-9_.\-]*:)?[A-Za-z0-9_.\-]*(?i-u:pass|pwd|secret|token|key|cred)[A-Za-z0-9_.\-]*)&gt;(?P<ev>[^&<]*)&lt;/",
    r#"|"(?:name|key|field|param)"[ \t]*:[ \t]*"(?P<nk>[A-Za-z0-9_.\-]*(?i-u:pass|pwd|secret|token|key|cred)[A-Za-z0-9_.\-]*)"[ \t]*,[ \t]*"value"[ \t]*:[ \t]*"#,
);

/// `sql-password`: `IDENTIFIED BY 'S'`, `WITH PASSWORD 'S'`,
/// `SET PASSWORD FOR u = PASSWORD('S')` (one space or tab between
/// `PASSWORD` and its quote, as statements are written, so the literals
/// can say so).
pub(super) const SQL_PASSWORD: &str = concat!(
    r"(?-u:\b)(?:(?:identified|IDENTIFIED|Identified)[ \t]+(?:(?:with|WITH)[ \t]+[A-Za-z0-9_'`]+[ \t]+)?(?:by|BY)",
    r"(?:[ \t]+(?:password|PASSWORD))?[ \t]+",
    r"|(?:set|SET|Set) (?:password|PASSWORD|Password)[ \t]+(?:for|FOR)[ \t]+\S+[ \t]*=[ \t]*(?:(?:password|PASSWORD)[ \t]*\([ \t]*)?",
    r#"|(?:password|PASSWORD|Password)[ \t])(?:['"])"#,
);

/// `secret-pair`: hides the value when the key names a secret.
pub(super) fn secret_pair(hit: &Hit<'_>, text: &str) -> Option<Found> {
    let whole = hit.whole();
    let before = text.get(..whole.start())?.as_bytes();
    let start = before.len() - before.iter().rev().take_while(|b| is_key_byte(**b)).count();
    let kind = classify(text.get(start..key_end(text, whole.start()))?)?;
    pair_value(hit, text, kind, false)
}

/// Where the key that starts (or continues) at `at` ends.
fn key_end(text: &str, at: usize) -> usize {
    at + text.as_bytes()[at..]
        .iter()
        .take_while(|b| is_key_byte(**b))
        .count()
}

/// Separators as [`pair_tail!`] knows them, longest first where one ends
/// another (`=>` before `=`).
const SEPARATORS: &[&str] = &[
    "=>", ":=", "==", "%3d", "%3a", "\\u003d", "\\u003a", "\\x3d", "\\x3a", "&#61;", "&#x3d;",
    "&#x3a;", "&#58;", "&equals;", "&colon;", "\u{ff1d}", "\u{ff1a}", "=", ":",
];

/// The separator a pair's match ends with (before its trailing spaces):
/// read from the text, as finding the regex's groups costs more.
fn separator(matched: &str) -> &str {
    let t = matched.trim_end_matches([' ', '\t']);
    SEPARATORS
        .iter()
        .find(|s| {
            t.len() >= s.len()
                && t.is_char_boundary(t.len() - s.len())
                && t[t.len() - s.len()..].eq_ignore_ascii_case(s)
        })
        .map_or("", |s| &t[t.len() - s.len()..])
}

/// `signed-url`: hides the parameter's value (never a word), when the name
/// starts a word or follows an encoded `&`, `?` or `;`.
pub(super) fn signed_url(hit: &Hit<'_>, text: &str) -> Option<Found> {
    let before = text.get(..hit.whole().start())?;
    let starts = before
        .bytes()
        .next_back()
        .is_none_or(|b| !b.is_ascii_alphanumeric() && b != b'_')
        || ["%26", "%3f", "%3b"].iter().any(|e| {
            let b = before.as_bytes();
            b.len() >= 3 && b[b.len() - 3..].eq_ignore_ascii_case(e.as_bytes())
        });
    if !starts {
        return None;
    }
    pair_value(hit, text, KeyKind::Secret, true)
}

/// The value after a pair's separator, if it is a secret to hide. Words
/// are let through after a colon ("password: incorrect") or anywhere when
/// `never_words` (a signature is never a word).
fn pair_value(hit: &Hit<'_>, text: &str, kind: KeyKind, never_words: bool) -> Option<Found> {
    let whole = hit.whole();
    let sep = separator(whole.as_str());
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
pub(super) fn secret_element(hit: &Hit<'_>, text: &str) -> Option<Found> {
    let whole = hit.whole();
    for (tag, body) in [("tag", "v"), ("etag", "ev")] {
        if let (Some(tag), Some(body)) = (hit.name(tag), hit.name(body)) {
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
    classify(hit.name("nk")?.as_str())?;
    let value = value_at(text, whole.end(), Encoding::Plain)?;
    (!is_placeholder(value.text(text))).then(|| Found::one(value.secret, value.end))
}

/// `sql-password`: hides the quoted password, `''` and `\'` escapes
/// included.
pub(super) fn sql_password(hit: &Hit<'_>, text: &str) -> Option<Found> {
    // The match ends with the opening quote.
    let q = hit.whole();
    let quote = q.as_str().as_bytes().last().copied()?;
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
