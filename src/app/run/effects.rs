//! Carrying out what an action asks for: store commands (their outcome
//! comes back as a message in the status bar, from the store's answer),
//! the theme, the log pane, reading an issue's context, the pager.

use tui_logger::TuiWidgetEvent;

use super::Dashboard;
use crate::app::context_file::{locate, read_context};
use crate::app::pager;
use crate::heal::HandRefusal;
use crate::store::{Answer, Command, Edit, Origin, Target};
use crate::ui::{Action, Effect, Notice};

impl Dashboard {
    /// Carries out `effect`; true on quit.
    pub(super) fn carry_out(&mut self, effect: Effect) -> bool {
        match effect {
            Effect::Quit => return true,
            Effect::SetResolved(ids, resolved) => self.request(Edit::Resolve(resolved), ids, None),
            Effect::ResolveGroup(ids, group) => self.request(Edit::Resolve(true), ids, Some(group)),
            Effect::SetAcknowledged(ids, acknowledged) => {
                self.request(Edit::Acknowledge(acknowledged), ids, None)
            }
            Effect::SetSilenced(ids, until) => self.request(Edit::Silence(until), ids, None),
            Effect::NextTheme => {
                self.palette = (self.palette + 1) % self.palettes.len();
                let name = &self.palettes[self.palette].name;
                tracing::info!("theme: {name}");
                self.say(Notice::info(format!("theme: {name}")));
            }
            Effect::ScrollLog(action) => {
                let event = match action {
                    Action::Up => TuiWidgetEvent::UpKey,
                    Action::Down => TuiWidgetEvent::DownKey,
                    Action::PageUp => TuiWidgetEvent::PrevPageKey,
                    Action::PageDown => TuiWidgetEvent::NextPageKey,
                    _ => TuiWidgetEvent::EscapeKey,
                };
                self.scroll.log.transition(event);
            }
            Effect::ReadContext(id) => {
                let Some(issue) = self.snapshot.find(&id) else {
                    self.say(Notice::warning("the issue is no longer held"));
                    return false;
                };
                let view = read_context(issue);
                self.apply(Action::ShowContext(Box::new(view)));
            }
            Effect::OpenPager(id) => self.open_pager(&id),
            Effect::Heal(id) => self.heal(&id),
        }
        false
    }

    /// Runs the actions bound to the issue `id` now; says what started or why not.
    fn heal(&mut self, id: &str) {
        let Some(issue) = self.snapshot.find(id).cloned() else {
            self.say(Notice::warning("the issue is no longer held"));
            return;
        };
        let Some(hub) = &self.hub else {
            self.say(Notice::warning(
                "nothing run: no [[action]] is configured in the rules",
            ));
            return;
        };
        let now = chrono::Utc::now().timestamp_millis();
        let notice = match hub.by_hand(&issue, now) {
            Ok(sent) if hub.dry_run => Notice::info(format!(
                "dry run: would run {} (see the audit)",
                sent.join(", ")
            )),
            Ok(sent) => Notice::info(format!("healing started: {}", sent.join(", "))),
            Err(HandRefusal::Unbound) => {
                Notice::warning("nothing run: no action is bound to this issue's type or alert")
            }
            Err(HandRefusal::Refused(why)) => {
                Notice::warning(format!("nothing run: {}", why.join("; ")))
            }
        };
        self.say(notice);
    }

    /// Shows `notice` in the status bar now.
    fn say(&mut self, notice: Notice) {
        self.apply(Action::Notify(notice));
    }

    /// Sends a change of the issues `ids` to the store; the next snapshot
    /// shows it, and its answer (what changed) comes back as a message.
    fn request(&mut self, edit: Edit, ids: Vec<String>, group: Option<String>) {
        let command = Command {
            edit,
            target: Target::Issues(ids),
            origin: Origin::Tui,
        };
        let Some(answer) = self.store.send_answered(command) else {
            tracing::warn!("the store is busy; press the key again");
            self.say(Notice::warning(
                "the store is busy: nothing changed; press the key again",
            ));
            return;
        };
        let notices = self.notices.clone();
        tokio::spawn(async move {
            let notice = match answer.await {
                Ok(answer) => outcome(edit, &answer, group.as_deref()),
                Err(_) => Notice::warning("the store is gone: nothing changed"),
            };
            let _ = notices.send(notice);
        });
    }

    /// `e`: the issue's file in the pager at its line, if the file still
    /// holds it; otherwise the status bar says why not.
    fn open_pager(&mut self, id: &str) {
        let Some(issue) = self.snapshot.find(id) else {
            self.say(Notice::warning("the issue is no longer held"));
            return;
        };
        let found = match locate(issue) {
            Ok(found) => found,
            Err(problem) => return self.say(Notice::warning(problem)),
        };
        let pager = std::env::var_os("PAGER");
        let argv = pager::argv(pager.as_deref(), &found.path, found.line);
        let ran = pager::run(&argv, self.input.as_ref());
        self.redraw_all = true;
        match ran {
            Ok(status) if status.success() => {}
            Ok(status) => self.say(Notice::warning(format!("the pager ended: {status}"))),
            Err(e) => {
                let name = argv.first().map(|p| p.to_string_lossy().into_owned());
                let name = name.unwrap_or_default();
                self.say(Notice::warning(format!("cannot run the pager {name}: {e}")));
            }
        }
    }
}

/// What the store did, in a few words: "resolved 3 issues of
/// database_deadlock", or that nothing needed doing.
pub(crate) fn outcome(edit: Edit, answer: &Answer, group: Option<&str>) -> Notice {
    let n = answer.changed.len();
    let issues = match n {
        1 => "1 issue".to_string(),
        n => format!("{n} issues"),
    };
    let (done, already) = match edit {
        Edit::Resolve(true) => (format!("resolved {issues}"), "already resolved"),
        Edit::Resolve(false) => (format!("reopened {issues}"), "already open"),
        Edit::Acknowledge(true) => (format!("acknowledged {issues}"), "already acknowledged"),
        Edit::Acknowledge(false) => (
            format!("took back the acknowledgement of {issues}"),
            "not acknowledged",
        ),
        Edit::Silence(Some(_)) => (format!("silenced {issues} for an hour"), "already silenced"),
        Edit::Silence(None) => (format!("ended the silence of {issues}"), "not silenced"),
    };
    match (n, group) {
        (0, _) => Notice::info(format!("nothing changed: {already}")),
        (_, Some(group)) => Notice::info(format!("{done} of {group}")),
        (_, None) => Notice::info(done),
    }
}
