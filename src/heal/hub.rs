//! The actions of one process and what they share: each action's guard
//! rails, the queue to the runner, and the audit of every attempt. The
//! store offers it each occurrence of an issue (and each alert that
//! fires); an operator asks it to act on one issue by hand.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use tokio::sync::mpsc;

use super::audit::{Attempt, Audit};
use super::values::{binds, issue_values, target_of};
use super::{ActionKind, ActionSpec, Breaker, Guard, Refusal, build_argv};
use crate::model::{HealOutcome, Issue};
use crate::redact::Redactor;

/// Attempts waiting for the runner at most; past it an allowed attempt is
/// given up, counted and audited (the guard rails keep this from filling
/// unless actions are very slow).
pub const QUEUE: usize = 1024;

/// One allowed attempt, for the runner.
#[derive(Debug)]
pub struct Trigger {
    /// Index of the action in [`HealHub::actions`].
    pub action: usize,
    /// The issue acted on, as it was.
    pub issue: Arc<Issue>,
    /// The command's argv, filled and checked (commands only).
    pub argv: Vec<String>,
    /// What the cooldown is kept per.
    pub target: String,
    /// An operator asked for it.
    pub by_hand: bool,
}

/// What one action has done, for the API and the dashboard.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ActionStatus {
    /// The `[[action]]` id.
    pub id: String,
    /// `command` or `webhook`.
    pub kind: &'static str,
    /// `closed`, `open` or `trial`.
    pub breaker: &'static str,
    /// Failures in a row while closed.
    pub failures: u32,
    /// While open: since when (milliseconds since the epoch).
    pub open_since_ms: Option<i64>,
    /// Attempts allowed since start.
    pub attempts: u64,
    /// Attempts the guard rails refused since start.
    pub refused: u64,
}

/// Why a hand-made attempt was not made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HandRefusal {
    /// No action is bound to the issue.
    Unbound,
    /// Every bound action refused; one line each.
    Refused(Vec<String>),
}

/// The actions, their guard rails, the runner's queue and the audit.
#[derive(Debug)]
pub struct HealHub {
    actions: Vec<ActionSpec>,
    guards: Vec<Mutex<Guard>>,
    allowed: Vec<AtomicU64>,
    refused: Vec<AtomicU64>,
    queue: mpsc::Sender<Trigger>,
    /// Said what it would do, did nothing.
    pub dry_run: bool,
    /// Every attempt and refusal.
    pub audit: Audit,
    /// What is hidden from log text before a webhook sends it out.
    pub redactor: Arc<Redactor>,
}

impl HealHub {
    /// A hub for `actions`, whose allowed attempts go to `queue`.
    pub fn new(
        actions: Vec<ActionSpec>,
        queue: mpsc::Sender<Trigger>,
        dry_run: bool,
        audit: Audit,
        redactor: Arc<Redactor>,
    ) -> HealHub {
        let guards: Vec<Mutex<Guard>> = actions
            .iter()
            .map(|a| Mutex::new(Guard::new(a.guard)))
            .collect();
        replay(&actions, &guards, &audit);
        let counters = || actions.iter().map(|_| AtomicU64::new(0)).collect();
        HealHub {
            allowed: counters(),
            refused: counters(),
            guards,
            actions,
            queue,
            dry_run,
            audit,
            redactor,
        }
    }

    /// The actions.
    pub fn actions(&self) -> &[ActionSpec] {
        &self.actions
    }

