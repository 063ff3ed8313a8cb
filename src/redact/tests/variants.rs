//! What the generated tests share: a seeded random source, secret values
//! of many shapes, and the check that runs a class's variants (no part of
//! a secret survives, the context around it does, and every match of a
//! built-in pattern holds one of the literals its rule is woken by).

use std::sync::OnceLock;

use regex::Regex;

use crate::redact::Redactor;
use crate::redact::builtin::{BUILTIN, Builtin};

/// splitmix64: small, seeded, the same variants on every run.
pub(super) struct Rng(u64);

impl Rng {
    pub(super) fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub(super) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    pub(super) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub(super) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// `n` characters drawn from `alphabet`.
    pub(super) fn from(&mut self, alphabet: &str, n: usize) -> String {
        let chars: Vec<char> = alphabet.chars().collect();
        (0..n).map(|_| *self.pick(&chars)).collect()
    }
}

pub(super) const ALNUM: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
pub(super) const HEX: &str = "0123456789abcdef";
pub(super) const B64: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Shapes of secret values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    /// Letters and digits.
    Alnum,
    /// With symbols that need no quoting (`!@#^*-_+=.~/:?`).
    Symbols,
    /// Base64 with padding.
    Base64,
    /// Hex, as hashes and API keys are.
    Hex,
    /// A UUID.
    Uuid,
    /// Digits only (a PIN).
    Digits,
    /// Non-ASCII letters.
    Unicode,
    /// A comma inside (`ab,cd`).
    Comma,
    /// Balanced brackets inside.
    Brackets,
    /// Starts with a symbol.
    LeadSymbol,
    /// Spaces and delimiters: only ever written quoted.
    Spaced,
}

/// Shapes a value can have unquoted.
pub(super) const BARE: &[Shape] = &[
    Shape::Alnum,
    Shape::Symbols,
    Shape::Base64,
    Shape::Hex,
    Shape::Uuid,
    Shape::Digits,
    Shape::Unicode,
    Shape::Comma,
    Shape::Brackets,
    Shape::LeadSymbol,
];

/// A secret of `shape`; always with a digit, so never an English word.
pub(super) fn secret(rng: &mut Rng, shape: Shape) -> String {
    let core = |rng: &mut Rng, n| format!("{}{}", rng.from(ALNUM, n), rng.below(10));
    match shape {
        Shape::Alnum => {
            let n = 7 + rng.below(20);
            core(rng, n)
        }
        Shape::Symbols => {
            let mut s = core(rng, 6);
            for _ in 0..3 {
                let at = 1 + rng.below(s.len() - 1);
                s.insert_str(at, &rng.from("!@#^*-_+=.~/:?", 1));
            }
            s
        }
        Shape::Base64 => format!("{}{}==", rng.from(B64, 22), rng.below(10)),
        Shape::Hex => rng.from(HEX, 32) + "7",
        Shape::Uuid => format!(
            "{}-{}-4{}-a{}-{}",
            rng.from(HEX, 8),
            rng.from(HEX, 4),
            rng.from(HEX, 3),
            rng.from(HEX, 3),
            rng.from(HEX, 12)
        ),
        Shape::Digits => {
            let n = 6 + rng.below(5);
            rng.from("0123456789", n)
        }
        Shape::Unicode => format!("Pä{}ßwø€{}", rng.from(ALNUM, 4), rng.below(10)),
        Shape::Comma => format!("{},{}", core(rng, 4), core(rng, 4)),
        Shape::Brackets => format!("{}({})", core(rng, 4), core(rng, 3)),
        Shape::LeadSymbol => format!("{}{}", rng.from("!@#^*~+", 1), core(rng, 8)),
        Shape::Spaced => format!("{} &x; {}|<{}>", core(rng, 4), core(rng, 3), core(rng, 2)),
    }
}

/// `text` percent-encoded (everything but letters, digits and `-._~`).
pub(super) fn url_encode(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// One variant: a line, the secrets in it, text around them that must stay.
#[derive(Debug, Clone)]
pub(super) struct Case {
    pub line: String,
    pub secrets: Vec<String>,
    pub keep: Vec<String>,
}

impl Case {
    pub(super) fn new(line: String, secret: &str, keep: &[&str]) -> Case {
        Case {
            line,
            secrets: vec![secret.to_string()],
            keep: keep.iter().map(|k| k.to_string()).collect(),
        }
    }
}

/// Why `case` fails, if it does: a secret (or any 6 characters of it
/// that the context does not also hold) in the output, or context lost.
fn failure(redactor: &Redactor, case: &Case) -> Option<String> {
    let out = redactor.apply(&case.line);
    for secret in &case.secrets {
        let mut context = case.line.clone();
        for s in &case.secrets {
            context = context.replace(s.as_str(), "\u{0}");
        }
        let chars: Vec<char> = secret.chars().collect();
        let width = chars.len().min(6);
        for window in chars.windows(width) {
            let piece: String = window.iter().collect();
            if !context.contains(&piece) && out.contains(&piece) {
                return Some(format!(
                    "leaks {piece:?} of {secret:?}\n  in:  {}\n  out: {out}",
                    case.line
                ));
            }
        }
    }
    for keep in &case.keep {
        if !out.contains(keep.as_str()) {
            return Some(format!("lost {keep:?}\n  in:  {}\n  out: {out}", case.line));
        }
    }
    None
}

/// The built-in rules' patterns, compiled once for all classes.
fn patterns() -> &'static [(Regex, &'static Builtin)] {
    static PATTERNS: OnceLock<Vec<(Regex, &'static Builtin)>> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        BUILTIN
            .iter()
            .map(|b| (Regex::new(b.pattern).expect("built-in pattern"), b))
            .collect()
    })
}

/// A match of a built-in pattern in `line` that holds none of its rule's
/// literals (or none of its second ones): the prefilter would not wake the
/// rule for it on a line that held nothing else.
fn literal_gap(line: &str) -> Option<String> {
    for (regex, rule) in patterns() {
        for m in regex.find_iter(line) {
            // The match and the character after it (a flag's literal holds
            // the space that follows it).
            let end = line[m.end()..]
                .chars()
                .next()
                .map_or(m.end(), |c| m.end() + c.len_utf8());
            let text = line[m.start()..end].to_ascii_lowercase();
            let holds = |literals: &[&str]| literals.iter().any(|l| text.contains(l));
            if !holds(rule.literals) || (!rule.also.is_empty() && !holds(rule.also)) {
                return Some(format!(
                    "{}: {:?} holds none of its literals\n  in:  {line}",
                    rule.name,
                    m.as_str()
                ));
            }
        }
    }
    None
}

/// Runs every variant of a class; fails listing the first failures.
/// Prints the class's count (`cargo test redact -- --nocapture`).
pub(super) fn check_class(class: &str, cases: &[Case]) {
    let redactor = Redactor::new(&[]).expect("built-in rules compile");
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|c| failure(&redactor, c).or_else(|| literal_gap(&c.line)))
        .collect();
    eprintln!("redaction class {class}: {} variants", cases.len());
    assert!(
        failures.is_empty(),
        "{class}: {} of {} variants fail; first ones:\n{}",
        failures.len(),
        cases.len(),
        failures
            .iter()
            .take(12)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
