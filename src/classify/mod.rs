//! Classification: patterns.toml rules, the literal prefilter, log levels.

mod automata;
mod classifier;
mod level;
mod literals;
mod matching;
mod pattern;
mod patterns;
mod rarity;
mod redact_fields;
mod signal_fields;
mod toml_fields;

pub use classifier::{Classifier, LineVerdict, RuleMatch, Scratch};
pub use level::{LevelHints, LogLevel, detect_level, detect_level_span, letter_level, level_hints};
pub use literals::{ASCII_FOLD_EXOTICS, MIN_USEFUL_LEN, line_needs_full_check, required_literals};
pub use matching::Outcome;
pub use pattern::{Pattern, compile};
pub use patterns::{BUILTIN_NAME, DEFAULT_PATTERNS, PatternsError, Rule, RuleSet};
pub use toml_fields::Problem;
