//! The response to issues: each occurrence fed to the alert engine (an
//! alert that fires is an issue of its own; an inhibited issue is marked
//! with what caused it; an alert whose rate stayed low ends), then offered
//! to the healing actions, unless it was read from the backlog at start.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::StoreTask;
use crate::alert::{AlertChange, AlertEngine, AlertKind, Fired, Observation, Recovered};
use crate::heal::HealHub;
use crate::model::{
    ALERT_TYPE, AlertInfo, DetectedAt, HealOutcome, HealState, Issue, stable_issue_id,
};
use crate::rules::AlertConfig;
use crate::store::handle::ChangeKind;

/// Keys of one alert held as issues of their own at most; past it (a flood
/// of distinct addresses) the alert's further keys share one issue, so
/// alerts cannot push other issues out of the store. Actions still act on
/// each key.
const KEYS_HELD: usize = 100;

/// What responds to issues: the alert engine and the actions, when configured.
#[derive(Debug, Default)]
pub(crate) struct Responders {
    /// The alert engine (`None`: no `[[alert]]` or `[[inhibit]]`).
    pub(crate) alerts: Option<AlertEngine>,
    /// The actions (`None`: no `[[action]]`).
    pub(crate) hub: Option<Arc<HealHub>>,
    /// Per alert, the keys held as issues of their own.
    held_keys: HashMap<String, HashSet<String>>,
}

impl Responders {
    /// Responders for `config` and `hub`, starting now.
    pub(crate) fn new(config: AlertConfig, hub: Option<Arc<HealHub>>) -> Responders {
        let alerts = (!config.alerts.is_empty() || !config.inhibits.is_empty())
            .then(|| AlertEngine::new(config.alerts, config.inhibits));
        Responders {
            alerts,
            hub,
            held_keys: HashMap::new(),
        }
    }
}

impl Responders {
    /// Alert issues still open from before a restart count as firing, so
    /// they recover (or fire on) like the others; their keys are held.
    pub(crate) fn seed(&mut self, store: &crate::store::IssueStore) {
        let Some(engine) = &mut self.alerts else {
            return;
        };
        // The alert issues alone, not a whole snapshot of the store.
        let now = Utc::now().timestamp_millis();
        for id in store.ids_of_type(ALERT_TYPE) {
            let Some(issue) = store.get(&id).filter(|i| !i.resolved) else {
                continue;
            };
            let Some(alert) = &issue.alert else { continue };
            engine.seed_firing(&alert.alert, &alert.key, now);
            self.held_keys
                .entry(alert.alert.clone())
                .or_default()
                .insert(alert.key.clone());
        }
    }
}

impl StoreTask {
    /// An occurrence of the held issue `issue` (as it is now).
    pub(super) fn respond(&mut self, issue: &Arc<Issue>) {
        if issue.alert.is_some() {
            return;
        }
        let backlog = self.is_backlog(issue);
        let mut suppressed = false;
        if let Some(engine) = &mut self.respond.alerts {
            let mut fields: Vec<(String, String)> = issue
                .fields
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            fields.push(("host".to_owned(), issue.host.clone()));
            let observation = Observation {
                at_ms: issue.timestamp.instant().timestamp_millis(),
                issue_id: &issue.id,
                issue_type: &issue.issue_type,
                group: issue.group_id.as_deref(),
                rule: &issue.rule,
                fields: &fields,
            };
            for change in engine.observe(&observation) {
                match change {
                    AlertChange::Suppressed { issue: id, by } => {
                        suppressed = true;
                        self.mark_suppressed(&id, Some(by));
                    }
                    AlertChange::Fired(fired) => self.fire(fired, issue, backlog),
                    AlertChange::Recovered(recovered) => self.recover(recovered),
                }
            }
        }
        if !suppressed && issue.suppressed_by.is_some() {
            self.mark_suppressed(&issue.id, None);
        }
        if !suppressed && !backlog {
            self.offer(issue);
        }
    }

