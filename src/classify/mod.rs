//! Classification: rules against lines, the literal prefilter, log levels.
//! The rules come from `crate::rules` (the patterns file).

mod automata;
mod classifier;
mod duration;
mod fields;
mod gate;
mod level;
mod literals;
mod matching;
mod pattern;
mod rarity;
mod ruleset;

pub use classifier::Classifier;

pub(crate) use classifier::{Hit, LineVerdict, RuleMatch, Scratch};
pub(crate) use level::{LogLevel, detect_level};
pub(crate) use literals::MIN_USEFUL_LEN;
pub(crate) use matching::Outcome;
pub use pattern::compile;

pub(crate) use pattern::Pattern;
pub use ruleset::RuleSet;

pub(crate) use duration::Measure;
pub(crate) use duration::is_unit_group;
pub(crate) use fields::named_values;
pub(crate) use ruleset::Rule;
