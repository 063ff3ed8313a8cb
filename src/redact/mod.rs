//! Secrets removed from log text before it leaves the process (API, event
//! stream, exports): passwords in URLs, `password=`/`secret=`/`token=`
//! pairs, bearer tokens, AWS-style keys, JWTs and private key blocks, plus
//! the `[[redact]]` rules of patterns.toml, which can also replace or switch
//! off a built-in rule by its name.

use std::borrow::Cow;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::Regex;

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

/// (name, regex, replacement, literals one of which every match contains,
/// lower-case). The literals let most lines skip every regex.
const BUILTIN: &[(&str, &str, &str, &[&str])] = &[
    (
        "private-key",
        r"(?s)-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----.*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|\z)",
        "[REDACTED PRIVATE KEY]",
        &["private key-----"],
    ),
    (
        "url-password",
        r"(?i)\b([a-z][a-z0-9+.-]*://[^\s:/?#@]+):[^\s/?#@]+@",
        "${1}:[REDACTED]@",
        &["://"],
    ),
    (
        "bearer-token",
        r"(?i)\b(bearer|token)(\s+)[A-Za-z0-9\-._~+/]{8,}=*",
        "${1}${2}[REDACTED]",
        &["bearer", "token"],
    ),
    (
        "jwt",
        r"\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*",
        "[REDACTED JWT]",
        &["eyj"],
    ),
    (
        "aws-access-key",
        r"\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b",
        "[REDACTED AWS KEY]",
        &[
            "akia", "asia", "agpa", "aida", "aroa", "anpa", "anva", "aipa",
        ],
    ),
    (
        "secret-pair",
        r#"(?i)\b((?:[a-z0-9_.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|client[_-]?secret|credentials?))["']?\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s,;&"'}\]]+)"#,
        "${1}[REDACTED]",
        &[
            "password",
            "passwd",
            "pwd",
            "secret",
            "token",
            "key",
            "credential",
        ],
    ),
];

/// One compiled rule.
#[derive(Debug, Clone)]
struct Rule {
    name: String,
    regex: Regex,
    replacement: String,
}

/// The rules in force, ready to apply.
#[derive(Debug, Clone)]
pub struct Redactor {
    /// Built-in rules (skipped unless a trigger literal occurs).
    builtin: Vec<Rule>,
    /// Which literals wake the built-in rules.
    triggers: Option<AhoCorasick>,
    /// Rules from patterns.toml, always run.
    custom: Vec<Rule>,
}

impl Redactor {
    /// No redaction at all.
    pub fn off() -> Redactor {
        Redactor {
            builtin: Vec::new(),
            triggers: None,
            custom: Vec::new(),
        }
    }

    /// The built-in rules with `specs` applied: a spec named like a
    /// built-in rule replaces it (or switches it off); others are added.
    /// Errors name the spec whose regex does not compile.
    pub fn new(specs: &[RedactSpec]) -> Result<Redactor, String> {
        let mut builtin = Vec::new();
        let mut literals: Vec<&str> = Vec::new();
        for (name, pattern, replacement, words) in BUILTIN {
            if specs.iter().any(|s| s.name == *name) {
                continue;
            }
            let regex =
                Regex::new(pattern).map_err(|e| format!("built-in redaction `{name}`: {e}"))?;
            builtin.push(Rule {
                name: (*name).to_string(),
                regex,
                replacement: (*replacement).to_string(),
            });
            literals.extend_from_slice(words);
        }
        let mut custom = Vec::new();
        for spec in specs.iter().filter(|s| s.enabled) {
            let regex = Regex::new(&spec.pattern)
                .map_err(|e| format!("redaction rule `{}`: {e}", spec.name))?;
            custom.push(Rule {
                name: spec.name.clone(),
                regex,
                replacement: spec.replacement.clone(),
            });
        }
        let triggers = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostFirst)
            .build(&literals)
            .map_err(|e| format!("redaction literals: {e}"))?;
        Ok(Redactor {
            builtin,
            triggers: Some(triggers),
            custom,
        })
    }

    /// Names of the rules in force, built-in first.
    pub fn names(&self) -> Vec<&str> {
        self.builtin
            .iter()
            .chain(&self.custom)
            .map(|r| r.name.as_str())
            .collect()
    }

    /// `text` with every secret replaced (borrowed when there is none).
    pub fn apply<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let mut out = Cow::Borrowed(text);
        let woken = self.triggers.as_ref().is_some_and(|t| t.is_match(text));
        let rules = self.custom.iter();
        let rules: Box<dyn Iterator<Item = &Rule>> = if woken {
            Box::new(self.builtin.iter().chain(rules))
        } else {
            Box::new(rules)
        };
        for rule in rules {
            if let Cow::Owned(changed) = rule.regex.replace_all(&out, rule.replacement.as_str()) {
                out = Cow::Owned(changed);
            }
        }
        out
    }
}

mod issue;
#[cfg(test)]
mod tests;
