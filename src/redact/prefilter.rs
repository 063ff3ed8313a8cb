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
    /// The literals rules are woken by.
    wake: Option<Automaton>,
    /// The second literals of the rules that have them, searched only on
    /// lines that wake one of those rules: words such as " is" or "<" are
    /// in most lines, and would otherwise cost every line a full search.
    also: Option<Automaton>,
    /// The rules that have second literals.
    conditional: Woken,
}

/// Literals, lower case, matched ASCII case-insensitively, and for each
/// (by pattern id) the rules it stands for.
#[derive(Debug, Clone)]
struct Automaton {
    searcher: AhoCorasick,
    rules: Vec<Woken>,
}

impl Automaton {
    /// An automaton of `by_literal`'s literals; None when there are none.
    fn new(by_literal: BTreeMap<String, Woken>) -> Result<Option<Automaton>, String> {
        if by_literal.is_empty() {
            return Ok(None);
        }
        // A DFA: the fastest search, and the literals are few enough that
        // its memory is small.
        let searcher = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(by_literal.keys())
            .map_err(|e| format!("redaction literals: {e}"))?;
        Ok(Some(Automaton {
            searcher,
            rules: by_literal.into_values().collect(),
        }))
    }

    /// The rules of every literal in `text`.
    fn rules_in(&self, text: &str) -> Woken {
        // Most lines hold no literal at all: the plain search stops at the
        // first one and is faster than listing them all.
        if !self.searcher.is_match(text) {
            return 0;
        }
        self.searcher
            .find_overlapping_iter(text)
            .map(|m| self.rules.get(m.pattern().as_usize()).copied().unwrap_or(0))
            .fold(0, |all, rules| all | rules)
    }
}

impl Prefilter {
    /// A prefilter that wakes nothing (no built-in rules).
    pub(super) fn empty() -> Prefilter {
        Prefilter {
            wake: None,
            also: None,
            conditional: 0,
        }
    }

    /// A prefilter for rules `0..rules.len()`, each given by its literals.
    pub(super) fn new(rules: &[Literals<'_>]) -> Result<Prefilter, String> {
        let mut wake: BTreeMap<String, Woken> = BTreeMap::new();
        let mut also: BTreeMap<String, Woken> = BTreeMap::new();
        let mut conditional: Woken = 0;
        for (n, literals) in rules.iter().enumerate().take(MAX_RULES) {
            for literal in literals.any {
                *wake.entry(literal.to_ascii_lowercase()).or_default() |= 1 << n;
            }
            for literal in literals.also {
                *also.entry(literal.to_ascii_lowercase()).or_default() |= 1 << n;
                conditional |= 1 << n;
            }
        }
        Ok(Prefilter {
            wake: Automaton::new(wake)?,
            also: Automaton::new(also)?,
            conditional,
        })
    }

    /// The rules `text` wakes.
    pub(super) fn woken(&self, text: &str) -> Woken {
        let woken = self.wake.as_ref().map_or(0, |a| a.rules_in(text));
        if woken & self.conditional == 0 {
            return woken;
        }
        let met = self.also.as_ref().map_or(0, |a| a.rules_in(text));
        woken & (!self.conditional | met)
    }
}
