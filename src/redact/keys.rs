//! Which key names hold secrets. A name is split into words (`_`, `-`,
//! `.`, camelCase and digits all separate them) and judged by its last
//! word, the noun it names: `DB_PASS`, `mysqlRootPassword`, `x-api-key`,
//! `AWS_SECRET_ACCESS_KEY` and `PGPASSWORD` hold secrets; `tokenizer`,
//! `max_tokens`, `token_type`, `password_expires`, `primary_key` and
//! `bypass` do not.

/// What kind of secret key a name is, for the checks its values need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum KeyKind {
    /// Any secret-holding name.
    Secret,
    /// `pass` alone, which test runners also use for counts (`pass=12`).
    Pass,
    /// `pwd` alone, which is also the working directory (`PWD=/home/x`).
    Pwd,
}

/// Last words that name a secret by themselves.
const SECRET_WORDS: &[&str] = &[
    "apikey",
    "credential",
    "credentials",
    "creds",
    "aspsessionid",
    "jsessionid",
    "pass",
    "passcode",
    "passphrase",
    "passwd",
    "password",
    "phpsessid",
    "privkey",
    "psk",
    "pw",
    "pwd",
    "secret",
    "token",
];

/// Endings of a last word written without separators (`PGPASSWORD`,
/// `csrftoken`, `APIKEY`, `clientsecret`).
const SECRET_ENDINGS: &[&str] = &[
    "accesskey",
    "accountkey",
    "apikey",
    "authkey",
    "credential",
    "credentials",
    "encryptionkey",
    "hmackey",
    "masterkey",
    "passcode",
    "passphrase",
    "passwd",
    "password",
    "privatekey",
    "secret",
    "secretkey",
    "sessionkey",
    "signingkey",
    "subscriptionkey",
    "token",
];

/// Words before `key` that make it a secret (`api_key`, `AccountKey`,
/// `x-encryption-key`); `key` alone, `primary key` or `cache_key` is not.
const KEY_QUALIFIERS: &[&str] = &[
    "access",
    "account",
    "admin",
    "aes",
    "api",
    "app",
    "application",
    "auth",
    "authentication",
    "cipher",
    "client",
    "consumer",
    "crypt",
    "crypto",
    "decryption",
    "encrypt",
    "encryption",
    "hmac",
    "ingest",
    "jwt",
    "license",
    "licence",
    "mac",
    "master",
    "merchant",
    "otp",
    "priv",
    "private",
    "recovery",
    "rest",
    "root",
    "secret",
    "secure",
    "security",
    "server",
    "service",
    "session",
    "shared",
    "sharedaccess",
    "sign",
    "signature",
    "signing",
    "storage",
    "subscription",
    "totp",
    "unlock",
    "webhook",
    "write",
];

/// Words before `token` that make it a counter, a marker or a page
/// cursor, not a credential (`max_token`, `next_token`, `eos_token`).
const TOKEN_NOT_SECRET: &[&str] = &[
    "bos",
    "cancel",
    "cancellation",
    "cls",
    "completion",
    "continuation",
    "count",
    "end",
    "eos",
    "first",
    "input",
    "last",
    "mask",
    "max",
    "min",
    "next",
    "num",
    "output",
    "pad",
    "page",
    "pagination",
    "prompt",
    "resume",
    "sep",
    "special",
    "start",
    "stop",
    "sync",
    "total",
    "unk",
    "word",
];

/// Words before `pass` that make it a round of work (`first_pass`).
const PASS_NOT_SECRET: &[&str] = &[
    "compile", "dry", "each", "first", "last", "multi", "next", "one", "render", "second",
    "single", "third", "two",
];

/// Words after the noun that still name the secret (`password_confirmation`,
/// `password2`, `token_value`, `password_digest`).
const TRAILING: &[&str] = &[
    "again",
    "b64",
    "base64",
    "confirm",
    "confirmation",
    "digest",
    "enc",
    "encrypted",
    "hash",
    "hashed",
    "hex",
    "md5",
    "plain",
    "plaintext",
    "raw",
    "repeat",
    "sha1",
    "sha256",
    "sha512",
    "str",
    "string",
    "value",
];

