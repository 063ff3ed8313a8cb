//! `secret-prose`: secrets told in words ("the password is S", "password
//! for bob was set to S", "your API key is: S", "login with password S").
//! What follows must not be an English word ("the password is
//! incorrect"), nor a small number ("is 8 characters long"); after "with"
//! and "using" it must look like a secret.

use regex::Captures;

use super::rule::Found;
use super::value::{Encoding, is_placeholder, is_wordlike, looks_secret, value_at};

/// A secret's name and a verb ("is", "was set to"), or "with"/"using"
/// and a secret's name.
pub(super) const SECRET_PROSE: &str = concat!(
    r"(?i)(?-u:\b)(?:",
    r"(?:pass(?:word|wd|phrase|code)|secret(?:[ _]key)?|(?:api|access)[ _-]?key|token|pin(?:[ _]code)?)",
    r"(?:[ \t]+(?:for|of)[ \t]+\S+(?:[ \t]+\S+)?)?",
    // Longer verbs first: the first alternative that matches is taken.
    r"[ \t]+(?:has[ \t]+been[ \t]+(?:set|changed|reset|updated)[ \t]+to",
    r"|(?:is[ \t]+|was[ \t]+)?(?:set|changed|reset|updated)[ \t]+to",
    r"|is[ \t]+now|will[ \t]+be|is|was|are|were|equals|reads)[ \t]*:?",
    r"|(?P<with>with|using|via)[ \t]+(?:the[ \t]+|a[ \t]+|an[ \t]+|new[ \t]+)?(?:password|passwd|passphrase|token|secret|api[ _-]?key)",
    r")[ \t]+",
);

/// Hides the secret the sentence tells.
pub(super) fn secret_prose(caps: &Captures<'_>, text: &str) -> Option<Found> {
    let whole = caps.get(0)?;
    let value = value_at(text, whole.end(), Encoding::Plain)?;
    let secret = value.text(text);
    let small_number = secret.len() <= 3 && secret.bytes().all(|b| b.is_ascii_digit());
    let keep = is_placeholder(secret)
        || (!value.quoted
            && (is_wordlike(secret)
                || small_number
                || (caps.name("with").is_some() && !looks_secret(secret))));
    (!keep).then(|| Found::one(value.secret, value.end))
}
