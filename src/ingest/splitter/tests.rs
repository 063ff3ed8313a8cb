use super::*;

fn split(pieces: &[&[u8]], cap: usize) -> Vec<(String, usize, Option<u64>, u64)> {
    let mut splitter = LineSplitter::new(0, Some(0), cap);
    let mut out = Vec::new();
    let mut at = 0u64;
    for piece in pieces {
        splitter.feed(piece, at, &mut |l| {
            out.push((
                String::from_utf8_lossy(l.text).into_owned(),
                l.full_len,
                l.number,
                l.offset,
            ));
        });
        at += piece.len() as u64;
    }
    out
}

#[test]
fn lines_split_across_pieces_come_out_whole() {
    let got = split(&[b"ab", b"c\r\nde", b"f\n", b"partial"], 100);
    assert_eq!(
        got,
        vec![("abc".into(), 3, Some(1), 0), ("def".into(), 3, Some(2), 5)]
    );
}

#[test]
fn a_long_line_is_capped_but_its_length_counted() {
    let long = vec![b'x'; 1000];
    let got = split(&[&long[..300], &long[300..], b"\nnext\n"], 64);
    assert_eq!(got[0].0.len(), 64);
    assert_eq!(got[0].1, 1000);
    assert_eq!(got[1], ("next".into(), 4, Some(2), 1001));
}
