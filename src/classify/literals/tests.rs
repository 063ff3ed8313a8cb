use super::*;
use regex_syntax::ParserBuilder;

fn lits(pattern: &str) -> Option<Vec<String>> {
    let hir = ParserBuilder::new()
        .utf8(false)
        .build()
        .parse(pattern)
        .unwrap();
    required_literals(&hir).map(|v| {
        v.into_iter()
            .map(|s| String::from_utf8_lossy(&s).into_owned())
            .collect()
    })
}

#[test]
fn plain_literal() {
    assert_eq!(
        lits("deadlock detected"),
        Some(vec!["deadlock detected".into()])
    );
}

#[test]
fn case_insensitive_words_fold_to_lowercase() {
    let got = lits("(?i)timed out").unwrap();
    assert!(got.contains(&"timed out".to_string()), "{got:?}");
}

#[test]
fn ascii_fold_exotics_are_left_to_the_full_check() {
    // (?i)k also matches KELVIN SIGN; the literal leaves it out and the
    // scanner fully checks lines that contain one.
    assert_eq!(lits("(?i)killed"), Some(vec!["killed".into()]));
    assert!(line_needs_full_check("\u{212A}illed".as_bytes()));
    assert!(!line_needs_full_check(b"killed"));
    // Written on purpose, the character is a literal like any other.
    assert_eq!(lits("\u{212A}elvin"), Some(vec!["\u{212A}elvin".into()]));
}

#[test]
fn alternation_unions() {
    let mut got = lits("connection (?:refused|reset)").unwrap();
    got.sort();
    assert_eq!(got, vec!["connection refused", "connection reset"]);
}

#[test]
fn picks_the_longest_required_piece_of_a_concat() {
    assert_eq!(
        lits(r"\d+ items with \d+ errors"),
        Some(vec![" items with ".into()])
    );
}

#[test]
fn optional_pieces_are_not_required() {
    assert_eq!(
        lits(r"(?:fatal )?error"),
        Some(vec!["error".into(), "fatal error".into()])
    );
    assert_eq!(lits(r"x*"), None);
}

#[test]
fn unconstrained_branch_kills_the_alternation() {
    assert_eq!(lits(r"foo|\w+"), None);
}

#[test]
fn small_classes_expand() {
    // Digits expand up to the bound (a hundred status codes fit); past
    // it, the required piece is the literal run before the repetition.
    assert_eq!(
        lits(r"code [0-9]x"),
        Some((0..10).map(|d| format!("code {d}x")).collect())
    );
    let statuses = lits(r#"" 5[0-9]{2} "#).unwrap();
    assert_eq!(statuses.len(), 100);
    assert!(statuses.contains(&"\" 503 ".to_string()));
    assert_eq!(lits(r#"" 5[0-9]{3} "#), Some(vec!["\" 5".into()]));
}

#[test]
fn pathological_repetitions_stay_cheap() {
    let got = lits("x{1000}{1000}{1000}").unwrap();
    assert!(
        got.iter()
            .all(|l| l.len() <= MAX_LITERAL && l.len() >= MIN_USEFUL_LEN),
        "{got:?}"
    );
}

#[test]
fn too_short_is_useless() {
    assert_eq!(lits("ab"), None);
    assert_eq!(lits(r"\bE\d{4}"), None);
}

#[test]
fn anchors_and_word_boundaries_are_transparent() {
    assert_eq!(lits(r"^\bpanic: "), Some(vec!["panic: ".into()]));
}
