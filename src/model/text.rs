//! Capping untrusted text so one huge line cannot blow up memory or output.

use std::borrow::Cow;
use std::fmt::Write;

/// Default cap, in bytes, for an issue's `log_line`.
pub const LOG_LINE_CAP: usize = 8 * 1024;
/// Default cap, in bytes, for an issue's whole `event` text.
pub(crate) const EVENT_CAP: usize = 64 * 1024;
/// Written after text that was cut, followed by the original size.
pub(crate) const TEXT_CUT_MARKER: &str = "… [cut by logwarden:";

/// `text` limited to `cap` bytes (cut on a char boundary). When anything is
/// missing, cut here or already upstream (`original_len` is the line's length
/// before any capping), a marker with the original length follows, so a
/// reader always knows the text is incomplete.
pub(crate) fn cap_line(text: &str, cap: usize, original_len: usize) -> String {
    let kept = prefix_within(text, cap);
    if kept.len() == text.len() && original_len <= text.len() {
        return text.to_string();
    }
    format!(
        "{kept} {TEXT_CUT_MARKER} line was {} bytes]",
        original_len.max(text.len())
    )
}

/// The longest prefix of `text` of at most `max` bytes that ends on a char boundary.
pub(crate) fn prefix_within(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Makes untrusted text inert on a terminal: C0 controls (tab included),
/// DEL, C1 controls, line/paragraph separators, bidi overrides and BOM are
/// shown as `\u{..}` escapes, so a log line can never move the cursor,
/// recolor the screen, or reorder what the operator reads.
pub(crate) fn sanitize_for_terminal(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for ch in text.chars() {
        if is_unsafe_char(ch) {
            let _ = write!(out, "\\u{{{:x}}}", ch as u32);
        } else {
            out.push(ch);
        }
    }
    Cow::Owned(out)
}

/// [`sanitize_for_terminal`] line by line, keeping the line breaks: for
/// messages that span lines by design (a regex error points at the
/// pattern on the line below) but quote untrusted text, such as a rules
/// file's ids, types, categories and patterns.
pub fn sanitize_lines(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c != '\n' && is_unsafe_char(c)) {
        return Cow::Borrowed(text);
    }
    let lines: Vec<Cow<'_, str>> = text.split('\n').map(sanitize_for_terminal).collect();
    Cow::Owned(lines.join("\n"))
}

fn is_unsafe_char(ch: char) -> bool {
    matches!(ch,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{2028}' | '\u{2029}'
        | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        | '\u{feff}')
}

#[cfg(test)]
mod tests;
