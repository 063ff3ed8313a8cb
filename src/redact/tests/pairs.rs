//! Generated variants of the key-value classes: `secret-pair` (key names
//! × assignment styles × quoting × encodings × value shapes × context),
//! `secret-element`, `sql-password` and `secret-prose`.

use super::variants::{BARE, Case, Rng, Shape, check_class, secret, url_encode};

/// Secret key names as programs write them.
const KEYS: &[&str] = &[
    "password",
    "Password",
    "PASSWORD",
    "passwd",
    "pwd",
    "pass",
    "pw",
    "passphrase",
    "pass_phrase",
    "passcode",
    "DB_PASS",
    "MYSQL_ROOT_PASS",
    "MYSQL_PASSWORD",
    "PGPASSWORD",
    "POSTGRES_PASSWORD",
    "REDIS_PASSWORD",
    "db.password",
    "spring.datasource.password",
    "dbPassword",
    "userPassword",
    "password_confirmation",
    "new_password",
    "old_password",
    "password2",
    "secret",
    "client_secret",
    "clientSecret",
    "app_secret",
    "JWT_SECRET",
    "webhook_secret",
    "SECRET_KEY",
    "secret_key",
    "api_key",
    "apiKey",
    "apikey",
    "API-KEY",
    "x-api-key",
    "X-Api-Key",
    "access_key",
    "aws_secret_access_key",
    "AWS_SECRET_ACCESS_KEY",
    "private_key",
    "AccountKey",
    "SharedAccessKey",
    "encryption_key",
    "signing_key",
    "master_key",
    "token",
    "access_token",
    "accessToken",
    "refresh_token",
    "id_token",
    "auth_token",
    "session_token",
    "GITHUB_TOKEN",
    "SLACK_BOT_TOKEN",
    "csrftoken",
    "x-auth-token",
    "credentials",
    "creds",
    "PHPSESSID",
    "JSESSIONID",
    "secret_id",
    "psk",
    "wpa_psk",
];

/// How a value is quoted: (opening, closing) and the encoding it needs.
#[derive(Clone, Copy)]
enum Quote {
    None,
    Double,
    Single,
    Backtick,
    Escaped,
    Percent,
    Entity,
    Unicode,
    Curly,
}

impl Quote {
    fn wrap(self, v: &str) -> String {
        match self {
            Quote::None => v.to_string(),
            Quote::Double => format!("\"{v}\""),
            Quote::Single => format!("'{v}'"),
            Quote::Backtick => format!("`{v}`"),
            Quote::Escaped => format!("\\\"{v}\\\""),
            Quote::Percent => format!("%22{v}%22"),
            Quote::Entity => format!("&quot;{v}&quot;"),
            Quote::Unicode => format!("\\u0022{v}\\u0022"),
            Quote::Curly => format!("\u{201c}{v}\u{201d}"),
        }
    }
}

/// An assignment style: the key as written, the separator, the quotings
/// a value takes in it, and whether values are percent-encoded.
struct Style {
    key: fn(&str) -> String,
    sep: &'static str,
    quotes: &'static [Quote],
    url: bool,
}

const PLAIN_QUOTES: &[Quote] = &[
    Quote::None,
    Quote::Double,
    Quote::Single,
    Quote::Backtick,
    Quote::Curly,
];

