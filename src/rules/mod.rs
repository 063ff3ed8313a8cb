//! The patterns file: detection rules, `[signals]` and `[[redact]]`, read
//! into one typed [`PatternsFile`]. The classifier gets only the rules
//! ([`PatternsFile::rules`]); the store and the API take the
//! [`FileSettings`]. Every problem of a file is collected and reported with
//! file, line, column and the rule concerned; nothing panics.

mod actions;
mod alerts;
mod error;
mod introspect;
mod raw;
mod redact;
mod report;
mod rule;
mod signals;
mod table;
mod thresholds;
mod types;

use std::path::{Path, PathBuf};

use toml::de::DeTable;

pub use alerts::AlertConfig;
pub use error::Problem;

pub(crate) use error::{Fault, PatternsError, RulesError};

use crate::classify::RuleSet;
use crate::heal::ActionSpec;
use crate::redact::RedactSpec;
use crate::signals::SignalConfig;
use raw::RawRoot;
use report::Reporter;

/// Looks an environment variable up: [`process_env`], or a stand-in in tests.
pub type EnvLookup<'a> = &'a dyn Fn(&str) -> Option<String>;

/// The process environment (a variable that is not UTF-8 counts as unset).
pub fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// The default rules, compiled into the binary.
pub const DEFAULT_PATTERNS: &str = include_str!("../../patterns.toml");
/// How the built-in rules are named in messages.
pub const BUILTIN_NAME: &str = "<built-in patterns.toml>";

/// A validated patterns file.
#[derive(Debug, Clone)]
pub struct PatternsFile {
    /// What the classifier runs on.
    pub rules: RuleSet,
    /// Everything else the file says.
    pub settings: FileSettings,
}

/// What a patterns file says besides its rules, and where it came from.
#[derive(Debug, Clone, Default)]
pub struct FileSettings {
    /// `[signals]`: new-pattern and spike signals on groups.
    pub signals: SignalConfig,
    /// `[[redact]]` entries: what to hide before data leaves the process.
    pub redact: Vec<RedactSpec>,
    /// `[[alert]]` and `[[inhibit]]` entries.
    pub alerts: AlertConfig,
    /// `[[action]]` entries that are switched on, in file order.
    pub actions: Vec<ActionSpec>,
    /// The file read; `None` for the built-in rules.
    pub source: Option<PathBuf>,
}

impl FileSettings {
    /// How the file is named in messages.
    pub fn name(&self) -> String {
        self.source
            .as_ref()
            .map_or_else(|| BUILTIN_NAME.to_string(), |p| p.display().to_string())
    }
}

/// Reads the patterns file at `path`, or the built-in rules when `None`.
pub fn load(path: Option<&Path>) -> Result<PatternsFile, RulesError> {
    let Some(path) = path else {
        return Ok(PatternsFile::builtin()?);
    };
    let text = crate::settings_file::read(path).map_err(|source| RulesError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(PatternsFile::parse(&path.display().to_string(), &text)?)
}

impl PatternsFile {
    /// The built-in rules. Their regexes compile on first use (the test
    /// suite compiles every one of them).
    pub fn builtin() -> Result<PatternsFile, PatternsError> {
        parse(BUILTIN_NAME, None, DEFAULT_PATTERNS, false, &process_env)
    }

    /// Parses and fully validates `text` (every regex compiled), naming it
    /// `file` in messages. Actions' secrets come from the process
    /// environment and the files named.
    pub fn parse(file: &str, text: &str) -> Result<PatternsFile, PatternsError> {
        PatternsFile::parse_with_env(file, text, &process_env)
    }

    /// [`PatternsFile::parse`], looking environment variables up in `env`.
    pub fn parse_with_env(
        file: &str,
        text: &str,
        env: EnvLookup<'_>,
    ) -> Result<PatternsFile, PatternsError> {
        parse(file, Some(PathBuf::from(file)), text, true, env)
    }
}

impl RuleSet {
    /// The built-in rules alone (see [`PatternsFile::builtin`]).
    pub fn builtin() -> Result<RuleSet, PatternsError> {
        PatternsFile::builtin().map(|file| file.rules)
    }

    /// The rules alone of `text` (see [`PatternsFile::parse`]).
    pub fn parse(file: &str, text: &str) -> Result<RuleSet, PatternsError> {
        PatternsFile::parse(file, text).map(|file| file.rules)
    }
}

/// Reads every section of `text` (named `name` in messages, read from
/// `source`), compiling regexes now when `eager`, looking environment
/// variables up in `env`.
fn parse(
    name: &str,
    source: Option<PathBuf>,
    text: &str,
    eager: bool,
    env: EnvLookup<'_>,
) -> Result<PatternsFile, PatternsError> {
    let mut out = Reporter::new(name, text);
    let doc = match DeTable::parse(text) {
        Ok(doc) => doc,
        Err(err) => {
            let fault = Fault::Syntax(err.message().to_string());
            out.report(err.span().unwrap_or(0..0), None, fault);
            return Err(PatternsError {
                problems: out.problems,
            });
        }
    };
    check_root(doc.get_ref(), doc.span(), &mut out);
    let types = types::parse_types(doc.get_ref(), &mut out);
    let mut rules = rule::parse_rules(doc.get_ref(), &types, eager, &mut out);
    let limits = thresholds::parse_thresholds(doc.get_ref(), &mut out);
    limits.apply(&types, &mut rules);
    let redact = redact::parse_redact(doc.get_ref(), &mut out);
    let signals = signals::parse_signals(doc.get_ref(), &mut out);
    let alerts = alerts::parse_alerts(doc.get_ref(), &types, &rules, &mut out);
    let actions = actions::parse_actions(doc.get_ref(), &types, &rules, &alerts, env, &mut out);
    if !out.problems.is_empty() {
        return Err(PatternsError {
            problems: out.problems,
        });
    }
    Ok(PatternsFile {
        rules: RuleSet::new(types, rules),
        settings: FileSettings {
            signals,
            redact,
            alerts,
            actions,
            source,
        },
    })
}

/// The top level: known sections only, and version 1.
fn check_root(doc: &DeTable<'_>, span: std::ops::Range<usize>, out: &mut Reporter<'_>) {
    let read = table::read_table::<RawRoot>(doc, span.clone());
    for (at, fault) in read.faults {
        out.report(at, None, fault);
    }
    if let Some(version) = read.value.and_then(|root| root.version)
        && *version.get_ref() != 1
    {
        out.report(span, None, Fault::Version(*version.get_ref()));
    }
}
