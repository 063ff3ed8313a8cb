//! The built-in rules, one name per class of secret, in the order they run
//! (private key blocks first, since they span lines and hold words other
//! rules wake on; prose last, as the loosest). A class may have several
//! entries of one name: each pattern then starts with literals the regex
//! engine can search for, where one pattern of all forms would try every
//! position of a line. A `[[redact]]` entry with a rule's name replaces or
//! switches off all of that class.

use super::rule::Finder;
use super::{cli, http, pairs, prose, tokens, url};

/// What a built-in rule does with a match.
#[derive(Debug, Clone, Copy)]
pub(super) enum Does {
    /// Regex replacement syntax.
    Replace(&'static str),
    /// A finder: code that says which parts are secret.
    Find(Finder),
}

/// One built-in rule.
#[derive(Debug, Clone, Copy)]
pub(super) struct Builtin {
    /// Its name, for `[[redact]]` entries and `Redactor::names`.
    pub name: &'static str,
    /// Its regex.
    pub pattern: &'static str,
    /// Literals, lower case, one of which every match contains: a line
    /// holding none of them skips the rule.
    pub literals: &'static [&'static str],
    /// Literals, lower case, one of which every match also contains (empty
    /// when there is no second condition).
    pub also: &'static [&'static str],
    /// What it does with a match.
    pub does: Does,
}

/// The words of secret key names, as literals (`pass` covers `password`,
/// `passwd`, `passphrase`; `key` covers `api_key`, `AccountKey`).
const KEY_WORDS: &[&str] = &[
    "pass",
    "pwd",
    "pw",
    "secret",
    "token",
    "key",
    "cred",
    "sessid",
    "sessionid",
    "psk",
];

