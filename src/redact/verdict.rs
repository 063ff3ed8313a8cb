//! Whether what a rule found is a secret: a placeholder (`***`,
//! `${DB_PASS}`, `?`), a file's path, or an English word where words are
//! likely ("password: incorrect", "token is expired") is left alone; a
//! value met with no key must look like a secret.

/// Whether `value` stands in for a secret rather than being one: masked
/// (`***`, `[REDACTED]`, `<hidden>`), empty-ish (`null`, `none`), a
/// boolean, a template or variable reference (`${DB_PASS}`, `$PGPASS`,
/// `{{ token }}`, `%s`), or a SQL bind parameter (`?`, `:password`, `$1`).
pub(super) fn is_placeholder(value: &str) -> bool {
    let v = value.trim();
    let lower = v.to_ascii_lowercase();
    if v.is_empty() || lower.starts_with("[redacted") || lower.starts_with("redacted") {
        return true;
    }
    if v.chars()
        .all(|c| matches!(c, '*' | '\u{2022}' | '\u{25cf}' | '#'))
        || (v.len() >= 3 && v.chars().all(|c| c == 'x' || c == 'X'))
    {
        return true;
    }
    const WORDS: &[&str] = &[
        "null",
        "nil",
        "none",
        "undefined",
        "true",
        "false",
        "(null)",
        "n/a",
        "-",
        "?",
        "%s",
        "%v",
        "%r",
        "{}",
        "<nil>",
    ];
    if WORDS.contains(&lower.as_str()) {
        return true;
    }
    let inner_ident = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
    };
    (v.starts_with('<') && v.ends_with('>'))
        || v.starts_with("${")
        || v.starts_with("{{")
        || v.starts_with("%(")
        || v.strip_prefix('$').is_some_and(inner_ident)
        || v.strip_prefix(':').is_some_and(|s| {
            s.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
                && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        })
}

/// Whether `value` is a file's path (`/etc/ssl/app.key`, `./id_rsa.pem`):
/// where a key or password is kept, not the secret itself.
pub(super) fn is_file_path(value: &str) -> bool {
    let rooted = ["/", "./", "../", "~/"]
        .iter()
        .any(|p| value.starts_with(p));
    let name = value.rsplit('/').next().unwrap_or_default();
    let extension = name.rsplit_once('.').map(|(_, e)| e).unwrap_or_default();
    rooted
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'.' | b'_' | b'-'))
        && (1..=5).contains(&extension.len())
        && extension.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// Words that follow "password is", "token:" and the like in ordinary
/// messages: states, verdicts and the small words of English.
pub(super) const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "absent",
    "accepted",
    "active",
    "also",
    "an",
    "and",
    "are",
    "as",
    "at",
    "attempt",
    "attempts",
    "auth",
    "available",
    "bad",
    "be",
    "been",
    "blank",
    "but",
    "by",
    "can",
    "cannot",
    "change",
    "check",
    "complexity",
    "correct",
    "could",
    "current",
    "default",
    "denied",
    "did",
    "different",
    "disabled",
    "do",
    "does",
    "done",
    "empty",
    "enabled",
    "error",
    "expired",
    "expires",
    "expiry",
    "fail",
    "failure",
    "false",
    "field",
    "file",
    "fine",
    "for",
    "format",
    "fresh",
    "from",
    "given",
    "good",
    "had",
    "has",
    "have",
    "here",
    "hint",
    "history",
    "if",
    "in",
    "inactive",
    "incorrect",
    "invalid",
    "is",
    "it",
    "its",
    "just",
    "length",
    "locked",
    "login",
    "long",
    "malformed",
    "manager",
    "may",
    "might",
    "mismatch",
    "missing",
    "must",
    "my",
    "needed",
    "new",
    "no",
    "none",
    "not",
    "now",
    "null",
    "of",
    "off",
    "ok",
    "okay",
    "old",
    "on",
    "only",
    "or",
    "our",
    "policy",
    "present",
    "prompt",
    "provided",
    "refresh",
    "required",
    "reset",
    "reuse",
    "revoked",
    "same",
    "saved",
    "sent",
    "set",
    "short",
    "should",
    "stale",
    "still",
    "stored",
    "strength",
    "strong",
    "that",
    "the",
    "their",
    "then",
    "there",
    "these",
    "this",
    "those",
    "to",
    "too",
    "true",
    "type",
    "unavailable",
    "unchanged",
    "unknown",
    "unset",
    "used",
    "user",
    "valid",
    "value",
    "very",
    "was",
    "weak",
    "were",
    "will",
    "with",
    "without",
    "would",
    "wrong",
    "yes",
    "your",
];

/// Whether `value` reads as an English word rather than a secret: letters
/// only, lower case after its first letter, and a known small word or a
/// word with an English ending ("expired", "missing", "verification").
/// Only asked where a word is likely ("password: incorrect").
pub(super) fn is_wordlike(value: &str) -> bool {
    let bytes = value.as_bytes();
    if bytes.is_empty() || !bytes.iter().all(u8::is_ascii_alphabetic) {
        return false;
    }
    let upper = bytes.iter().all(u8::is_ascii_uppercase);
    if !upper && !bytes[1..].iter().all(u8::is_ascii_lowercase) {
        return false;
    }
    let word = value.to_ascii_lowercase();
    let ends = |suffix: &str, min: usize| word.len() >= min && word.ends_with(suffix);
    STOP_WORDS.binary_search(&word.as_str()).is_ok()
        || ends("ed", 6)
        || ends("ing", 6)
        || ends("tion", 7)
        || ends("sion", 7)
        || ends("ment", 7)
}

/// Whether a value met with no key at all ("using token X") looks like a
/// secret: 8 characters or more, not a word, and with a digit, a symbol or
/// mixed case.
pub(super) fn looks_secret(value: &str) -> bool {
    let has = |f: fn(&char) -> bool| value.chars().any(|c| f(&c));
    value.chars().count() >= 8
        && !is_wordlike(value)
        && (has(char::is_ascii_digit)
            || has(|c| !c.is_alphanumeric())
            || (has(char::is_ascii_uppercase) && has(char::is_ascii_lowercase)))
}
