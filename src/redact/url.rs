//! `url-password`: the password of a URL's user information
//! (`redis://:S@host`, `postgres://app:p@ss@db/x`, `smtp://me@mail.com:S@smtp`),
//! percent-encoded URLs inside query strings, JSON-escaped URLs
//! (`https:\/\/u:S@h`), Go MySQL DSNs (`root:S@tcp(db:3306)/app`) and
//! Oracle JDBC URLs (`jdbc:oracle:thin:scott/S@db`).

use super::rule::{Found, Hit};
use super::verdict::is_placeholder;

// Each form is its own pattern, starting with a literal (`://`, `%3A%2F%2F`,
// `@tcp(`, `jdbc:oracle:`) for the regex engine to search for: one
// pattern of all four would have to try every position of every line.

/// The user may hold `@` (an e-mail address) but not `:`; the password may
/// hold `:` and `@`, and ends at the last `@` before the host, as URL
/// parsers read it. The scheme is not needed to know a password.
pub(super) const URL_PASSWORD: &str =
    r"(?::(?://|\\/\\/))[^\s:/?#\x22'<>\\]*:(?P<pw>[^\s/?#\x22'<>]*)@";

/// A percent-encoded URL (a redirect target inside a query string).
pub(super) const ENCODED_URL_PASSWORD: &str = concat!(
    r"(?i-u:%3A%2F%2F)(?:[^\s%&/?#\x22']|%(?:[0-24-9a-fA-F][0-9a-fA-F]|3[0-9b-fB-F]))*(?i-u:%3A)",
    r"(?P<pw>(?:[^\s%&/?#\x22']|%(?:[013-9a-fA-F][0-9a-fA-F]|2[0-9a-eA-E]))*)%40",
);

/// A Go MySQL DSN's `@tcp(`: [`dsn_password`] looks back for `user:pw`.
pub(super) const DSN_PASSWORD: &str = r"@(?:tcp6?|udp|unix)\(";

/// Oracle's `jdbc:oracle:thin:user/password@host`.
pub(super) const JDBC_PASSWORD: &str =
    r"jdbc:oracle:[a-z]+:[A-Za-z0-9_.$\-]+/(?P<pw>[^\s@\x22']+)@";

/// Hides the password the match found.
pub(super) fn url_password(hit: &Hit<'_>, _text: &str) -> Option<Found> {
    let pw = hit.name("pw")?;
    let whole = hit.whole();
    (!is_placeholder(pw.as_str())).then(|| Found::one(pw.range(), whole.end()))
}

/// Hides what follows the first `:` of the word before `@tcp(`: its
/// user's password (which may hold `:` and `@` itself).
pub(super) fn dsn_password(hit: &Hit<'_>, text: &str) -> Option<Found> {
    let at = hit.whole();
    let before = text.get(..at.start())?;
    // The word ends at a space or quote; `dsn=root:` puts the user after
    // the `=`, and the password (which may hold `=`) after the first `:`.
    let word_start = before
        .rfind(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>'))
        .map_or(0, |n| n + 1);
    let colon = word_start + before[word_start..].find(':')?;
    let pw = colon + 1..at.start();
    (!is_placeholder(&text[pw.clone()])).then(|| Found::one(pw, at.end()))
}
