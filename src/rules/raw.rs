//! The tables of a patterns file as written, derived with serde. Every
//! field is optional (see `table.rs`); what is required, and what a value
//! must be beyond its TOML type, is checked by the validators.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, IgnoredAny, MapAccess, SeqAccess, Visitor};
use toml::Spanned;

/// The top level: only `version` is read here, the sections one entry at
/// a time (so that one bad rule does not hide the problems of the next);
/// their fields only name them as known keys.
#[derive(Debug, Deserialize)]
#[allow(dead_code)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRoot {
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
    /// `[thresholds]`.
    pub thresholds: Option<IgnoredAny>,
    /// `[[alert]]`.
    pub alert: Option<IgnoredAny>,
    /// `[[inhibit]]`.
    pub inhibit: Option<IgnoredAny>,
    /// `[[action]]`.
    pub action: Option<IgnoredAny>,
}

/// Which issues an alert or an inhibition looks at (`{ type = ..., rule = ... }`,
/// or the same keys in an `[[alert]]` itself).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSelector {
    /// Issue type ids.
    #[serde(rename = "type")]
    pub kind: Option<Spanned<Sources>>,
    /// Group ids.
    pub group: Option<Spanned<Sources>>,
    /// Rule ids.
    pub rule: Option<Spanned<Sources>>,
}

/// `[[alert]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAlert {
    /// Unique id (required).
    pub id: Option<Spanned<String>>,
    /// Threshold: the types counted.
    #[serde(rename = "type")]
    pub kind: Option<Spanned<Sources>>,
    /// Threshold: the groups counted.
    pub group: Option<Spanned<Sources>>,
    /// Threshold: the rules counted.
    pub rule: Option<Spanned<Sources>>,
    /// Threshold: how many occurrences.
    pub count: Option<Spanned<f64>>,
    /// The window (`10m`).
    pub within: Option<Spanned<String>>,
    /// Threshold: `once`, `every` or `first`.
    pub mode: Option<Spanned<String>>,
    /// Counted per value of: `host` or a named capture of the rules.
    pub by: Option<Spanned<String>>,
    /// Sequence: what comes first.
    pub first: Option<Spanned<RawSelector>>,
    /// Sequence: what follows.
    pub then: Option<Spanned<RawSelector>>,
    /// Ends when fewer than this many occurrences fall within `recover_after`.
    pub recover_below: Option<Spanned<f64>>,
    /// How long the rate must stay low.
    pub recover_after: Option<Spanned<String>>,
    /// The alert issue's severity (default ERROR).
    pub severity: Option<Spanned<String>>,
    /// `false` switches it off.
    pub enabled: Option<bool>,
    /// Free text, for people: the alert issue's description.
    pub note: Option<String>,
}

/// `[[inhibit]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawInhibit {
    /// What inhibits (required).
    pub source: Option<Spanned<RawSelector>>,
    /// What is inhibited (required).
    pub target: Option<Spanned<RawSelector>>,
    /// Fields equal on both (`host`).
    pub equal: Option<Spanned<Sources>>,
    /// Free text, for people.
    #[allow(dead_code)]
    pub note: Option<String>,
}