/// Most words of a key looked at (its last ones).
const MAX_WORDS: usize = 16;

/// What kind of secret `key` names, or None when it names no secret.
/// Keys are ASCII (the patterns only take ASCII key characters); words are
/// compared without regard to case and without allocating, as this runs
/// for every candidate key of every line that wakes the rule.
pub(super) fn classify(key: &str) -> Option<KeyKind> {
    // A Java system property (`-Dpwd=`): the `D` is the flag, not a word.
    let key = key.strip_prefix("-D").unwrap_or(key);
    let mut spans = [(0usize, 0usize); MAX_WORDS];
    let mut n = split_words(key.as_bytes(), &mut spans);
    let word = |i: usize| &key[spans[i].0..spans[i].1];
    let is = |w: &str, list: &[&str]| list.iter().any(|l| l.eq_ignore_ascii_case(w));
    while n > 1 && {
        let w = word(n - 1);
        is(w, TRAILING) || w.bytes().all(|b| b.is_ascii_digit())
    } {
        n -= 1;
    }
    let last = word(n.checked_sub(1)?);
    let previous = n.checked_sub(2).map(word);
    let alone = n == 1;
    let last_is = |w: &str| last.eq_ignore_ascii_case(w);
    let previous_in = |list: &[&str]| previous.is_some_and(|p| is(p, list));
    let previous_is = |w: &str| previous.is_some_and(|p| p.eq_ignore_ascii_case(w));
    let ends = |e: &&str| {
        last.len() >= e.len()
            && last.as_bytes()[last.len() - e.len()..].eq_ignore_ascii_case(e.as_bytes())
    };
    if (last_is("token") && previous_in(TOKEN_NOT_SECRET))
        || (last_is("pass") && previous_in(PASS_NOT_SECRET))
    {
        None
    } else if last_is("pass") && alone {
        Some(KeyKind::Pass)
    } else if last_is("pwd") && alone {
        Some(KeyKind::Pwd)
    } else if (last_is("key") && previous_in(KEY_QUALIFIERS))
        || (last_is("phrase") && previous_is("pass"))
        || (last_is("id") && previous_is("secret"))
        || is(last, SECRET_WORDS)
        || SECRET_ENDINGS.iter().any(ends)
    {
        Some(KeyKind::Secret)
    } else {
        None
    }
}

/// Splits `key` into words, writing their byte ranges into `spans` (the
/// last ones when there are more) and returning how many it wrote: a word
/// ends at every byte that is not a letter or digit, between a lower-case
/// letter and a capital, before the last capital of a run followed by
/// lower case (`APIKey`), and between letters and digits.
fn split_words(key: &[u8], spans: &mut [(usize, usize); MAX_WORDS]) -> usize {
    let mut n = 0;
    let mut push = |start: usize, end: usize| {
        if n == MAX_WORDS {
            spans.copy_within(1.., 0);
            n -= 1;
        }
        spans[n] = (start, end);
        n += 1;
    };
    let mut start = None;
    for (i, &c) in key.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if let Some(s) = start.take() {
                push(s, i);
            }
            continue;
        }
        if let Some(s) = start
            && i > s
        {
            let prev = key[i - 1];
            let next_lower = key.get(i + 1).is_some_and(u8::is_ascii_lowercase);
            let boundary = (prev.is_ascii_lowercase() && c.is_ascii_uppercase())
                || (prev.is_ascii_uppercase() && c.is_ascii_uppercase() && next_lower)
                || (prev.is_ascii_alphabetic() && c.is_ascii_digit())
                || (prev.is_ascii_digit() && c.is_ascii_alphabetic());
            if boundary {
                push(s, i);
                start = Some(i);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        push(s, key.len());
    }
    n
}

#[cfg(test)]
mod tests;
