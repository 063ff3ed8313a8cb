//! `logwarden patterns check` and `logwarden patterns test`: the tools an
//! operator uses to write and debug rules.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use super::ExitStatus;
use crate::classify::detect_level;
use crate::classify::{Classifier, MIN_USEFUL_LEN, Outcome};
use crate::config::{load_classifier, load_patterns};
use crate::error::{Error, Result};
use crate::model::{sanitize_for_terminal, sanitize_lines};

/// Validates a rules file; prints a one-line verdict plus performance warnings.
pub fn check(path: Option<&Path>) -> Result<ExitStatus> {
    let file = load_patterns(path)?;
    let rules = file.rules;
    let failures = rules.compile_all();
    if !failures.is_empty() {
        for (rule, pattern, message) in &failures {
            // All three come from the rules file (the regex error quotes the pattern).
            let said = format!("rule `{rule}`: pattern {pattern:?}: {message}");
            eprintln!("logwarden: {}", sanitize_lines(&said));
        }
        return Ok(ExitStatus::Failure);
    }
    let (types, count, source) = (rules.types.len(), rules.rules.len(), file.settings.name());
    let classifier = Classifier::new(rules)?;
    let source = sanitize_for_terminal(&source);
    println!("ok: {source}: {types} issue types, {count} enabled rules");
    for warning in performance_warnings(&classifier) {
        println!("warning: {}", sanitize_lines(&warning));
    }
    Ok(ExitStatus::Clean)
}

/// Rules that will slow scanning down, explained.
pub fn performance_warnings(classifier: &Classifier) -> Vec<String> {
    let mut warnings = Vec::new();
    for (rule, pattern) in classifier.unfiltered_patterns() {
        warnings.push(format!(
            "rule `{}` (line {}): pattern {pattern:?} has no literal of {MIN_USEFUL_LEN}+ characters that every \
             match contains, so it runs on every line and slows scanning",
            rule.id, rule.defined_at
        ));
    }
    for (rule, pattern, literal) in classifier.weak_patterns() {
        warnings.push(format!(
            "rule `{}` (line {}): pattern {pattern:?} is found through {literal:?}, which ordinary log lines \
             contain often, so many lines get checked; include a rarer word in the pattern",
            rule.id, rule.defined_at
        ));
    }
    warnings
}

/// Explains, for each line, what the rules make of it.
pub fn test(patterns: Option<&Path>, file: Option<&Path>, lines: &[String]) -> Result<ExitStatus> {
    let (classifier, _) = load_classifier(patterns)?;
    let mut all: Vec<String> = lines.to_vec();
    if let Some(file) = file {
        let bytes = fs::read(file).map_err(|source| Error::Read {
            path: file.display().to_string(),
            source,
        })?;
        let text = String::from_utf8_lossy(&bytes);
        all.extend(text.lines().map(str::to_string));
    }
    for (n, line) in all.iter().enumerate() {
        print!("{}", explain_line(&classifier, n + 1, line));
    }
    Ok(ExitStatus::Clean)
}

/// The explanation `patterns test` prints for one line. The log line and
/// everything quoted from the rules file (ids, types, categories,
/// patterns) are made inert for the terminal.
pub fn explain_line(classifier: &Classifier, number: usize, line: &str) -> String {
    let out = explanation(classifier, number, line);
    sanitize_lines(&out).into_owned()
}

fn explanation(classifier: &Classifier, number: usize, line: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "line {number}: {}", sanitize_for_terminal(line));
    let outcomes = classifier.explain(line.as_bytes());
    let mut winner_seen = false;
    for (index, outcome) in &outcomes {
        let rule = classifier.rule(*index);
        let ty = classifier.rules().type_of(rule);
        let _ = match outcome {
            Outcome::Matched(span) if !winner_seen => {
                winner_seen = true;
                let text = String::from_utf8_lossy(&line.as_bytes()[span.clone()]);
                writeln!(
                    out,
                    "  match:     rule `{}` → {} ({}, {}), priority {}\n             matched text {}..{}: {:?}",
                    rule.id,
                    ty.id,
                    rule.severity,
                    ty.category,
                    rule.priority,
                    span.start,
                    span.end,
                    sanitize_for_terminal(&text)
                )
                .and_then(|()| {
                    // The values alerts count by and actions pass on.
                    let fields = crate::classify::named_values(rule, line.as_bytes());
                    if fields.is_empty() {
                        return Ok(());
                    }
                    let shown: Vec<String> = fields
                        .iter()
                        .map(|(k, v)| format!("{k}={v:?}"))
                        .collect();
                    writeln!(
                        out,
                        "             fields: {}",
                        sanitize_for_terminal(&shown.join(" "))
                    )
                })
            }
            Outcome::Matched(_) => writeln!(
                out,
                "  outranked: rule `{}` → {} (priority {})",
                rule.id, ty.id, rule.priority
            ),
            Outcome::Excluded(ex) => writeln!(
                out,
                "  excluded:  rule `{}` → {}: exclude pattern {:?} matched",
                rule.id, ty.id, rule.excludes[*ex].source
            ),
            Outcome::BelowThreshold => writeln!(
                out,
                "  skipped:   rule `{}` → {}: the duration on the line is under the threshold of {} s",
                rule.id,
                ty.id,
                rule.min_seconds.unwrap_or(0.0)
            ),
            Outcome::LevelTooLow(level) => writeln!(
                out,
                "  skipped:   rule `{}` → {}: needs level {} or above, line has {}",
                rule.id,
                ty.id,
                rule.min_level.map_or("?", |l| l.as_str()),
                level.map_or("no level", |l| l.as_str())
            ),
        };
    }
    if !winner_seen {
        let level = detect_level(line.as_bytes()).map_or("none", |l| l.as_str());
        let _ = writeln!(out, "  no rule matched (log level: {level})");
    }
    out
}
