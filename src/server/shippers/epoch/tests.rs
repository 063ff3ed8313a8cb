use super::*;

fn number(text: &str) -> serde_json::Number {
    serde_json::from_str(text).unwrap()
}

#[test]
fn the_unit_is_told_by_the_size() {
    let at = "2024-03-10T08:00:00Z";
    assert_eq!(from_number(&number("1710057600")).as_deref(), Some(at));
    assert_eq!(
        from_number(&number("1710057600123")).as_deref(),
        Some("2024-03-10T08:00:00.123Z")
    );
    assert_eq!(
        from_number(&number("1710057600123456")).as_deref(),
        Some("2024-03-10T08:00:00.123456Z")
    );
    assert_eq!(
        from_number(&number("1710057600123456789")).as_deref(),
        Some("2024-03-10T08:00:00.123456789Z"),
        "nanoseconds keep every digit"
    );
    // Fluent Bit's `date`: seconds with a fraction.
    assert_eq!(
        from_number(&number("1710057600.25")).as_deref(),
        Some("2024-03-10T08:00:00.250Z")
    );
    assert_eq!(
        from_number(&number("1710057600123.0")).as_deref(),
        Some("2024-03-10T08:00:00.123Z"),
        "milliseconds written as a float"
    );
    assert_eq!(
        from_number(&number("0")).as_deref(),
        Some("1970-01-01T00:00:00Z")
    );
}

#[test]
fn what_is_no_time_gives_none() {
    assert_eq!(from_number(&number("-5")), None);
    assert_eq!(from_number(&number("-1.5")), None);
    assert_eq!(from_number(&number("1e300")), None);
    assert_eq!(from_nanos(0), None, "OTLP's unknown");
    assert_eq!(
        from_nanos(1_710_057_600_000_000_001).as_deref(),
        Some("2024-03-10T08:00:00.000000001Z")
    );
    assert!(from_nanos(u64::MAX).is_some(), "year 2554 is a time");
}
