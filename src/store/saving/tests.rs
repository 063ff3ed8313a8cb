use super::*;
use crate::model::test_issue;

#[test]
fn failed_writes_keep_the_changes_and_the_store_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    drop(Persist::open(dir.path()).unwrap());
    let db = Persist::open_read_only(dir.path()).unwrap();
    let mut store = IssueStore::new(10);
    let mut groups = Grouper::default();
    let mut signals = Signals::default();
    let mut saver = Saver::start(
        db,
        &mut store,
        &mut groups,
        &mut signals,
        &Limits::holding(10),
    );
    store.insert(test_issue("a"));
    saver.mark("a");
    saver.flush(&store, true);
    assert!(
        saver
            .last_error
            .as_deref()
            .is_some_and(|e| e.contains("cannot write")),
        "{:?}",
        saver.last_error
    );
    assert!(saver.dirty.contains("a"), "kept for the next try");
    store.insert(test_issue("b"));
    saver.mark("b");
    assert_eq!(store.len(), 2, "the store goes on in memory");
    // Writable again (the disk has room): everything pending is written.
    saver.db = Persist::open(dir.path()).unwrap().0;
    saver.flush(&store, true);
    assert!(saver.last_error.is_none() && saver.dirty.is_empty());
    let (saved, _) = Persist::open(dir.path()).unwrap().0.load(10).unwrap();
    assert_eq!(saved.len(), 2);
}

#[test]
fn issues_dropped_while_writes_fail_are_counted_lost_and_not_kept() {
    let dir = tempfile::tempdir().unwrap();
    drop(Persist::open(dir.path()).unwrap());
    let db = Persist::open_read_only(dir.path()).unwrap();
    let mut store = IssueStore::new(2);
    let (mut groups, mut signals) = (Grouper::default(), Signals::default());
    let mut saver = Saver::start(
        db,
        &mut store,
        &mut groups,
        &mut signals,
        &Limits::holding(2),
    );
    for n in 0..5 {
        let id = format!("i{n}");
        store.insert(test_issue(&id));
        saver.mark(&id);
        saver.flush(&store, true);
    }
    let status = saver.status();
    assert!(status.failing.is_some());
    assert_eq!(
        (status.unsaved, status.lost),
        (2, 3),
        "pending: what the store holds; the three dropped are counted"
    );
}
