//! `secret-prose`: secrets told in words ("the password is S", "password
//! for bob was set to S", "your API key is: S", "login with password S").
//! What follows must not be an English word ("the password is
//! incorrect"), nor a small number ("is 8 characters long"); after "with"
//! and "using" it must look like a secret.

use super::rule::{Found, Hit};
use super::value::{Encoding, value_at};
use super::verdict::{is_placeholder, is_wordlike, looks_secret};

/// A secret's name and a verb ("is", "was set to"), or "with"/"using"
/// and a secret's name; the leading words in the three cases prose writes
/// them in, so the regex engine has few literals to search for.
pub(super) const SECRET_PROSE: &str = concat!(
    r"(?-u:\b)(?:",
    r"(?:[Pp]ass(?:word|wd|phrase|code)|PASS(?:WORD|WD|PHRASE|CODE)|[Ss]ecret(?:[ _][Kk]ey)?|SECRET(?:[ _]KEY)?",
    r"|(?:[Aa]pi|API|[Aa]ccess|ACCESS)[ _-]?(?:[Kk]ey|KEY)|[Tt]oken|TOKEN|[Pp]in(?:[ _][Cc]ode)?|PIN(?:[ _]CODE)?)",
    r"(?:[ \t]+(?i-u:for|of)[ \t]+\S+(?:[ \t]+\S+)?)?",
    // Longer verbs first: the first alternative that matches is taken.
    r"(?i-u:[ \t]+(?:has[ \t]+been[ \t]+(?:set|changed|reset|updated)[ \t]+to",
    r"|(?:is[ \t]+|was[ \t]+)?(?:set|changed|reset|updated)[ \t]+to",
    r"|is[ \t]+now|will[ \t]+be|is|was|are|were|equals|reads)[ \t]*:?)",
    r"|(?:[Ww]ith|WITH|[Uu]sing|USING|[Vv]ia|VIA)",
    r"(?i-u:[ \t]+(?:the[ \t]+|a[ \t]+|an[ \t]+|new[ \t]+)?(?:password|passwd|passphrase|token|secret|api[ _-]?key))",
    r")[ \t]+",
);

/// Hides the secret the sentence tells.
pub(super) fn secret_prose(hit: &Hit<'_>, text: &str) -> Option<Found> {
    let whole = hit.whole();
    // No secret's name starts with w, u or v: the match is the "with" form.
    let with = whole.as_str().starts_with(['w', 'W', 'u', 'U', 'v', 'V']);
    let value = value_at(text, whole.end(), Encoding::Plain)?;
    let secret = value.text(text);
    let small_number = secret.len() <= 3 && secret.bytes().all(|b| b.is_ascii_digit());
    let keep = is_placeholder(secret)
        || (!value.quoted
            && (is_wordlike(secret) || small_number || (with && !looks_secret(secret))));
    (!keep).then(|| Found::one(value.secret, value.end))
}
