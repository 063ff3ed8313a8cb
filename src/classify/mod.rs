//! Classification: rules against lines, the literal prefilter, log levels.
//! The rules come from `crate::rules` (the patterns file).

mod automata;
mod classifier;
mod level;
mod literals;
mod matching;
mod pattern;
mod rarity;
mod ruleset;

pub use classifier::{Classifier, LineVerdict, RuleMatch, Scratch};
pub use level::{
    LevelHints, LogLevel, UnknownLevel, detect_level, detect_level_span, letter_level, level_hints,
};
pub use literals::{ASCII_FOLD_EXOTICS, MIN_USEFUL_LEN, line_needs_full_check, required_literals};
pub use matching::Outcome;
pub use pattern::{Pattern, compile};
pub use ruleset::{Rule, RuleSet};
