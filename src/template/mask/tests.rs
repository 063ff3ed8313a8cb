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