    /// Recovery is due for alerts whose rate stayed low.
    pub(super) fn tick_alerts(&mut self) {
        let Some(engine) = &mut self.respond.alerts else {
            return;
        };
        for change in engine.tick(Utc::now().timestamp_millis()) {
            if let AlertChange::Recovered(recovered) = change {
                self.recover(recovered);
            }
        }
    }

    /// An issue resolved or let go inhibits no more; an alert issue's alert
    /// may fire again for its key.
    pub(super) fn closed(&mut self, issue: &Issue) {
        let Some(engine) = &mut self.respond.alerts else {
            return;
        };
        engine.closed(&issue.id);
        if let Some(alert) = &issue.alert {
            if let Some(keys) = self.respond.held_keys.get_mut(&alert.alert) {
                keys.remove(&alert.key);
            }
            engine.rearm(&alert.alert, &alert.key);
        }
    }

    /// What healing did for the issue `id` (from the runner): shown at once.
    pub(super) fn healed(&mut self, id: &str, state: HealState) {
        let changed = self.store.change(
            id,
            |_| true,
            |i| {
                let attempts = i.heal.as_ref().map_or(0, |h| h.attempts);
                let mut state = state.clone();
                state.attempts = state.attempts.max(attempts);
                i.heal = Some(state);
            },
        );
        if let Some(issue) = changed {
            self.announce(ChangeKind::Updated, issue);
            self.publish();
        }
    }

    /// Offers `issue` to the actions; a refusal of every bound action is
    /// shown on it.
    fn offer(&mut self, issue: &Arc<Issue>) {
        let Some(hub) = &self.respond.hub else { return };
        let now = Utc::now().timestamp_millis();
        // An attempt started shows at once (the runner says how it ended);
        // a refusal only on an issue nothing was tried on yet: it does not
        // hide an attempt's outcome, and a flood of refusals changes the
        // issue once (published with the batch, not each time).
        let Some((action, state, detail)) = hub.offer(issue, now) else {
            return;
        };
        let started = state == HealOutcome::Attempted;
        let heal = HealState {
            action,
            state,
            at: DetectedAt::at(Utc::now()),
            detail,
            attempts: 0,
        };
        let changed = self.store.change(
            &issue.id,
            |i| started || i.heal.is_none(),
            |i| {
                let attempts = i.heal.as_ref().map_or(0, |h| h.attempts);
                i.heal = Some(HealState {
                    attempts: attempts + u32::from(started),
                    ..heal.clone()
                });
            },
        );
        if let Some(issue) = changed {
            self.announce(ChangeKind::Updated, issue);
        }
    }

    /// Whether `issue` was written before the start: what a file held at
    /// start (the engine marks it), or anything read before watching began.
    fn is_backlog(&self, issue: &Issue) -> bool {
        issue.backlog || !self.engine.ready
    }

    fn mark_suppressed(&mut self, id: &str, by: Option<String>) {
        let changed = self.store.change(
            id,
            |i| i.suppressed_by != by,
            |i| i.suppressed_by = by.clone(),
        );
        if let Some(issue) = changed {
            self.announce(ChangeKind::Updated, issue);
        }
    }

