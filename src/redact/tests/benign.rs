//! Text that holds the rules' words without a secret stays as written:
//! look-alikes of every class, and the Loghub sample logs (read from
//! `../shared/corpora/loghub` when present, never copied here).

use std::borrow::Cow;
use std::path::Path;

use crate::redact::Redactor;

/// Lines near each class that hold no secret.
const LOOK_ALIKES: &[&str] = &[
    "Mar 10 08:00:50 web-3 sshd[9001]: Failed password for invalid user admin from 203.0.113.9 port 52144 ssh2",
    "Accepted password for deploy from 198.51.100.4 port 40022 ssh2",
    "pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=10.0.0.1",
    "tokenizer loaded 50257 tokens in 0.41s, max_tokens=4096 prompt_tokens=12 total_tokens=40",
    "token bucket refilled",
    "token_type=Bearer expires_in=3600 scope=read",
    "next_token=eyX9 page_token=abc123 (pagination)",
    "test run: passed 312 tests, 2 skipped, bypass cache=true",
    "pass=12 fail=0 skip=3",
    "first_pass=ok second_pass=ok",
    "duplicate key value violates unique constraint \"orders_pkey\" (primary key=id)",
    "cache key=user:123 hit ratio 0.93",
    "primary_key=id foreign_key=user_id keyspace=orders",
    "monkey=3 keyboard=us hotkey=F5",
    "password_expires=2026-04-01 password_length=12 passwordless=true",
    "password_file=/run/secrets/db token_path=/var/run/secrets/token",
    "secret_name=db-creds secretRef=app-secrets",
    "PWD=/home/bob OLDPWD=/tmp SHELL=/bin/bash",
    "password: incorrect",
    "Password is too short",
    "the password is incorrect for user bob",
    "password was changed 3 days ago",
    "password is 8 characters long",
    "token is expired",
    "token: invalid",
    "Authorization: required",
    "authorization failed for user bob",
    "WWW-Authenticate: Bearer realm=\"api\", error=\"invalid_token\"",
    "cookie: disabled",
    "cookie jar saved to /tmp/cookies.txt",
    "see https://example.com/docs for help",
    "GET https://shop.example.com:8443/cart?item=3 200",
    "npm ERR! 404 https://registry.npmjs.org:443/@scope/pkg",
    "signature: valid",
    "Signature verified for release v1.2.3",
    "docker run -p 8080:80 nginx",
    "gcc -pthread -O2 -o app main.c",
    "mkdir -p /var/lib/app",
    "response time 120ms response=200",
    "WHERE password = ? AND user = :user",
    "SELECT * FROM users WHERE password_hash IS NULL",
    "set password=${DB_PASSWORD} from env",
    "password=*** user=bob",
    "password=[REDACTED] user=bob",
    "2026-03-10T08:00:01Z sk-learn model loaded",
    "logged in with password authentication",
    "rotating key pair for node-3",
    "mysql -p app",
    "keep-alive: timeout=5, max=100",
    "java.lang.IllegalStateException: Token::Kind expected",
    "nginx --private-key /etc/ssl/private/app.key --password-file=./secrets/db.txt",
    "ssl_key=/etc/ssl/private/app.key api_key_file=/run/secrets/api.json",
    "Access denied for user 'root'@'localhost' (using password: YES)",
    "token_endpoint=https://auth.example.com/token",
];

#[test]
fn look_alikes_stay_as_written() {
    let r = Redactor::new(&[]).expect("built-in rules compile");
    let changed: Vec<String> = LOOK_ALIKES
        .iter()
        .filter_map(|line| match r.apply(line) {
            Cow::Borrowed(_) => None,
            Cow::Owned(out) => Some(format!("  in:  {line}\n  out: {out}")),
        })
        .collect();
    assert!(changed.is_empty(), "changed:\n{}", changed.join("\n"));
}

/// The Loghub samples: lines changed, with what changed. Run with
/// `cargo test --lib redact::tests::benign -- --nocapture` to see them.
#[test]
fn loghub_lines_stay_as_written() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/loghub");
    let Ok(systems) = std::fs::read_dir(&root) else {
        eprintln!("loghub: {} absent, skipped", root.display());
        return;
    };
    let r = Redactor::new(&[]).expect("built-in rules compile");
    let mut total = 0usize;
    let mut changed = Vec::new();
    let mut paths: Vec<_> = systems.flatten().map(|e| e.path()).collect();
    paths.sort();
    for dir in paths {
        let Some(name) = dir.file_name().and_then(|n| n.to_str()).map(str::to_string) else {
            continue;
        };
        let Ok(text) = std::fs::read_to_string(dir.join(format!("{name}_2k.log"))) else {
            continue;
        };
        for line in text.lines() {
            total += 1;
            if let Cow::Owned(out) = r.apply(line) {
                changed.push(format!("{name}:\n  in:  {line}\n  out: {out}"));
            }
        }
    }
    eprintln!("loghub: {} of {total} lines changed", changed.len());
    for c in &changed {
        eprintln!("{c}");
    }
    assert!(changed.is_empty(), "{} benign lines changed", changed.len());
}
