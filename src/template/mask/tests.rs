use super::*;

#[test]
fn variables() {
    for v in [
        "14",
        "15:16:01",
        "sshd[24200]:",
        "173.234.31.186",
        "blk_-69522958",
        "Jun",
        "[Sun",
        "0x1f",
        "deadbeefcafe00",
        "deadbeefcafe",
    ] {
        assert!(is_variable(v), "{v}");
    }
    for c in [
        "Invalid", "user", "from", "LabSZ", "failure;", "<*>", "Decline", "deadbeef",
    ] {
        assert!(!is_variable(c), "{c}");
    }
}

fn texts(line: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    tokenize(line, &mut out);
    out.iter()
        .map(|t| (t.text(line).to_string(), t.variable))
        .collect()
}

#[test]
fn pipes_separate_fields() {
    let got = texts("20171223-22:15:29:606|Sync_Worker|30002312|onCounterChanged 3579");
    let words: Vec<&str> = got.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(
        words,
        [
            "20171223-22:15:29:606",
            "Sync_Worker",
            "30002312",
            "onCounterChanged",
            "3579"
        ]
    );
    assert!(!got[3].1, "the message's first word is a constant");
}

#[test]
fn mostly_variable_groups_are_one_variable() {
    let line = "1 INFO a [req-9f1c 113d3a99 54fa0b1c - - -] [instance: 9f1c-2] Took (1.2 KB) done";
    let got = texts(line);
    let words: Vec<&str> = got.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(
        words,
        [
            "1",
            "INFO",
            "a",
            "[req-9f1c 113d3a99 54fa0b1c - - -]",
            "[instance: 9f1c-2]",
            "Took",
            "(1.2 KB)",
            "done"
        ]
    );
    assert!(got[3].1 && got[4].1 && got[6].1);
    // A group of words is one constant; with a number in it, one variable.
    let got = texts("x (Lifecycle Event) [IPC Server handler 3 on 9]");
    assert_eq!(got.len(), 3);
    assert!(!got[1].1 && got[2].1);
    // An unclosed bracket does not swallow the line.
    assert_eq!(texts("[a b c d e f g h i j k").len(), 11);
}

#[test]
fn a_key_before_a_variable_value_stays_a_constant() {
    let mut tokens = Vec::new();
    let line = "onBatch:6496 uid=1000 (uid=0) visible=true db.internal:5432 10:22:18 C:1 x=1 =5";
    tokenize(line, &mut tokens);
    let words: Vec<(String, bool)> = tokens
        .iter()
        .map(|t| (t.word(line).into_owned(), t.variable))
        .collect();
    let expect = [
        ("onBatch:<*>", false),
        ("uid=<*>", false),
        ("(uid=<*>", false),
        ("visible=true", false),
        ("db.internal:5432", true),
        ("10:22:18", true),
        ("C:1", true),
        ("x=1", true),
        ("=5", true),
    ];
    let expect: Vec<(String, bool)> = expect.iter().map(|(w, v)| (w.to_string(), *v)).collect();
    assert_eq!(words, expect);
    // The same key with another value is the same word; another key is not.
    let other = "onBatch:17 uid=0";
    let mut more = Vec::new();
    tokenize(other, &mut more);
    assert!(more[0].is(other, "onBatch:<*>"));
    assert!(more[1].is(other, "uid=<*>"));
    assert!(!more[1].is(other, "gid=<*>"));
    assert_eq!(more[0].constant(other), "onBatch:");
}