    /// The guard of action `index` (a poisoned lock still holds a usable guard).
    pub(crate) fn guard(&self, index: usize) -> MutexGuard<'_, Guard> {
        self.guards[index]
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// An occurrence of `issue` (or an alert that fired) at `now_ms`: each
    /// action bound to it is tried against its guard rails. Returns what
    /// became of it for the issue's heal state: attempted (by the last
    /// action started), or the last refusal when every bound action
    /// refused; `None` when no action is bound.
    pub fn offer(&self, issue: &Arc<Issue>, now_ms: i64) -> Option<(String, HealOutcome, String)> {
        let (mut sent, mut refused) = (None, None);
        for (index, action) in self.actions.iter().enumerate() {
            if !binds(action, issue) {
                continue;
            }
            match self.try_one(index, issue, now_ms, false) {
                Ok(()) => {
                    sent = Some((action.id.clone(), HealOutcome::Attempted, "started".into()))
                }
                Err(why) => refused = Some((action.id.clone(), HealOutcome::Refused, why)),
            }
        }
        sent.or(refused)
    }

    /// An operator asks to act on `issue` now: every bound action whose
    /// breaker is not open runs, whatever its cooldown.
    pub fn by_hand(&self, issue: &Arc<Issue>, now_ms: i64) -> Result<Vec<String>, HandRefusal> {
        let mut sent = Vec::new();
        let mut refusals = Vec::new();
        for (index, action) in self.actions.iter().enumerate() {
            if !binds(action, issue) {
                continue;
            }
            match self.try_one(index, issue, now_ms, true) {
                Ok(()) => sent.push(action.id.clone()),
                Err(why) => refusals.push(format!("{}: {why}", action.id)),
            }
        }
        match (sent.is_empty(), refusals.is_empty()) {
            (true, true) => Err(HandRefusal::Unbound),
            (true, false) => Err(HandRefusal::Refused(refusals)),
            _ => Ok(sent),
        }
    }

    /// Tries action `index` on `issue`: its values checked, then its guard
    /// rails; allowed, the attempt is queued for the runner.
    fn try_one(
        &self,
        index: usize,
        issue: &Arc<Issue>,
        now_ms: i64,
        by_hand: bool,
    ) -> Result<(), String> {
        let action = &self.actions[index];
        let values = issue_values(issue);
        let target = target_of(action, issue, &values);
        let refuse = |why: String| {
            self.refused[index].fetch_add(1, Ordering::Relaxed);
            let shown = target.as_deref().unwrap_or("");
            self.audit.refused(action, issue, shown, &why, now_ms);
            Err(why)
        };
        let Some(target) = target.clone() else {
            let field = action.target.as_deref().unwrap_or("");
            return refuse(format!("the issue has no `{field}` to act on"));
        };
        // A hostile value is refused before it uses up an attempt.
        let argv = match &action.kind {
            ActionKind::Command { argv } => match checked_argv(argv, issue, &values) {
                Ok(argv) => argv,
                Err(e) => return refuse(e.to_string()),
            },
            ActionKind::Webhook { .. } => Vec::new(),
        };
        let allowed = {
            let mut guard = self.guard(index);
            if by_hand {
                guard.attempt_by_hand(&target, now_ms)
            } else {
                guard.attempt(&target, now_ms)
            }
        };
        if let Err(refusal) = allowed {
            return refuse(describe(refusal, now_ms));
        }
        self.allowed[index].fetch_add(1, Ordering::Relaxed);
        let trigger = Trigger {
            action: index,
            issue: Arc::clone(issue),
            argv,
            target,
            by_hand,
        };
        if let Err(e) = self.queue.try_send(trigger) {
            // The runner is far behind (or gone): said and counted, and the
            // guard told, so the breaker is not left waiting for a trial.
            let lost = e.into_inner();
            self.guard(index).outcome(false, now_ms);
            self.audit.record(Attempt::lost(action, &lost, now_ms));
            return Err("the action queue is full".into());
        }
        Ok(())
    }

    /// Closes the breaker of the action `id` by hand; false when no action has it.
    pub fn reset(&self, id: &str) -> bool {
        let Some(index) = self.actions.iter().position(|a| a.id == id) else {
            return false;
        };
        self.guard(index).reset();
        self.audit.reset(id, chrono::Utc::now().timestamp_millis());
        true
    }