fn styles() -> Vec<Style> {
    let bare: fn(&str) -> String = |k| k.to_string();
    let dq: fn(&str) -> String = |k| format!("\"{k}\"");
    let sq: fn(&str) -> String = |k| format!("'{k}'");
    let sym: fn(&str) -> String = |k| format!(":{k}");
    let php: fn(&str) -> String = |k| format!("[{k}]");
    let esc: fn(&str) -> String = |k| format!("\\\"{k}\\\"");
    let ent: fn(&str) -> String = |k| format!("&quot;{k}&quot;");
    let pct: fn(&str) -> String = |k| format!("%22{k}%22");
    let uni: fn(&str) -> String = |k| format!("\\u0022{k}\\u0022");
    let flag: fn(&str) -> String = |k| format!("--{k}");
    let java: fn(&str) -> String = |k| format!("-D{k}");
    let s = |key, sep, quotes, url| Style {
        key,
        sep,
        quotes,
        url,
    };
    vec![
        s(bare, "=", PLAIN_QUOTES, false),
        s(bare, " = ", PLAIN_QUOTES, false),
        s(bare, ": ", PLAIN_QUOTES, false),
        s(bare, ":", PLAIN_QUOTES, false),
        s(bare, " => ", PLAIN_QUOTES, false),
        s(bare, " := ", PLAIN_QUOTES, false),
        s(dq, ": ", PLAIN_QUOTES, false),
        s(dq, ":", &[Quote::None, Quote::Double], false),
        s(dq, " => ", &[Quote::Double, Quote::Single], false),
        s(sq, ": ", &[Quote::Single, Quote::Double], false),
        s(sq, " => ", &[Quote::Single, Quote::Double], false),
        s(sym, " => ", &[Quote::Double, Quote::Single], false),
        s(php, " => ", &[Quote::None], false),
        s(php, "=", &[Quote::None, Quote::Double], false),
        s(esc, ":", &[Quote::Escaped, Quote::None], false),
        s(ent, ":", &[Quote::Entity], false),
        s(bare, "&#61;", &[Quote::None, Quote::Entity], false),
        s(bare, "&#x3D;", &[Quote::None], false),
        s(uni, ":", &[Quote::Unicode], false),
        s(bare, "\\u003d", &[Quote::None, Quote::Unicode], false),
        s(bare, "\\x3d", &[Quote::None], false),
        s(bare, "%3D", &[Quote::None, Quote::Percent], true),
        s(bare, "%3d", &[Quote::None], true),
        s(pct, "%3A", &[Quote::Percent], true),
        s(bare, "\u{ff1d}", &[Quote::None, Quote::Double], false),
        s(bare, "\u{ff1a}", &[Quote::None], false),
        s(
            flag,
            "=",
            &[Quote::None, Quote::Double, Quote::Single],
            false,
        ),
        s(java, "=", &[Quote::None, Quote::Double], false),
    ]
}

/// Text around a pair: (before, after, what of it must survive).
const CONTEXTS: &[(&str, &str, &[&str])] = &[
    (
        "2026-03-10 08:00:01 ERROR [auth] login failed user=bob ",
        " status=401",
        &["user=bob", "status=401"],
    ),
    (
        "{\"level\":\"error\",",
        ",\"user\":\"bob\"}",
        &["\"level\":\"error\"", "\"user\":\"bob\"}"],
    ),
    (
        "GET /login?user=bob&",
        "&next=/home HTTP/1.1",
        &["user=bob", "&next=/home HTTP/1.1"],
    ),
    (
        "config loaded (",
        ") from /etc/app.conf",
        &["from /etc/app.conf"],
    ),
    (
        "env: HOME=/root ",
        " LANG=C.UTF-8",
        &["HOME=/root", "LANG=C.UTF-8"],
    ),
    ("", "", &[]),
];

/// `secret-pair`: every key × style × quoting, each with a value shape
/// and a context chosen in turn.
#[test]
fn key_value_pairs_in_every_style() {
    let mut rng = Rng::new(1);
    let mut cases = Vec::new();
    for style in styles() {
        for &quote in style.quotes {
            for (k, key) in KEYS.iter().enumerate() {
                for round in 0..2 {
                    let quoted = !matches!(quote, Quote::None);
                    let shape = if quoted && round == 1 && !style.url {
                        Shape::Spaced
                    } else {
                        BARE[(k + round * 5) % BARE.len()]
                    };
                    let raw = secret(&mut rng, shape);
                    let value = if style.url { url_encode(&raw) } else { raw };
                    let (before, after, keep) = CONTEXTS[(k + round) % CONTEXTS.len()];
                    let written_key = (style.key)(key);
                    let line = format!(
                        "{before}{written_key}{}{}{after}",
                        style.sep,
                        quote.wrap(&value)
                    );
                    let mut case = Case::new(line, &value, keep);
                    case.keep.push(key.to_string());
                    cases.push(case);
                }
            }
        }
    }
    check_class("secret-pair", &cases);
}

