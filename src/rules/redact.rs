//! `[[redact]]`: what to hide before data leaves the process, validated
//! like rules (every problem located; a regex that does not compile is
//! reported, not run).

use toml::de::DeTable;

use super::error::Fault;
use super::raw::RawRedact;
use super::report::Reporter;
use super::table::{Entry, array_entries, has_key, read_table};
use crate::redact::{REDACTED, RedactSpec};

/// The `[[redact]]` entries of `doc` (none when absent).
pub(super) fn parse_redact(doc: &DeTable<'_>, out: &mut Reporter<'_>) -> Vec<RedactSpec> {
    let shape = "`redact` must be an array of tables (`[[redact]]`)";
    let Some(entries) = array_entries(doc, "redact", shape, out) else {
        return Vec::new();
    };
    let mut specs: Vec<RedactSpec> = Vec::new();
    for entry in entries {
        if let Some(spec) = parse_entry(&entry, &specs, out) {
            specs.push(spec);
        }
    }
    specs
}

/// One entry, checked against the ones before it.
fn parse_entry(
    entry: &Entry<'_, '_>,
    before: &[RedactSpec],
    out: &mut Reporter<'_>,
) -> Option<RedactSpec> {
    let read = read_table::<RawRedact>(entry.table, entry.span.clone());
    let name = read.value.as_ref().and_then(|raw| raw.name.clone());
    let subject = match &name {
        Some(name) => format!("redaction `{}`", name.get_ref()),
        None => format!("redact[{}]", entry.index),
    };
    for (at, fault) in read.faults {
        out.report(at, Some(&subject), fault);
    }
    let raw = read.value?;
    let enabled = raw.enabled.unwrap_or(true);
    let mut require = |field: &'static str, needed: bool| {
        if needed && !has_key(entry.table, field) {
            out.report(entry.span.clone(), Some(&subject), Fault::Missing(field));
        }
    };
    require("name", true);
    // A switched-off entry only needs its name (it turns a built-in off).
    require("pattern", enabled);
    let name = name?;
    if let Some(pattern) = &raw.pattern
        && let Err(e) = regex::Regex::new(pattern.get_ref())
    {
        out.report(pattern.span(), Some(&subject), Fault::Regex(e.to_string()));
        return None;
    }
    if before.iter().any(|s| s.name == *name.get_ref()) {
        out.report(name.span(), Some(&subject), Fault::DuplicateName);
        return None;
    }
    Some(RedactSpec {
        name: name.into_inner(),
        pattern: raw.pattern.map(|p| p.into_inner()).unwrap_or_default(),
        replacement: raw.replacement.unwrap_or_else(|| REDACTED.to_string()),
        enabled,
    })
}
