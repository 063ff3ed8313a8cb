//! The `[[redact]]` entries of patterns.toml, validated like rules (every
//! problem located; a regex that does not compile is reported, not run).

use toml::de::{DeTable, DeValue};

use super::toml_fields::{Fields, Reporter};
use crate::redact::{REDACTED, RedactSpec};

const REDACT_FIELDS: &[&str] = &["name", "pattern", "replacement", "enabled", "note"];

/// The `[[redact]]` entries of `doc` (none when absent).
pub fn parse_redact(doc: &DeTable<'_>, out: &mut Reporter<'_>) -> Vec<RedactSpec> {
    let Some(value) = doc.get("redact") else {
        return Vec::new();
    };
    let DeValue::Array(items) = value.get_ref() else {
        out.report(
            value.span(),
            None,
            "`redact` must be an array of tables (`[[redact]]`)",
        );
        return Vec::new();
    };
    let mut specs: Vec<RedactSpec> = Vec::new();
    for (n, item) in items.iter().enumerate() {
        let DeValue::Table(table) = item.get_ref() else {
            out.report(item.span(), None, format!("redact[{n}] must be a table"));
            continue;
        };
        let mut fields = Fields::new(table, item.span(), Some(format!("redact[{n}]")));
        let name = fields.string("name", true, out);
        if let Some(name) = &name {
            fields.set_subject(format!("redaction `{}`", name.get_ref()));
        }
        fields.check_unknown(REDACT_FIELDS, out);
        let enabled = fields.boolean("enabled", out).unwrap_or(true);
        // A switched-off entry only needs its name (it turns a built-in off).
        let pattern = fields.string("pattern", enabled, out);
        let replacement = fields
            .string("replacement", false, out)
            .map_or_else(|| REDACTED.to_string(), |r| r.into_inner());
        let Some(name) = name else {
            continue;
        };
        if let Some(p) = &pattern
            && let Err(e) = regex::Regex::new(p.get_ref())
        {
            let subject = format!("redaction `{}`", name.get_ref());
            out.report(p.span(), Some(&subject), format!("bad regex: {e}"));
            continue;
        }
        if specs.iter().any(|s| s.name == *name.get_ref()) {
            let subject = format!("redaction `{}`", name.get_ref());
            out.report(name.span(), Some(&subject), "duplicate name");
            continue;
        }
        specs.push(RedactSpec {
            name: name.into_inner(),
            pattern: pattern.map(|p| p.into_inner()).unwrap_or_default(),
            replacement,
            enabled,
        });
    }
    specs
}
