//! Typed access to a parsed TOML table that keeps source positions, so every
//! problem in a patterns file can be reported at its line and column.

use std::fmt;
use std::ops::Range;

use toml::Spanned;

use crate::model::{sanitize_for_terminal, sanitize_lines};
use toml::de::{DeTable, DeValue};

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
    /// What is wrong.
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

/// Collects problems while walking one file.
pub struct Reporter<'a> {
    file: &'a str,
    text: &'a str,
    /// Everything found so far, in file order of discovery.
    pub problems: Vec<Problem>,
}

impl<'a> Reporter<'a> {
    /// A reporter for `text`, read from `file`.
    pub fn new(file: &'a str, text: &'a str) -> Self {
        Self {
            file,
            text,
            problems: Vec::new(),
        }
    }

    /// Records a problem at byte `span` of the file.
    pub fn report(
        &mut self,
        span: Range<usize>,
        subject: Option<&str>,
        message: impl Into<String>,
    ) {
        let (line, column) = line_column(self.text, span.start);
        self.problems.push(Problem {
            file: self.file.to_string(),
            line,
            column,
            subject: subject.map(str::to_string),
            message: message.into(),
        });
    }

    /// 1-based line of a byte offset (used to remember where rules are defined).
    pub fn line_of(&self, offset: usize) -> usize {
        line_column(self.text, offset).0
    }
}

/// 1-based line and column (in chars) of byte `offset` in `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

fn floor_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// A table being read: reports missing, mistyped and unknown keys.
pub struct Fields<'t, 'i> {
    table: &'t DeTable<'i>,
    span: Range<usize>,
    subject: Option<String>,
}

impl<'t, 'i> Fields<'t, 'i> {
    /// Wraps `table` (whose header/definition is at `span`) for `subject`.
    pub fn new(table: &'t DeTable<'i>, span: Range<usize>, subject: Option<String>) -> Self {
        Self {
            table,
            span,
            subject,
        }
    }

    /// Renames the subject once it is known (e.g. after reading a rule's id).
    pub fn set_subject(&mut self, subject: String) {
        self.subject = Some(subject);
    }

    /// Where the table is defined.
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    fn subject(&self) -> Option<&str> {
        self.subject.as_deref()
    }

    /// Reports every key not in `known`, listing the valid ones.
    pub fn check_unknown(&self, known: &[&str], out: &mut Reporter<'_>) {
        for (key, _) in self.table.iter() {
            if !known.contains(&key.get_ref().as_ref()) {
                out.report(
                    key.span(),
                    self.subject(),
                    format!(
                        "unknown field `{}` (valid: {})",
                        key.get_ref(),
                        known.join(", ")
                    ),
                );
            }
        }
    }

    fn value(&self, key: &str) -> Option<&'t Spanned<DeValue<'i>>> {
        self.table.get(key)
    }

    /// A required or optional string field.
    pub fn string(
        &self,
        key: &str,
        required: bool,
        out: &mut Reporter<'_>,
    ) -> Option<Spanned<String>> {
        match self.value(key) {
            None => {
                if required {
                    self.missing(key, out);
                }
                None
            }
            Some(v) => match v.get_ref() {
                DeValue::String(s) => Some(Spanned::new(v.span(), s.to_string())),
                other => {
                    self.mistyped(key, "a string", other, v.span(), out);
                    None
                }
            },
        }
    }

    /// An optional boolean field.
    pub fn boolean(&self, key: &str, out: &mut Reporter<'_>) -> Option<bool> {
        let v = self.value(key)?;
        match v.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            other => {
                self.mistyped(key, "true or false", other, v.span(), out);
                None
            }
        }
    }

    /// An optional integer field.
    pub fn integer(&self, key: &str, out: &mut Reporter<'_>) -> Option<i64> {
        let v = self.value(key)?;
        let parsed = match v.get_ref() {
            DeValue::Integer(i) => {
                i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()).ok()
            }
            _ => None,
        };
        if parsed.is_none() {
            self.mistyped(key, "an integer", v.get_ref(), v.span(), out);
        }
        parsed
    }

    /// An optional number (integer or float), with where it is written.
    pub fn number(&self, key: &str, out: &mut Reporter<'_>) -> Option<Spanned<f64>> {
        let v = self.value(key)?;
        let parsed = match v.get_ref() {
            DeValue::Integer(i) => i64::from_str_radix(&i.as_str().replace('_', ""), i.radix())
                .ok()
                .map(|n| n as f64),
            DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok(),
            _ => None,
        };
        if parsed.is_none() {
            self.mistyped(key, "a number", v.get_ref(), v.span(), out);
        }
        parsed.map(|n| Spanned::new(v.span(), n))
    }

    /// A field holding one string or an array of strings.
    pub fn strings(&self, key: &str, out: &mut Reporter<'_>) -> Vec<Spanned<String>> {
        let Some(v) = self.value(key) else {
            return Vec::new();
        };
        match v.get_ref() {
            DeValue::String(s) => vec![Spanned::new(v.span(), s.to_string())],
            DeValue::Array(items) => {
                let mut strings = Vec::new();
                for item in items.iter() {
                    match item.get_ref() {
                        DeValue::String(s) => {
                            strings.push(Spanned::new(item.span(), s.to_string()))
                        }
                        other => self.mistyped(key, "an array of strings", other, item.span(), out),
                    }
                }
                strings
            }
            other => {
                self.mistyped(key, "a string or an array of strings", other, v.span(), out);
                Vec::new()
            }
        }
    }

    /// True when the key is present at all.
    pub fn has(&self, key: &str) -> bool {
        self.value(key).is_some()
    }

    fn missing(&self, key: &str, out: &mut Reporter<'_>) {
        out.report(
            self.span(),
            self.subject(),
            format!("missing field `{key}`"),
        );
    }

    fn mistyped(
        &self,
        key: &str,
        want: &str,
        got: &DeValue<'_>,
        span: Range<usize>,
        out: &mut Reporter<'_>,
    ) {
        out.report(
            span,
            self.subject(),
            format!("field `{key}` must be {want}, found {}", got.type_str()),
        );
    }
}

#[cfg(test)]
mod tests;
