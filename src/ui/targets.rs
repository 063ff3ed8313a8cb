//! What a key acts on: the selection's issues (the context's, the detail's, the feed's
//! row, or a critical row's), their groups, and the category cycle.

use super::state::{Context, Pane, UiState};

impl UiState {
    /// The next category that has issues (of the host filter's host,
    /// when one is set); after the last, all categories again.
    pub(super) fn cycle_category(&mut self, cx: &Context) {
        let counts = match &cx.view.host_counts {
            Some(host) => &host.category,
            None => &cx.snapshot.category_counts,
        };
        let categories: Vec<&String> = counts.keys().collect();
        let next = match &self.filters.category {
            None => categories.first().map(|c| (*c).clone()),
            Some(current) => {
                let at = categories.iter().position(|c| *c == current);
                at.and_then(|i| categories.get(i + 1)).map(|c| (*c).clone())
            }
        };
        self.filters.category = next;
    }

    /// The issues the selection stands for: the detail's issue, the feed's
    /// selected issue, or every open issue of the selected critical row.
    pub(super) fn target_ids(&self, cx: &Context) -> Vec<String> {
        if let Some(view) = &self.context {
            return vec![view.issue_id.clone()];
        }
        if let Some(id) = &self.detail {
            return vec![id.clone()];
        }
        match self.focus {
            Pane::Feed => self
                .feed_row(cx)
                .and_then(|row| cx.view.issue(cx.snapshot, row))
                .map(|i| vec![i.id.clone()])
                .unwrap_or_default(),
            Pane::Critical => {
                let rows = self.critical_rows(cx.snapshot);
                let Some(row) = self.critical_row(cx).and_then(|r| rows.get(r).copied()) else {
                    return Vec::new();
                };
                cx.snapshot
                    .issues
                    .iter()
                    .rev()
                    .filter(|i| {
                        !i.resolved
                            && i.severity == row.severity
                            && i.issue_type == row.issue_type
                            && i.source_file == row.source_file
                    })
                    .map(|i| i.id.clone())
                    .collect()
            }
            Pane::Hosts | Pane::Log | Pane::Health => Vec::new(),
        }
    }

    /// Every open issue held of the groups the selection's issues belong to.
    pub(super) fn group_ids(&self, cx: &Context) -> Vec<String> {
        let targets = self.target_ids(cx);
        let groups: Vec<&str> = targets
            .iter()
            .filter_map(|id| cx.snapshot.find(id))
            .filter_map(|i| i.group_id.as_deref())
            .collect();
        let mut ids: Vec<String> = cx
            .snapshot
            .issues
            .iter()
            .rev()
            .filter(|i| !i.resolved && i.group_id.as_deref().is_some_and(|g| groups.contains(&g)))
            .map(|i| i.id.clone())
            .collect();
        // Issues without a group stand for themselves.
        for id in targets {
            if !ids.contains(&id) && cx.snapshot.find(&id).is_some_and(|i| !i.resolved) {
                ids.push(id);
            }
        }
        ids
    }
}
