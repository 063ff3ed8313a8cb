use super::*;

#[test]
fn unique_and_increasing_even_in_a_tight_loop() {
    let stamps: Vec<_> = (0..10_000).map(|_| DetectedAt::now_unique()).collect();
    for pair in stamps.windows(2) {
        assert!(pair[0] < pair[1], "{} !< {}", pair[0], pair[1]);
        assert_ne!(pair[0].to_string(), pair[1].to_string());
    }
}

#[test]
fn formats_with_microseconds_and_round_trips() {
    let t = DetectedAt::now_unique();
    let text = t.to_string();
    // 2025-10-28T10:30:45.123456
    assert_eq!(text.len(), 26, "{text}");
    assert_eq!(&text[10..11], "T");
    assert_eq!(&text[19..20], ".");
    assert_eq!(DetectedAt::parse(&text), Some(t));
}

#[test]
fn whole_seconds_still_print_six_digits() {
    let t = DetectedAt::at(DateTime::from_timestamp(1_700_000_000, 0).unwrap());
    assert!(t.to_string().ends_with(".000000"), "{t}");
}
