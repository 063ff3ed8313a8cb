//! Actions on the selected issues: open the detail, resolve, acknowledge,
//! silence. Each decides what to ask the store for; the app sends it.

use super::action::Action;
use super::state::{Context, Effect, UiState};
use crate::model::DetectedAt;

/// How long `S` silences an issue.
pub(super) const SILENCE: chrono::TimeDelta = chrono::TimeDelta::hours(1);

impl UiState {
    /// Carries out an action on the selection's issues.
    pub(super) fn issue_action(&mut self, action: Action, cx: &Context) -> Option<Effect> {
        let acts_on_selection = matches!(
            action,
            Action::Resolve
                | Action::Unresolve
                | Action::Acknowledge
                | Action::Silence
                | Action::Heal
        );
        if acts_on_selection && self.target_ids(cx).is_empty() {
            // Said, not silently ignored: the operator meant an issue.
            self.say(super::toast::Notice::warning(
                "nothing done: no issue is selected here (it left the view, or the pane has none)",
            ));
            return None;
        }
        match action {
            Action::OpenDetail if self.focus == super::state::Pane::Health => {
                self.health_detail = true;
                None
            }
            Action::OpenDetail => {
                self.detail = self.target_ids(cx).into_iter().next();
                self.detail_scroll = 0;
                None
            }
            Action::Resolve | Action::Unresolve => {
                let ids = self.target_ids(cx);
                (!ids.is_empty()).then(|| Effect::SetResolved(ids, action == Action::Resolve))
            }
            Action::ResolveGroup => {
                self.ask_resolve_group(cx);
                None
            }
            Action::Acknowledge => self.acknowledge(cx),
            Action::Silence => self.silence(cx),
            Action::Heal => {
                self.ask_heal(cx);
                None
            }
            _ => None,
        }
    }

    /// `o` and `e`: the selection's lines in its file, in the dashboard
    /// (the app reads them) or in the pager.
    pub(super) fn context_action(&mut self, action: Action, cx: &Context) -> Option<Effect> {
        let id = match &self.context {
            Some(view) => view.issue_id.clone(),
            None => self.target_ids(cx).into_iter().next()?,
        };
        match action {
            Action::OpenContext => Some(Effect::ReadContext(id)),
            _ => Some(Effect::OpenPager(id)),
        }
    }

    /// A toggle: acknowledged already (all of them) means take it back.
    fn acknowledge(&self, cx: &Context) -> Option<Effect> {
        let ids = self.target_ids(cx);
        let all = ids
            .iter()
            .all(|id| cx.snapshot.find(id).is_some_and(|issue| issue.acknowledged));
        (!ids.is_empty()).then_some(Effect::SetAcknowledged(ids, !all))
    }

    /// A toggle: silenced already (all of them) ends the silence, otherwise
    /// silence for [`SILENCE`].
    fn silence(&self, cx: &Context) -> Option<Effect> {
        let ids = self.target_ids(cx);
        let now = cx.snapshot.taken_at;
        let all = ids.iter().all(|id| {
            cx.snapshot
                .find(id)
                .is_some_and(|issue| issue.silenced(now))
        });
        let until = (!all).then(|| DetectedAt::at(now + SILENCE));
        (!ids.is_empty()).then_some(Effect::SetSilenced(ids, until))
    }
}
