//! What a held issue costs in memory, estimated: its texts and fields, and
//! its entries in the store's and the grouper's indexes. The store's byte
//! limit is checked against the sum.

use crate::model::Issue;

/// What the allocator adds to each allocation (its header, and rounding
/// up to 16 bytes on average).
pub(super) const ALLOC: usize = 24;

/// Index entries an issue has while held, beyond its texts: the id index,
/// the deque slot, the grouper's two maps and the signals' rate (hash
/// tables at their usual load), and the keys' own allocations.
const INDEXES: usize = 480;

/// A text's cost: its capacity and its allocation (none when empty).
fn text(s: &str, capacity: usize) -> usize {
    if capacity == 0 && s.is_empty() {
        0
    } else {
        capacity + ALLOC
    }
}

/// The estimated bytes `issue` takes while held.
pub(super) fn issue_bytes(issue: &Issue) -> usize {
    let own = [
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
    .map(|s| text(s, s.capacity()))
    .sum::<usize>();
    let optional = [&issue.log_time, &issue.group_id, &issue.template]
        .iter()
        .filter_map(|s| s.as_ref())
        .map(|s| text(s, s.capacity()))
        .sum::<usize>();
    let sources = text("", issue.sources.capacity() * std::mem::size_of::<String>())
        + issue
            .sources
            .iter()
            .map(|s| text(s, s.capacity()))
            .sum::<usize>();
    let occurrences = text(
        "",
        issue.occurrences.capacity() * std::mem::size_of::<crate::model::Occurrence>(),
    ) + issue
        .occurrences
        .iter()
        .map(|o| {
            text(&o.log_line, o.log_line.capacity())
                + text(&o.source_file, o.source_file.capacity())
        })
        .sum::<usize>();
    // The grouper keeps the type and id twice, the group id once more.
    let keys = 2 * (issue.issue_type.len() + issue.id.len() + 2 * ALLOC)
        + issue.group_id.as_ref().map_or(0, |g| g.len() + ALLOC);
    let record = std::mem::size_of::<Issue>() + 16 + ALLOC;
    record + own + optional + sources + occurrences + keys + INDEXES
}
