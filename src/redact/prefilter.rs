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

/// What a rule's literals are: it runs when one of `any` occurs and, if
/// it has `also`, one of those occurs too (a tag's `<` as well as a key
/// word, say), so a word common in ordinary text wakes it only where its
/// pattern could match.
#[derive(Debug, Clone, Copy)]
pub(super) struct Literals<'a> {
    /// Lower-case literals, one of which every match contains.
    pub any: &'a [&'a str],
    /// Lower-case literals, one of which every match also contains (empty:
    /// no second condition).
    pub also: &'a [&'a str],
}

/// The literals of every built-in rule in force, searched at once.
#[derive(Debug, Clone)]
pub(super) struct Prefilter {
    /// All literals, lower-case, matched ASCII case-insensitively.
    automaton: Option<AhoCorasick>,
    /// For each literal (by pattern id): the rules it wakes, and the rules
    /// whose second condition it meets.
    wakes: Vec<(Woken, Woken)>,
    /// The rules that have a second condition.
    conditional: Woken,
}

impl Prefilter {
    /// A prefilter that wakes nothing (no built-in rules).
    pub(super) fn empty() -> Prefilter {
        Prefilter {
            automaton: None,
            wakes: Vec::new(),
            conditional: 0,
        }
    }

    /// A prefilter for rules `0..rules.len()`, each given by its literals.
    pub(super) fn new(rules: &[Literals<'_>]) -> Result<Prefilter, String> {
        let mut by_literal: BTreeMap<String, (Woken, Woken)> = BTreeMap::new();
        let mut conditional: Woken = 0;
        for (n, literals) in rules.iter().enumerate().take(MAX_RULES) {
            for literal in literals.any {
                by_literal
                    .entry(literal.to_ascii_lowercase())
                    .or_default()
                    .0 |= 1 << n;
            }
            for literal in literals.also {
                by_literal
                    .entry(literal.to_ascii_lowercase())
                    .or_default()
                    .1 |= 1 << n;
                conditional |= 1 << n;
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
            conditional,
        })
    }

    /// The rules `text` wakes.
    pub(super) fn woken(&self, text: &str) -> Woken {
        let Some(automaton) = &self.automaton else {
            return 0;
        };
        // Most lines hold no literal at all: the plain search stops at the
        // first one and is faster than listing them all.
        if !automaton.is_match(text) {
            return 0;
        }
        let (mut woken, mut met): (Woken, Woken) = (0, 0);
        for m in automaton.find_overlapping_iter(text) {
            let (w, c) = self
                .wakes
                .get(m.pattern().as_usize())
                .copied()
                .unwrap_or((0, 0));
            woken |= w;
            met |= c;
        }
        woken & (!self.conditional | met)
    }
}
