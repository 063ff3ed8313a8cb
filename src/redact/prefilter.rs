//! The literal prefilter: one Aho-Corasick scan of a line says which
//! built-in rules could match it (every match of a rule contains one of
//! its literals), so an ordinary line costs that one scan and a line with
//! a password runs only the rules its words wake, not all of them.

use std::collections::BTreeMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

/// Which rules a line wakes, one bit per built-in rule (in table order).
pub(super) type Woken = u64;

/// Most built-in rules a [`Woken`] set can name.
pub(super) const MAX_RULES: usize = Woken::BITS as usize;

/// The literals of every built-in rule in force, searched at once.
#[derive(Debug, Clone)]
pub(super) struct Prefilter {
    /// All literals, lower-case, matched ASCII case-insensitively.
    automaton: Option<AhoCorasick>,
    /// For each literal (by pattern id), the rules it wakes.
    wakes: Vec<Woken>,
    /// Every rule with literals: when all are woken the scan can stop.
    all: Woken,
}

impl Prefilter {
    /// A prefilter that wakes nothing (no built-in rules).
    pub(super) fn empty() -> Prefilter {
        Prefilter {
            automaton: None,
            wakes: Vec::new(),
            all: 0,
        }
    }

    /// A prefilter for rules `0..rules.len()`, each given by its literals.
    pub(super) fn new(rules: &[&[&str]]) -> Result<Prefilter, String> {
        let mut by_literal: BTreeMap<String, Woken> = BTreeMap::new();
        let mut all: Woken = 0;
        for (n, literals) in rules.iter().enumerate().take(MAX_RULES) {
            for literal in *literals {
                *by_literal.entry(literal.to_ascii_lowercase()).or_default() |= 1 << n;
                all |= 1 << n;
            }
        }
        if by_literal.is_empty() {
            return Ok(Prefilter::empty());
        }
        // A DFA: the fastest scan, and the literals are few enough that
        // its memory is small.
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(by_literal.keys())
            .map_err(|e| format!("redaction literals: {e}"))?;
        Ok(Prefilter {
            automaton: Some(automaton),
            wakes: by_literal.into_values().collect(),
            all,
        })
    }

    /// The rules `text` wakes.
    pub(super) fn woken(&self, text: &str) -> Woken {
        let Some(automaton) = &self.automaton else {
            return 0;
        };
        let mut woken: Woken = 0;
        for m in automaton.find_overlapping_iter(text) {
            woken |= self.wakes.get(m.pattern().as_usize()).copied().unwrap_or(0);
            if woken == self.all {
                break;
            }
        }
        woken
    }
}