    /// What each action has done, and its breaker.
    pub fn status(&self) -> Vec<ActionStatus> {
        self.actions
            .iter()
            .enumerate()
            .map(|(index, action)| {
                let breaker = self.guard(index).breaker();
                let (state, failures, open_since_ms) = match breaker {
                    Breaker::Closed { failures } => ("closed", failures, None),
                    // Open after breaker_failures failures in a row.
                    Breaker::Open { since_ms } => {
                        ("open", action.guard.breaker_failures, Some(since_ms))
                    }
                    Breaker::Trial => ("trial", action.guard.breaker_failures, None),
                };
                ActionStatus {
                    id: action.id.clone(),
                    kind: match action.kind {
                        ActionKind::Command { .. } => "command",
                        ActionKind::Webhook { .. } => "webhook",
                    },
                    breaker: state,
                    failures,
                    open_since_ms,
                    attempts: self.allowed[index].load(Ordering::Relaxed),
                    refused: self.refused[index].load(Ordering::Relaxed),
                }
            })
            .collect()
    }
}

/// The guard rails as the audit left them: the attempts (and resets) of
/// the longest cooldown, window or breaker pause of any action are played
/// again, so a restart does not give a flood a fresh allowance.
fn replay(actions: &[ActionSpec], guards: &[Mutex<Guard>], audit: &Audit) {
    let horizon = actions
        .iter()
        .map(|a| {
            a.guard
                .cooldown
                .max(a.guard.window)
                .max(a.guard.breaker_pause)
        })
        .max()
        .unwrap_or_default();
    let now = chrono::Utc::now().timestamp_millis();
    let since = now.saturating_sub(i64::try_from(horizon.as_millis()).unwrap_or(i64::MAX));
    for row in audit.since(since) {
        let Some(index) = actions.iter().position(|a| a.id == row.action) else {
            continue;
        };
        let mut guard = guards[index]
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if row.what == super::audit::RESET {
            guard.reset();
            continue;
        }
        let ended = match row.outcome {
            HealOutcome::Succeeded => Some(true),
            HealOutcome::Failed => Some(false),
            HealOutcome::DryRun | HealOutcome::Attempted => None,
            HealOutcome::Refused => continue,
        };
        let _ = if row.by_hand {
            guard.attempt_by_hand(&row.target, row.at_ms)
        } else {
            guard.attempt(&row.target, row.at_ms)
        };
        if let Some(ok) = ended {
            let at = row.at_ms + i64::try_from(row.elapsed_ms.unwrap_or(0)).unwrap_or(0);
            guard.outcome(ok, at);
        }
    }
}

/// The argv of a command action for `issue`, every value checked by its
/// field's name; an alert's `{key}` is checked as the field it counted by
/// (an address as an address), not as a plain word.
fn checked_argv(
    template: &[String],
    issue: &Issue,
    values: &[(String, String)],
) -> Result<Vec<String>, super::ArgError> {
    let argv = build_argv(template, values)?;
    if let Some(alert) = &issue.alert
        && template.iter().any(|a| a == "{key}")
        && let Some((name, _)) = issue
            .fields
            .iter()
            .find(|(name, value)| **value == alert.key && name.as_str() != "key")
    {
        build_argv(&[String::from("/"), format!("{{{name}}}")], values)?;
    }
    Ok(argv)
}

/// A refusal in one line, with how long it lasts.
fn describe(refusal: Refusal, now_ms: i64) -> String {
    let wait = |until: i64| {
        humantime::format_duration(std::time::Duration::from_secs(
            u64::try_from((until - now_ms).max(0) / 1000).unwrap_or(0),
        ))
    };
    match refusal {
        Refusal::Cooldown { until_ms } => {
            format!("cooling down on this target for {}", wait(until_ms))
        }
        Refusal::TooMany { until_ms } => {
            format!("too many attempts; the next allowed in {}", wait(until_ms))
        }
        Refusal::BreakerOpen { until_ms } => format!(
            "breaker open after repeated failures; a trial in {} (or reset it)",
            wait(until_ms)
        ),
    }
}
