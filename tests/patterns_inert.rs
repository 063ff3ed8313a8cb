//! Text from a rules file (ids, types, categories, patterns, and the regex
//! errors that quote them) reaches the terminal inert, like log text: in
//! `scan` (text and summary), `patterns test`, `patterns check` and the
//! errors of loading a file.

// Helpers outside #[test] functions may unwrap too: a panic fails the test.
#![allow(clippy::unwrap_used)]

mod support;

use support::cli::{run, stderr, stdout, write};

/// A type, category, rule ids and patterns full of escape sequences, a
/// bell and a bidi override. The second rule has no literal, so `check`
/// warns about it (quoting its id and pattern).
const HOSTILE: &str = r#"
version = 1

[types."evil\u001b[31m_type"]
severity = "ERROR"
category = "Cat\u001b]0;pwned\u0007\u202egory"
description = "d"
auto_heal = false

[[rules]]
id = "rule\u001b[2J\u202eid"
type = "evil\u001b[31m_type"
match = "deadlock(\u001b)?"

[[rules]]
id = "slow\u001b[5m"
type = "evil\u001b[31m_type"
match = "\u001b?[a-z]+\\d"
"#;

/// Two problems quoting hostile text: a regex that does not compile and
/// a type that does not exist.
const BROKEN: &str = r#"
version = 1

[types.t]
severity = "ERROR"
category = "c"
description = "d"
auto_heal = false

[[rules]]
id = "bad\u001b[2J"
type = "t"
match = "(\u001b[31m"

[[rules]]
id = "ghost\u202e"
type = "no\u001b[1mtype"
match = "x"
"#;

/// `text` holds no raw control or bidi character, and shows `escaped`.
fn assert_inert(what: &str, text: &str, escaped: &[&str]) {
    let raw: Vec<char> = text
        .chars()
        .filter(|c| (c.is_control() && *c != '\n') || ('\u{202a}'..='\u{202e}').contains(c))
        .collect();
    assert!(raw.is_empty(), "{what}: raw {raw:?} in\n{text}");
    for e in escaped {
        assert!(text.contains(e), "{what}: {e:?} not shown in\n{text}");
    }
}

#[test]
fn rules_file_text_is_inert_in_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let rules = write(dir.path(), "evil.toml", HOSTILE.as_bytes());
    let broken = write(dir.path(), "bad.toml", BROKEN.as_bytes());
    let log = write(dir.path(), "a.log", b"ERROR deadlock x\n");

    let out = run(&["patterns", "check", &rules], None);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_inert(
        "patterns check",
        &stdout(&out),
        &["slow\\u{1b}[5m", "\"\\u{1b}?[a-z]"],
    );

    let out = run(&["patterns", "check", &broken], None);
    assert!(!out.status.success());
    let said = stderr(&out);
    assert_inert(
        "patterns check (errors)",
        &said,
        &[
            "bad\\u{1b}[2J",
            "(\\u{1b}[31m",
            "ghost\\u{202e}",
            "no\\u{1b}[1mtype",
        ],
    );
    // The regex error keeps its shape: the caret on the line below the pattern.
    assert!(said.contains("\n    (\\u{1b}[31m\n"), "{said}");

    let out = run(
        &["--patterns", &rules, "patterns", "test", "deadlock here"],
        None,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_inert(
        "patterns test",
        &stdout(&out),
        &[
            "rule\\u{1b}[2J\\u{202e}id",
            "evil\\u{1b}[31m_type",
            "Cat\\u{1b}]0;pwned\\u{7}\\u{202e}gory",
        ],
    );

    let out = run(&["scan", "--patterns", &rules, &log], None);
    assert_inert(
        "scan (text)",
        &stdout(&out),
        &["evil\\u{1b}[31m_type: ERROR deadlock"],
    );
    let out = run(
        &["scan", "--patterns", &rules, "--format", "summary", &log],
        None,
    );
    assert_inert(
        "scan (summary)",
        &stdout(&out),
        &[
            "evil\\u{1b}[31m_type",
            "Cat\\u{1b}]0;pwned\\u{7}\\u{202e}gory",
        ],
    );

    // Loading a broken file for a scan fails with the same inert errors.
    let out = run(&["scan", "--patterns", &broken, &log], None);
    assert!(!out.status.success());
    assert_inert("scan (rules errors)", &stderr(&out), &["ghost\\u{202e}"]);
}
