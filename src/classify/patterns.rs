//! patterns.toml → a validated [`RuleSet`]. Every problem is collected and
//! reported with file, line, column and the rule concerned; nothing panics.

use std::collections::HashMap;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::level::LogLevel;
use super::pattern::{Pattern, compile};
use super::redact_fields::parse_redact;
use super::signal_fields::parse_signals;
use super::toml_fields::{Fields, Problem, Reporter};
use crate::model::{IssueType, Severity};
use crate::redact::RedactSpec;
use crate::signals::SignalConfig;

/// The default rules, compiled into the binary.
pub const DEFAULT_PATTERNS: &str = include_str!("../../patterns.toml");
/// How the built-in rules are named in messages.
pub const BUILTIN_NAME: &str = "<built-in patterns.toml>";

/// Priority of a rule that does not say.
const DEFAULT_PRIORITY: i64 = 50;

const TYPE_FIELDS: &[&str] = &["severity", "category", "description", "auto_heal"];
const RULE_FIELDS: &[&str] = &[
    "id",
    "type",
    "priority",
    "severity",
    "match",
    "exclude",
    "min_level",
    "enabled",
    "note",
];

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
    /// Free text explaining the rule, shown by `patterns test`.
    pub note: Option<String>,
    /// 1-based line of the rule's definition in its file.
    pub defined_at: usize,
}

/// Validated rules, sorted by priority (highest first, then file order).
#[derive(Debug, Clone)]
pub struct RuleSet {
    /// Where the rules came from.
    pub source: String,
    /// Issue types, in the order they are defined.
    pub types: Vec<IssueType>,
    /// Enabled rules, best first.
    pub rules: Vec<Rule>,
    /// `[[redact]]` entries: what to hide before data leaves the process.
    pub redact: Vec<RedactSpec>,
    /// `[signals]`: new-pattern and spike signals on groups.
    pub signals: SignalConfig,
}

/// A patterns file that could not be used, with everything wrong in it.
#[derive(Debug, Clone)]
pub struct PatternsError {
    /// Each problem, located.
    pub problems: Vec<Problem>,
}