/// `secret-element`: XML elements (plain, namespaced, HTML-escaped) and
/// name/value objects.
#[test]
fn elements_and_name_value_objects() {
    let mut rng = Rng::new(2);
    let mut cases = Vec::new();
    let names = [
        "password",
        "Password",
        "ns1:password",
        "wsse:Password",
        "apiKey",
        "client_secret",
        "accessToken",
        "passphrase",
    ];
    for name in names {
        for &shape in BARE {
            let v = secret(&mut rng, shape);
            let local = name.rsplit(':').next().unwrap_or(name);
            cases.push(Case::new(
                format!("SOAP request <auth><user>bob</user><{name}>{v}</{name}></auth> sent"),
                &v,
                &["<user>bob</user>", "sent", local],
            ));
            cases.push(Case::new(
                format!("<{name} type=\"PasswordText\">{v}</{name}>"),
                &v,
                &[local],
            ));
            cases.push(Case::new(
                format!("body=&lt;{name}&gt;{v}&lt;/{name}&gt; user=bob"),
                &v,
                &["user=bob"],
            ));
            if !name.contains(':') {
                cases.push(Case::new(
                    format!(
                        "form [{{\"name\":\"user\",\"value\":\"bob\"}},{{\"name\": \"{name}\", \"value\": \"{v}\"}}]"
                    ),
                    &v,
                    &["\"value\":\"bob\"", name],
                ));
            }
        }
    }
    check_class("secret-element", &cases);
}

/// `sql-password`: MySQL and PostgreSQL statements as servers log them.
#[test]
fn sql_password_clauses() {
    let mut rng = Rng::new(3);
    let statements = [
        "CREATE USER 'app'@'%' IDENTIFIED BY '{v}'",
        "ALTER USER app IDENTIFIED WITH mysql_native_password BY '{v}'",
        "alter user app identified by \"{v}\"",
        "ALTER ROLE app WITH PASSWORD '{v}'",
        "CREATE ROLE app LOGIN ENCRYPTED PASSWORD '{v}' VALID UNTIL 'infinity'",
        "SET PASSWORD FOR 'app'@'localhost' = PASSWORD('{v}')",
        "SET PASSWORD = '{v}'",
        "GRANT ALL ON db.* TO 'u'@'%' IDENTIFIED BY '{v}'",
    ];
    let prefixes = [
        "2026-03-10 08:00:01 UTC [2211] LOG:  statement: ",
        "Query\t",
        "",
    ];
    let mut cases = Vec::new();
    for statement in statements {
        for prefix in prefixes {
            for shape in [
                Shape::Alnum,
                Shape::Symbols,
                Shape::Unicode,
                Shape::Comma,
                Shape::Spaced,
            ] {
                let v = secret(&mut rng, shape);
                let line = format!("{prefix}{}; -- done", statement.replace("{v}", &v));
                let keep: &[&str] = if statement.contains("app") {
                    &["-- done", "app"]
                } else {
                    &["-- done"]
                };
                cases.push(Case::new(line, &v, keep));
            }
            // A quote inside, escaped SQL's way.
            let v = format!("it''s{}", secret(&mut rng, Shape::Alnum));
            cases.push(Case::new(
                format!("{prefix}{}", statement.replace("{v}", &v)),
                &v,
                &[],
            ));
        }
    }
    check_class("sql-password", &cases);
}

/// `secret-prose` (and `secret-pair` for "Password: S"): sentences × values
/// × quoting × trailing punctuation.
#[test]
fn secrets_told_in_prose() {
    let mut rng = Rng::new(4);
    let sentences = [
        "the password is {v}",
        "The password is: {v}",
        "your new password is {v}",
        "Password for bob is {v}",
        "password for user bob was set to {v}",
        "passphrase was changed to {v}",
        "password has been reset to {v}",
        "the secret is {v}",
        "secret key is now {v}",
        "API key is {v}",
        "your api-key is {v}",
        "access key is {v}",
        "token is {v}",
        "the PIN is {v}",
        "passcode is {v}",
        "Password: {v}",
        "password set to {v}",
        "login with password {v}",
        "authenticated using token {v}",
        "connecting with the password {v}",
        "retrying via api key {v}",
    ];
    let mut cases = Vec::new();
    for sentence in sentences {
        for &shape in BARE {
            if shape == Shape::Digits && sentence.contains("with") {
                continue;
            }
            let v = secret(&mut rng, shape);
            for (open, close, tail) in [
                ("", "", " (do not share)"),
                ("\"", "\"", "."),
                ("'", "'", ", user=bob"),
                ("", "", ""),
            ] {
                let line = format!(
                    "2026-03-10 08:00:01 INFO mailer: {}{tail}",
                    sentence.replace("{v}", &format!("{open}{v}{close}"))
                );
                let keep: &[&str] = match tail {
                    " (do not share)" => &["(do not share)", "mailer:"],
                    ", user=bob" => &["user=bob"],
                    _ => &["mailer:"],
                };
                cases.push(Case::new(line, &v, keep));
            }
        }
    }
    check_class("secret-prose", &cases);
}
