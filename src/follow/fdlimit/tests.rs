use super::*;

#[test]
fn slots_keep_a_reserve_and_never_vanish() {
    assert_eq!(file_slots(1024, 10), 1024 - 10 - 128);
    assert_eq!(file_slots(1 << 20, 10), (1 << 20) - 10 - 1024);
    assert_eq!(file_slots(64, 20), 12);
    assert_eq!(
        file_slots(16, 20),
        4,
        "a tiny limit still reads files in turn"
    );
}

#[test]
fn raising_never_lowers_and_stays_within_the_hard_limit() {
    let lim = raise().unwrap();
    assert!(lim.soft >= lim.before);
    assert!(lim.soft <= lim.hard);
    assert!(exhausted(&io::Error::from_raw_os_error(libc::EMFILE)));
    assert!(!exhausted(&io::Error::from_raw_os_error(libc::ENOENT)));
}
