//! JSON Lines output: one issue object per line.

use std::io::{self, Write};

use crate::model::Issue;

/// Serializes `issue` as one line of JSON (no trailing newline). C1 control
/// characters, which serde_json leaves raw, are escaped too, so the output
/// is inert even when printed to a terminal.
pub(crate) fn issue_to_json_line(issue: &Issue) -> String {
    let json = serde_json::to_string(issue).unwrap_or_else(|e| {
        // Serializing plain strings and numbers cannot fail; say so if it ever does.
        format!("{{\"status\":\"error\",\"error\":\"cannot serialize issue: {e}\"}}")
    });
    escape_c1(json)
}

/// Writes `issue` as a JSON line.
pub(crate) fn write_json_line(out: &mut impl Write, issue: &Issue) -> io::Result<()> {
    out.write_all(issue_to_json_line(issue).as_bytes())?;
    out.write_all(b"\n")
}

/// Writes `issue` as a JSON line marked `"grew": true`: an event printed
/// before (the same `id`) that more lines joined; this record replaces it.
pub(crate) fn write_grown_json_line(out: &mut impl Write, issue: &Issue) -> io::Result<()> {
    let json = issue_to_json_line(issue);
    // An issue serializes as one object: reopen it for the mark.
    let body = json.strip_suffix('}').unwrap_or(&json);
    out.write_all(body.as_bytes())?;
    out.write_all(b",\"grew\":true}\n")
}

/// Escapes the C1 controls serde_json leaves raw (`\u{9b}` is a CSI on
/// some terminals), so printed JSON carries no control byte at all.
pub(crate) fn escape_c1(json: String) -> String {
    if !json.chars().any(|c| ('\u{80}'..='\u{9f}').contains(&c)) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 8);
    for c in json.chars() {
        if ('\u{80}'..='\u{9f}').contains(&c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests;
