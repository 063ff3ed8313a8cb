//! The literal prefilters must never change a verdict: on every line, the
//! scanner's fast path picks exactly the rule an exhaustive check of every
//! rule picks. Lines come from the labelled corpus and seeded mutations of
//! it (case changes, Unicode case-fold characters, level tokens, splices,
//! truncation, invalid bytes). The one-line path live tailing uses must
//! agree too. `LOGWARDEN_SOUNDNESS_ROUNDS` runs longer.

// Helpers outside #[test] functions may unwrap too: a panic fails the test.
#![allow(clippy::unwrap_used)]

mod support;

use logwarden::classify::{Classifier, RuleSet};
use logwarden::ingest::DEFAULT_LINE_CAP;
use logwarden::pipeline::{BlockClassifier, classify_block};
use support::rng::Rng;

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

fn mutate(rng: &mut Rng, lines: &[Vec<u8>]) -> Vec<u8> {
    let mut line = lines[rng.below(lines.len())].clone();
    match rng.below(8) {
        0 => line.make_ascii_uppercase(),
        1 => line.iter_mut().for_each(|b| {
            if rng.below(2) == 0 {
                *b = b.to_ascii_uppercase();
            }
        }),
        2 => {
            // Swap a k or s for the Unicode characters that case-fold to them.
            let text = String::from_utf8_lossy(&line)
                .replacen('k', "\u{212A}", 1)
                .replacen('s', "\u{17F}", 1);
            line = text.into_bytes();
        }
        3 => {
            let mut prefixed = PREFIXES[rng.below(PREFIXES.len())].as_bytes().to_vec();
            prefixed.extend_from_slice(&line);
            line = prefixed;
        }
        4 => {
            let other = &lines[rng.below(lines.len())];
            let cut = rng.below(line.len() + 1);
            line.truncate(cut);
            line.extend_from_slice(b" ... ");
            line.extend_from_slice(other);
        }
        5 => {
            let cut = rng.below(line.len() + 1);
            line.truncate(cut);
        }
        6 => {
            for _ in 0..3 {
                let at = rng.below(line.len() + 1);
                line.insert(at, (rng.next() & 0xff) as u8);
            }
        }
        _ => {}
    }
    line.retain(|&b| b != b'\n');
    line
}

#[test]
fn the_fast_path_agrees_with_an_exhaustive_check() {
    let classifier = Classifier::new(RuleSet::builtin().unwrap()).unwrap();
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
    let rounds: usize = std::env::var("LOGWARDEN_SOUNDNESS_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(4);
    let mut rng = Rng(0x5eed_1e55_ca11_ab1e);
    let mut checked = 0;
    let mut one_line = BlockClassifier::default();
    for _ in 0..rounds {
        let mut sample: Vec<Vec<u8>> = lines.clone();
        sample.extend((0..lines.len()).map(|_| mutate(&mut rng, &lines)));
        let block: Vec<u8> = sample
            .iter()
            .flat_map(|l| l.iter().copied().chain([b'\n']))
            .collect();
        let fast = classify_block(&classifier, &block, DEFAULT_LINE_CAP);
        let mut fast_iter = fast.iter().peekable();
        for (index, line) in sample.iter().enumerate() {
            let fast_best = match fast_iter.peek() {
                Some((i, v)) if *i as usize == index => {
                    fast_iter.next();
                    v.best.as_ref().map(|m| m.rule)
                }
                _ => None,
            };
            let slow_best = classifier.classify_exhaustively(line).map(|m| m.rule);
            let one_best = one_line
                .classify_one(&classifier, line)
                .best
                .map(|m| m.rule);
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
            checked += 1;
        }
    }
    assert!(checked > 2_000, "only {checked} lines checked");
}
