//! Untrusted text made safe and fitted to a width (display columns, so
//! wide characters are measured correctly).

use std::borrow::Cow;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::model::{DetectedAt, Severity, sanitize_for_terminal};

/// Text from a log (or anything outside) made inert for the terminal,
/// and of a width the layout can count on: besides control characters,
/// the invisible characters whose width terminals disagree about (variation
/// selectors, joiners, zero-width spaces, soft hyphens, tags) and combining
/// marks stacked past two on one letter are shown as `\u{..}`, so a row
/// is as wide on screen as it was measured.
pub(super) fn safe(text: &str) -> Cow<'_, str> {
    let inert = sanitize_for_terminal(text);
    if !inert.chars().any(|c| width_unsure(c) || is_combining(c)) {
        return inert;
    }
    let mut out = String::with_capacity(inert.len() + 16);
    let mut stacked = 0;
    for ch in inert.chars() {
        let combining = is_combining(ch);
        stacked = if combining { stacked + 1 } else { 0 };
        if width_unsure(ch) || stacked > 2 {
            out.push_str(&format!("\\u{{{:x}}}", ch as u32));
        } else {
            out.push(ch);
        }
    }
    Cow::Owned(out)
}

/// Invisible characters that change how terminals draw their neighbours.
fn width_unsure(ch: char) -> bool {
    matches!(ch,
        '\u{ad}' | '\u{34f}' | '\u{180e}' | '\u{200b}'..='\u{200d}' | '\u{2060}'..='\u{2064}'
        | '\u{fe00}'..='\u{fe0f}' | '\u{e0000}'..='\u{e007f}' | '\u{e0100}'..='\u{e01ef}')
}

/// Combining marks (drawn on the letter before them).
fn is_combining(ch: char) -> bool {
    matches!(ch,
        '\u{300}'..='\u{36f}' | '\u{1ab0}'..='\u{1aff}' | '\u{1dc0}'..='\u{1dff}'
        | '\u{20d0}'..='\u{20ff}' | '\u{fe20}'..='\u{fe2f}')
}

/// Display width of `text`.
pub(super) fn width(text: &str) -> usize {
    text.width()
}

/// `text` cut to at most `max` columns, ending in `…` when cut.
pub(super) fn fit(text: &str, max: usize) -> String {
    if text.width() <= max {
        return text.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for ch in text.chars() {
        let w = ch.width().unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        out.push(ch);
        used += w;
    }
    out.push('…');
    out
}

/// `text` padded with spaces (or cut) to exactly `cols` columns.
pub(super) fn pad(text: &str, cols: usize) -> String {
    let mut out = fit(text, cols);
    let w = out.width();
    out.extend(std::iter::repeat_n(' ', cols.saturating_sub(w)));
    out
}

/// A four-letter severity for narrow columns (`CRIT`, `ERRO`, `WARN`, `INFO`).
pub(super) fn short_severity(severity: Severity) -> &'static str {
    severity.as_str().get(..4).unwrap_or("")
}

/// A detection time as the local clock time shown in lists.
pub(super) fn clock(at: DetectedAt) -> String {
    at.instant()
        .with_timezone(&chrono::Local)
        .format("%H:%M:%S")
        .to_string()
}

/// A detection time for lists: the local clock time, with the month and
/// day before it (`12-05 14:03:11`) when it is not from `today`'s date.
pub(super) fn when(at: DetectedAt, today: chrono::DateTime<chrono::Utc>) -> String {
    let local = at.instant().with_timezone(&chrono::Local);
    let format = if dated(at, today) {
        "%m-%d %H:%M:%S"
    } else {
        "%H:%M:%S"
    };
    local.format(format).to_string()
}

/// Columns [`when`] takes: the clock alone, or with the date.
pub(super) fn when_width(dated: bool) -> usize {
    if dated { 14 } else { 8 }
}

/// Whether [`when`] shows `at` with its date.
pub(super) fn dated(at: DetectedAt, today: chrono::DateTime<chrono::Utc>) -> bool {
    at.instant().with_timezone(&chrono::Local).date_naive()
        != today.with_timezone(&chrono::Local).date_naive()
}

/// `text` right-aligned in `cols` columns (cut with `…` if wider).
pub(super) fn pad_left(text: &str, cols: usize) -> String {
    let text = fit(text, cols);
    let mut out = " ".repeat(cols.saturating_sub(text.width()));
    out.push_str(&text);
    out
}

/// The last path component (the file name), for narrow columns.
pub(super) fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

#[cfg(test)]
mod tests;
