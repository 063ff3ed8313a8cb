//! `[signals]`: the new-pattern and spike signals on groups, validated and
//! located like rules.

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::error::Fault;
use super::raw::RawSignals;
use super::report::Reporter;
use super::table::read_table;
use crate::model::Severity;
use crate::signals::{SignalConfig, SpikeRule};

/// How `[signals]` is named in messages.
const SUBJECT: Option<&str> = Some("[signals]");
/// Bounds of the whole-number settings.
const COUNT_RANGE: std::ops::RangeInclusive<f64> = 1.0..=100_000.0;

/// `[signals]` of `doc` (the defaults where absent).
pub(super) fn parse_signals(doc: &DeTable<'_>, out: &mut Reporter<'_>) -> SignalConfig {
    let mut config = SignalConfig::default();
    let Some(value) = doc.get("signals") else {
        return config;
    };
    let DeValue::Table(table) = value.get_ref() else {
        out.report(
            value.span(),
            None,
            Fault::Shape("`signals` must be a table (`[signals]`)"),
        );
        return config;
    };
    let read = read_table::<RawSignals>(table, value.span());
    for (at, fault) in read.faults {
        out.report(at, SUBJECT, fault);
    }
    let Some(raw) = read.value else {
        return config;
    };
    if let Some(on) = raw.new_pattern {
        config.new_pattern = on;
    }
    if let Some(name) = &raw.new_pattern_min_severity {
        match name.get_ref().parse::<Severity>() {
            Ok(severity) => config.new_pattern_min_severity = severity,
            Err(_) => out.report(
                name.span(),
                SUBJECT,
                Fault::SignalSeverity(name.get_ref().clone()),
            ),
        }
    }
    config.spike = spike_rule(&raw, config.spike, out);
    config
}

/// The spike rule `raw` asks for (`None`: switched off), starting from
/// `default` (or the usual settings).
fn spike_rule(
    raw: &RawSignals,
    default: Option<SpikeRule>,
    out: &mut Reporter<'_>,
) -> Option<SpikeRule> {
    let mut rule = default.unwrap_or(SpikeRule {
        factor: 5.0,
        min_count: 10,
        baseline_minutes: 10,
    });
    if let Some(factor) = &raw.spike_factor {
        if factor.get_ref().is_finite() && *factor.get_ref() > 1.0 {
            rule.factor = *factor.get_ref();
        } else {
            out.report(factor.span(), SUBJECT, Fault::SpikeFactor);
        }
    }
    for (field, value, slot) in [
        ("spike_min_count", &raw.spike_min_count, &mut rule.min_count),
        (
            "spike_baseline_minutes",
            &raw.spike_baseline_minutes,
            &mut rule.baseline_minutes,
        ),
    ] {
        if let Some(n) = value {
            match whole_number(field, n) {
                Ok(count) => *slot = count,
                Err(fault) => out.report(n.span(), SUBJECT, fault),
            }
        }
    }
    raw.spike.unwrap_or(true).then_some(rule)
}

/// `n` as a count from 1 to 100000.
fn whole_number(field: &'static str, n: &Spanned<f64>) -> Result<u32, Fault> {
    let value = *n.get_ref();
    if value.fract() == 0.0 && COUNT_RANGE.contains(&value) {
        Ok(value as u32)
    } else {
        Err(Fault::WholeNumber { field, value })
    }
}
