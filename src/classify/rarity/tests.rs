use super::*;

#[test]
fn common_words_are_common_and_problem_words_rare() {
    assert!(sample_hits(b" http/") > 10);
    assert_eq!(sample_hits(b"\" 5"), 0);
    assert_eq!(sample_hits(b"no space left"), 0);
}
