//! The `[signals]` table of patterns.toml: the new-pattern and spike
//! signals on groups, validated and located like rules.

use toml::de::{DeTable, DeValue};

use super::toml_fields::{Fields, Reporter};
use crate::model::Severity;
use crate::signals::{SignalConfig, SpikeRule};

const SIGNAL_FIELDS: &[&str] = &[
    "new_pattern",
    "new_pattern_min_severity",
    "spike",
    "spike_factor",
    "spike_min_count",
    "spike_baseline_minutes",
];

/// `[signals]` of `doc` (the defaults where absent).
pub fn parse_signals(doc: &DeTable<'_>, out: &mut Reporter<'_>) -> SignalConfig {
    let mut config = SignalConfig::default();
    let Some(value) = doc.get("signals") else {
        return config;
    };
    let DeValue::Table(table) = value.get_ref() else {
        out.report(
            value.span(),
            None,
            "`signals` must be a table (`[signals]`)",
        );
        return config;
    };
    let fields = Fields::new(table, value.span(), Some("[signals]".into()));
    fields.check_unknown(SIGNAL_FIELDS, out);
    let subject = Some("[signals]");
    if let Some(on) = fields.boolean("new_pattern", out) {
        config.new_pattern = on;
    }
    if let Some(name) = fields.string("new_pattern_min_severity", false, out) {
        match name.get_ref().parse::<Severity>() {
            Ok(severity) => config.new_pattern_min_severity = severity,
            Err(_) => out.report(
                name.span(),
                subject,
                format!(
                    "unknown severity {:?} (valid: INFO, WARNING, ERROR, CRITICAL)",
                    name.get_ref()
                ),
            ),
        }
    }
    let mut rule = config.spike.unwrap_or(SpikeRule {
        factor: 5.0,
        min_count: 10,
        baseline_minutes: 10,
    });
    if let Some(factor) = fields.number("spike_factor", out) {
        if factor.get_ref().is_finite() && *factor.get_ref() > 1.0 {
            rule.factor = *factor.get_ref();
        } else {
            out.report(
                factor.span(),
                subject,
                "spike_factor must be a number above 1 (how many times the usual rate)",
            );
        }
    }
    for (key, slot) in [
        ("spike_min_count", &mut rule.min_count),
        ("spike_baseline_minutes", &mut rule.baseline_minutes),
    ] {
        if let Some(n) = fields.number(key, out) {
            let value = *n.get_ref();
            if value.fract() == 0.0 && (1.0..=100_000.0).contains(&value) {
                *slot = value as u32;
            } else {
                out.report(
                    n.span(),
                    subject,
                    format!("{key} must be a whole number from 1 to 100000 (got {value})"),
                );
            }
        }
    }
    let spike_on = fields.boolean("spike", out).unwrap_or(true);
    config.spike = spike_on.then_some(rule);
    config
}
