//! What an `[[action]]` is bound to: its types, groups, rules and alerts,
//! all known, and issues bound directly of `auto_heal` types.

use super::*;

/// What an action is bound to.
pub(super) struct Bound<'a> {
    /// The issues selected directly: `Some(None)` when no `type`, `group`
    /// or `rule` is given, `None` when the selector is wrong.
    pub(super) select: Option<Option<Selector>>,
    /// The alerts it acts on.
    pub(super) alerts: Vec<&'a AlertSpec>,
    /// Every alert id named is one of `alerts`.
    pub(super) all_alerts: bool,
}

impl Bound<'_> {
    /// The fields the bound issues and alerts can have, sorted; `None` when
    /// the binding is wrong (so that placeholders are not blamed for it).
    pub(super) fn fields(&self, known: &Known<'_>) -> Option<Vec<String>> {
        let select = self.select.as_ref()?;
        if !self.all_alerts {
            return None;
        }
        let mut names: Vec<String> = ISSUE_FIELDS.iter().map(|f| f.to_string()).collect();
        if let Some(select) = select {
            for rule in known.rules.iter().filter(|r| selected(select, r, known)) {
                names.extend(crate::classify::RuleSet::capture_names(rule));
            }
        }
        if !self.alerts.is_empty() {
            names.push(ALERT_KEY.to_string());
        }
        names.extend(self.alerts.iter().filter_map(|a| a.by.clone()));
        names.sort();
        names.dedup();
        Some(names)
    }
}

/// Whether `select` takes the issues of `rule` (any group may hold them).
pub(super) fn selected(select: &Selector, rule: &Rule, known: &Known<'_>) -> bool {
    let ty = known
        .types
        .get(rule.type_index)
        .map_or("", |t| t.id.as_str());
    (select.types.is_empty() || select.types.iter().any(|t| t == ty))
        && (select.rules.is_empty() || select.rules.contains(&rule.id))
}

/// `type` / `group` / `rule` and `alert`: known, at least one, and issues
/// bound directly of `auto_heal` types.
pub(super) fn binding<'a>(
    raw: &RawAction,
    entry: &Entry<'_, '_>,
    cx: &Context<'a>,
    subject: &str,
    out: &mut Reporter<'_>,
) -> Bound<'a> {
    if !["type", "group", "rule", "alert"]
        .iter()
        .any(|key| has_key(entry.table, key))
    {
        out.report(
            entry.span.clone(),
            Some(subject),
            Fault::Shape(
                "bound to nothing: add `type`, `group` or `rule` (issues of auto_heal types) \
                 or `alert` (ids of [[alert]] entries)",
            ),
        );
    }
    let select = if raw.kind.is_some() || raw.group.is_some() || raw.rule.is_some() {
        let inline = RawSelector {
            kind: raw.kind.clone(),
            group: raw.group.clone(),
            rule: raw.rule.clone(),
        };
        let select = selector(&inline, entry.span.clone(), &cx.known, subject, out);
        check_auto_heal(raw, &cx.known, subject, out);
        select.map(Some)
    } else if has_key(entry.table, "type")
        || has_key(entry.table, "group")
        || has_key(entry.table, "rule")
    {
        // There but refused (reported already).
        None
    } else {
        Some(None)
    };
    let mut alerts = Vec::new();
    let mut all_alerts = raw.alert.is_some() || !has_key(entry.table, "alert");
    let ids = raw
        .alert
        .clone()
        .map(|ids| strings("alert", ids, subject, out))
        .unwrap_or_default();
    for id in ids {
        if let Some(alert) = cx.alerts.alerts.iter().find(|a| a.id == *id.get_ref()) {
            alerts.push(alert);
            continue;
        }
        all_alerts = false;
        match cx.written.get(id.get_ref()) {
            // Written but invalid: its own problems are reported.
            Some(true) => {}
            Some(false) => out.report(
                id.span(),
                Some(subject),
                bad(
                    "alert",
                    format!(
                        "alert `{}` is switched off (enabled = false): switch this action off \
                         too, or bind it to another alert",
                        id.get_ref()
                    ),
                ),
            ),
            None => {
                let known: Vec<&str> = cx.alerts.alerts.iter().map(|a| a.id.as_str()).collect();
                let known = if known.is_empty() {
                    "none".to_string()
                } else {
                    known.join(", ")
                };
                out.report(
                    id.span(),
                    Some(subject),
                    bad(
                        "alert",
                        format!(
                            "no [[alert]] has id {:?} (defined alerts: {known})",
                            id.get_ref()
                        ),
                    ),
                );
            }
        }
    }
    Bound {
        select,
        alerts,
        all_alerts,
    }
}

/// Actions fire only for issues of `auto_heal` types (or for alerts): a
/// type or rule bound directly must be one.
pub(super) fn check_auto_heal(
    raw: &RawAction,
    known: &Known<'_>,
    subject: &str,
    out: &mut Reporter<'_>,
) {
    let advice = "bind the action to an alert, or set auto_heal = true on the type";
    for name in texts(&raw.kind) {
        if let Some(ty) = known.types.iter().find(|t| t.id == *name.get_ref())
            && !ty.auto_heal
        {
            let message = format!("type `{}` is not auto_heal: {advice}", ty.id);
            out.report(name.span(), Some(subject), bad("type", message));
        }
    }
    for name in texts(&raw.rule) {
        let Some(rule) = known.rules.iter().find(|r| r.id == *name.get_ref()) else {
            continue;
        };
        if let Some(ty) = known.types.get(rule.type_index)
            && !ty.auto_heal
        {
            let message = format!(
                "rule `{}` reports type `{}`, which is not auto_heal: {advice}",
                rule.id, ty.id
            );
            out.report(name.span(), Some(subject), bad("rule", message));
        }
    }
}

/// The strings of a string-or-list, located; anything else is dropped
/// (the selector reports it).
pub(super) fn texts(value: &Option<Spanned<Sources>>) -> Vec<Spanned<String>> {
    let Some(value) = value.clone() else {
        return Vec::new();
    };
    Sources::located(value)
        .into_iter()
        .filter_map(|item| {
            let span = item.span();
            match item.into_inner() {
                crate::rules::raw::Item::Text(text) => Some(Spanned::new(span, text)),
                crate::rules::raw::Item::Wrong(_) => None,
            }
        })
        .collect()
}
