//! What a held issue costs in memory, estimated: its texts and fields, and
//! its entries in the store's and the grouper's indexes. The store's byte
//! limit is checked against the sum.

use crate::model::Issue;

/// Index entries an issue has while held (the id index, the deque slot,
/// the grouper's two maps, its rate, a pending write), beyond its texts.
const INDEXES: usize = 320;

/// The estimated bytes `issue` takes while held.
pub(super) fn issue_bytes(issue: &Issue) -> usize {
    let texts = [
        &issue.issue_type,
        &issue.category,
        &issue.description,
        &issue.log_line,
        &issue.source_file,
        &issue.id,
        &issue.event,
        &issue.rule,
    ]
    .iter()
    .map(|s| s.capacity())
    .sum::<usize>();
    let optional = [&issue.log_time, &issue.group_id, &issue.template]
        .iter()
        .filter_map(|s| s.as_ref())
        .map(String::capacity)
        .sum::<usize>();
    let sources = issue.sources.capacity() * std::mem::size_of::<String>()
        + issue.sources.iter().map(String::capacity).sum::<usize>();
    let occurrences = issue.occurrences.capacity()
        * std::mem::size_of::<crate::model::Occurrence>()
        + issue
            .occurrences
            .iter()
            .map(|o| o.log_line.capacity() + o.source_file.capacity())
            .sum::<usize>();
    // The grouper keeps the type and id twice, the group id once more.
    let keys = 2 * (issue.issue_type.len() + issue.id.len())
        + issue.group_id.as_ref().map_or(0, String::len);
    std::mem::size_of::<Issue>() + 16 + texts + optional + sources + occurrences + keys + INDEXES
}
