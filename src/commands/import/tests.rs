use super::*;

#[test]
fn a_long_line_is_skipped_without_being_held() {
    let text = format!("short\n{}\nlast", "x".repeat(100));
    let mut reader = BufReader::with_capacity(16, text.as_bytes());
    let mut buf = Vec::new();
    let mut next = || next_record(&mut reader, &mut buf, 50).unwrap();
    assert_eq!(next(), Some(Record::Line));
    assert_eq!(next(), Some(Record::TooLong(100)));
    assert_eq!(next(), Some(Record::Line));
    assert_eq!(next(), None);
}
