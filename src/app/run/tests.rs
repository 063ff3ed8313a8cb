use chrono::Utc;

use super::*;
use crate::model::test_issue;
use crate::store::{EngineView, IssueStore, StoreOptions, spawn_store};
use crate::theme::Theme;

/// A snapshot holding issues `ids`, at store version `version`.
fn snapshot(ids: &[&str], version: u64) -> Arc<Snapshot> {
    let mut store = IssueStore::new(10);
    for id in ids {
        store.insert(test_issue(id));
    }
    let mut snapshot = store.snapshot(Utc::now(), EngineView::default());
    snapshot.version = version;
    Arc::new(snapshot)
}

#[tokio::test]
async fn paused_the_view_holds_still_and_says_how_many_updates_wait() {
    let (_updates, rx) = mpsc::channel(1);
    let (store, _task) = spawn_store(rx, StoreOptions::memory(10));
    let palettes = vec![Palette::new(Theme::default_theme(), false)];
    let mut dashboard = Dashboard::new(store, palettes, Chrome::default());
    let first = snapshot(&["a"], 1);
    dashboard.arrived(Arc::clone(&first));
    assert!(Arc::ptr_eq(&dashboard.snapshot, &first));
    dashboard.act(Action::TogglePause);
    // The issue recurs and another comes: nothing moves on screen.
    let second = snapshot(&["a", "b"], 4);
    dashboard.arrived(Arc::clone(&second));
    assert!(Arc::ptr_eq(&dashboard.snapshot, &first), "held still");
    assert_eq!(dashboard.state.waiting, 3);
    // An action while paused does not unfreeze it.
    dashboard.act(Action::Down);
    assert!(Arc::ptr_eq(&dashboard.snapshot, &first));
    dashboard.act(Action::TogglePause);
    assert!(
        Arc::ptr_eq(&dashboard.snapshot, &second),
        "what waited is shown"
    );
    assert_eq!(dashboard.state.waiting, 0);
}
