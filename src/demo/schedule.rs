//! When the demo's incidents happen: a 15-minute cycle, healthy most of the
//! time, with one incident that degrades the health score through every
//! band and recovers (see the README's "The health score"). Times are
//! seconds into the cycle; the writer turns lines written into seconds
//! with its rate, so the same lines come at any rate.
//!
//! An incident is a story of three problems: a CRITICAL one repeated
//! briefly (the score falls fast), an ERROR one for a minute, a WARNING
//! one lingering for a few minutes. Problems leave the 5-minute window in
//! the order they came, so the score climbs back band by band. Between
//! incidents a lone WARNING now and then keeps the feed alive (it costs 2
//! points: still healthy). Stories rotate so every type shows up in turn.

use super::traffic::{INCIDENTS, Incident};
use crate::model::Severity;

/// Seconds in one cycle.
pub(crate) const CYCLE: u64 = 900;
/// When the incident starts (soon after the demo starts).
pub(crate) const INCIDENT_AT: u64 = 30;
/// A lone WARNING this often between incidents.
const NOISE_EVERY: u64 = 120;
/// The story's CRITICAL problem: at these seconds after its start.
const CRITICAL_AT: [u64; 3] = [0, 10, 20];
/// Its ERROR problem: every `ERROR_EVERY` s from 10 to 60 s.
const ERROR_EVERY: u64 = 6;
/// Its WARNING problem: every `WARNING_EVERY` s from 30 to 180 s.
const WARNING_EVERY: u64 = 15;
/// A password-guessing burst (the story whose warning is failed logins):
/// lines written at once, so the group spikes (▲) over its usual rate.
pub(crate) const ATTACK_LINES: usize = 40;

/// Whether the story's WARNING problem occurs `story` seconds in.
fn warning_due(story: u64) -> bool {
    (30..=180).contains(&story) && (story - 30).is_multiple_of(WARNING_EVERY)
}

/// The incidents of `severity`, by the severity the rules give their types.
fn of_severity(
    severity: Severity,
    severity_of: &dyn Fn(&str) -> Option<Severity>,
) -> Vec<&'static Incident> {
    INCIDENTS
        .iter()
        .filter(|i| severity_of(i.issue_type) == Some(severity))
        .collect()
}

/// What happens in a second of the demo, given how the rules grade types.
pub(crate) struct Schedule {
    critical: Vec<&'static Incident>,
    error: Vec<&'static Incident>,
    warning: Vec<&'static Incident>,
}

/// One write the schedule asks for: an incident, `times` copies at once.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Due {
    /// The incident.
    pub incident: &'static Incident,
    /// How many copies are written together (a burst).
    pub times: usize,
}

impl Schedule {
    /// A schedule whose stories use the types `severity_of` grades.
    pub(crate) fn new(severity_of: &dyn Fn(&str) -> Option<Severity>) -> Schedule {
        Schedule {
            critical: of_severity(Severity::Critical, severity_of),
            error: of_severity(Severity::Error, severity_of),
            warning: of_severity(Severity::Warning, severity_of),
        }
    }

    /// The incidents due at second `second` of the demo.
    pub(crate) fn due(&self, second: u64) -> Vec<Due> {
        let (cycle, at) = (second / CYCLE, second % CYCLE);
        let mut due = Vec::new();
        let pick = |list: &[&'static Incident], salt: u64| {
            (!list.is_empty()).then(|| list[((cycle + salt) % list.len() as u64) as usize])
        };
        let once = |incident| Due { incident, times: 1 };
        if let Some(story) = at.checked_sub(INCIDENT_AT) {
            if CRITICAL_AT.contains(&story) {
                due.extend(pick(&self.critical, 0).map(once));
            }
            if (10..=60).contains(&story) && (story - 10).is_multiple_of(ERROR_EVERY) {
                due.extend(pick(&self.error, 0).map(once));
            }
            let warning = pick(&self.warning, 0);
            if let Some(incident) = warning.filter(|_| warning_due(story)) {
                // Failed logins come as an attack: one burst, then quiet.
                if incident.issue_type != "authentication_failure" {
                    due.push(once(incident));
                } else if story == 30 {
                    due.push(Due {
                        incident,
                        times: ATTACK_LINES,
                    });
                }
            }
        }
        if at % NOISE_EVERY == 7 {
            // A lone warning, of the next story's kind (not this one's).
            due.extend(pick(&self.warning, 1 + at / NOISE_EVERY).map(once));
        }
        due
    }
}
