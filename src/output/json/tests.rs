use super::*;

#[test]
fn c1_controls_are_escaped_and_json_stays_valid() {
    let escaped = escape_c1(serde_json::to_string("a\u{9b}31mb\u{1b}").unwrap());
    assert!(!escaped.contains('\u{9b}'));
    assert!(escaped.contains("\\u009b"), "{escaped}");
    let back: String = serde_json::from_str(&escaped).unwrap();
    assert_eq!(back, "a\u{9b}31mb\u{1b}");
}
