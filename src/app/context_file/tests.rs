use std::path::Path;

use super::*;
use crate::model::{LOG_LINE_CAP, cap_line, test_issue};

/// `n` lines `line 1` .. `line n`, each ending in a newline.
fn numbered(n: usize) -> String {
    (1..=n).map(|i| format!("line {i}\n")).collect()
}

/// The byte offset of line `number` in `text`.
fn offset_of(text: &str, number: usize) -> u64 {
    text.split_inclusive('\n')
        .take(number - 1)
        .map(|l| l.len() as u64)
        .sum()
}

/// An issue whose first line is line `number` of `text` in `path`.
fn issue_at(path: &Path, text: &str, number: usize) -> Issue {
    let mut issue = test_issue("x");
    issue.source_file = path.display().to_string();
    issue.log_line = format!("line {number}");
    issue.offset = Some(offset_of(text, number));
    issue.line = None;
    issue
}

#[test]
fn the_lines_around_come_from_the_offset_and_the_line_number_is_counted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.log");
    let text = numbered(40);
    std::fs::write(&path, &text).unwrap();
    let view = read_context(&issue_at(&path, &text, 20));
    assert_eq!(view.problem, None);
    assert_eq!(view.lines[view.target], "line 20");
    assert_eq!(view.lines.first().map(String::as_str), Some("line 8"));
    assert_eq!(view.lines.last().map(String::as_str), Some("line 32"));
    assert_eq!(view.first_line, Some(8));
    assert_eq!(view.target_line(), Some(20));
}

#[test]
fn at_the_edges_of_the_file_fewer_lines_are_shown() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.log");
    let text = numbered(3);
    std::fs::write(&path, &text).unwrap();
    let first = read_context(&issue_at(&path, &text, 1));
    assert_eq!((first.target, first.lines.len()), (0, 3));
    let last = read_context(&issue_at(&path, &text, 3));
    assert_eq!((last.target, last.lines.len()), (2, 3));
    assert_eq!(last.first_line, Some(1));
}

#[test]
fn after_a_rotation_by_rename_the_lines_come_from_the_rotated_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.log");
    let text = numbered(30);
    std::fs::write(&path, &text).unwrap();
    let issue = issue_at(&path, &text, 25);
    std::fs::rename(&path, dir.path().join("app.log.1")).unwrap();
    std::fs::write(&path, "a new file\nwith other lines\n").unwrap();
    let view = read_context(&issue);
    assert_eq!(view.problem, None);
    assert!(view.path.ends_with("app.log.1"), "{}", view.path);
    assert_eq!(view.lines[view.target], "line 25");
}

#[test]
fn a_file_that_no_longer_holds_the_line_says_so_and_shows_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.log");
    let text = numbered(30);
    std::fs::write(&path, &text).unwrap();
    let issue = issue_at(&path, &text, 25);
    // Truncated, then rewritten past the offset with other lines.
    std::fs::write(&path, "other\n".repeat(100)).unwrap();
    let view = read_context(&issue);
    assert!(view.lines.is_empty());
    let problem = view.problem.unwrap();
    assert!(problem.contains("no longer holds"), "{problem}");
    // Gone altogether.
    std::fs::remove_file(&path).unwrap();
    let problem = read_context(&issue).problem.unwrap();
    assert!(problem.contains("cannot be read"), "{problem}");
}

#[test]
fn without_an_offset_the_line_number_is_used_and_checked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.log");
    let text = numbered(30);
    std::fs::write(&path, &text).unwrap();
    let mut issue = issue_at(&path, &text, 10);
    issue.offset = None;
    issue.line = Some(10);
    let view = read_context(&issue);
    assert_eq!(view.lines[view.target], "line 10");
    assert_eq!(view.target_line(), Some(10));
    issue.log_line = "something else".into();
    assert!(
        read_context(&issue).problem.is_some(),
        "checked, not trusted"
    );
    issue.line = None;
    let problem = read_context(&issue).problem.unwrap();
    assert!(problem.contains("not known"), "{problem}");
}

#[test]
fn a_cut_line_matches_by_what_was_kept_and_offsets_must_start_a_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.log");
    let long = format!("ERROR {}", "x".repeat(LOG_LINE_CAP * 2));
    let text = format!("first\n{long}\r\nlast\n");
    std::fs::write(&path, &text).unwrap();
    let mut issue = issue_at(&path, &text, 2);
    issue.log_line = cap_line(&long, LOG_LINE_CAP, long.len());
    let view = read_context(&issue);
    assert_eq!(view.problem, None);
    let shown = format!("{}…", &long[..4096]);
    assert_eq!(view.lines, ["first", shown.as_str(), "last"]);
    // The same text one byte in is not a line start.
    issue.offset = issue.offset.map(|o| o + 1);
    issue.log_line = long[1..].to_string();
    assert!(read_context(&issue).problem.is_some());
}

#[test]
fn standard_input_has_no_file() {
    let mut issue = test_issue("x");
    issue.source_file = "-".into();
    issue.offset = Some(0);
    let problem = read_context(&issue).problem.unwrap();
    assert!(problem.contains("standard input"), "{problem}");
}

#[test]
fn a_file_whose_name_is_not_utf8_is_found_again() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir
        .path()
        .join(std::ffi::OsStr::from_bytes(b"lat\xe9n1.log"));
    let text = numbered(30);
    std::fs::write(&path, &text).unwrap();
    // The issue keeps the name as text, the bad byte replaced.
    let issue = issue_at(&path, &text, 10);
    assert!(issue.source_file.contains('\u{fffd}'));
    let found = locate(&issue).unwrap();
    assert_eq!(found.path, path);
    let view = read_context(&issue);
    assert_eq!(view.problem, None);
    assert_eq!(view.lines[view.target], "line 10");
}
