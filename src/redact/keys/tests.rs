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
        let mut spans = [(0, 0); MAX_WORDS];
        let n = split_words(key.as_bytes(), &mut spans);
        let words: Vec<String> = spans[..n]
            .iter()
            .map(|&(a, b)| key[a..b].to_ascii_lowercase())
            .collect();
        assert_eq!(words, want, "{key}");
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
