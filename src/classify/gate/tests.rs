use proptest::prelude::*;

use super::*;

/// Every literal occurrence in each line of `hay`, found line by line with
/// the plain overlapping search: (start, end, literal), sorted.
fn hits_line_by_line(gate: &LiteralGate, hay: &[u8]) -> Vec<(usize, usize, usize)> {
    let mut all = Vec::new();
    let mut base = 0;
    for line in hay.split(|&b| b == b'\n') {
        gate.for_each_overlapping(line, |hit| {
            assert_eq!(hit.end - hit.start, LITERALS[hit.literal].len());
            all.push((base + hit.start, base + hit.end, hit.literal));
        });
        base += line.len() + 1;
    }
    all.sort_unstable();
    all
}

fn block_hits(gate: &LiteralGate, hay: &[u8]) -> Vec<Hit> {
    let mut hits = Vec::new();
    gate.block_hits(hay, &mut hits);
    hits
}

fn sorted(hits: &[Hit]) -> Vec<(usize, usize, usize)> {
    let mut all: Vec<_> = hits.iter().map(|h| (h.start, h.end, h.literal)).collect();
    all.sort_unstable();
    all
}

const LITERALS: [&str; 8] = [
    "error",
    "timed out",
    "denied",
    " 503 ",
    "oom",
    "eio",
    "failed to connect",
    "rror: d",
];

fn gate() -> LiteralGate {
    let gate = LiteralGate::new(&LITERALS).expect("small literal set");
    assert!(matches!(gate, LiteralGate::Dfa(_)));
    gate
}

/// Lines of filler words with literals here and there, sometimes at a
/// line's very start or end, sometimes overlapping.
fn haystack(words: &[(u8, u8)]) -> Vec<u8> {
    const FILLER: [&str; 7] = ["ok", "request", "err", "time", " 50", "deni", "or: disk"];
    let mut hay = Vec::new();
    for &(kind, n) in words {
        match kind % 8 {
            0 => hay.push(b'\n'),
            1 => hay.extend_from_slice(LITERALS[n as usize % LITERALS.len()].as_bytes()),
            _ => hay.extend_from_slice(FILLER[n as usize % FILLER.len()].as_bytes()),
        }
        if n % 3 == 0 {
            hay.push(b' ');
        }
    }
    hay
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn block_hits_are_the_hits_of_each_line(
        words in proptest::collection::vec((any::<u8>(), any::<u8>()), 1..12_000),
    ) {
        let gate = gate();
        let hay = haystack(&words);
        let hits = block_hits(&gate, &hay);
        prop_assert!(hits.windows(2).all(|w| w[0].end <= w[1].end), "in order of their ends");
        prop_assert_eq!(sorted(&hits), hits_line_by_line(&gate, &hay));
    }
}

#[test]
fn a_large_block_is_scanned_side_by_side_and_agrees_with_the_plain_search() {
    let mut hay = Vec::new();
    for n in 0..20_000 {
        match n % 7 {
            0 => hay.extend_from_slice(b"GET /index.html 200 ok"),
            1 => hay.extend_from_slice(b"upstream timed out while reading"),
            2 => hay.extend_from_slice(b"x"),
            3 => {}
            4 => hay.extend_from_slice(b"eio"),
            5 => hay.extend_from_slice(b"the request was deni"),
            _ => hay.extend_from_slice(b"io error: disk 503 "),
        }
        hay.push(b'\n');
    }
    assert!(hay.len() >= LOCKSTEP_MIN * STREAMS);
    let dfa = gate();
    let nfa = LiteralGate::Nfa(
        AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(LITERALS)
            .expect("small literal set"),
    );
    let fast = block_hits(&dfa, &hay);
    assert_eq!(sorted(&fast), sorted(&block_hits(&nfa, &hay)));
    assert_eq!(sorted(&fast), hits_line_by_line(&dfa, &hay));
    // Lines 1 and 4 of every 7 hold one literal, line 6 three ("error",
    // "rror: d" overlapping it, " 503 ").
    let per_kind = |k: usize| (0..20_000).filter(|n| n % 7 == k).count();
    assert_eq!(fast.len(), per_kind(1) + per_kind(4) + 3 * per_kind(6));
}

#[test]
fn overlapping_occurrences_are_all_reported() {
    let literals = [b"error".to_vec(), b"rror: disk".to_vec(), b"disk".to_vec()];
    let gate = LiteralGate::new(&literals).expect("small literal set");
    let mut seen = Vec::new();
    gate.for_each_overlapping(b"io error: disk full", |hit| {
        seen.push((hit.literal, hit.start))
    });
    seen.sort_unstable();
    assert_eq!(seen, vec![(0, 3), (1, 4), (2, 10)]);
    assert_eq!(gate.find(b"io error: disk full", 0), Some(3));
    // From 5 on, only "disk" lies wholly inside.
    assert_eq!(gate.find(b"io error: disk full", 5), Some(10));
    assert_eq!(gate.find(b"all fine", 0), None);
}
