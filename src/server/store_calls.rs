//! Every change the API asks of the store, one small function per kind:
//! the store's command API is the only thing here, so a change to it
//! touches this file alone.

use std::sync::Arc;

use crate::model::{DetectedAt, Issue};
use crate::store::{IssueKey, SilenceTarget, StoreHandle};

/// Resolves (or reopens) the issue `key` names; `None` when none is held.
pub async fn resolve(store: &StoreHandle, key: IssueKey, resolved: bool) -> Option<Arc<Issue>> {
    store.set_resolved(key, resolved).await
}

/// Resolves (or reopens) every issue in `ids`; returns those that changed.
pub async fn resolve_all(store: &StoreHandle, ids: Vec<String>, resolved: bool) -> Vec<Arc<Issue>> {
    store.set_resolved_all(ids, resolved).await
}

/// Acknowledges (or not) the issue `id`; returns it if it changed.
pub async fn acknowledge(store: &StoreHandle, id: String, acknowledged: bool) -> Vec<Arc<Issue>> {
    store.set_acknowledged(vec![id], acknowledged).await
}

/// Silences `target` until `until` (`None`: no longer); returns the held
/// issues that changed.
pub async fn silence(
    store: &StoreHandle,
    target: SilenceTarget,
    until: Option<DetectedAt>,
) -> Vec<Arc<Issue>> {
    store.silence(target, until).await
}