/// `[[action]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAction {
    /// Unique id (required).
    pub id: Option<Spanned<String>>,
    /// The issue types acted on (each `auto_heal`).
    #[serde(rename = "type")]
    pub kind: Option<Spanned<Sources>>,
    /// The groups acted on.
    pub group: Option<Spanned<Sources>>,
    /// The rules acted on.
    pub rule: Option<Spanned<Sources>>,
    /// The `[[alert]]` ids acted on.
    pub alert: Option<Spanned<Sources>>,
    /// The program and its arguments (an array: there is no shell).
    pub command: Option<Spanned<Sources>>,
    /// A webhook URL, written in the file.
    pub webhook: Option<Spanned<Hidden>>,
    /// The environment variable holding the webhook URL.
    pub webhook_env: Option<Spanned<String>>,
    /// The file holding the webhook URL.
    pub webhook_file: Option<Spanned<String>>,
    /// Webhook body: `generic`, `slack` or `alertmanager`.
    pub format: Option<Spanned<String>>,
    /// The environment variable holding the webhook's bearer token.
    pub token_env: Option<Spanned<String>>,
    /// The file holding the webhook's bearer token.
    pub token_file: Option<Spanned<String>>,
    /// Alertmanager: how often a firing alert is sent again.
    pub resend: Option<Spanned<String>>,
    /// How long the command or request may take.
    pub timeout: Option<Spanned<String>>,
    /// The field whose value keys the cooldown.
    pub target: Option<Spanned<String>>,
    /// No second attempt on the same target within this.
    pub cooldown: Option<Spanned<String>>,
    /// At most this many attempts per `window`.
    pub max_attempts: Option<Spanned<f64>>,
    /// The window of `max_attempts`.
    pub window: Option<Spanned<String>>,
    /// Failures in a row that open the breaker.
    pub breaker_failures: Option<Spanned<f64>>,
    /// How long an open breaker waits before a trial.
    pub breaker_pause: Option<Spanned<String>>,
    /// `false` switches it off.
    pub enabled: Option<bool>,
    /// Free text, for people.
    #[allow(dead_code)]
    pub note: Option<String>,
}

/// A string that may carry a secret (a webhook URL with a token in it):
/// read like any string, never shown by `Debug`.
#[derive(Deserialize)]
#[serde(transparent)]
pub(super) struct Hidden(pub String);

impl fmt::Debug for Hidden {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Hidden(<hidden>)")
    }
}

/// `[thresholds]`. Read as a number so that `1` and `0.5` both work.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawThresholds {
    /// Seconds a query must take to be a slow_query issue.
    pub slow_query_seconds: Option<Spanned<f64>>,
    /// Seconds an operation must take to be a high_latency issue.
    pub high_latency_seconds: Option<Spanned<f64>>,
}

/// `[types.<id>]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawType {
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
pub(super) struct RawRule {
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
    /// Regexes whose named captures become the fields.
    pub fields: Option<Spanned<Sources>>,
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
pub(super) struct RawSignals {
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
pub(super) struct RawRedact {
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
#[derive(Debug, Clone)]
pub(super) enum Sources {
    /// A single string (located by the field's span).
    One(String),
    /// An array, each element located.
    Many(Vec<Spanned<Item>>),
}

/// One element of a `match` / `exclude` array. Something other than a
/// string is kept as what it is, for the validator to report, so that the
/// other elements are still checked.
#[derive(Debug, Clone)]
pub(super) enum Item {
    /// A regex.
    Text(String),
    /// The TOML type written instead (e.g. "integer").
    Wrong(&'static str),
}

impl Sources {
    /// Each element with where it is written.
    pub(super) fn located(field: Spanned<Sources>) -> Vec<Spanned<Item>> {
        let span = field.span();
        match field.into_inner() {
            Sources::One(source) => vec![Spanned::new(span, Item::Text(source))],
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
        while let Some(source) = seq.next_element::<Spanned<Item>>()? {
            sources.push(source);
        }
        Ok(Sources::Many(sources))
    }
}

impl<'de> Deserialize<'de> for Item {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ItemVisitor)
    }
}

/// How toml hands a datetime to a visitor: a map with this one key.
const TOML_DATETIME_KEY: &str = "$__toml_private_datetime";

struct ItemVisitor;

impl<'de> Visitor<'de> for ItemVisitor {
    type Value = Item;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, source: &str) -> Result<Item, E> {
        Ok(Item::Text(source.to_string()))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Item, E> {
        Ok(Item::Wrong("boolean"))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Item, E> {
        Ok(Item::Wrong("integer"))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Item, E> {
        Ok(Item::Wrong("integer"))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Item, E> {
        Ok(Item::Wrong("float"))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Item, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Item::Wrong("array"))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Item, A::Error> {
        let mut found = "table";
        while let Some(key) = map.next_key::<String>()? {
            if key == TOML_DATETIME_KEY {
                found = "datetime";
            }
            map.next_value::<IgnoredAny>()?;
        }
        Ok(Item::Wrong(found))
    }
}
