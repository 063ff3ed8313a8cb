//! `cli-flag`: passwords on command lines as logs echo them. Long and
//! Java-style flags whose name names a secret, with the value after a
//! space (`--password S`, `-storepass S`, `-passin pass:S`; the `=` form
//! is a pair), and the short options of tools that take a password
//! (`mysql -pS`, `sshpass -p S`, `curl -u user:S`, `smbclient -U user%S`,
//! `sqlplus scott/S@db`, `docker login -p S`, ...).

use std::ops::Range;

use super::keys::classify;
use super::rule::{Found, Hit};
use super::value::{Encoding, value_at};
use super::verdict::{is_file_path, is_placeholder};

/// A flag whose name holds a secret's word, and the spaces before its
/// value. The pattern starts with `-`, for the regex engine to search for;
/// what precedes it is checked by [`cli_flag`].
pub(super) const CLI_FLAG: &str =
    r"--?[A-Za-z0-9_.\-]*(?i-u:pass|pwd|pw|secret|token|key|cred|psk)[A-Za-z0-9_.\-]*[ \t]+";

/// A tool that takes a password among its options, named as commands are
/// typed (lower case).
pub(super) const CLI_TOOL: &str = concat!(
    r"(?:mysql[a-z_]*|mariadb[a-z_\-]*|sshpass|mongo(?:sh|dump|restore|import|export|stat|top|files)?|redis-cli",
    r"|ldap(?:search|add|modify|delete|passwd|whoami|compare|modrdn|exop)|sqlcmd|bcp|docker|podman|nerdctl|zip|unzip|7za?|7zr",
    r"|ipmitool|smbclient|curl|sqlplus)(?:\.exe)?(?-u:\b)",
);

/// Single-dash flags of keytool and openssl whose names the key words do
/// not cover.
const JAVA_STYLE: &[&str] = &[
    "deststorepass",
    "destkeypass",
    "keypass",
    "pass",
    "passin",
    "passout",
    "srckeypass",
    "srcstorepass",
    "storepass",
];

/// Most words of a command line looked at after a tool's name.
const MAX_WORDS: usize = 64;

/// Hides a flag's value or a tool's password.
pub(super) fn cli_flag(hit: &Hit<'_>, text: &str) -> Option<Found> {
    // A flag or a command starts a word (`x--pass`, `gzip` are neither).
    let whole = hit.whole();
    let after_word = text[..whole.start()]
        .bytes()
        .next_back()
        .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'));
    if after_word {
        return None;
    }
    if whole.as_str().starts_with('-') {
        let flag = whole.as_str().trim_end_matches([' ', '\t']);
        return flag_value(flag, whole.end(), text);
    }
    // The tool's name without `.exe`.
    let name = whole.as_str().split('.').next().unwrap_or_default();
    tool_password(name, whole.end(), text)
}

/// The value after `--name ` when the name names a secret.
fn flag_value(flag: &str, at: usize, text: &str) -> Option<Found> {
    let name = flag.trim_start_matches('-');
    let java = !flag.starts_with("--") && JAVA_STYLE.contains(&name.to_ascii_lowercase().as_str());
    if !java && classify(name).is_none() {
        return None;
    }
    if text[at..].starts_with('-') {
        // Another flag: this one takes no value here (`--password-stdin`).
        return None;
    }
    let value = value_at(text, at, Encoding::Plain)?;
    let secret = value.text(text);
    // openssl's `pass:S` holds the secret; `env:VAR`, `file:path` do not.
    let lower = secret.to_ascii_lowercase();
    if ["env:", "file:", "fd:", "stdin"]
        .iter()
        .any(|p| lower.starts_with(p))
    {
        return None;
    }
    let skip = if lower.starts_with("pass:") { 5 } else { 0 };
    let hide = value.secret.start + skip..value.secret.end;
    let kept = is_placeholder(&secret[skip..]) || is_file_path(secret);
    (!kept).then(|| Found::one(hide, value.end))
}

/// One word of a command line: where its text is, quotes left out.
struct Word {
    range: Range<usize>,
}

