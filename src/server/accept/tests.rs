use super::*;

#[test]
fn failures_to_accept_are_said_once_then_counted_and_waited_on_longer() {
    let mut failing = AcceptFailures::default();
    let e = std::io::Error::from_raw_os_error(libc::EMFILE);
    assert_eq!(failing.failed(&e), Duration::from_millis(50));
    let said = failing.said_at;
    assert!(said.is_some() && failing.unsaid == 0, "the first is said");
    let waits: Vec<Duration> = (0..30).map(|_| failing.failed(&e)).collect();
    assert_eq!(failing.said_at, said, "not said again within the period");
    assert_eq!(failing.unsaid, 30, "but counted");
    assert!(waits.windows(2).all(|w| w[1] >= w[0]));
    assert_eq!(waits.last(), Some(&Duration::from_secs(1)), "capped");
}
