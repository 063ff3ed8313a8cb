//! The literal prefilters must never change a verdict: on every line, the
//! scanner's fast path picks exactly the rule an exhaustive check of every
//! rule picks. Lines come from the labelled corpus and proptest's mutations
//! of it (case changes, Unicode case-fold characters, level tokens,
//! splices, truncation, invalid bytes); a failing block shrinks to a few
//! lines. The one-line path live tailing uses must agree too.
//! `LOGWARDEN_SOUNDNESS_ROUNDS` (default 4) runs longer: each round checks
//! as many mutated lines as the corpus has. `PROPTEST_RNG_SEED` draws
//! other mutations.

// Helpers outside #[test] functions may unwrap too: a panic fails the test.
#![allow(clippy::unwrap_used)]

mod support;

use logwarden::classify::{Classifier, RuleSet};
use logwarden::ingest::DEFAULT_LINE_CAP;
use logwarden::pipeline::{BlockClassifier, classify_block};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, RngSeed};

const PREFIXES: &[&str] = &[
    "ERROR ",
    "2024-03-10 10:00:00,000 ERROR [main] x - ",
    "[error] ",
    "level=error msg=",
    "{\"level\":\"Fatal\",\"msg\":\"",
    "E0310 12:00:00.000000    1 x.go:1] ",
    "03-17 16:13:38.811  1702  2395 E Tag: ",
    "fail: Svc[1]\t",
    "FATAL: ",
    "\t",
    "INFO ",
    "WARN ",
];

/// The corpus lines (non-empty) and the prefixes, each a line.
fn corpus_lines() -> Vec<Vec<u8>> {
    let mut lines: Vec<Vec<u8>> = support::corpus::load_corpus()
        .iter()
        .flat_map(|f| {
            f.text
                .lines()
                .map(|l| l.as_bytes().to_vec())
                .collect::<Vec<_>>()
        })
        .filter(|l| !l.is_empty())
        .collect();
    lines.extend(PREFIXES.iter().map(|p| p.as_bytes().to_vec()));
    lines
}

/// One way to change a corpus line; the parameters are raw choices, taken
/// against the line when applied. `Unchanged` is first, so a failing case
/// shrinks towards unmutated lines.
#[derive(Clone, Debug)]
enum Mutation {
    Unchanged,
    Upper,
    /// Upper-cases the bytes whose bit (position modulo 64) is set.
    MixedCase(u64),
    /// Swaps a k or s for the Unicode characters that case-fold to them.
    CaseFold,
    Prefix(Index),
    /// Cut at the first index, ` ... `, then the line the second picks.
    Splice(Index, Index),
    Truncate(Index),
    /// Inserts bytes at the places picked.
    Insert(Vec<(Index, u8)>),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        Just(Mutation::Unchanged),
        Just(Mutation::Upper),
        any::<u64>().prop_map(Mutation::MixedCase),
        Just(Mutation::CaseFold),
        any::<Index>().prop_map(Mutation::Prefix),
        any::<(Index, Index)>().prop_map(|(cut, other)| Mutation::Splice(cut, other)),
        any::<Index>().prop_map(Mutation::Truncate),
        proptest::collection::vec(any::<(Index, u8)>(), 3).prop_map(Mutation::Insert),
    ]
}

fn mutate(lines: &[Vec<u8>], pick: Index, mutation: &Mutation) -> Vec<u8> {
    let mut line = pick.get(lines).clone();
    match mutation {
        Mutation::Unchanged => {}
        Mutation::Upper => line.make_ascii_uppercase(),
        Mutation::MixedCase(bits) => line.iter_mut().enumerate().for_each(|(i, b)| {
            if bits >> (i % 64) & 1 == 1 {
                *b = b.to_ascii_uppercase();
            }
        }),
        Mutation::CaseFold => {
            let text = String::from_utf8_lossy(&line)
                .replacen('k', "\u{212A}", 1)
                .replacen('s', "\u{17F}", 1);
            line = text.into_bytes();
        }
        Mutation::Prefix(prefix) => {
            let mut prefixed = prefix.get(PREFIXES).as_bytes().to_vec();
            prefixed.extend_from_slice(&line);
            line = prefixed;
        }
        Mutation::Splice(cut, other) => {
            line.truncate(cut.index(line.len() + 1));
            line.extend_from_slice(b" ... ");
            line.extend_from_slice(other.get::<Vec<u8>>(lines));
        }
        Mutation::Truncate(cut) => line.truncate(cut.index(line.len() + 1)),
        Mutation::Insert(bytes) => {
            for (at, byte) in bytes {
                line.insert(at.index(line.len() + 1), *byte);
            }
        }
    }
    line.retain(|&b| b != b'\n');
    line
}

