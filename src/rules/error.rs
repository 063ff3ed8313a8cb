//! What can be wrong with a patterns file: each problem's kind ([`Fault`]),
//! the located [`Problem`], all of a file's problems ([`PatternsError`]) and
//! the error of loading one ([`RulesError`]).

use std::fmt;
use std::io;
use std::path::PathBuf;

use crate::model::{sanitize_for_terminal, sanitize_lines};

/// One thing wrong with a patterns file, not yet located.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub(crate) enum Fault {
    /// The text is not TOML (the parser's message).
    #[error("{0}")]
    Syntax(String),
    /// A key the table does not have.
    #[error("unknown field `{field}` (valid: {valid})")]
    UnknownField {
        /// The key as written.
        field: String,
        /// The table's keys, comma-separated.
        valid: String,
    },
    /// A value of the wrong TOML type.
    #[error("field `{field}` must be {want}, found {found}")]
    WrongType {
        /// The key.
        field: String,
        /// What it must be, e.g. "an integer".
        want: String,
        /// The TOML type written, e.g. "string".
        found: &'static str,
    },
    /// Anything else the TOML deserializer refused (an overflowing number...).
    #[error("field `{field}`: {message}")]
    BadValue {
        /// The key.
        field: String,
        /// The deserializer's message.
        message: String,
    },
    /// A required key is absent.
    #[error("missing field `{0}`")]
    Missing(&'static str),
    /// A rule with neither patterns nor a level condition.
    #[error("missing field `match` (or `min_level` for a level-only rule)")]
    NoCondition,
    /// A top-level section of the wrong shape, e.g. "`rules` must be an array of tables (`[[rules]]`)".
    #[error("{0}")]
    Shape(&'static str),
    /// An entry of an array of tables that is not a table.
    #[error("{section}[{index}] must be a table")]
    EntryNotTable {
        /// `rules` or `redact`.
        section: &'static str,
        /// 0-based position.
        index: usize,
    },
    /// A `[types.<id>]` that is not a table.
    #[error("must be a table")]
    TypeNotTable,
    /// A `version` other than 1.
    #[error("unsupported version {0} (this logwarden reads version 1)")]
    Version(i64),
    /// An empty rule id.
    #[error("`id` must not be empty")]
    EmptyId,
    /// A rule id used twice.
    #[error("duplicate id (first defined on line {0})")]
    DuplicateId(usize),
    /// A redaction name used twice.
    #[error("duplicate name")]
    DuplicateName,
    /// A rule naming a type that is not defined.
    #[error("unknown type `{name}` (defined types: {known})")]
    UnknownType {
        /// The type as written.
        name: String,
        /// The defined types, sorted, comma-separated.
        known: String,
    },
    /// A severity that does not parse (the model's message).
    #[error("{0}")]
    Severity(String),
    /// `[signals]`' threshold severity that does not parse.
    #[error("unknown severity {0:?} (valid: INFO, WARNING, ERROR, CRITICAL)")]
    SignalSeverity(String),
    /// A log level that does not parse (its message lists the valid ones).
    #[error("{0}")]
    Level(String),
    /// A regex that does not parse or compile (the engine's message).
    #[error("bad regex: {0}")]
    Regex(String),
    /// `spike_factor` not above 1.
    #[error("spike_factor must be a number above 1 (how many times the usual rate)")]
    SpikeFactor,
    /// A `[thresholds]` duration that is not a positive number of seconds.
    #[error("{field} must be a number of seconds above 0 and at most 86400 (got {value})")]
    Seconds {
        /// The key.
        field: &'static str,
        /// The value written.
        value: f64,
    },
    /// A `[signals]` count out of range or not whole.
    #[error("{field} must be a whole number from 1 to 100000 (got {value})")]
    WholeNumber {
        /// The key.
        field: &'static str,
        /// The value written.
        value: f64,
    },
}

/// One thing wrong with a patterns file, located precisely.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file (or `<built-in>`).
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
    /// The rule or type concerned, when known, e.g. "rule `ssh-failed-password`".
    pub subject: Option<String>,
    /// What is wrong (a [`Fault`], rendered).
    pub message: String,
}

/// Ids, types and patterns quoted here come from the rules file: shown
/// inert (a message keeps its own line breaks; a regex error uses them).
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = sanitize_for_terminal(&self.file);
        write!(f, "{file}:{}:{}: ", self.line, self.column)?;
        if let Some(subject) = &self.subject {
            write!(f, "{}: ", sanitize_for_terminal(subject))?;
        }
        f.write_str(&sanitize_lines(&self.message))
    }
}

/// A patterns file that could not be used, with everything wrong in it.
#[derive(Debug, Clone, thiserror::Error)]
pub struct PatternsError {
    /// Each problem, located.
    pub problems: Vec<Problem>,
}

impl fmt::Display for PatternsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.problems.len();
        write!(
            f,
            "invalid rules ({n} problem{}):",
            if n == 1 { "" } else { "s" }
        )?;
        for problem in &self.problems {
            write!(f, "\n{problem}")?;
        }
        Ok(())
    }
}

/// Why a patterns file could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    /// The file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// The file was read but is not valid.
    #[error(transparent)]
    Invalid(#[from] PatternsError),
}
