use super::Needle;

#[test]
fn needles_match_anywhere_ignoring_case() {
    let found = |needle: &str, hay: &str| Needle::new(needle).found_in(hay);
    assert!(found("Timed Out", "upstream TIMED OUT (110)"));
    assert!(found("upstream", "upstream timed out"), "at the start");
    assert!(found("out", "timed out"), "at the end");
    assert!(found("e", "E"), "one common byte");
    assert!(!found("timed out", "timed ou"));
    assert!(!found("mxq", "m x q mx xq"));
    assert!(found("ÄRGER", "großer ärger hier"), "non-ASCII folds too");
    assert!(!found("ärger", "arger"));
    assert!(Needle::new("").found_in("anything"));
}
