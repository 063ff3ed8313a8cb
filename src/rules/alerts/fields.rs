//! The values of alert entries: selectors, string lists, durations and
//! counts, each checked and located.

use std::time::Duration;

use toml::Spanned;

use super::Known;
use crate::alert::Selector;
use crate::rules::error::Fault;
use crate::rules::raw::{Item, RawSelector, Sources};
use crate::rules::report::Reporter;
use crate::rules::table::{Entry, has_key};

/// Shortest and longest window or recovery period accepted.
const PERIOD_RANGE: std::ops::RangeInclusive<Duration> =
    Duration::from_secs(1)..=Duration::from_secs(7 * 86_400);
/// Bounds of counts.
const COUNT_RANGE: std::ops::RangeInclusive<f64> = 1.0..=1_000_000.0;
/// The selector of a required field (`first`, `then`, `source`, `target`).
pub(super) fn required(
    entry: &Entry<'_, '_>,
    name: &'static str,
    value: &Option<Spanned<RawSelector>>,
    known: &Known<'_>,
    subject: &str,
    out: &mut Reporter<'_>,
) -> Option<Selector> {
    match value {
        Some(value) => selector(value.get_ref(), value.span(), known, subject, out),
        None => {
            // A key that was there but wrong is reported already.
            if !has_key(entry.table, name) {
                out.report(entry.span.clone(), Some(subject), Fault::Missing(name));
            }
            None
        }
    }
}

/// A selector: known types and rules, at least one list.
pub(in crate::rules) fn selector(
    raw: &RawSelector,
    span: std::ops::Range<usize>,
    known: &Known<'_>,
    subject: &str,
    out: &mut Reporter<'_>,
) -> Option<Selector> {
    let errors = out.problems.len();
    let mut located = |field: &str, value: &Option<Spanned<Sources>>| {
        value
            .clone()
            .map(|v| strings(field, v, subject, out))
            .unwrap_or_default()
    };
    let types = located("type", &raw.kind);
    let groups = located("group", &raw.group);
    let rules = located("rule", &raw.rule);
    if types.is_empty() && groups.is_empty() && rules.is_empty() && out.problems.len() == errors {
        out.report(
            span.clone(),
            Some(subject),
            Fault::Shape("select issues by `type`, `group` or `rule` (none given)"),
        );
    }
    for name in &types {
        if !known.types.iter().any(|t| t.id == *name.get_ref()) {
            let known_types: Vec<&str> = known.types.iter().map(|t| t.id.as_str()).collect();
            out.report(
                name.span(),
                Some(subject),
                Fault::UnknownType {
                    name: name.get_ref().clone(),
                    known: known_types.join(", "),
                },
            );
        }
    }
    for name in &rules {
        if !known.rules.iter().any(|r| r.id == *name.get_ref()) {
            out.report(
                name.span(),
                Some(subject),
                bad("rule", format!("no rule has id {:?}", name.get_ref())),
            );
        }
    }
    let plain = |list: Vec<Spanned<String>>| list.into_iter().map(Spanned::into_inner).collect();
    (out.problems.len() == errors).then(|| Selector {
        types: plain(types),
        groups: plain(groups),
        rules: plain(rules),
    })
}

/// A string or an array of strings, each with where it is written.
pub(in crate::rules) fn strings(
    field: &str,
    value: Spanned<Sources>,
    subject: &str,
    out: &mut Reporter<'_>,
) -> Vec<Spanned<String>> {
    let mut list = Vec::new();
    for item in Sources::located(value) {
        let span = item.span();
        match item.into_inner() {
            Item::Text(text) if !text.trim().is_empty() => list.push(Spanned::new(span, text)),
            Item::Text(_) => {
                out.report(span, Some(subject), bad(field, "must not be empty".into()))
            }
            Item::Wrong(found) => out.report(
                span,
                Some(subject),
                bad(field, format!("must be a string, found {found}")),
            ),
        }
    }
    list
}

/// A duration such as `10m`, `90s`, `1h30m`, within [`PERIOD_RANGE`].
pub(in crate::rules) fn period(
    field: &str,
    value: &Spanned<String>,
    subject: &str,
    out: &mut Reporter<'_>,
) -> Option<Duration> {
    match humantime::parse_duration(value.get_ref().trim()) {
        Ok(d) if PERIOD_RANGE.contains(&d) => Some(d),
        Ok(_) => {
            out.report(
                value.span(),
                Some(subject),
                bad(
                    field,
                    format!("{:?} must be from 1s to 7d", value.get_ref()),
                ),
            );
            None
        }
        Err(e) => {
            out.report(
                value.span(),
                Some(subject),
                bad(
                    field,
                    format!(
                        "{:?} is not a duration such as 90s, 10m or 1h30m ({e})",
                        value.get_ref()
                    ),
                ),
            );
            None
        }
    }
}

/// A whole number within [`COUNT_RANGE`].
pub(in crate::rules) fn count(
    field: &str,
    value: &Spanned<f64>,
    subject: &str,
    out: &mut Reporter<'_>,
) -> Option<u32> {
    let n = *value.get_ref();
    if n.fract() == 0.0 && COUNT_RANGE.contains(&n) {
        Some(n as u32)
    } else {
        out.report(
            value.span(),
            Some(subject),
            bad(
                field,
                format!("must be a whole number from 1 to 1000000 (got {n})"),
            ),
        );
        None
    }
}

pub(in crate::rules) fn bad(field: &str, message: String) -> Fault {
    Fault::BadValue {
        field: field.to_string(),
        message,
    }
}