/// The words of the command after a tool's name, up to a shell separator
/// or the end of the line; quoted words keep their spaces.
fn words(text: &str, mut at: usize) -> (Vec<Word>, usize) {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    while out.len() < MAX_WORDS {
        at += bytes[at..]
            .iter()
            .take_while(|b| matches!(b, b' ' | b'\t'))
            .count();
        let start = at;
        match bytes.get(at) {
            None | Some(b'\n' | b'\r' | b'|' | b';' | b'&' | b'`' | b')') => break,
            Some(&q @ (b'"' | b'\'')) => {
                let Some(close) = text[at + 1..].find(q as char) else {
                    break;
                };
                // A quote that closes the string around the command ends it.
                if close == 0 || text[at + 1..at + 1 + close].contains('\n') {
                    break;
                }
                out.push(Word {
                    range: at + 1..at + 1 + close,
                });
                at += close + 2;
                continue;
            }
            Some(_) => {}
        }
        let len = bytes[at..]
            .iter()
            .take_while(|b| !b.is_ascii_whitespace() && !matches!(b, b'"' | b';' | b'|' | b'`'))
            .count();
        at += len;
        out.push(Word { range: start..at });
    }
    (out, at)
}

/// Where each tool keeps its password: `(flag, may the value be attached,
/// may it be the next word)`; what part of the value is secret is handled
/// in [`secret_part`].
fn password_flags(tool: &str) -> &'static [(&'static str, bool, bool)] {
    match tool {
        t if t.starts_with("mysql") || t.starts_with("mariadb") => &[("-p", true, false)],
        "sshpass" | "mongo" | "mongosh" | "mongodump" | "mongorestore" | "mongoimport"
        | "mongoexport" | "mongostat" | "mongotop" | "mongofiles" => &[("-p", true, true)],
        "redis-cli" => &[("-a", true, true)],
        t if t.starts_with("ldap") => &[("-w", true, true)],
        "sqlcmd" | "bcp" | "ipmitool" => &[("-P", true, true)],
        "zip" | "unzip" => &[("-P", false, true)],
        "7z" | "7za" | "7zr" => &[("-p", true, false)],
        "docker" | "podman" | "nerdctl" => &[("-p", true, true)],
        "smbclient" => &[("-U", true, true), ("--user", false, true)],
        "curl" => &[
            ("-u", true, true),
            ("--user", false, true),
            ("-U", true, true),
            ("--proxy-user", false, true),
        ],
        _ => &[],
    }
}

/// The secret part of a tool's password value: after `%` for smbclient's
/// `user%pass`, after the first `:` for curl's `user:pass`, all of it
/// otherwise.
fn secret_part(tool: &str, value: Range<usize>, text: &str) -> Option<Range<usize>> {
    let v = text.get(value.clone())?;
    let split = match tool {
        "smbclient" => Some('%'),
        "curl" => Some(':'),
        _ => None,
    };
    match split {
        Some(c) => v.find(c).map(|n| value.start + n + 1..value.end),
        None => Some(value),
    }
}

/// The password words of the command after a tool's name.
fn tool_password(tool: &str, at: usize, text: &str) -> Option<Found> {
    let (words, end) = words(text, at);
    let mut found = Found {
        hide: Vec::new(),
        resume: end,
    };
    let word = |w: &Word| &text[w.range.clone()];
    if tool == "sqlplus" {
        // `sqlplus user/password@db`: the first word that is not a flag.
        if let Some(w) = words.iter().find(|w| !word(w).starts_with('-'))
            && let Some(slash) = word(w).find('/')
        {
            let start = w.range.start + slash + 1;
            let end = word(w).find('@').map_or(w.range.end, |n| w.range.start + n);
            found.hide.push(start..end);
        }
    }
    let login = matches!(tool, "docker" | "podman" | "nerdctl");
    let mut logged_in = false;
    for (i, w) in words.iter().enumerate() {
        let text_of = word(w);
        if login && text_of == "login" {
            logged_in = true;
        }
        if login && !logged_in {
            continue;
        }
        for (flag, attached, next) in password_flags(tool) {
            let value = if text_of == *flag && *next {
                words.get(i + 1).map(|n| n.range.clone())
            } else if let Some(rest) = text_of.strip_prefix(flag)
                && *attached
                && !rest.is_empty()
                && !flag.starts_with("--")
            {
                Some(w.range.start + flag.len()..w.range.end)
            } else if let Some(rest) = text_of.strip_prefix(flag).and_then(|r| r.strip_prefix('='))
                && flag.starts_with("--")
            {
                Some(w.range.end - rest.len()..w.range.end)
            } else {
                None
            };
            if let Some(value) = value
                && let Some(secret) = secret_part(tool, value, text)
                && !text[secret.clone()].starts_with('-')
                && !is_placeholder(&text[secret.clone()])
            {
                found.hide.push(secret);
            }
        }
    }
    (!found.hide.is_empty()).then_some(found)
}