/// A line shown as text when a case fails.
#[derive(Clone)]
struct Line(Vec<u8>);

impl std::fmt::Debug for Line {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", String::from_utf8_lossy(&self.0))
    }
}

/// Blocks of up to 128 mutated corpus lines: blocks, since the fast path
/// works on a whole block at once.
fn block(lines: Vec<Vec<u8>>) -> impl Strategy<Value = Vec<Line>> {
    let lines = std::sync::Arc::new(lines);
    let line = (any::<Index>(), mutation())
        .prop_map(move |(pick, mutation)| Line(mutate(&lines, pick, &mutation)));
    proptest::collection::vec(line, 1..=128)
}

/// Checks every line of `sample`, classified as one block, against the
/// exhaustive check and the one-line path.
fn check_block(classifier: &Classifier, sample: &[Vec<u8>]) {
    let block: Vec<u8> = sample
        .iter()
        .flat_map(|l| l.iter().copied().chain([b'\n']))
        .collect();
    let fast = classify_block(classifier, &block, DEFAULT_LINE_CAP);
    let mut fast_iter = fast.iter().peekable();
    let mut one_line = BlockClassifier::default();
    for (index, line) in sample.iter().enumerate() {
        let fast_best = match fast_iter.peek() {
            Some((i, v)) if *i as usize == index => {
                fast_iter.next();
                v.best.as_ref().map(|m| m.rule)
            }
            _ => None,
        };
        let slow_best = classifier.classify_exhaustively(line).map(|m| m.rule);
        let one_best = one_line.classify_one(classifier, line).best.map(|m| m.rule);
        assert_eq!(
            one_best,
            fast_best,
            "the live (one line) path disagrees with the block path on {:?}",
            String::from_utf8_lossy(line)
        );
        assert_eq!(
            fast_best.map(|r| &classifier.rule(r).id),
            slow_best.map(|r| &classifier.rule(r).id),
            "prefilter changed the verdict on {:?}",
            String::from_utf8_lossy(line)
        );
    }
}

/// Built once: compiling every rule takes longer than checking a block.
fn classifier() -> &'static Classifier {
    static CLASSIFIER: std::sync::LazyLock<Classifier> =
        std::sync::LazyLock::new(|| Classifier::new(RuleSet::builtin().unwrap()).unwrap());
    &CLASSIFIER
}

#[test]
fn the_fast_path_agrees_with_an_exhaustive_check_on_the_corpus() {
    let lines = corpus_lines();
    assert!(lines.len() > 1_000, "only {} lines", lines.len());
    check_block(classifier(), &lines);
}

/// As many blocks as make `LOGWARDEN_SOUNDNESS_ROUNDS` times the corpus's
/// line count in mutated lines (blocks average 64 lines); a fixed seed
/// unless `PROPTEST_RNG_SEED` is set, so `cargo test` checks the same
/// lines every time.
fn config() -> Config {
    let rounds: u32 = std::env::var("LOGWARDEN_SOUNDNESS_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(4);
    let mut config = Config {
        cases: rounds * corpus_lines().len() as u32 / 64,
        failure_persistence: None,
        ..Config::default()
    };
    if std::env::var_os("PROPTEST_RNG_SEED").is_none() {
        config.rng_seed = RngSeed::Fixed(0x5eed_1e55_ca11_ab1e);
    }
    config
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn the_fast_path_agrees_with_an_exhaustive_check_on_mutations(
        sample in block(corpus_lines())
    ) {
        let sample: Vec<Vec<u8>> = sample.into_iter().map(|l| l.0).collect();
        check_block(classifier(), &sample);
    }
}
