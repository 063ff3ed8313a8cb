use super::*;

#[test]
fn line_and_column_are_one_based_and_count_chars() {
    let text = "a = 1\nbé = 2\n";
    assert_eq!(line_column(text, 0), (1, 1));
    assert_eq!(line_column(text, 6), (2, 1));
    // after "bé " (é is two bytes): column 4
    assert_eq!(line_column(text, 10), (2, 4));
}
