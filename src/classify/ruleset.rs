//! What the classifier runs on: validated rules and the issue types they
//! report. Reading them from a patterns file is `crate::rules`' job.

use super::duration::Measure;
use super::level::LogLevel;
use super::pattern::Pattern;
use crate::model::{IssueType, Severity};

/// A detection rule: "lines like this are issues of that type".
#[derive(Debug, Clone)]
pub struct Rule {
    /// Unique id, e.g. `sshd-failed-password`.
    pub id: String,
    /// Index into [`RuleSet::types`].
    pub type_index: usize,
    /// Higher wins when several rules match one event.
    pub priority: i64,
    /// The severity issues from this rule get (the type's unless overridden).
    pub severity: Severity,
    /// The line must declare at least this log level.
    pub min_level: Option<LogLevel>,
    /// Any one of these must match (empty: the level condition alone decides).
    pub patterns: Vec<Pattern>,
    /// If any of these matches the line, the rule does not fire on it.
    pub excludes: Vec<Pattern>,
    /// Regexes run only on a line the rule matched, for their named
    /// captures (`from (?P<client_ip>\S+)`): the issue's fields.
    pub fields: Vec<Pattern>,
    /// Fires only on lines reporting a duration of at least this many
    /// seconds, when they report one (`[thresholds]`; slow_query rules).
    pub min_seconds: Option<f64>,
    /// Where the duration compared with `min_seconds` is read.
    pub measure: Measure,
    /// Free text explaining the rule, shown by `patterns test`.
    pub note: Option<String>,
    /// 1-based line of the rule's definition in its file.
    pub defined_at: usize,
}

/// Validated rules, sorted by priority (highest first, then file order).
#[derive(Debug, Clone)]
pub struct RuleSet {
    /// Issue types, in the order they are defined.
    pub types: Vec<IssueType>,
    /// Enabled rules, best first.
    pub rules: Vec<Rule>,
}

impl RuleSet {
    /// `rules` sorted best first; a stable sort keeps file order among
    /// equal priorities.
    pub fn new(types: Vec<IssueType>, mut rules: Vec<Rule>) -> RuleSet {
        rules.sort_by_key(|r| std::cmp::Reverse(r.priority));
        RuleSet { types, rules }
    }

    /// Every name a rule captures, in its `match` and `fields` regexes
    /// (duration units included).
    pub fn capture_names(rule: &Rule) -> impl Iterator<Item = String> + '_ {
        rule.patterns.iter().chain(&rule.fields).flat_map(|p| {
            p.regex()
                .capture_names()
                .flatten()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
    }

    /// Compiles every regex now; the failures, as (rule id, pattern, message).
    pub fn compile_all(&self) -> Vec<(String, String, String)> {
        let mut failures = Vec::new();
        for rule in &self.rules {
            for pattern in rule
                .patterns
                .iter()
                .chain(&rule.excludes)
                .chain(&rule.fields)
            {
                if let Err(msg) = pattern.try_compile() {
                    failures.push((rule.id.clone(), pattern.source.clone(), msg));
                }
            }
        }
        failures
    }

    /// The type a rule reports.
    pub fn type_of(&self, rule: &Rule) -> &IssueType {
        &self.types[rule.type_index]
    }
}
