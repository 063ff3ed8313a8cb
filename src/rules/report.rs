//! Turns byte spans into file, line and column, collecting every problem
//! of one file so that all of them are reported at once.

use std::ops::Range;

use super::error::{Fault, Problem};

/// Collects problems while reading one file.
pub(super) struct Reporter<'a> {
    file: &'a str,
    text: &'a str,
    /// Everything found so far, in order of discovery.
    pub problems: Vec<Problem>,
}

impl<'a> Reporter<'a> {
    /// A reporter for `text`, read from `file`.
    pub(super) fn new(file: &'a str, text: &'a str) -> Self {
        Self {
            file,
            text,
            problems: Vec::new(),
        }
    }

    /// Records `fault` at byte `span` of the file, about `subject`.
    pub(super) fn report(&mut self, span: Range<usize>, subject: Option<&str>, fault: Fault) {
        let (line, column) = line_column(self.text, span.start);
        self.problems.push(Problem {
            file: self.file.to_string(),
            line,
            column,
            subject: subject.map(str::to_string),
            message: fault.to_string(),
        });
    }

    /// 1-based line of a byte offset (used to remember where rules are defined).
    pub(super) fn line_of(&self, offset: usize) -> usize {
        line_column(self.text, offset).0
    }
}

/// 1-based line and column (in chars) of byte `offset` in `text`.
pub(super) fn line_column(text: &str, offset: usize) -> (usize, usize) {
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

#[cfg(test)]
mod tests;
