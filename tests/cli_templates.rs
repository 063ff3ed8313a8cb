//! `logwarden templates`: every input line gets its final template id and
//! text, CRLF and a last line without a newline included.

// Helpers outside #[test] functions may unwrap too: a panic fails the test.
#![allow(clippy::unwrap_used)]

mod support;
use support::cli::{run, stdout, write};

#[test]
fn every_line_gets_its_final_template() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(
        dir.path(),
        "a.log",
        b"Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user webmaster from 173.234.31.186\r\n\
          Dec 10 06:55:48 LabSZ sshd[24200]: Connection closed by 173.234.31.186 [preauth]\r\n\
          Dec 10 07:02:47 LabSZ sshd[24203]: Invalid user test9 from 52.80.34.196",
    );
    let b = write(
        dir.path(),
        "b.log",
        b"Dec 10 07:08:28 LabSZ sshd[24208]: Connection closed by 5.36.59.76 [preauth]\n",
    );
    let out = run(&["templates", &a, &b], None);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), 4, "{text}");
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(row.len(), 3, "{row:?}");
        assert_eq!(
            row[0],
            (i + 1).to_string(),
            "line numbers run on across files"
        );
        assert!(!row[2].contains('\r'));
    }
    assert_eq!(
        rows[0][1], rows[2][1],
        "one template for both invalid users"
    );
    assert_eq!(
        rows[1][1], rows[3][1],
        "and one for both closed connections"
    );
    assert_ne!(rows[0][1], rows[1][1]);
    assert_eq!(
        rows[0][2],
        "<*> <*> <*> LabSZ <*> Invalid user <*> from <*>"
    );

    let out = run(&["templates", "--format", "json", &a], None);
    let first: serde_json::Value =
        serde_json::from_str(stdout(&out).lines().next().unwrap()).unwrap();
    assert_eq!(first["line"], 1);
    assert_eq!(first["template_id"], rows[0][1]);

    let out = run(&["templates", "-"], Some(b"only line\n"));
    assert_eq!(stdout(&out).lines().count(), 1);
    let out = run(&["templates", "/nonexistent/x.log"], None);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn control_characters_of_a_line_never_reach_the_output_raw() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = write(
        dir.path(),
        "hostile.log",
        "user \u{1b}[2J\u{1b}]0;pwned\u{7} logged in \u{0}now \u{9b}31m red\n".as_bytes(),
    );
    for format in ["tsv", "json"] {
        let out = run(&["templates", "--format", format, &hostile], None);
        assert_eq!(out.status.code(), Some(0));
        let text = stdout(&out);
        let raw: Vec<char> = text
            .chars()
            .filter(|&c| c != '\n' && c != '\t' && (c.is_control()))
            .collect();
        assert!(raw.is_empty(), "{format}: raw controls {raw:?} in {text:?}");
        assert!(text.contains("logged in"), "{format}: {text}");
    }
}
