use super::*;

#[test]
fn the_least_recently_seen_are_forgotten_beyond_the_limit() {
    let mut seen = Seen::new(3);
    assert!(seen.insert(1) && seen.insert(2) && seen.insert(3));
    assert!(!seen.insert(1), "seen again: now the most recent");
    assert!(seen.insert(4), "2 goes");
    assert!(!seen.insert(1) && !seen.insert(3) && !seen.insert(4));
    assert!(seen.insert(2), "forgotten, so unseen again");
    assert_eq!((seen.remembered(), seen.forgotten()), (3, 2));
    for n in 0..10_000 {
        seen.insert(n % 5);
    }
    assert!(seen.order.len() <= 2 * seen.remembered() + 64);
}