impl std::fmt::Display for PatternsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.problems.len();
        write!(
            f,
            "invalid rules ({n} problem{}):",
            if n == 1 { "" } else { "s" }
        )?;
        for problem in &self.problems {
            write!(f, "\n{problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for PatternsError {}

impl RuleSet {
    /// The built-in rules. Their regexes compile on first use (the test
    /// suite compiles every one of them).
    pub fn builtin() -> Result<RuleSet, PatternsError> {
        RuleSet::parse_with(BUILTIN_NAME, DEFAULT_PATTERNS, false)
    }

    /// Parses and fully validates `text` (every regex compiled), naming it
    /// `file` in messages.
    pub fn parse(file: &str, text: &str) -> Result<RuleSet, PatternsError> {
        RuleSet::parse_with(file, text, true)
    }

    /// Compiles every regex now; the failures, as (rule id, pattern, message).
    pub fn compile_all(&self) -> Vec<(String, String, String)> {
        let mut failures = Vec::new();
        for rule in &self.rules {
            for pattern in rule.patterns.iter().chain(&rule.excludes) {
                if let Err(msg) = pattern.try_compile() {
                    failures.push((rule.id.clone(), pattern.source.clone(), msg));
                }
            }
        }
        failures
    }

    fn parse_with(file: &str, text: &str, eager: bool) -> Result<RuleSet, PatternsError> {
        let mut out = Reporter::new(file, text);
        let doc = match DeTable::parse(text) {
            Ok(doc) => doc,
            Err(err) => {
                out.report(err.span().unwrap_or(0..0), None, err.message().to_string());
                return Err(PatternsError {
                    problems: out.problems,
                });
            }
        };
        let root = Fields::new(doc.get_ref(), doc.span(), None);
        root.check_unknown(
            &["version", "types", "rules", "redact", "signals"],
            &mut out,
        );
        if let Some(version) = root.integer("version", &mut out)
            && version != 1
        {
            out.report(
                doc.span(),
                None,
                format!("unsupported version {version} (this logwarden reads version 1)"),
            );
        }
        let types = parse_types(doc.get_ref(), &mut out);
        let rules = parse_rules(doc.get_ref(), &types, eager, &mut out);
        let redact = parse_redact(doc.get_ref(), &mut out);
        let signals = parse_signals(doc.get_ref(), &mut out);
        if !out.problems.is_empty() {
            return Err(PatternsError {
                problems: out.problems,
            });
        }
        let mut rules = rules;
        // Stable sort keeps file order among equal priorities.
        rules.sort_by_key(|r| std::cmp::Reverse(r.priority));
        Ok(RuleSet {
            source: file.to_string(),
            types,
            rules,
            redact,
            signals,
        })
    }

    /// The type a rule reports.
    pub fn type_of(&self, rule: &Rule) -> &IssueType {
        &self.types[rule.type_index]
    }
}

fn parse_types(doc: &DeTable<'_>, out: &mut Reporter<'_>) -> Vec<IssueType> {
    let Some(value) = doc.get("types") else {
        out.report(
            0..0,
            None,
            "missing `[types.<id>]` tables: at least one issue type is needed",
        );
        return Vec::new();
    };
    let DeValue::Table(table) = value.get_ref() else {
        out.report(
            value.span(),
            None,
            "`types` must be a table of `[types.<id>]` tables",
        );
        return Vec::new();
    };
    let mut entries: Vec<_> = table.iter().collect();
    entries.sort_by_key(|(key, _)| key.span().start);
    let mut types = Vec::new();
    for (key, value) in entries {
        let id = key.get_ref().to_string();
        let subject = format!("type `{id}`");
        let DeValue::Table(fields) = value.get_ref() else {
            out.report(value.span(), Some(&subject), "must be a table");
            continue;
        };
        let fields = Fields::new(fields, key.span(), Some(subject.clone()));
        fields.check_unknown(TYPE_FIELDS, out);
        let severity = fields
            .string("severity", true, out)
            .and_then(|s| parse_severity(&s, &subject, out));
        let category = fields.string("category", true, out);
        let description = fields.string("description", true, out);
        let auto_heal = fields.boolean("auto_heal", out).unwrap_or(false);
        if let (Some(severity), Some(category), Some(description)) =
            (severity, category, description)
        {
            types.push(IssueType {
                id,
                severity,
                category: category.into_inner(),
                description: description.into_inner(),
                auto_heal,
            });
        }
    }
    types
}

fn parse_rules(
    doc: &DeTable<'_>,
    types: &[IssueType],
    eager: bool,
    out: &mut Reporter<'_>,
) -> Vec<Rule> {
    let Some(value) = doc.get("rules") else {
        out.report(
            0..0,
            None,
            "missing `[[rules]]`: at least one rule is needed",
        );
        return Vec::new();
    };
    let DeValue::Array(items) = value.get_ref() else {
        out.report(
            value.span(),
            None,
            "`rules` must be an array of tables (`[[rules]]`)",
        );
        return Vec::new();
    };
    let type_index: HashMap<&str, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id.as_str(), i))
        .collect();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut rules = Vec::new();
    for (n, item) in items.iter().enumerate() {
        let DeValue::Table(table) = item.get_ref() else {
            out.report(item.span(), None, format!("rules[{n}] must be a table"));
            continue;
        };
        let mut fields = Fields::new(table, item.span(), Some(format!("rules[{n}]")));
        let Some(id) = fields.string("id", true, out) else {
            fields.check_unknown(RULE_FIELDS, out);
            continue;
        };
        let subject = format!("rule `{}`", id.get_ref());
        fields.set_subject(subject.clone());
        fields.check_unknown(RULE_FIELDS, out);
        if id.get_ref().trim().is_empty() {
            out.report(id.span(), Some(&subject), "`id` must not be empty");
        }
        let line = out.line_of(item.span().start);
        if let Some(first) = seen.insert(id.get_ref().clone(), line) {
            out.report(
                id.span(),
                Some(&subject),
                format!("duplicate id (first defined on line {first})"),
            );
        }
        if let Some(rule) = parse_rule(&fields, id, &type_index, types, eager, out) {
            rules.push(rule);
        }
    }
    rules
}

