//! The tables of a patterns file as written, derived with serde. Every
//! field is optional (see `table.rs`); what is required, and what a value
//! must be beyond its TOML type, is checked by the validators.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, IgnoredAny, SeqAccess, Visitor};
use toml::Spanned;

/// The top level: only `version` is read here, the sections one entry at
/// a time (so that one bad rule does not hide the problems of the next);
/// their fields only name them as known keys.
#[derive(Debug, Deserialize)]
#[allow(dead_code)]
#[serde(deny_unknown_fields)]
pub struct RawRoot {
    /// The format version (1).
    pub version: Option<Spanned<i64>>,
    /// `[types.<id>]`.
    pub types: Option<IgnoredAny>,
    /// `[[rules]]`.
    pub rules: Option<IgnoredAny>,
    /// `[[redact]]`.
    pub redact: Option<IgnoredAny>,
    /// `[signals]`.
    pub signals: Option<IgnoredAny>,
}

/// `[types.<id>]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawType {
    /// Severity name (required).
    pub severity: Option<Spanned<String>>,
    /// Category shown with issues (required).
    pub category: Option<String>,
    /// Description shown with issues (required).
    pub description: Option<String>,
    /// Whether the issue heals by itself.
    pub auto_heal: Option<bool>,
}

/// `[[rules]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    /// Unique id (required).
    pub id: Option<Spanned<String>>,
    /// The issue type it reports (required).
    #[serde(rename = "type")]
    pub kind: Option<Spanned<String>>,
    /// Higher wins.
    pub priority: Option<i64>,
    /// Overrides the type's severity.
    pub severity: Option<Spanned<String>>,
    /// Regexes, any of which makes the rule fire.
    #[serde(rename = "match")]
    pub patterns: Option<Spanned<Sources>>,
    /// Regexes that veto the rule.
    pub exclude: Option<Spanned<Sources>>,
    /// Lowest log level the line must declare.
    pub min_level: Option<Spanned<String>>,
    /// `false` switches the rule off.
    pub enabled: Option<bool>,
    /// Free text.
    pub note: Option<String>,
}

/// `[signals]`. Counts are read as numbers so that `2.5` is told "must be
/// a whole number" rather than "must be an integer".
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSignals {
    /// New-pattern signal on or off.
    pub new_pattern: Option<bool>,
    /// Lowest severity a new pattern is signalled for.
    pub new_pattern_min_severity: Option<Spanned<String>>,
    /// Spike signal on or off.
    pub spike: Option<bool>,
    /// How many times the usual rate is a spike.
    pub spike_factor: Option<Spanned<f64>>,
    /// Fewest occurrences that can be a spike.
    pub spike_min_count: Option<Spanned<f64>>,
    /// Minutes of history the usual rate is taken over.
    pub spike_baseline_minutes: Option<Spanned<f64>>,
}

/// `[[redact]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRedact {
    /// Unique name (required); a built-in's name replaces or disables it.
    pub name: Option<Spanned<String>>,
    /// The regex (required unless switched off).
    pub pattern: Option<Spanned<String>>,
    /// What a match becomes.
    pub replacement: Option<String>,
    /// `false` switches the entry (or the built-in of that name) off.
    pub enabled: Option<bool>,
    /// Free text, for the reader of the file only.
    #[allow(dead_code)]
    pub note: Option<String>,
}

/// `match` / `exclude`: one regex, or an array of them.
#[derive(Debug)]
pub enum Sources {
    /// A single string (located by the field's span).
    One(String),
    /// An array, each element located.
    Many(Vec<Spanned<String>>),
}

impl Sources {
    /// Each regex with where it is written.
    pub fn located(field: Spanned<Sources>) -> Vec<Spanned<String>> {
        let span = field.span();
        match field.into_inner() {
            Sources::One(source) => vec![Spanned::new(span, source)],
            Sources::Many(sources) => sources,
        }
    }
}

impl<'de> Deserialize<'de> for Sources {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(SourcesVisitor)
    }
}

struct SourcesVisitor;

impl<'de> Visitor<'de> for SourcesVisitor {
    type Value = Sources;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string or an array of strings")
    }

    fn visit_str<E: de::Error>(self, source: &str) -> Result<Sources, E> {
        Ok(Sources::One(source.to_string()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Sources, A::Error> {
        let mut sources = Vec::new();
        while let Some(source) = seq.next_element::<Spanned<String>>()? {
            sources.push(source);
        }
        Ok(Sources::Many(sources))
    }
}
