//! Issues as the API serves them: the original fields plus ours, with
//! secrets removed from the log text (the store keeps what was written).

use std::sync::Arc;

use crate::model::Issue;
use crate::redact::Redactor;

/// Appends `issue` as a JSON object.
pub fn write_issue(out: &mut Vec<u8>, issue: &Issue, redactor: &Redactor) {
    // Serializing a plain struct into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *out, &*redactor.issue(issue));
}

/// `{"status":"success","issues":[...],"count":N}`.
pub fn issues_envelope<'a>(
    issues: impl Iterator<Item = &'a Arc<Issue>>,
    redactor: &Redactor,
) -> Vec<u8> {
    let mut out = Vec::with_capacity(16 * 1024);
    out.extend_from_slice(br#"{"status":"success","issues":["#);
    let mut count = 0usize;
    for issue in issues {
        if count > 0 {
            out.push(b',');
        }
        write_issue(&mut out, issue, redactor);
        count += 1;
    }
    out.extend_from_slice(format!(r#"],"count":{count}}}"#).as_bytes());
    out
}

/// `{"status":"success","issue":{...}}`.
pub fn issue_envelope(issue: &Issue, redactor: &Redactor) -> Vec<u8> {
    let mut out = Vec::with_capacity(2048);
    out.extend_from_slice(br#"{"status":"success","issue":"#);
    write_issue(&mut out, issue, redactor);
    out.push(b'}');
    out
}
