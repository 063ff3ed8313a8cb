use super::constant_time_eq;

#[test]
fn token_comparison() {
    assert!(constant_time_eq(b"s3cret", b"s3cret"));
    assert!(!constant_time_eq(b"s3cre", b"s3cret"));
    assert!(!constant_time_eq(b"s3cret!", b"s3cret"));
    assert!(!constant_time_eq(b"", b"s3cret"));
    assert!(!constant_time_eq(b"S3cret", b"s3cret"));
}
