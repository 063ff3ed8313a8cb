//! One regex of a rule: parsed at load time (syntax errors and prefilter
//! literals), compiled on first use.

use std::sync::OnceLock;

use regex::bytes::{Regex, RegexBuilder};
use regex_syntax::ParserBuilder;

use super::literals::required_literals;

/// Compiled size bound per regex, so a hostile pattern cannot eat memory.
const REGEX_SIZE_LIMIT: usize = 4 << 20;

/// One regex of a rule, with the literals the prefilter looks for.
#[derive(Debug, Clone)]
pub struct Pattern {
    /// The regex as written.
    pub source: String,
    /// Compiled on first use: most patterns never run on a given input, and
    /// compiling all of them up front would dominate start-up time.
    compiled: OnceLock<Regex>,
    /// Lowercased literals of which every match contains one; `None` when
    /// the pattern has none and must be tried on every line.
    pub literals: Option<Vec<Vec<u8>>>,
}

impl Pattern {
    /// The compiled regex (matched against raw line bytes).
    pub fn regex(&self) -> &Regex {
        self.compiled.get_or_init(|| {
            // Syntax was checked at load time; the built-in rules are compiled
            // in full by the test suite and user files at load, so this
            // fallback (a regex that matches nothing) is never expected.
            build_regex(&self.source).unwrap_or_else(|_| never_matching())
        })
    }

    /// Compiles now, reporting what the regex engine says if it cannot.
    pub fn try_compile(&self) -> Result<(), String> {
        if self.compiled.get().is_some() {
            return Ok(());
        }
        let regex = build_regex(&self.source)?;
        let _ = self.compiled.set(regex);
        Ok(())
    }
}

fn build_regex(source: &str) -> Result<Regex, String> {
    RegexBuilder::new(source)
        .size_limit(REGEX_SIZE_LIMIT)
        .build()
        .map_err(|e| e.to_string())
}

/// A regex that matches nothing (an empty class).
fn never_matching() -> Regex {
    static NEVER: OnceLock<Regex> = OnceLock::new();
    NEVER
        .get_or_init(|| Regex::new(r"[a&&b]").expect("an empty class is valid"))
        .clone()
}

/// Parses one pattern (syntax errors come out here, in the regex crate's
/// words) and extracts its prefilter literals; compiling waits for first use.
pub fn compile(source: &str) -> Result<Pattern, String> {
    // Same syntax options as regex::bytes (UTF-8 mode off), so the HIR is the one it runs.
    let hir = ParserBuilder::new()
        .utf8(false)
        .build()
        .parse(source)
        .map_err(|e| format!("regex parse error:\n{e}"))?;
    Ok(Pattern {
        source: source.to_string(),
        compiled: OnceLock::new(),
        literals: required_literals(&hir),
    })
}

#[cfg(test)]
mod tests;
