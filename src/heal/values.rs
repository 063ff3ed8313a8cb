//! The named values of an issue that an action may use: its rule's named
//! captures, its host, and a few of its own fields; and the target an
//! action's cooldown is kept per.

use crate::model::Issue;

use super::ActionSpec;

/// Every value an action may name, as (field, value) pairs: the issue's
/// named captures, then `host`, `id`, `type`, `severity`, `source`, and
/// for an alert issue `key` (the value it counted by) and `alert`.
pub fn issue_values(issue: &Issue) -> Vec<(String, String)> {
    let mut values: Vec<(String, String)> = issue
        .fields
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let mut own = |name: &str, value: &str| {
        if !values.iter().any(|(k, _)| k == name) {
            values.push((name.to_owned(), value.to_owned()));
        }
    };
    own("host", &issue.host);
    own("id", &issue.id);
    own("type", &issue.issue_type);
    own("severity", issue.severity.as_str());
    own("source", &issue.source_file);
    if let Some(alert) = &issue.alert {
        own("key", &alert.key);
        own("alert", &alert.alert);
    }
    values
}

/// What `action`'s cooldown is kept per for `issue`: the value of its
/// `target` field; without one, the alert and its key, or the issue type.
/// `None` when the issue lacks the target field (the action cannot tell
/// what it would act on, so it does not act).
pub fn target_of(
    action: &ActionSpec,
    issue: &Issue,
    values: &[(String, String)],
) -> Option<String> {
    match &action.target {
        Some(field) => values
            .iter()
            .find(|(k, _)| k == field)
            .map(|(_, v)| v.clone()),
        None => Some(match &issue.alert {
            Some(alert) if alert.key.is_empty() => alert.alert.clone(),
            Some(alert) => format!("{}/{}", alert.alert, alert.key),
            None => issue.issue_type.clone(),
        }),
    }
}

/// Whether `action` is bound to `issue`: an alert issue by its alert id,
/// any other by type, group and rule (only `auto_heal` types; the rules
/// file refuses others).
pub fn binds(action: &ActionSpec, issue: &Issue) -> bool {
    match &issue.alert {
        Some(alert) => action.alerts.contains(&alert.alert),
        None => {
            let s = &action.select;
            let any = !(s.types.is_empty() && s.groups.is_empty() && s.rules.is_empty());
            any && issue.auto_heal
                && s.selects(&issue.issue_type, issue.group_id.as_deref(), &issue.rule)
        }
    }
}
