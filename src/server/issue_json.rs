//! Issues as the API serves them: the original fields plus ours, with
//! secrets removed from the log text (the store keeps what was written),
//! and the envelopes that carry them.

use std::sync::Arc;

use serde::{Serialize, Serializer};

use crate::model::Issue;
use crate::redact::Redactor;

/// Room a list body starts with, so a typical answer is written without
/// growing the buffer.
pub(super) const LIST_CAPACITY: usize = 16 * 1024;
/// Room a one-issue body starts with.
pub(super) const ISSUE_CAPACITY: usize = 2048;

/// `body` as JSON, written into a buffer of `capacity` bytes to start.
pub(super) fn to_json(capacity: usize, body: &impl Serialize) -> Vec<u8> {
    let mut out = Vec::with_capacity(capacity);
    // The bodies have string keys only, so writing into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut out, body);
    out
}

/// The `"status":"success"` of every answer that is not an error.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Success;

impl Serialize for Success {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str("success")
    }
}

/// One issue as served: redacted while it is written (no copy unless a
/// secret is found).
#[derive(Debug, Clone, Copy)]
pub(super) struct Served<'a> {
    /// The issue as the store holds it.
    pub issue: &'a Issue,
    /// What is hidden from its text.
    pub redactor: &'a Redactor,
}

impl Serialize for Served<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.redactor.issue(self.issue).serialize(serializer)
    }
}

/// Issues served in order, each redacted as it is written.
#[derive(Debug, Clone, Copy)]
pub(super) struct ServedList<'a> {
    /// The issues picked.
    pub issues: &'a [&'a Arc<Issue>],
    /// What is hidden from their text.
    pub redactor: &'a Redactor,
}

impl Serialize for ServedList<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let redactor = self.redactor;
        serializer.collect_seq(self.issues.iter().map(|issue| Served { issue, redactor }))
    }
}

/// `{"status":"success","issues":[...],"count":N}`.
#[derive(Debug, Serialize)]
pub(super) struct IssuesBody<'a> {
    status: Success,
    issues: ServedList<'a>,
    count: usize,
}

/// `{"status":"success","issue":{...}}`.
#[derive(Debug, Serialize)]
pub(super) struct IssueBody<'a> {
    status: Success,
    issue: Served<'a>,
}

/// `{"status":"success","issue":{...},"message":"Issue <verb>"}`: the
/// original answered changes with a message, so they keep one.
#[derive(Debug, Serialize)]
pub(super) struct MessageBody<'a> {
    status: Success,
    issue: Served<'a>,
    message: &'static str,
}

/// The issues in `issues`, as a list body.
pub(super) fn issues_body(issues: &[&Arc<Issue>], redactor: &Redactor) -> Vec<u8> {
    let body = IssuesBody {
        status: Success,
        issues: ServedList { issues, redactor },
        count: issues.len(),
    };
    to_json(LIST_CAPACITY, &body)
}

/// `issue` alone.
pub(super) fn issue_body(issue: &Issue, redactor: &Redactor) -> Vec<u8> {
    let body = IssueBody {
        status: Success,
        issue: Served { issue, redactor },
    };
    to_json(ISSUE_CAPACITY, &body)
}

/// `issue` with `message` (e.g. `Issue resolved`).
pub(super) fn message_body(issue: &Issue, redactor: &Redactor, message: &'static str) -> Vec<u8> {
    let body = MessageBody {
        status: Success,
        issue: Served { issue, redactor },
        message,
    };
    to_json(ISSUE_CAPACITY, &body)
}