/// The built-in rules.
pub(super) const BUILTIN: &[Builtin] = &[
    Builtin {
        name: "private-key",
        // PEM (RSA, EC, DSA, OPENSSH, ENCRYPTED, PKCS#8), PGP key blocks,
        // SSH2 (`---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----`), PuTTY key
        // files; to the END line, or to the end of the text when it was cut.
        pattern: concat!(
            r"(?s)-{4,5} ?BEGIN[ A-Z0-9]*PRIVATE KEY(?: BLOCK)? ?-{4,5}.*?",
            r"(?:-{4,5} ?END[ A-Z0-9]*PRIVATE KEY(?: BLOCK)? ?-{4,5}|\z)",
            r"|(?s)PuTTY-User-Key-File-[0-9]+:.*?(?:Private-MAC:[ \t]*[0-9a-fA-F]+|\z)",
            // A key's body met without its BEGIN line (keys logged a line
            // at a time): the DER openings of RSA, PKCS#8 and EC private
            // keys, and OpenSSH's `openssh-key-v1` magic, in base64.
            r"|(?-u:\b)(?:MII[A-Za-z0-9+/]{3}IBAAK[BC]|MII[A-Za-z0-9+/]{3}IBADAN|MHcCAQEE|MIGkAgEBBD",
            r"|MIG[A-Za-z0-9+/]AgEAMB|MC4CAQAwBQYDK2Vw|b3BlbnNzaC1rZXktdjE)[A-Za-z0-9+/=]*",
        ),
        literals: &[
            "private key",
            "putty-user-key-file",
            "ibaak",
            "ibadan",
            "mhccaqee",
            "migkagebbd",
            "ageamb",
            "mc4caqawbqydk2vw",
            "b3blbnnzac1rzxktdje",
        ],
        also: &[],
        does: Does::Replace("[REDACTED PRIVATE KEY]"),
    },
    // URL credentials: one pattern per form, each starting with a literal.
    Builtin {
        name: "url-password",
        pattern: url::URL_PASSWORD,
        literals: &["://", ":\\/\\/"],
        also: &[],
        does: Does::Find(url::url_password),
    },
    Builtin {
        name: "url-password",
        pattern: url::ENCODED_URL_PASSWORD,
        literals: &["%3a%2f%2f"],
        also: &[],
        does: Does::Find(url::url_password),
    },
    Builtin {
        name: "url-password",
        pattern: url::DSN_PASSWORD,
        literals: &["@tcp", "@udp", "@unix"],
        also: &[],
        does: Does::Find(url::dsn_password),
    },
    Builtin {
        name: "url-password",
        pattern: url::JDBC_PASSWORD,
        literals: &["jdbc:oracle:"],
        also: &[],
        does: Does::Find(url::url_password),
    },
    Builtin {
        name: "http-authorization",
        pattern: http::AUTHORIZATION,
        literals: &["authorization", "authorisation"],
        also: &[],
        does: Does::Find(http::authorization),
    },
    Builtin {
        name: "cookie",
        pattern: http::COOKIE,
        literals: &["cookie"],
        also: &[],
        does: Does::Find(http::cookie),
    },
    Builtin {
        name: "bearer-token",
        pattern: http::BEARER,
        literals: &["bearer", "token ", "token\t", "token%20", "token+"],
        also: &[],
        does: Does::Find(http::bearer),
    },
    Builtin {
        name: "jwt",
        pattern: r"(?-u:\b)eyJ[A-Za-z0-9_\-]{5,}\.eyJ[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]*",
        literals: &["eyj"],
        also: &[],
        does: Does::Replace("[REDACTED JWT]"),
    },
    Builtin {
        name: "provider-token",
        pattern: tokens::PROVIDER_TOKEN,
        literals: tokens::PROVIDER_LITERALS,
        also: &[],
        does: Does::Find(tokens::provider_token),
    },
    Builtin {
        name: "provider-token",
        pattern: tokens::UNPREFIXED_TOKEN,
        literals: tokens::UNPREFIXED_LITERALS,
        also: &[],
        does: Does::Find(tokens::provider_token),
    },
    Builtin {
        name: "aws-access-key",
        pattern: r"(?-u:\b)(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA|A3T[A-Z0-9])[A-Z0-9]{16}(?-u:\b)",
        literals: &[
            "akia", "asia", "abia", "acca", "agpa", "aida", "aroa", "anpa", "anva", "aipa", "a3t",
        ],
        also: &[],
        does: Does::Replace("[REDACTED AWS KEY]"),
    },
    // Command lines: flags, then tools' own options.
    Builtin {
        name: "cli-flag",
        pattern: cli::CLI_FLAG,
        // Every flag holds one of the secret words (the pattern says so).
        literals: &["pass", "pwd", "pw", "secret", "token", "key", "cred", "psk"],
        also: &[],
        does: Does::Find(cli::cli_flag),
    },
    Builtin {
        name: "cli-flag",
        pattern: cli::CLI_TOOL,
        literals: &[
            "mysql",
            "mariadb",
            "sshpass",
            "mongo",
            "redis-cli",
            "ldap",
            "sqlcmd",
            "bcp",
            "docker",
            "podman",
            "nerdctl",
            "zip",
            "7z",
            "ipmitool",
            "smbclient",
            "curl",
            "sqlplus",
        ],
        also: &[],
        does: Does::Find(cli::cli_flag),
    },
    Builtin {
        name: "sql-password",
        pattern: pairs::SQL_PASSWORD,
        literals: &[
            "identified",
            "set password",
            "password '",
            "password \"",
            "password\t'",
            "password\t\"",
        ],
        also: &[],
        does: Does::Find(pairs::sql_password),
    },
    // An element has its `<` (or a name/value object its quoted "name") as
    // well as the key word.
    Builtin {
        name: "secret-element",
        pattern: pairs::SECRET_ELEMENT,
        literals: KEY_WORDS,
        also: &["<", "&lt;", "\"name\"", "\"key\"", "\"field\"", "\"param\""],
        does: Does::Find(pairs::secret_element),
    },
    Builtin {
        name: "secret-pair",
        pattern: pairs::SECRET_PAIR,
        literals: KEY_WORDS,
        also: &[],
        does: Does::Find(pairs::secret_pair),
    },
    Builtin {
        name: "signed-url",
        pattern: pairs::SIGNED_URL,
        literals: &["sig", "hmac", "security-token"],
        also: &[],
        does: Does::Find(pairs::signed_url),
    },
    Builtin {
        name: "digest-response",
        // HTTP Digest's `response`, a hash an attacker can test passwords
        // against, met outside an Authorization header.
        pattern: r#"(?-u:\b)((?:response|Response|RESPONSE)[ \t]*=[ \t]*\\?"?)[0-9a-fA-F]{32,128}(?-u:\b)"#,
        // `response` is common in ordinary lines; with what may follow it
        // up to the `=`, it is not.
        literals: &[
            "response=",
            "response =",
            "response  ",
            "response \t",
            "response\t",
        ],
        also: &[],
        does: Does::Replace("${1}[REDACTED]"),
    },
    // A sentence has its verb or preposition as well as the secret's name.
    Builtin {
        name: "secret-prose",
        pattern: prose::SECRET_PROSE,
        literals: &["pass", "secret", "key", "token", "pin"],
        // Each verb the pattern knows, after a space or a tab.
        also: &[
            " is",
            "\tis",
            " was",
            "\twas",
            " are",
            "\tare",
            " were",
            "\twere",
            " set",
            "\tset",
            " changed",
            "\tchanged",
            " reset",
            "\treset",
            " updated",
            "\tupdated",
            " will",
            "\twill",
            " equals",
            "\tequals",
            " reads",
            "\treads",
            " has",
            "\thas",
            "with",
            "using",
            "via",
        ],
        does: Does::Find(prose::secret_prose),
    },
];
