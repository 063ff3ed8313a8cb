//! Short messages in the status bar: what an operator's action did (a
//! toast, gone after a few seconds or at the next action) and the y/n
//! prompt that guards resolving a whole group.

use ratatui::text::{Line, Span};

use super::action::Action;
use super::layout::Screen;
use super::state::{Effect, UiState};
use super::text::safe;
use crate::theme::Role;

/// A message for the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// What to say (made safe when drawn).
    pub text: String,
    /// A warning (drawn in the warning colour) rather than a confirmation.
    pub warning: bool,
}

impl Notice {
    /// A confirmation of what was done.
    pub fn info(text: impl Into<String>) -> Notice {
        Notice {
            text: text.into(),
            warning: false,
        }
    }

    /// Something the operator must know went wrong or was refused.
    pub fn warning(text: impl Into<String>) -> Notice {
        Notice {
            text: text.into(),
            warning: true,
        }
    }
}

/// The message shown now; `id` tells it from a later one with the same text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Toast {
    /// The message.
    pub notice: Notice,
    /// Increases with every message shown (the app expires it by id).
    pub id: u64,
}

/// A question the next key answers: `y` does it, anything else cancels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirm {
    /// Resolve these open issues of one group.
    ResolveGroup {
        /// Their ids.
        ids: Vec<String>,
        /// The group as the operator knows it (its type; safe to draw).
        group: String,
    },
    /// Run the actions bound to one issue now.
    Heal {
        /// Its id.
        id: String,
        /// Its type (safe to draw).
        label: String,
    },
}

impl Confirm {
    /// The question, as the status bar asks it.
    pub fn question(&self) -> String {
        match self {
            Confirm::ResolveGroup { ids, group } => {
                let n = ids.len();
                let issues = if n == 1 { "issue" } else { "issues" };
                format!("Resolve {n} {issues} of {group}? y/n")
            }
            Confirm::Heal { label, .. } => {
                format!("Run the healing actions bound to this {label} issue now? y/n")
            }
        }
    }
}

impl UiState {
    /// Messages from the app (outcomes, expiry): `Some` when `action` was
    /// one; they neither clear the toast nor answer a prompt.
    pub(super) fn notice_action(&mut self, action: &Action) -> Option<Option<Effect>> {
        match action {
            Action::Notify(notice) => self.say(notice.clone()),
            Action::ExpireToast(id) => {
                if self.toast.as_ref().is_some_and(|t| t.id == *id) {
                    self.toast = None;
                }
            }
            _ => return None,
        }
        Some(None)
    }

    /// Shows `notice` in the status bar.
    pub(super) fn say(&mut self, notice: Notice) {
        self.said += 1;
        self.toast = Some(Toast {
            notice,
            id: self.said,
        });
    }

    /// The answer to the open prompt: `Confirm` carries it out, Quit
    /// still quits, anything else cancels it (and does nothing else).
    pub(super) fn answer_confirm(&mut self, action: Action) -> Option<Effect> {
        let confirm = self.confirm.take()?;
        match action {
            Action::Confirm => match confirm {
                Confirm::ResolveGroup { ids, group } => Some(Effect::ResolveGroup(ids, group)),
                Confirm::Heal { id, .. } => Some(Effect::Heal(id)),
            },
            Action::Quit => Some(Effect::Quit),
            _ => {
                let what = match confirm {
                    Confirm::ResolveGroup { .. } => "cancelled: nothing resolved",
                    Confirm::Heal { .. } => "cancelled: nothing run",
                };
                self.say(Notice::info(what));
                None
            }
        }
    }

    /// `R`: asks before resolving every open issue of the selection's group.
    pub(super) fn ask_resolve_group(&mut self, cx: &super::state::Context) {
        let ids = self.group_ids(cx);
        if ids.is_empty() {
            self.say(Notice::info(
                "nothing to resolve: no open issue in the group",
            ));
            return;
        }
        let group = self
            .target_ids(cx)
            .first()
            .and_then(|id| cx.snapshot.find(id))
            .map_or_else(|| "the group".into(), |i| safe(&i.issue_type).into_owned());
        self.confirm = Some(Confirm::ResolveGroup { ids, group });
    }
}

impl UiState {
    /// `h`: asks before running the actions bound to the selection.
    pub(super) fn ask_heal(&mut self, cx: &super::state::Context) {
        let Some(id) = self.target_ids(cx).into_iter().next() else {
            return;
        };
        let label = cx
            .snapshot
            .find(&id)
            .map_or_else(|| "selected".into(), |i| safe(&i.issue_type).into_owned());
        self.confirm = Some(Confirm::Heal { id, label });
    }
}

/// The status bar's line while a prompt or a toast is shown.
pub(super) fn line<'a>(screen: &Screen) -> Option<Line<'a>> {
    let (state, palette) = (screen.state, screen.palette);
    if let Some(confirm) = &state.confirm {
        return Some(Line::from(vec![
            Span::styled(confirm.question(), palette.role(Role::Selection)),
            Span::styled(
                "  (y: yes · any other key: cancel)",
                palette.role(Role::TextDim),
            ),
        ]));
    }
    let toast = state.toast.as_ref()?;
    let role = if toast.notice.warning {
        Role::SeverityWarning
    } else {
        Role::Title
    };
    Some(Line::from(Span::styled(
        safe(&toast.notice.text).into_owned(),
        palette.role(role),
    )))
}
