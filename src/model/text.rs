//! Capping untrusted text so one huge line cannot blow up memory or output.

use std::borrow::Cow;
use std::fmt::Write;

/// Default cap, in bytes, for an issue's `log_line`.
pub const LOG_LINE_CAP: usize = 8 * 1024;
/// Default cap, in bytes, for an issue's whole `event` text.
pub const EVENT_CAP: usize = 64 * 1024;
/// Written after text that was cut, followed by the original size.
pub const TEXT_CUT_MARKER: &str = "… [cut by logwarden:";

/// Returns `text` unchanged when it fits in `cap` bytes, else its longest
/// prefix that fits (on a char boundary) followed by a marker saying how
/// long the original was, so a reader always knows the text is incomplete.
pub fn cap_text(text: &str, cap: usize) -> String {
    if text.len() <= cap {
        return text.to_string();
    }
    format!(
        "{} {TEXT_CUT_MARKER} {} bytes]",
        prefix_within(text, cap),
        text.len()
    )
}

/// The longest prefix of `text` of at most `max` bytes that ends on a char boundary.
pub fn prefix_within(text: &str, max: usize) -> &str {
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
pub fn sanitize_for_terminal(text: &str) -> Cow<'_, str> {
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

fn is_unsafe_char(ch: char) -> bool {
    matches!(ch,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{2028}' | '\u{2029}'
        | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        | '\u{feff}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_are_made_inert() {
        let hostile = "ok\u{1b}[2J\u{1b}]0;pwned\u{7}\u{9b}31m\u{202e}txt.exe\r";
        let safe = sanitize_for_terminal(hostile);
        assert!(!safe.chars().any(is_unsafe_char), "{safe}");
        assert!(safe.contains("\\u{1b}[2J"), "{safe}");
        assert!(safe.contains("\\u{202e}"), "{safe}");
        assert_eq!(sanitize_for_terminal("plain é ✓"), "plain é ✓");
    }

    #[test]
    fn short_text_is_untouched() {
        assert_eq!(cap_text("hello", 5), "hello");
    }

    #[test]
    fn long_text_is_cut_on_a_char_boundary_with_a_marker() {
        let text = "ééééé"; // 10 bytes
        let cut = cap_text(text, 5);
        assert!(cut.starts_with("éé "), "{cut}");
        assert!(cut.contains(TEXT_CUT_MARKER));
        assert!(cut.ends_with("10 bytes]"), "{cut}");
    }
}