fn parse_rule(
    fields: &Fields<'_, '_>,
    id: Spanned<String>,
    type_index: &HashMap<&str, usize>,
    types: &[IssueType],
    eager: bool,
    out: &mut Reporter<'_>,
) -> Option<Rule> {
    let subject = format!("rule `{}`", id.get_ref());
    let ty = fields.string("type", true, out).and_then(|t| {
        let found = type_index.get(t.get_ref().as_str()).copied();
        if found.is_none() {
            let mut known: Vec<&str> = type_index.keys().copied().collect();
            known.sort_unstable();
            out.report(
                t.span(),
                Some(&subject),
                format!(
                    "unknown type `{}` (defined types: {})",
                    t.get_ref(),
                    known.join(", ")
                ),
            );
        }
        found
    });
    let priority = fields.integer("priority", out).unwrap_or(DEFAULT_PRIORITY);
    let severity = fields
        .string("severity", false, out)
        .and_then(|s| parse_severity(&s, &subject, out));
    let min_level = fields.string("min_level", false, out).and_then(|s| {
        s.get_ref()
            .parse::<LogLevel>()
            .map_err(|msg| out.report(s.span(), Some(&subject), msg))
            .ok()
    });
    let patterns = compile_list(&fields.strings("match", out), &subject, eager, out);
    let excludes = compile_list(&fields.strings("exclude", out), &subject, eager, out);
    let note = fields.string("note", false, out).map(Spanned::into_inner);
    let enabled = fields.boolean("enabled", out).unwrap_or(true);
    if !fields.has("match") && min_level.is_none() {
        out.report(
            fields.span(),
            Some(&subject),
            "missing field `match` (or `min_level` for a level-only rule)",
        );
    }
    let type_index = ty?;
    let patterns = patterns?;
    let excludes = excludes?;
    if !enabled {
        return None;
    }
    Some(Rule {
        id: id.into_inner(),
        type_index,
        priority,
        severity: severity.unwrap_or(types[type_index].severity),
        min_level,
        patterns,
        excludes,
        note,
        defined_at: out.line_of(fields.span().start),
    })
}

fn parse_severity(
    value: &Spanned<String>,
    subject: &str,
    out: &mut Reporter<'_>,
) -> Option<Severity> {
    value
        .get_ref()
        .parse::<Severity>()
        .map_err(|e| out.report(value.span(), Some(subject), e.to_string()))
        .ok()
}

/// Checks every regex (and compiles it when `eager`); `None` if any failed
/// (each failure is reported).
fn compile_list(
    sources: &[Spanned<String>],
    subject: &str,
    eager: bool,
    out: &mut Reporter<'_>,
) -> Option<Vec<Pattern>> {
    let mut ok = true;
    let mut patterns = Vec::new();
    for source in sources {
        let checked = compile(source.get_ref()).and_then(|p| {
            if eager {
                p.try_compile()?;
            }
            Ok(p)
        });
        match checked {
            Ok(p) => patterns.push(p),
            Err(msg) => {
                ok = false;
                report_regex(out, source.span(), subject, &msg);
            }
        }
    }
    ok.then_some(patterns)
}

fn report_regex(out: &mut Reporter<'_>, span: Range<usize>, subject: &str, msg: &str) {
    out.report(span, Some(subject), format!("bad regex: {msg}"));
}
