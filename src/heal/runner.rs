//! The runner: carries out the attempts the hub allowed (a command, a
//! webhook; or says what it would do in a dry run), writes each to the
//! audit, tells the guard rails and the store how it went, and keeps
//! Alertmanager informed: a firing alert is sent again while it fires and
//! sent with `endsAt` once its issue is resolved (or recovered).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Semaphore, mpsc};

use super::audit::Attempt;
use super::hub::{HealHub, Trigger};
use super::{ActionKind, AlertPayload, Outcome, WebhookFormat, body, post, run_command};
use crate::model::{DetectedAt, HealOutcome, HealState, Issue};
use crate::store::StoreHandle;

/// Actions carried out at once at most.
const PARALLEL: usize = 8;
/// How often firing Alertmanager alerts are looked at.
const FIRING_CHECK: Duration = Duration::from_secs(1);

/// An alert Alertmanager was told about, still firing.
#[derive(Debug)]
struct Firing {
    action: usize,
    payload: AlertPayload,
    next_ms: i64,
    /// Its end was sent; it is kept to start again if the issue reopens.
    ended: bool,
}

/// Starts the runner on the current runtime; it ends when the hub's
/// queue closes.
pub fn spawn_runner(hub: Arc<HealHub>, queue: mpsc::Receiver<Trigger>, store: StoreHandle) {
    tokio::spawn(run(hub, queue, store));
}

async fn run(hub: Arc<HealHub>, mut queue: mpsc::Receiver<Trigger>, store: StoreHandle) {
    let slots = Arc::new(Semaphore::new(PARALLEL));
    let (told_tx, mut told) = mpsc::unbounded_channel::<Firing>();
    let mut firing: HashMap<(usize, String), Firing> = HashMap::new();
    let mut check = tokio::time::interval(FIRING_CHECK);
    check.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut seeded = false;
    loop {
        tokio::select! {
            trigger = queue.recv() => {
                let Some(trigger) = trigger else { break };
                let Ok(slot) = Arc::clone(&slots).acquire_owned().await else { break };
                let (hub, store, told) = (Arc::clone(&hub), store.clone(), told_tx.clone());
                tokio::spawn(async move {
                    carry_out(&hub, trigger, &store, &told).await;
                    drop(slot);
                });
            }
            Some(f) = told.recv() => {
                firing.insert((f.action, f.payload.issue_id.clone()), f);
            }
            _ = check.tick() => {
                if !seeded {
                    seeded = still_firing(&hub, &store, &mut firing);
                }
                keep_informed(&hub, &store, &mut firing).await;
            }
        }
    }
}

/// Carries out one attempt and reports it everywhere.
async fn carry_out(
    hub: &HealHub,
    trigger: Trigger,
    store: &StoreHandle,
    told: &mpsc::UnboundedSender<Firing>,
) {
    let action = &hub.actions()[trigger.action];
    let started = now_ms();
    let payload = payload_of(&hub.redactor.issue(&trigger.issue));
    let (state, detail, elapsed) = if hub.dry_run {
        (
            HealOutcome::DryRun,
            "dry run: not carried out".to_owned(),
            None,
        )
    } else {
        let outcome = match &action.kind {
            ActionKind::Command { .. } => run_command(&trigger.argv, action.timeout).await,
            ActionKind::Webhook {
                url,
                format,
                token,
                resend,
            } => {
                let outcome =
                    post(url, token.as_ref(), body(*format, &payload), action.timeout).await;
                // Every webhook told hears when the issue ends; Alertmanager
                // also hears again while it goes on, and is tried again
                // when it could not be told (it may be down for a while).
                if outcome.ok || *format == WebhookFormat::Alertmanager {
                    let _ = told.send(Firing {
                        action: trigger.action,
                        payload: payload.clone(),
                        next_ms: started + millis(*resend),
                        ended: false,
                    });
                }
                outcome
            }
        };
        let state = if outcome.ok {
            HealOutcome::Succeeded
        } else {
            HealOutcome::Failed
        };
        (
            state,
            summary(&outcome),
            Some((outcome.elapsed, outcome.output)),
        )
    };
    let ended = now_ms();
    hub.guard(trigger.action)
        .outcome(state != HealOutcome::Failed, ended);
    let mut row = Attempt::of(action, &trigger, state, detail.clone(), started);
    if let Some((elapsed, output)) = elapsed {
        row.elapsed_ms = Some(u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX));
        row.output = hub.redactor.apply(&output).into_owned();
    }
    hub.audit.record(row);
    // Counted when it started (an automatic attempt) or now (by hand).
    let attempts = trigger.issue.heal.as_ref().map_or(0, |h| h.attempts) + 1;
    let heal = HealState {
        action: action.id.clone(),
        state,
        at: DetectedAt::at(chrono::Utc::now()),
        detail,
        attempts,
    };
    if !store.healed(trigger.issue.id.clone(), heal) {
        tracing::warn!("action {}: the store did not take its outcome", action.id);
    }
}

