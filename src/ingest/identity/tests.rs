use super::*;
use std::io::Write;

#[test]
fn a_grown_file_keeps_matching_its_short_fingerprint() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.log");
    std::fs::write(&path, b"first line\n").unwrap();
    let file = File::open(&path).unwrap();
    let fp = Fingerprint::of(&file, 11).unwrap();
    assert_eq!(fp.len, 11);
    std::fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .unwrap()
        .write_all(b"second\n")
        .unwrap();
    assert!(fp.matches(&file, 18).unwrap());
    // Extended with what is read next, it equals a fresh fingerprint of the longer prefix.
    let mut grown = fp;
    grown.extend(11, b"second\n");
    assert_eq!(grown, Fingerprint::of(&file, 18).unwrap());
    grown.extend(0, b"first line\nsecond\n");
    assert_eq!(grown.len, 18, "bytes already covered are not hashed twice");
    // Rewritten in place with other content: no longer the same file.
    std::fs::write(&path, b"other content\n").unwrap();
    assert!(!fp.matches(&file, 14).unwrap());
}
