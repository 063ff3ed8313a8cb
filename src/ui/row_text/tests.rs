use std::sync::Arc;

use super::*;
use crate::model::DetectedAt;

fn issue(line: &str) -> Arc<Issue> {
    Arc::new(Issue {
        log_line: line.into(),
        event: line.into(),
        ..Issue::blank(DetectedAt::now_unique())
    })
}

#[test]
fn worked_out_once_per_issue_and_again_for_a_new_one() {
    let texts = RowTexts::default();
    let first = issue("2026-03-10 08:00:12,004 ERROR pool down");
    let text = texts.get(&first);
    assert_eq!(text.full, "2026-03-10 08:00:12,004 ERROR pool down");
    assert_eq!(text.untimed, "ERROR pool down");
    assert!(Arc::ptr_eq(&text, &texts.get(&first)), "cached");
    // A grown issue is a new Arc: its text is worked out again.
    let grown = issue("2026-03-10 08:00:12,004 ERROR pool down again");
    assert_eq!(texts.get(&grown).untimed, "ERROR pool down again");
    drop(first);
    texts.prune();
    assert_eq!(
        texts.cache.lock().unwrap().len(),
        1,
        "the dropped issue is forgotten"
    );
}
