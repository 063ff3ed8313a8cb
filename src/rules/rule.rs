//! `[[rules]]`: each entry checked (id, type, severity, level, regexes)
//! and turned into a classifier [`Rule`].

use std::collections::HashMap;

use toml::Spanned;
use toml::de::DeTable;

use super::error::Fault;
use super::raw::{Item, RawRule, Sources};
use super::report::Reporter;
use super::table::{Entry, array_entries, has_key, read_table};
use super::types::parse_severity;
use crate::classify::{LogLevel, Pattern, Rule, compile};
use crate::model::IssueType;

/// Priority of a rule that does not say.
const DEFAULT_PRIORITY: i64 = 50;

/// What every rule of one file is checked against.
struct Context<'t> {
    types: &'t [IssueType],
    /// Type id to its index in `types`.
    index: HashMap<&'t str, usize>,
    /// Compile each regex now (a user's file) or on first use (the built-in one).
    eager: bool,
}

/// The enabled rules of `doc`, in file order.
pub(super) fn parse_rules(
    doc: &DeTable<'_>,
    types: &[IssueType],
    eager: bool,
    out: &mut Reporter<'_>,
) -> Vec<Rule> {
    let shape = "`rules` must be an array of tables (`[[rules]]`)";
    let Some(entries) = array_entries(doc, "rules", shape, out) else {
        out.report(
            0..0,
            None,
            Fault::Shape("missing `[[rules]]`: at least one rule is needed"),
        );
        return Vec::new();
    };
    let context = Context {
        types,
        index: types
            .iter()
            .enumerate()
            .map(|(i, t)| (t.id.as_str(), i))
            .collect(),
        eager,
    };
    // Each id and the line of its first definition.
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut rules = Vec::new();
    for entry in entries {
        if let Some(rule) = parse_entry(&entry, &context, &mut seen, out) {
            rules.push(rule);
        }
    }
    rules
}

/// One `[[rules]]` entry: its id checked, then the rest.
fn parse_entry(
    entry: &Entry<'_, '_>,
    context: &Context<'_>,
    seen: &mut HashMap<String, usize>,
    out: &mut Reporter<'_>,
) -> Option<Rule> {
    let read = read_table::<RawRule>(entry.table, entry.span.clone());
    let id = read.value.as_ref().and_then(|raw| raw.id.clone());
    // Named by id once it is known, by position before.
    let subject = match &id {
        Some(id) => format!("rule `{}`", id.get_ref()),
        None => format!("rules[{}]", entry.index),
    };
    for (at, fault) in read.faults {
        out.report(at, Some(&subject), fault);
    }
    let Some(id) = id else {
        if !has_key(entry.table, "id") {
            out.report(entry.span.clone(), Some(&subject), Fault::Missing("id"));
        }
        return None;
    };
    if id.get_ref().trim().is_empty() {
        out.report(id.span(), Some(&subject), Fault::EmptyId);
    }
    let line = out.line_of(entry.span.start);
    if let Some(first) = seen.insert(id.get_ref().clone(), line) {
        out.report(id.span(), Some(&subject), Fault::DuplicateId(first));
    }
    let raw = read.value?;
    parse_rule(raw, entry, &subject, context, out)
}

/// The checks of one rule besides its id; `None` if any failed or the
/// rule is switched off.
fn parse_rule(
    raw: RawRule,
    entry: &Entry<'_, '_>,
    subject: &str,
    context: &Context<'_>,
    out: &mut Reporter<'_>,
) -> Option<Rule> {
    let type_index = match &raw.kind {
        Some(kind) => type_index(kind, subject, context, out),
        None => {
            if !has_key(entry.table, "type") {
                out.report(entry.span.clone(), Some(subject), Fault::Missing("type"));
            }
            None
        }
    };
    let severity = raw.severity.and_then(|s| parse_severity(&s, subject, out));
    let min_level = raw.min_level.and_then(|s| {
        s.get_ref()
            .parse::<LogLevel>()
            .map_err(|e| out.report(s.span(), Some(subject), Fault::Level(e.to_string())))
            .ok()
    });
    let patterns = compile_list("match", raw.patterns, subject, context.eager, out);
    let excludes = compile_list("exclude", raw.exclude, subject, context.eager, out);
    let fields_span = raw.fields.as_ref().map(|f| f.span());
    // A `fields` regex is compiled now: it must name what it captures.
    let fields = compile_list("fields", raw.fields, subject, true, out).and_then(|fields| {
        let unnamed = fields.iter().any(|p| {
            !p.regex()
                .capture_names()
                .flatten()
                .any(|n| !crate::classify::is_unit_group(n))
        });
        if unnamed {
            out.report(
                fields_span.clone().unwrap_or(0..0),
                Some(subject),
                Fault::Shape("every `fields` regex must name what it captures, e.g. 'from (?P<client_ip>\\S+)'"),
            );
            return None;
        }
        Some(fields)
    });
    if !has_key(entry.table, "match") && min_level.is_none() {
        out.report(entry.span.clone(), Some(subject), Fault::NoCondition);
    }
    let type_index = type_index?;
    let (patterns, excludes, fields) = (patterns?, excludes?, fields?);
    if !raw.enabled.unwrap_or(true) {
        return None;
    }
    Some(Rule {
        id: raw.id?.into_inner(),
        type_index,
        priority: raw.priority.unwrap_or(DEFAULT_PRIORITY),
        severity: severity.unwrap_or(context.types[type_index].severity),
        min_level,
        patterns,
        excludes,
        fields,
        min_seconds: None,
        measure: crate::classify::Measure::Line,
        note: raw.note,
        defined_at: out.line_of(entry.span.start),
    })
}

/// The index of the type a rule names, or the problem reported at it.
fn type_index(
    kind: &Spanned<String>,
    subject: &str,
    context: &Context<'_>,
    out: &mut Reporter<'_>,
) -> Option<usize> {
    let found = context.index.get(kind.get_ref().as_str()).copied();
    if found.is_none() {
        let mut known: Vec<&str> = context.index.keys().copied().collect();
        known.sort_unstable();
        let fault = Fault::UnknownType {
            name: kind.get_ref().clone(),
            known: known.join(", "),
        };
        out.report(kind.span(), Some(subject), fault);
    }
    found
}

/// Checks every regex of `match` or `exclude` (and compiles it when
/// `eager`); `None` if any failed (each failure is reported).
fn compile_list(
    name: &str,
    field: Option<Spanned<Sources>>,
    subject: &str,
    eager: bool,
    out: &mut Reporter<'_>,
) -> Option<Vec<Pattern>> {
    let sources = field.map(Sources::located).unwrap_or_default();
    let mut ok = true;
    let mut patterns = Vec::new();
    for source in sources {
        let span = source.span();
        let source = match source.into_inner() {
            Item::Text(text) => text,
            Item::Wrong(found) => {
                ok = false;
                let fault = Fault::WrongType {
                    field: name.to_string(),
                    want: "an array of strings".to_string(),
                    found,
                };
                out.report(span, Some(subject), fault);
                continue;
            }
        };
        let checked = compile(&source).and_then(|p| {
            if eager {
                p.try_compile()?;
            }
            Ok(p)
        });
        match checked {
            Ok(p) => patterns.push(p),
            Err(msg) => {
                ok = false;
                out.report(span, Some(subject), Fault::Regex(msg));
            }
        }
    }
    ok.then_some(patterns)
}

#[cfg(test)]
mod tests;
