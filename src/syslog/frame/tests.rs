#![allow(clippy::unwrap_used)]

use super::{FrameError, Framer};

/// Frames and problems of `chunks` fed in order, then the end.
fn cut(cap: usize, chunks: &[&[u8]]) -> (Vec<String>, Vec<FrameError>) {
    let mut framer = Framer::new(cap);
    let (mut frames, mut problems) = (Vec::new(), Vec::new());
    for chunk in chunks {
        framer.feed(
            chunk,
            &mut |f, _| frames.push(String::from_utf8_lossy(f).into_owned()),
            &mut |p| problems.push(p),
        );
    }
    framer.finish(
        &mut |f, _| frames.push(String::from_utf8_lossy(f).into_owned()),
        &mut |p| problems.push(p),
    );
    (frames, problems)
}

#[test]
fn octet_counted_frames_may_hold_newlines_and_arrive_in_pieces() {
    let stream = b"11 <13>1 - a\nb5 <1>hi";
    let whole = cut(1024, &[stream]);
    assert_eq!(whole.0, vec!["<13>1 - a\nb", "<1>hi"]);
    assert!(whole.1.is_empty());
    // Byte by byte: the same frames.
    let pieces: Vec<&[u8]> = stream.chunks(1).collect();
    assert_eq!(cut(1024, &pieces), whole);
}

#[test]
fn newline_framed_frames_drop_their_crlf_and_blank_lines() {
    let (frames, problems) = cut(
        1024,
        &[b"<13>Dec  7 10:00:00 h a: one\r\n\n<13>Dec  7 10:00:01 h a: two\nlast"],
    );
    assert_eq!(
        frames,
        vec![
            "<13>Dec  7 10:00:00 h a: one",
            "<13>Dec  7 10:00:01 h a: two",
            "last"
        ]
    );
    assert!(problems.is_empty());
}

#[test]
fn nul_ends_a_frame_as_a_newline_does() {
    let (frames, problems) = cut(64, &[b"<13>msg1\0<13>msg2\0\0", b"<13>ms", b"g3\n"]);
    assert_eq!(frames, vec!["<13>msg1", "<13>msg2", "<13>msg3"]);
    assert!(problems.is_empty());
}

#[test]
fn a_number_and_a_space_before_no_syslog_message_is_a_line_not_a_count() {
    // A newline-framed line from a relay that starts with a status code
    // must not take the next messages as its body.
    let (frames, problems) = cut(
        1024,
        &[
            b"200 OK GET /index.html served\n<13>1 - v0 app - - - one\n34",
            b" requests failed\n<13>1 - v1 app - - - two\n12 ",
        ],
    );
    assert_eq!(
        frames,
        vec![
            "200 OK GET /index.html served",
            "<13>1 - v0 app - - - one",
            "34 requests failed",
            "<13>1 - v1 app - - - two",
            "12 ",
        ]
    );
    assert_eq!(problems, vec![FrameError::BadCount; 3]);
}

#[test]
fn a_line_starting_with_digits_is_a_line_not_a_count() {
    let (frames, problems) = cut(1024, &[b"2026-12-07 boom\n12345678901 x\n0 zero\n"]);
    assert_eq!(frames, vec!["2026-12-07 boom", "12345678901 x", "0 zero"]);
    assert_eq!(problems, vec![FrameError::BadCount, FrameError::BadCount]);
}

#[test]
fn long_frames_are_cut_at_the_cap_and_the_cut_is_counted() {
    let (frames, problems) = cut(4, &[b"10 <123456789", b"abcdefgh\nok\n"]);
    assert_eq!(frames, vec!["<123", "abcd", "ok"]);
    assert_eq!(
        problems,
        vec![FrameError::Cut { cut: 6 }, FrameError::Cut { cut: 4 }]
    );
}

#[test]
fn a_connection_that_ends_mid_frame_keeps_what_came_and_counts_the_rest() {
    let (frames, problems) = cut(1024, &[b"20 <13>1 - half"]);
    assert_eq!(frames, vec!["<13>1 - half"]);
    assert_eq!(problems, vec![FrameError::Truncated { missing: 8 }]);
    let (frames, problems) = cut(1024, &[b"42"]);
    assert_eq!(frames, vec!["42"]);
    assert!(problems.is_empty());
}

proptest::proptest! {
    /// However a stream is split into reads, the same frames and problems
    /// come out, none longer than the cap.
    #[test]
    fn frames_do_not_depend_on_how_reads_split_the_stream(
        stream in proptest::collection::vec(
            proptest::sample::select(b"0123 <>\n\rab".to_vec()),
            0..200,
        ),
        splits in proptest::collection::vec(0usize..200, 0..8),
        cap in 1usize..16,
    ) {
        let whole = cut(cap, &[&stream]);
        let mut cuts: Vec<usize> = splits.into_iter().map(|s| s.min(stream.len())).collect();
        cuts.sort_unstable();
        let mut pieces = Vec::new();
        let mut from = 0;
        for at in cuts {
            pieces.push(&stream[from..at]);
            from = at;
        }
        pieces.push(&stream[from..]);
        proptest::prop_assert_eq!(cut(cap, &pieces), whole.clone());
        proptest::prop_assert!(whole.0.iter().all(|f| f.len() <= cap));
    }
}