/// Sends Alertmanager the alerts that still fire again when due, and the
/// end of those whose issue was resolved or let go.
async fn keep_informed(
    hub: &HealHub,
    store: &StoreHandle,
    firing: &mut HashMap<(usize, String), Firing>,
) {
    hub.audit.flush_folded(now_ms());
    if firing.is_empty() {
        return;
    }
    let snapshot = store.snapshot();
    let now = now_ms();
    let mut ended = Vec::new();
    let mut gone = Vec::new();
    for (key, f) in firing.iter_mut() {
        // An issue the store no longer holds (let go, or a key's issue that
        // was never held) is not said to end: Alertmanager lets an alert
        // that is not sent again end by itself (its resolve_timeout).
        let Some(issue) = snapshot.find(&key.1) else {
            gone.push(key.clone());
            continue;
        };
        let open = !issue.resolved;
        let action = &hub.actions()[f.action];
        let ActionKind::Webhook {
            url,
            token,
            resend,
            format,
        } = &action.kind
        else {
            continue;
        };
        let alertmanager = *format == WebhookFormat::Alertmanager;
        match (open, f.ended) {
            // Ended and still resolved: nothing to say.
            (false, true) => continue,
            // Reopened after its end was sent: it fires again (Alertmanager
            // only; the others hear of it through the action).
            (true, true) if alertmanager => {
                f.ended = false;
                f.payload.ends_at = None;
                f.payload.starts_at = chrono::Utc::now();
            }
            (true, true) => continue,
            // Firing: only Alertmanager hears again, when due.
            (true, false) if !alertmanager || now < f.next_ms => continue,
            (true, false) => {}
            (false, false) => f.payload.ends_at = Some(chrono::Utc::now()),
        }
        let outcome = post(
            url,
            token.as_ref(),
            body(*format, &f.payload),
            action.timeout,
        )
        .await;
        f.next_ms = now + millis(*resend);
        if outcome.ok {
            f.ended = !open;
            if !open && !alertmanager {
                ended.push(key.clone());
            }
        } else {
            tracing::warn!(
                "action {}: the webhook was not told ({}); trying again",
                action.id,
                summary(&outcome)
            );
            if !open {
                // Not told it ended: try again next time.
                f.payload.ends_at = None;
            }
        }
    }
    for key in ended.into_iter().chain(gone) {
        firing.remove(&key);
    }
}

/// What a webhook says of `issue`: named after its alert (or its type),
/// with its named captures as fields.
fn payload_of(issue: &Issue) -> AlertPayload {
    let fields: Vec<(String, String)> = issue
        .fields
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let mut payload = AlertPayload::from_issue(issue, &issue.host, &fields);
    if let Some(alert) = &issue.alert {
        payload.name.clone_from(&alert.alert);
    }
    payload
}

/// After a start: the open alert issues the store read back from its
/// history are sent again to the Alertmanager actions bound to them (they
/// were firing before the restart); false until the store is ready.
fn still_firing(
    hub: &HealHub,
    store: &StoreHandle,
    firing: &mut HashMap<(usize, String), Firing>,
) -> bool {
    let snapshot = store.snapshot();
    if !snapshot.ready {
        return false;
    }
    let now = now_ms();
    for issue in snapshot
        .issues
        .iter()
        .filter(|i| i.alert.is_some() && !i.resolved)
    {
        for (index, action) in hub.actions().iter().enumerate() {
            let ActionKind::Webhook {
                format: WebhookFormat::Alertmanager,
                ..
            } = action.kind
            else {
                continue;
            };
            if !super::binds(action, issue) {
                continue;
            }
            firing
                .entry((index, issue.id.clone()))
                .or_insert_with(|| Firing {
                    action: index,
                    payload: payload_of(&hub.redactor.issue(issue)),
                    next_ms: now,
                    ended: false,
                });
        }
    }
    true
}

/// An outcome in one line.
fn summary(outcome: &Outcome) -> String {
    match (&outcome.error, outcome.exit) {
        (Some(error), _) => error.clone(),
        (None, Some(code)) => format!("exit status {code}"),
        (None, None) => "done".to_owned(),
    }
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}
