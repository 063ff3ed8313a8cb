use super::*;

/// Collects (line, full length) pairs the way the scanner sees them.
fn lines(input: &[u8], block: usize, cap: usize) -> Vec<(Vec<u8>, u64)> {
    let mut reader = BlockReader::with_sizes(input, block, cap);
    let mut out = Vec::new();
    let mut b = OwnedBlock::default();
    while reader.next_block(&mut b).unwrap() {
        match b.long_line_len {
            Some(len) => out.push((b.data.clone(), len)),
            None => {
                for l in block_lines(&b) {
                    out.push((l[..l.len().min(cap)].to_vec(), l.len() as u64));
                }
            }
        }
    }
    out
}

#[test]
fn crlf_and_unterminated_last_line() {
    let got = lines(b"a\r\nbb\r\nccc", 64, 16);
    let want: Vec<(Vec<u8>, u64)> = vec![
        (b"a".to_vec(), 1),
        (b"bb".to_vec(), 2),
        (b"ccc".to_vec(), 3),
    ];
    assert_eq!(got, want);
}

#[test]
fn lines_spanning_block_boundaries_come_out_whole() {
    let input: Vec<u8> = (0..500)
        .flat_map(|i| format!("line number {i}\n").into_bytes())
        .collect();
    let got = lines(&input, 64, 32);
    assert_eq!(got.len(), 500);
    assert!(
        got.iter()
            .enumerate()
            .all(|(i, l)| l.0 == format!("line number {i}").as_bytes())
    );
}

#[test]
fn over_long_line_is_capped_and_measured_without_losing_neighbours() {
    let mut input = b"before\n".to_vec();
    input.extend(std::iter::repeat_n(b'x', 10_000));
    input.extend_from_slice(b"\nafter\n");
    let got = lines(&input, 128, 100);
    assert_eq!(got.len(), 3);
    assert_eq!(got[0].0, b"before");
    assert_eq!(got[1].0.len(), 100);
    assert_eq!(got[1].1, 10_000);
    assert_eq!(got[2].0, b"after");
}

#[test]
fn over_long_unterminated_last_line() {
    let input = vec![b'y'; 5000];
    let got = lines(&input, 128, 50);
    assert_eq!(got, vec![(vec![b'y'; 50], 5000)]);
}

#[test]
fn empty_input_has_no_lines() {
    assert!(lines(b"", 64, 16).is_empty());
}

#[test]
fn blank_lines_are_lines() {
    let got = lines(b"a\n\n\nb\n", 64, 16);
    assert_eq!(got.len(), 4);
    assert_eq!(got[1].0, b"");
}
