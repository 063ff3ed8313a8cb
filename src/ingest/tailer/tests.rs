use std::fs::OpenOptions;
use std::io::Write;

use super::*;

/// (number, offset, text, full length) of every line a read delivers.
type Got = Vec<(Option<u64>, u64, String, usize)>;

fn read_all(t: &mut Tailer) -> Got {
    let mut got = Vec::new();
    let mut scratch = Vec::new();
    t.read_lines(usize::MAX, &mut scratch, &mut |l| {
        got.push((
            l.number,
            l.offset,
            String::from_utf8_lossy(l.text).into_owned(),
            l.full_len,
        ));
    })
    .unwrap();
    got
}

fn append(path: &Path, bytes: &[u8]) {
    OpenOptions::new()
        .append(true)
        .open(path)
        .unwrap()
        .write_all(bytes)
        .unwrap();
}

#[test]
fn only_complete_lines_are_delivered_and_a_partial_line_waits() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.log");
    std::fs::write(&path, b"one\r\ntw").unwrap();
    let mut t = Tailer::open(&path, Start::Beginning, 1024).unwrap();
    assert_eq!(read_all(&mut t), vec![(Some(1), 0, "one".into(), 3)]);
    assert_eq!(
        t.position(),
        (5, Some(1)),
        "the checkpoint points at the partial line"
    );
    append(&path, b"o\nthree");
    assert_eq!(t.check().unwrap(), Change::Grew);
    assert_eq!(read_all(&mut t), vec![(Some(2), 5, "two".into(), 3)]);
    assert_eq!(read_all(&mut t), vec![]);
}

#[test]
fn an_endless_line_is_capped_while_it_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.log");
    std::fs::write(&path, b"").unwrap();
    let mut t = Tailer::open(&path, Start::Beginning, 100).unwrap();
    for _ in 0..50 {
        append(&path, &[b'x'; 10_000]);
        assert!(read_all(&mut t).is_empty());
        assert!(
            t.splitter.buffered_bytes() <= 101,
            "partial line buffered without bound"
        );
    }
    append(&path, b"\nnext\n");
    let got = read_all(&mut t);
    assert_eq!(got[0].2.len(), 100);
    assert_eq!(got[0].3, 500_000);
    assert_eq!(got[1], (Some(2), 500_001, "next".into(), 4));
}

#[test]
fn truncation_restarts_at_zero_without_repeating() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.log");
    std::fs::write(&path, b"a\nb\nc\n").unwrap();
    let mut t = Tailer::open(&path, Start::Beginning, 1024).unwrap();
    assert_eq!(read_all(&mut t).len(), 3);
    // copytruncate: the content was copied away, the file emptied, then written again.
    OpenOptions::new()
        .write(true)
        .open(&path)
        .unwrap()
        .set_len(0)
        .unwrap();
    append(&path, b"d\n");
    assert_eq!(t.check().unwrap(), Change::Truncated);
    assert_eq!(read_all(&mut t), vec![(Some(1), 0, "d".into(), 1)]);
}

#[test]
fn a_rewrite_larger_than_what_was_read_is_caught_by_the_fingerprint() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.log");
    std::fs::write(&path, b"old 1\n").unwrap();
    let mut t = Tailer::open(&path, Start::Beginning, 1024).unwrap();
    read_all(&mut t);
    std::fs::write(&path, b"NEW 1\nNEW 2\nNEW 3\n").unwrap();
    assert_eq!(t.check().unwrap(), Change::Truncated);
    let texts: Vec<String> = read_all(&mut t).into_iter().map(|l| l.2).collect();
    assert_eq!(texts, ["NEW 1", "NEW 2", "NEW 3"]);
}

#[test]
fn following_from_the_end_keeps_a_partial_last_line_whole_and_counts_lines() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.log");
    std::fs::write(&path, b"old 1\nold 2\nhalf").unwrap();
    let mut t = Tailer::open(&path, Start::End, 1024).unwrap();
    assert_eq!(t.position(), (12, Some(2)));
    append(&path, b" done\n");
    t.check().unwrap();
    assert_eq!(read_all(&mut t), vec![(Some(3), 12, "half done".into(), 9)]);
}

#[test]
fn resuming_at_a_checkpoint() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.log");
    std::fs::write(&path, b"1\n2\n3\n").unwrap();
    let mut t = Tailer::open(
        &path,
        Start::At {
            offset: 2,
            line: Some(1),
        },
        1024,
    )
    .unwrap();
    let got: Vec<_> = read_all(&mut t).into_iter().map(|l| (l.0, l.2)).collect();
    assert_eq!(
        got,
        vec![(Some(2), "2".to_string()), (Some(3), "3".to_string())]
    );
    // A checkpoint beyond the end means the file was truncated while we were away.
    let mut t = Tailer::open(
        &path,
        Start::At {
            offset: 999,
            line: Some(50),
        },
        1024,
    )
    .unwrap();
    assert_eq!(read_all(&mut t).len(), 3);
}

#[test]
fn a_rewrite_between_check_and_read_is_not_read_from_the_middle() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.log");
    std::fs::write(&path, b"old one\nold two\n").unwrap();
    let mut t = Tailer::open(&path, Start::Beginning, 1024).unwrap();
    assert_eq!(read_all(&mut t).len(), 2);
    assert_eq!(t.check().unwrap(), Change::Unchanged);
    // Truncated and rewritten longer after the check: reading at the old
    // offset would start inside "new line 3".
    std::fs::write(&path, b"new line 1\nnew line 2\nnew line 3\nnew 4\n").unwrap();
    assert_eq!(read_all(&mut t), vec![], "nothing from the middle");
    assert!(t.rewritten());
    assert_eq!(t.check().unwrap(), Change::Truncated);
    assert!(!t.rewritten());
    let texts: Vec<String> = read_all(&mut t).into_iter().map(|l| l.2).collect();
    assert_eq!(texts, ["new line 1", "new line 2", "new line 3", "new 4"]);
}

#[test]
fn a_closed_tailer_reopens_the_same_file_and_keeps_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.log");
    std::fs::write(&path, b"one\ntw").unwrap();
    let mut t = Tailer::open(&path, Start::Beginning, 1024).unwrap();
    assert_eq!(read_all(&mut t).len(), 1);
    t.close();
    assert!(!t.is_open());
    assert!(
        t.check().is_err(),
        "a closed tailer is never read by mistake"
    );
    append(&path, b"o\n");
    let meta = std::fs::metadata(&path).unwrap();
    assert!(t.needs_turn(&meta), "the stat shows growth");
    assert_eq!(t.reopen_at(&path).unwrap(), Reopened::Same);
    assert_eq!(t.check().unwrap(), Change::Grew);
    assert_eq!(read_all(&mut t), vec![(Some(2), 4, "two".into(), 3)]);
}

#[test]
fn a_new_file_under_the_old_inode_number_is_not_taken_for_the_closed_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.log");
    std::fs::write(&path, b"first file\n").unwrap();
    let mut t = Tailer::open(&path, Start::Beginning, 1024).unwrap();
    read_all(&mut t);
    t.close();
    std::fs::remove_file(&path).unwrap();
    assert_eq!(t.reopen_at(&path).unwrap(), Reopened::Missing);
    // File systems such as ext4 hand the freed inode number to the next file.
    std::fs::write(&path, b"second file, longer\n").unwrap();
    assert_eq!(t.reopen_at(&path).unwrap(), Reopened::Other, "{:?}", t.born);
}