    /// An alert fired on `trigger`: its issue is opened (or counts again).
    fn fire(&mut self, fired: Fired, trigger: &Arc<Issue>, backlog: bool) {
        let Some(spec) = self
            .respond
            .alerts
            .as_ref()
            .and_then(|e| e.alerts().iter().find(|a| a.id == fired.alert))
            .cloned()
        else {
            return;
        };
        let counted = match &spec.kind {
            AlertKind::Threshold {
                select,
                within,
                count,
                ..
            } => format!(
                "{count} x {} within {}",
                describe_selector(select),
                humantime::format_duration(*within)
            ),
            AlertKind::Sequence {
                first,
                then,
                within,
            } => format!(
                "{} then {} within {}",
                describe_selector(first),
                describe_selector(then),
                humantime::format_duration(*within)
            ),
        };
        let by = match (&spec.by, fired.key.is_empty()) {
            (Some(by), false) => format!(" for {by}={}", fired.key),
            _ => String::new(),
        };
        let line = format!(
            "alert {}: {} occurrences{by} ({counted})",
            fired.alert, fired.count
        );
        let mut fields = BTreeMap::new();
        if let Some(by) = spec.by.as_ref().filter(|b| *b != "host") {
            fields.insert(by.clone(), fired.key.clone());
        }
        let id = alert_issue_id(&fired.alert, &fired.key);
        let held = self
            .respond
            .held_keys
            .entry(fired.alert.clone())
            .or_default();
        // Past KEYS_HELD keys, this key's occurrences go to the alert's
        // shared issue (key `*`); the actions still get this key's issue.
        let shared = !held.contains(&fired.key) && held.len() >= KEYS_HELD;
        if !shared {
            held.insert(fired.key.clone());
        }
        let at = DetectedAt::now_unique();
        let issue = Issue {
            issue_type: ALERT_TYPE.to_owned(),
            severity: spec.severity,
            category: "Alert".to_owned(),
            description: spec
                .note
                .clone()
                .unwrap_or_else(|| format!("Alert {}: {counted}", fired.alert)),
            event: format!("{line}\nlatest: {}", trigger.log_line),
            log_line: line,
            source_file: trigger.source_file.clone(),
            host: trigger.host.clone(),
            id: id.clone(),
            rule: fired.alert.clone(),
            fields,
            alert: Some(AlertInfo {
                alert: fired.alert.clone(),
                key: fired.key.clone(),
                count: fired.count,
                since: DetectedAt::at(from_ms(fired.since_ms)),
                triggers: fired.triggers.clone(),
                recovered: false,
            }),
            ..Issue::blank(at)
        };
        let own = Arc::new(issue.clone());
        let mut held_issue = issue;
        if shared {
            held_issue.id = alert_issue_id(&fired.alert, "*");
            if let Some(alert) = &mut held_issue.alert {
                alert.key = "*".to_owned();
            }
            held_issue.description = format!(
                "{} (more than {KEYS_HELD} keys at once: the others are counted here)",
                held_issue.description
            );
        }
        let held_id = held_issue.id.clone();
        let now = match self.store.recur(&held_id, held_issue.clone()) {
            Some(now) => {
                self.announce(ChangeKind::Updated, Arc::clone(&now));
                Some(now)
            }
            None => {
                let dropped = self.store.insert(held_issue);
                let now = self.store.get(&held_id).cloned();
                if let Some(now) = &now {
                    self.announce(ChangeKind::New, Arc::clone(now));
                }
                self.dropped(dropped);
                now
            }
        };
        if backlog {
            return;
        }
        // The held issue when it is this key's own (its heal state shows);
        // else this key's issue as it would be: a full store or a flood of
        // keys never keeps an action from acting on a key.
        match now {
            Some(now) if !shared => self.offer(&now),
            _ => self.offer(&own),
        }
    }

    /// An alert ended by itself: its issue is resolved, marked recovered.
    fn recover(&mut self, recovered: Recovered) {
        let id = alert_issue_id(&recovered.alert, &recovered.key);
        let changed = self.store.change(
            &id,
            |i| !i.resolved,
            |i| {
                i.resolved = true;
                if let Some(alert) = &mut i.alert {
                    alert.recovered = true;
                }
            },
        );
        if let Some(issue) = changed {
            self.announce(ChangeKind::Resolved, issue);
            self.publish();
        }
    }
}

/// The id of the issue an alert raises for one key.
fn alert_issue_id(alert: &str, key: &str) -> String {
    stable_issue_id(ALERT_TYPE, 0, &format!("{alert}\u{0}{key}"))
}

/// What a selector counts, for the alert's line.
fn describe_selector(select: &crate::alert::Selector) -> String {
    let parts: Vec<String> = [&select.types, &select.groups, &select.rules]
        .into_iter()
        .filter(|list| !list.is_empty())
        .map(|list| list.join("|"))
        .collect();
    if parts.is_empty() {
        "any issue".to_owned()
    } else {
        parts.join(" ")
    }
}

fn from_ms(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or_else(Utc::now)
}
