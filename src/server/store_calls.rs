//! Every change the API asks of the store: one [`Command`] from
//! [`Origin::Api`], answered once it is published.

use std::sync::Arc;

use crate::model::{DetectedAt, Issue};
use crate::store::{Command, Edit, IssueKey, Origin, StoreHandle, Target};

/// Asks the store for `edit` of `target`; the answer says what changed.
async fn ask(store: &StoreHandle, edit: Edit, target: Target) -> crate::store::Answer {
    let command = Command {
        edit,
        target,
        origin: Origin::Api,
    };
    store.ask(command).await
}

/// Resolves (or reopens) the issue `key` names; `None` when none is held.
pub(super) async fn resolve(
    store: &StoreHandle,
    key: IssueKey,
    resolved: bool,
) -> Option<Arc<Issue>> {
    ask(store, Edit::Resolve(resolved), Target::Issue(key))
        .await
        .issue
}

/// Resolves (or reopens) every issue in `ids`; returns those that changed.
pub(super) async fn resolve_all(
    store: &StoreHandle,
    ids: Vec<String>,
    resolved: bool,
) -> Vec<Arc<Issue>> {
    ask(store, Edit::Resolve(resolved), Target::Issues(ids))
        .await
        .changed
}

/// Acknowledges (or not) the issue `id`; returns it if it changed.
pub(super) async fn acknowledge(
    store: &StoreHandle,
    id: String,
    acknowledged: bool,
) -> Vec<Arc<Issue>> {
    ask(
        store,
        Edit::Acknowledge(acknowledged),
        Target::Issues(vec![id]),
    )
    .await
    .changed
}

/// Silences `target` until `until` (`None`: no longer); returns the held
/// issues that changed.
pub(super) async fn silence(
    store: &StoreHandle,
    target: Target,
    until: Option<DetectedAt>,
) -> Vec<Arc<Issue>> {
    ask(store, Edit::Silence(until), target).await.changed
}
