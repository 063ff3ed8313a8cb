use super::*;

fn redact(text: &str) -> String {
    Redactor::new(&[]).unwrap().apply(text).into_owned()
}

#[test]
fn each_builtin_kind_of_secret_is_removed() {
    let cases = [
        (
            "connect postgres://app:s3cr3t@db:5432/orders failed",
            "connect postgres://app:[REDACTED]@db:5432/orders failed",
        ),
        (
            "login failed password=hunter2 user=bob",
            "login failed password=[REDACTED] user=bob",
        ),
        (
            r#"{"user":"bob","client_secret": "abc def","ok":1}"#,
            r#"{"user":"bob","client_secret": "[REDACTED]","ok":1}"#,
        ),
        (
            "GET /x?token=abcd1234&page=2",
            "GET /x?token=[REDACTED]&page=2",
        ),
        (
            "Authorization: Bearer eyJhbGciOi.abcDEF123456",
            "Authorization: Bearer [REDACTED]",
        ),
        (
            "key AKIAIOSFODNN7EXAMPLE used",
            "key [REDACTED AWS KEY] used",
        ),
        (
            "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "aws_secret_access_key = [REDACTED]",
        ),
        (
            "jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U end",
            "jwt [REDACTED JWT] end",
        ),
        (
            "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\nafter",
            "[REDACTED PRIVATE KEY]\nafter",
        ),
    ];
    for (input, want) in cases {
        assert_eq!(redact(input), want, "{input}");
    }
}

#[test]
fn ordinary_lines_are_untouched_and_borrowed() {
    let r = Redactor::new(&[]).unwrap();
    for line in [
        "2024-03-10 ERROR could not connect to server: Connection refused",
        "Failed password for invalid user admin from 203.0.113.9 port 52144 ssh2",
        "token bucket refilled",
        "see https://example.com/docs for help",
    ] {
        assert!(matches!(r.apply(line), Cow::Borrowed(_)), "{line}");
    }
}

#[test]
fn specs_replace_disable_and_add_rules() {
    let specs = [
        RedactSpec {
            name: "secret-pair".into(),
            pattern: "x".into(),
            replacement: "x".into(),
            enabled: false,
        },
        RedactSpec {
            name: "card".into(),
            pattern: r"\b\d{4}(?:[ -]?\d{4}){3}\b".into(),
            replacement: "[CARD]".into(),
            enabled: true,
        },
    ];
    let r = Redactor::new(&specs).unwrap();
    assert_eq!(r.apply("password=hunter2"), "password=hunter2");
    assert_eq!(r.apply("paid 4111 1111 1111 1111 ok"), "paid [CARD] ok");
    assert!(!r.names().contains(&"secret-pair"));
    let bad = RedactSpec {
        name: "broken".into(),
        pattern: "(".into(),
        replacement: String::new(),
        enabled: true,
    };
    let err = Redactor::new(&[bad]).unwrap_err();
    assert!(err.contains("broken"), "{err}");
    assert_eq!(Redactor::off().apply("password=x"), "password=x");
}

mod benign;
mod blocks;
mod commands;
mod http;
mod pairs;
mod robust;
mod variants;

#[test]
fn stop_words_are_sorted_for_binary_search() {
    let words = super::verdict::STOP_WORDS;
    assert!(words.windows(2).all(|w| w[0] < w[1]), "{words:?}");
}

#[test]
fn every_builtin_rule_is_documented() {
    let readme = include_str!("../../../README.md");
    let patterns = include_str!("../../../patterns.toml");
    for name in Redactor::new(&[]).unwrap().names() {
        assert!(readme.contains(&format!("`{name}`")), "README: {name}");
        assert!(patterns.contains(name), "patterns.toml: {name}");
    }
}
