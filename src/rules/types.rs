//! `[types.<id>]`: the issue types rules report.

use toml::Spanned;
use toml::de::{DeString, DeTable, DeValue};

use super::error::Fault;
use super::raw::RawType;
use super::report::Reporter;
use super::table::{has_key, read_table};
use crate::model::{IssueType, Severity};

/// The issue types of `doc`, in file order.
pub(super) fn parse_types(doc: &DeTable<'_>, out: &mut Reporter<'_>) -> Vec<IssueType> {
    let Some(value) = doc.get("types") else {
        out.report(
            0..0,
            None,
            Fault::Shape("missing `[types.<id>]` tables: at least one issue type is needed"),
        );
        return Vec::new();
    };
    let DeValue::Table(table) = value.get_ref() else {
        out.report(
            value.span(),
            None,
            Fault::Shape("`types` must be a table of `[types.<id>]` tables"),
        );
        return Vec::new();
    };
    let mut entries: Vec<_> = table.iter().collect();
    entries.sort_by_key(|(key, _)| key.span().start);
    entries
        .into_iter()
        .filter_map(|(key, value)| parse_type(key, value, out))
        .collect()
}

/// One `[types.<id>]`; `None` (with the problems reported) if unusable.
fn parse_type(
    key: &Spanned<DeString<'_>>,
    value: &Spanned<DeValue<'_>>,
    out: &mut Reporter<'_>,
) -> Option<IssueType> {
    let id = key.get_ref().to_string();
    let subject = format!("type `{id}`");
    let DeValue::Table(fields) = value.get_ref() else {
        out.report(value.span(), Some(&subject), Fault::TypeNotTable);
        return None;
    };
    let read = read_table::<RawType>(fields, key.span());
    for (at, fault) in read.faults {
        out.report(at, Some(&subject), fault);
    }
    for field in ["severity", "category", "description"] {
        if !has_key(fields, field) {
            out.report(key.span(), Some(&subject), Fault::Missing(field));
        }
    }
    let raw = read.value?;
    let severity = raw
        .severity
        .and_then(|s| parse_severity(&s, &subject, out))?;
    Some(IssueType {
        id,
        severity,
        category: raw.category?,
        description: raw.description?,
        auto_heal: raw.auto_heal.unwrap_or(false),
    })
}

/// A severity name, or the problem reported at it.
pub(super) fn parse_severity(
    value: &Spanned<String>,
    subject: &str,
    out: &mut Reporter<'_>,
) -> Option<Severity> {
    value
        .get_ref()
        .parse::<Severity>()
        .map_err(|e| out.report(value.span(), Some(subject), Fault::Severity(e.to_string())))
        .ok()
}
