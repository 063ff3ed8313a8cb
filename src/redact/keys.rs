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

/// What kind of secret `key` names, or None when it names no secret.
pub(super) fn classify(key: &str) -> Option<KeyKind> {
    // A Java system property (`-Dpwd=`): the `D` is the flag, not a word.
    let key = key.strip_prefix("-D").unwrap_or(key);
    let mut words = split_words(key);
    while words.len() > 1
        && words.last().is_some_and(|w| {
            TRAILING.contains(&w.as_str()) || w.bytes().all(|b| b.is_ascii_digit())
        })
    {
        words.pop();
    }
    let last = words.last()?.as_str();
    let previous = words.len().checked_sub(2).map(|i| words[i].as_str());
    let alone = words.len() == 1;
    match (previous, last) {
        (Some(p), "token") if TOKEN_NOT_SECRET.contains(&p) => None,
        (Some(p), "pass") if PASS_NOT_SECRET.contains(&p) => None,
        (_, "pass") if alone => Some(KeyKind::Pass),
        (_, "pwd") if alone => Some(KeyKind::Pwd),
        (Some(p), "key") if KEY_QUALIFIERS.contains(&p) => Some(KeyKind::Secret),
        (Some("pass"), "phrase") | (Some("secret"), "id") => Some(KeyKind::Secret),
        (_, w) if SECRET_WORDS.contains(&w) => Some(KeyKind::Secret),
        (_, w) if SECRET_ENDINGS.iter().any(|e| w.ends_with(e)) => Some(KeyKind::Secret),
        _ => None,
    }
}

/// `key` in lower-case words: split at every character that is not a
/// letter or digit, between a lower-case letter and a capital, before the
/// last capital of a run followed by lower case (`APIKey`), and between
/// letters and digits.
fn split_words(key: &str) -> Vec<String> {
    let chars: Vec<char> = key.chars().collect();
    let mut words = Vec::new();
    let mut word = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            continue;
        }
        if let Some(&prev) = i.checked_sub(1).and_then(|p| chars.get(p))
            && !word.is_empty()
        {
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            let boundary = (prev.is_lowercase() && c.is_uppercase())
                || (prev.is_uppercase() && c.is_uppercase() && next_lower)
                || (prev.is_alphabetic() && c.is_numeric())
                || (prev.is_numeric() && c.is_alphabetic());
            if boundary {
                words.push(std::mem::take(&mut word));
            }
        }
        word.extend(c.to_lowercase());
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_at_every_kind_of_boundary() {
        let cases = [
            ("DB_PASS", vec!["db", "pass"]),
            ("mysqlRootPassword", vec!["mysql", "root", "password"]),
            ("APIKey", vec!["api", "key"]),
            ("x-api-key", vec!["x", "api", "key"]),
            ("password2", vec!["password", "2"]),
            ("u0022password", vec!["u", "0022", "password"]),
            (
                "spring.datasource.password",
                vec!["spring", "datasource", "password"],
            ),
        ];
        for (key, want) in cases {
            assert_eq!(split_words(key), want, "{key}");
        }
    }

    #[test]
    fn secret_names_and_their_look_alikes() {
        for key in [
            "password",
            "DB_PASS",
            "MYSQL_ROOT_PASS",
            "pass",
            "passphrase",
            "pass_phrase",
            "PGPASSWORD",
            "api_key",
            "apiKey",
            "APIKEY",
            "x-api-key",
            "client_secret",
            "clientSecret",
            "access_token",
            "csrftoken",
            "AWS_SECRET_ACCESS_KEY",
            "AccountKey",
            "SharedAccessKey",
            "password_confirmation",
            "password2",
            "secret_id",
            "JSESSIONID",
            "private_key",
            "--db-password",
            "-Dspring.datasource.password",
            "-Dpwd",
        ] {
            assert!(classify(key).is_some(), "{key} names a secret");
        }
        for key in [
            "tokenizer",
            "tokens",
            "max_tokens",
            "token_type",
            "tokenType",
            "next_token",
            "NextToken",
            "password_expires",
            "password_length",
            "passwordless",
            "password_file",
            "secret_name",
            "secretRef",
            "primary_key",
            "key",
            "cache_key",
            "monkey",
            "bypass",
            "passed",
            "first_pass",
            "OLDPWD",
            "keyboard",
            "auth_method",
        ] {
            assert_eq!(classify(key), None, "{key} names no secret");
        }
        assert_eq!(classify("pass"), Some(KeyKind::Pass));
        assert_eq!(classify("PWD"), Some(KeyKind::Pwd));
    }
}
