//! Reads one TOML table into a serde-derived struct while collecting every
//! problem, not just the first: a key that serde refuses (unknown, or of the
//! wrong type) is reported at its place, dropped, and the table read again.
//! The structs' fields are all optional, so that a missing key is the
//! validators' call (with a message naming the rule) rather than serde's.

use std::ops::Range;

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use super::error::Fault;
use super::introspect::field_names;
use super::report::Reporter;

/// A table as read: its typed value, and what was wrong in it.
pub(super) struct Read<T> {
    /// The table, without the keys that were refused; `None` only if the
    /// deserializer failed in a way no key explains.
    pub value: Option<T>,
    /// Each refused key, where it is written and why.
    pub faults: Vec<(Range<usize>, Fault)>,
}

/// Reads `table` (defined at `span`) as a `T`.
pub(super) fn read_table<T: DeserializeOwned>(table: &DeTable<'_>, span: Range<usize>) -> Read<T> {
    let mut faults = Vec::new();
    let mut left = table.clone();
    loop {
        let value = Spanned::new(span.clone(), DeValue::Table(left.clone()));
        let err = match T::deserialize(ValueDeserializer::from(value)) {
            Ok(value) => {
                return Read {
                    value: Some(value),
                    faults,
                };
            }
            Err(err) => err,
        };
        let Some((key, at, fault)) = blame::<T>(&left, &err) else {
            let at = err.span().unwrap_or(span);
            faults.push((at, Fault::Syntax(err.message().to_string())));
            return Read {
                value: None,
                faults,
            };
        };
        faults.push((at, fault));
        left.remove(key.as_str());
    }
}

/// True when `table` has `key` at all (even with a refused value).
pub(super) fn has_key(table: &DeTable<'_>, key: &str) -> bool {
    table.iter().any(|(k, _)| k.get_ref().as_ref() == key)
}

/// The key of `table` that `err` is about, where, and the fault in our words.
fn blame<T: DeserializeOwned>(
    table: &DeTable<'_>,
    err: &toml::de::Error,
) -> Option<(String, Range<usize>, Fault)> {
    let at = err.span()?;
    let within = |outer: &Range<usize>| outer.start <= at.start && at.end <= outer.end;
    for (key, value) in table.iter() {
        let field = key.get_ref().to_string();
        if within(&key.span()) {
            let valid = field_names::<T>().join(", ");
            return Some((
                field.clone(),
                key.span(),
                Fault::UnknownField { field, valid },
            ));
        }
        if within(&value.span()) {
            let found = value.get_ref().type_str();
            let fault = wrong_type(field.clone(), err.message(), found);
            return Some((field, at, fault));
        }
    }
    None
}

/// Serde's "invalid type: X, expected Y" said as "field `f` must be Y,
/// found X".
fn wrong_type(field: String, message: &str, found: &'static str) -> Fault {
    let Some((_, expected)) = message
        .strip_prefix("invalid type: ")
        .and_then(|rest| rest.rsplit_once(", expected "))
    else {
        return Fault::BadValue {
            field,
            message: message.to_string(),
        };
    };
    let want = match expected {
        "i64" => "an integer",
        "f64" => "a number",
        "a boolean" => "true or false",
        other => other,
    };
    Fault::WrongType {
        field,
        want: want.to_string(),
        found,
    }
}

/// One table of an array of tables (`[[rules]]`, `[[redact]]`).
pub(super) struct Entry<'d, 'i> {
    /// 0-based position in the array.
    pub index: usize,
    /// The table.
    pub table: &'d DeTable<'i>,
    /// Where it is defined.
    pub span: Range<usize>,
}

/// The tables of `doc`'s array section `section`; `None` when it is
/// absent. A section or element of the wrong shape is reported.
pub(super) fn array_entries<'d, 'i>(
    doc: &'d DeTable<'i>,
    section: &'static str,
    shape: &'static str,
    out: &mut Reporter<'_>,
) -> Option<Vec<Entry<'d, 'i>>> {
    let value = doc.get(section)?;
    let DeValue::Array(items) = value.get_ref() else {
        out.report(value.span(), None, Fault::Shape(shape));
        return Some(Vec::new());
    };
    let mut entries = Vec::new();
    for (index, item) in items.iter().enumerate() {
        match item.get_ref() {
            DeValue::Table(table) => entries.push(Entry {
                index,
                table,
                span: item.span(),
            }),
            _ => out.report(item.span(), None, Fault::EntryNotTable { section, index }),
        }
    }
    Some(entries)
}

#[cfg(test)]
mod tests;

/// How messages name an entry of `kind` (`` alert `x` `` once its id is
/// known, `alert[3]` before), after the faults of reading it are reported
/// and its id checked: present, not empty, not defined before (`seen`
/// holds each id and its line). The flag is false when it has no id.
pub(super) fn entry_subject(
    kind: &str,
    id: Option<&toml::Spanned<String>>,
    entry: &Entry<'_, '_>,
    faults: Vec<(Range<usize>, Fault)>,
    seen: &mut std::collections::HashMap<String, usize>,
    out: &mut Reporter<'_>,
) -> (String, bool) {
    let subject = match id {
        Some(id) => format!("{kind} `{}`", id.get_ref()),
        None => format!("{kind}[{}]", entry.index),
    };
    for (at, fault) in faults {
        out.report(at, Some(&subject), fault);
    }
    let Some(id) = id else {
        if !has_key(entry.table, "id") {
            out.report(entry.span.clone(), Some(&subject), Fault::Missing("id"));
        }
        return (subject, false);
    };
    if id.get_ref().trim().is_empty() {
        out.report(id.span(), Some(&subject), Fault::EmptyId);
    }
    let line = out.line_of(entry.span.start);
    if let Some(first) = seen.insert(id.get_ref().clone(), line) {
        out.report(id.span(), Some(&subject), Fault::DuplicateId(first));
    }
    (subject, true)
}
