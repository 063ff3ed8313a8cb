//! `url-password`: the password of a URL's user information
//! (`redis://:S@host`, `postgres://app:p@ss@db/x`, `smtp://me@mail.com:S@smtp`),
//! percent-encoded URLs inside query strings, JSON-escaped URLs
//! (`https:\/\/u:S@h`), Go MySQL DSNs (`root:S@tcp(db:3306)/app`) and
//! Oracle JDBC URLs (`jdbc:oracle:thin:scott/S@db`).

use regex::Captures;

use super::rule::Found;
use super::value::is_placeholder;

/// The user may hold `@` (an e-mail address) but not `:`; the password may
/// hold `:` and `@`, and ends at the last `@` before the host, as URL
/// parsers read it.
pub(super) const URL_PASSWORD: &str = concat!(
    r"(?i)(?-u:\b)[a-z][a-z0-9+.\-]*:(?://|\\/\\/)[^\s:/?#\x22'<>\\]*:(?P<pw>[^\s/?#\x22'<>]*)@",
    r"|(?i)(?-u:\b)[a-z][a-z0-9+.\-]*(?:%2B[a-z0-9.\-]+)*%3A%2F%2F(?:[^\s%&/?#\x22']|%(?:[0-24-9a-f][0-9a-f]|3[0-9b-f]))*%3A(?P<epw>(?:[^\s%&/?#\x22']|%(?:[013-9a-f][0-9a-f]|2[0-9a-e]))*)%40",
    r"|(?-u:\b)[A-Za-z0-9_.\-]+:(?P<dpw>[^\s\x22'<>]*)@(?:tcp6?|udp|unix)\(",
    r"|(?i:jdbc:oracle:[a-z]+:)[A-Za-z0-9_.$\-]+/(?P<opw>[^\s@\x22']+)@",
);

/// Hides whichever password the match found.
pub(super) fn url_password(caps: &Captures<'_>, _text: &str) -> Option<Found> {
    let pw = ["pw", "epw", "dpw", "opw"]
        .iter()
        .find_map(|name| caps.name(name))?;
    let whole = caps.get(0)?;
    (!is_placeholder(pw.as_str())).then(|| Found::one(pw.range(), whole.end()))
}
