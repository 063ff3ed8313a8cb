//! The authentication rules against their fixture: every line of
//! `tests/auth/attacks.log` (failed logins as ~60 programs print them,
//! written from each program's source or documentation) must be typed
//! `authentication_failure`, whatever its level; no line of
//! `tests/auth/lookalikes.log` (routine ssh `Failed none` probes, relay
//! refusals, URL filters, successes, zero counters, settings) may be.
//! Checked three ways: the exhaustive check of every rule, the scanner's
//! fast block path, and the real binary's `patterns test`.

// Helpers outside #[test] functions may unwrap too: a panic fails the test.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::Command;

use logwarden::classify::{Classifier, RuleSet};
use logwarden::ingest::DEFAULT_LINE_CAP;
use logwarden::pipeline::classify_block;

const AUTH: &str = "authentication_failure";

/// The fixture's log lines (comments and blank lines skipped).
fn fixture(name: &str) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("auth")
        .join(name);
    std::fs::read_to_string(&path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

/// The type each line gets: exhaustive check and block fast path (which
/// must agree).
fn types(lines: &[String]) -> Vec<Option<String>> {
    let classifier = Classifier::new(RuleSet::builtin().unwrap()).unwrap();
    let block: Vec<u8> = lines
        .iter()
        .flat_map(|l| l.bytes().chain([b'\n']))
        .collect();
    let fast = classify_block(&classifier, &block, DEFAULT_LINE_CAP);
    lines
        .iter()
        .enumerate()
        .map(|(index, line)| {
            let slow = classifier
                .classify_exhaustively(line.as_bytes())
                .map(|m| m.rule);
            let quick = fast
                .iter()
                .find(|(i, _)| *i as usize == index)
                .and_then(|(_, v)| v.best.as_ref().map(|m| m.rule));
            assert_eq!(slow, quick, "fast path disagrees on {line:?}");
            slow.map(|r| {
                let rule = classifier.rule(r);
                classifier.rules().type_of(rule).id.clone()
            })
        })
        .collect()
}

#[test]
fn every_attack_line_is_an_authentication_failure() {
    let lines = fixture("attacks.log");
    assert!(lines.len() >= 150, "fixture shrank: {}", lines.len());
    let missed: Vec<String> = lines
        .iter()
        .zip(types(&lines))
        .filter(|(_, t)| t.as_deref() != Some(AUTH))
        .map(|(l, t)| format!("{t:?}: {l}"))
        .collect();
    assert!(
        missed.is_empty(),
        "{} of {} attack lines not typed {AUTH}:\n{}",
        missed.len(),
        lines.len(),
        missed.join("\n")
    );
}

#[test]
fn no_look_alike_is_an_authentication_failure() {
    let lines = fixture("lookalikes.log");
    assert!(lines.len() >= 60, "fixture shrank: {}", lines.len());
    let alarms: Vec<&String> = lines
        .iter()
        .zip(types(&lines))
        .filter(|(_, t)| t.as_deref() == Some(AUTH))
        .map(|(l, _)| l)
        .collect();
    assert!(
        alarms.is_empty(),
        "{} look-alikes typed {AUTH}:\n{}",
        alarms.len(),
        alarms
            .iter()
            .map(|l| l.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// `patterns test` (the real binary, built-in rules) names the winning
/// rule's type for each line.
fn binary_verdicts(lines: &[String]) -> Vec<bool> {
    let out = Command::new(env!("CARGO_BIN_EXE_logwarden"))
        .args(["patterns", "test"])
        .args(lines)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let mut verdicts = Vec::new();
    for line in text.lines() {
        if line.starts_with("line ") {
            verdicts.push(false);
        } else if line.trim_start().starts_with("match:") {
            let last = verdicts.last_mut().unwrap();
            *last = line.contains(&format!("→ {AUTH} "));
        }
    }
    assert_eq!(verdicts.len(), lines.len());
    verdicts
}

#[test]
fn the_binary_agrees_on_both_fixtures() {
    let attacks = fixture("attacks.log");
    let found = binary_verdicts(&attacks).iter().filter(|v| **v).count();
    assert_eq!(found, attacks.len(), "attack lines found by the binary");
    let lookalikes = fixture("lookalikes.log");
    let alarms = binary_verdicts(&lookalikes).iter().filter(|v| **v).count();
    assert_eq!(alarms, 0, "look-alikes typed {AUTH} by the binary");
}
