//! The stream's header: the leading fields of a log's lines, whose
//! constants count for little when lines are compared.

use super::mask::Token;

/// Positions at the start of a line looked at for a header.
const HEADER_MAX: usize = 8;

/// Lines seen before the header is trusted.
const HEADER_AFTER: u64 = 100;

/// What a constant in the header weighs, against one in the message.
pub(super) const HEADER_WEIGHT: f64 = 0.2;

/// What a constant in the header costs when a line has another word there,
/// against what it weighs when they agree. A component, program or level
/// that differs says the same message came from elsewhere; one that agrees
/// still says the lines share a source. Leave-one-out over the Loghub
/// samples and the synthetic layouts (1, 0.5, 0.25, 0.1, 0): 0.1 to 0.5
/// give the same GA everywhere, 1 costs the `|` layout (component per
/// message) half its lines, 0 costs Linux 0.006.
pub(super) const HEADER_DIFFER: f64 = 0.25;

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
    /// Counts `tokens` and returns the header's length in tokens now: the
    /// stream's, or this line's own when it says where its header ends
    /// (see [`separator_end`]), whichever is longer.
    pub(super) fn observe(&mut self, line: &str, tokens: &[Token]) -> usize {
        self.stream(tokens).max(separator_end(line, tokens))
    }

    fn stream(&mut self, tokens: &[Token]) -> usize {
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

/// Where a line's header ends by its own structure, after at least one
/// variable: after the last `|` between its first tokens
/// (`<time>|<component>|<pid>|<message>`), else at a bare punctuation
/// token among them (`[10.30 16:49:06] app.exe - ...`, `<time> INFO [t]
/// c.Logger - ...`). Layouts put one between the fields and the message,
/// and the fields before it (a program, a logger) may take any number of
/// tokens; known from the first line, it spares the templates born before
/// the stream's header is known.
fn separator_end(line: &str, tokens: &[Token]) -> usize {
    let bytes = line.as_bytes();
    let mut seen_variable = false;
    let mut piped = 0;
    for (i, token) in tokens.iter().take(HEADER_MAX).enumerate() {
        seen_variable |= token.variable;
        let gap_end = tokens
            .get(i + 1)
            .map_or(token.start + token.len, |t| t.start);
        if seen_variable && bytes[token.start + token.len..gap_end].contains(&b'|') {
            piped = i + 1;
        }
    }
    if piped > 0 {
        return piped;
    }
    seen_variable = false;
    for (i, token) in tokens.iter().take(HEADER_MAX).enumerate() {
        let text = token.text(line);
        if seen_variable && !token.variable && text.bytes().all(|b| b.is_ascii_punctuation()) {
            return i + 1;
        }
        seen_variable |= token.variable;
    }
    0
}
