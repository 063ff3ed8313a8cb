//! Secrets removed from log text before it leaves the process (API, event
//! stream, exports). Built-in rules cover classes of secret, not strings
//! (see `builtin.rs`): private key blocks, URL credentials, HTTP
//! `Authorization` headers, cookies, bearer tokens, JWTs, provider tokens
//! (GitHub, Slack, Stripe, Google, ...), AWS key ids, command-line
//! passwords, SQL password clauses, XML elements, `key=value` pairs with a
//! secret's name in every quoting and encoding, signed-URL signatures,
//! Digest responses and secrets told in prose. Key names stay visible
//! (`password=[REDACTED]`). The `[[redact]]` rules of patterns.toml add
//! rules, or replace or switch off a built-in one by its name.
//!
//! A literal prefilter (`prefilter.rs`) keeps this cheap: one scan of a
//! line says which rules could match it, and only those run.

use std::borrow::Cow;

use regex::Regex;

mod builtin;
mod cli;
mod http;
mod issue;
mod keys;
mod pairs;
mod prefilter;
mod prose;
mod rule;
mod tokens;
mod url;
mod value;
mod verdict;

#[cfg(test)]
mod tests;

use builtin::{BUILTIN, Does};
use prefilter::{Literals, MAX_RULES, Prefilter};
use rule::{Action, Rule};

/// What a secret is replaced with unless a rule says otherwise.
pub const REDACTED: &str = "[REDACTED]";

/// A `[[redact]]` entry of patterns.toml.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RedactSpec {
    /// Its name; a built-in rule's name replaces that rule.
    pub name: String,
    /// The regex; `$name`/`${1}` groups may be kept in `replacement`.
    pub pattern: String,
    /// What a match becomes (regex replacement syntax).
    pub replacement: String,
    /// False switches the rule off.
    pub enabled: bool,
}

/// The rules in force, ready to apply.
#[derive(Debug, Clone)]
pub struct Redactor {
    /// Built-in rules, each skipped unless one of its literals occurs.
    builtin: Vec<Rule>,
    /// Which literals wake which built-in rules.
    prefilter: Prefilter,
    /// Rules from patterns.toml, always run (their literals are unknown).
    custom: Vec<Rule>,
}

impl Redactor {
    /// No redaction at all.
    pub fn off() -> Redactor {
        Redactor {
            builtin: Vec::new(),
            prefilter: Prefilter::empty(),
            custom: Vec::new(),
        }
    }

    /// The built-in rules with `specs` applied: a spec named like a
    /// built-in rule replaces it (or switches it off); others are added.
    /// Errors name the spec whose regex does not compile.
    pub fn new(specs: &[RedactSpec]) -> Result<Redactor, String> {
        let mut builtin = Vec::new();
        let mut literals: Vec<Literals<'_>> = Vec::new();
        for rule in BUILTIN.iter().take(MAX_RULES) {
            if specs.iter().any(|s| s.name == rule.name) {
                continue;
            }
            let regex = Regex::new(rule.pattern)
                .map_err(|e| format!("built-in redaction `{}`: {e}", rule.name))?;
            let action = match rule.does {
                Does::Replace(with) => Action::Replace(with.to_string()),
                Does::Find(finder) => Action::Find(finder),
            };
            builtin.push(Rule {
                name: rule.name.to_string(),
                regex,
                action,
            });
            literals.push(Literals {
                any: rule.literals,
                also: rule.also,
            });
        }
        let mut custom = Vec::new();
        for spec in specs.iter().filter(|s| s.enabled) {
            let regex = Regex::new(&spec.pattern)
                .map_err(|e| format!("redaction rule `{}`: {e}", spec.name))?;
            custom.push(Rule {
                name: spec.name.clone(),
                regex,
                action: Action::Replace(spec.replacement.clone()),
            });
        }
        Ok(Redactor {
            builtin,
            prefilter: Prefilter::new(&literals)?,
            custom,
        })
    }

    /// Names of the rules in force, built-in first, each once.
    pub fn names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        for rule in self.builtin.iter().chain(&self.custom) {
            if !names.contains(&rule.name.as_str()) {
                names.push(rule.name.as_str());
            }
        }
        names
    }

    /// `text` with every secret replaced (borrowed when there is none).
    pub fn apply<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let mut out = Cow::Borrowed(text);
        // Woken by the original text: a rewrite only ever removes words.
        let woken = self.prefilter.woken(text);
        let builtin = self
            .builtin
            .iter()
            .enumerate()
            .filter(|(n, _)| woken & (1 << n) != 0)
            .map(|(_, rule)| rule);
        for rule in builtin.chain(&self.custom) {
            if let Some(changed) = rule.rewrite(&out) {
                out = Cow::Owned(changed);
            }
        }
        out
    }
}
