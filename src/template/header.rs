//! The stream's header: the leading fields of a log's lines, whose
//! constants count for little when lines are compared.

use super::mask::Token;

/// Positions at the start of a line looked at for a header.
const HEADER_MAX: usize = 8;

/// Lines seen before the header is trusted.
const HEADER_AFTER: u64 = 100;

/// What a constant in the header weighs, against one in the message.
pub(super) const HEADER_WEIGHT: f64 = 0.2;

/// The stream's header: log lines start with fields that vary (time, host,
/// pid, sequence numbers) around a few that do not (component, state,
/// level); the message follows. The header ends after the last of the
/// first positions that is variable in nine lines of ten; once enough
/// lines have been seen, its constants count for little when lines are
/// compared, so one message from two components is one template.
#[derive(Debug, Default)]
pub(super) struct Header {
    lines: u64,
    variable: [u64; HEADER_MAX],
}

impl Header {
    /// Counts `tokens` and returns the header's length in tokens now.
    pub(super) fn observe(&mut self, tokens: &[Token]) -> usize {
        self.lines += 1;
        for (count, token) in self.variable.iter_mut().zip(tokens) {
            *count += u64::from(token.variable);
        }
        if self.lines < HEADER_AFTER {
            return 0;
        }
        (0..HEADER_MAX)
            .rev()
            .find(|&i| self.variable[i] * 10 >= self.lines * 9)
            .map_or(0, |i| i + 1)
    }
}
