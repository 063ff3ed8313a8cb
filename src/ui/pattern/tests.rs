use super::Pattern;

#[test]
fn patterns_ignore_case_unless_told_and_bad_ones_are_one_line_errors() {
    let p = Pattern::new("timed? out").unwrap();
    assert!(p.is_match("upstream TIMED OUT (110)"));
    assert!(!Pattern::new("(?-i)Timed").unwrap().is_match("timed"));
    let err = Pattern::new("(dead").unwrap_err();
    assert!(!err.contains('\n'), "{err}");
    assert!(err.contains("unclosed group"), "{err}");
}

#[test]
fn patterns_are_bounded_in_length_and_compiled_size() {
    let long = "a".repeat(super::MAX_PATTERN + 1);
    assert!(Pattern::new(&long).unwrap_err().contains("longer than"));
    let huge = Pattern::new(r"\w{1000}{1000}").unwrap_err();
    assert!(huge.contains("too big"), "{huge}");
}

#[test]
fn errors_quoting_the_pattern_are_made_safe() {
    let err = Pattern::new("\u{1b}[2J(").unwrap_err();
    assert!(!err.chars().any(char::is_control), "{err:?}");
}
