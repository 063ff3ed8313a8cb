//! What each prefilter literal stands for, and the table that gathers
//! the literals (each once) while the classifier is built.

use std::collections::HashMap;

use aho_corasick::AhoCorasick;

use crate::classify::automata::build_leftmost;
use crate::classify::level::{LogLevel, level_hints};

/// Lowercased markers of PostgreSQL's secondary message fields. A line
/// carrying one continues the message above it (see `ingest::multiline`).
pub(super) const PG_SECONDARY: &[&str] = &[
    " detail:  ",
    " hint:  ",
    " context:  ",
    " statement:  ",
    " query:  ",
    " location:  ",
];

/// What a literal hit means.
#[derive(Debug, Clone, Copy)]
pub(super) enum Target {
    /// Pattern `pattern` of rule `rule` may match.
    Pattern { rule: u32, pattern: u32 },
    /// The line may declare a level that level-gated rules look for.
    Level,
    /// The line may be a PostgreSQL DETAIL/HINT/... line.
    PgSecondary,
}

/// Distinct literals and, for each, the targets it stands for.
#[derive(Debug, Default)]
pub(super) struct LiteralTable {
    ids: HashMap<Vec<u8>, usize>,
    literals: Vec<Vec<u8>>,
    targets: Vec<Vec<Target>>,
}

impl LiteralTable {
    /// Records that `literal` occurring means `target`.
    pub(super) fn add(&mut self, literal: &[u8], target: Target) {
        let id = *self.ids.entry(literal.to_vec()).or_insert_with(|| {
            self.literals.push(literal.to_vec());
            self.targets.push(Vec::new());
            self.literals.len() - 1
        });
        self.targets[id].push(target);
    }

    /// Adds the lower-case level hints for rules gated at `min` and
    /// returns the automaton of the upper-case ones (run on original text).
    pub(super) fn add_level_hints(
        &mut self,
        min: LogLevel,
    ) -> Result<AhoCorasick, aho_corasick::BuildError> {
        let hints = level_hints(min);
        for literal in &hints.lower {
            self.add(literal.as_bytes(), Target::Level);
        }
        build_leftmost(&hints.upper)
    }

    /// Adds the PostgreSQL secondary-field markers.
    pub(super) fn add_pg_secondary(&mut self) {
        for marker in PG_SECONDARY {
            self.add(marker.as_bytes(), Target::PgSecondary);
        }
    }

    /// The literals (automaton pattern ids are their indexes) and their targets.
    pub(super) fn into_parts(self) -> (Vec<Vec<u8>>, Vec<Vec<Target>>) {
        (self.literals, self.targets)
    }
}
