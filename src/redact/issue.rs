//! An issue with every piece of log text in it redacted: its line, its
//! event, its group's template, its earlier occurrences' lines and its
//! named values. What
//! the API, the event stream and exports hand out.

use std::borrow::Cow;

use super::Redactor;
use crate::model::Issue;

impl Redactor {
    /// `issue` with its log text redacted; borrowed when nothing was hidden.
    pub fn issue<'a>(&self, issue: &'a Issue) -> Cow<'a, Issue> {
        let line = self.apply(&issue.log_line);
        let event = self.apply(&issue.event);
        let template = issue.template.as_deref().map(|t| self.apply(t));
        let earlier: Vec<Cow<'_, str>> = issue
            .occurrences
            .iter()
            .map(|o| self.apply(&o.log_line))
            .collect();
        // A named capture can hold a secret (`token=(?P<token>...)`).
        let fields: Vec<Cow<'_, str>> = issue.fields.values().map(|v| self.apply(v)).collect();
        let untouched = fields.iter().all(|v| matches!(v, Cow::Borrowed(_)))
            && matches!(line, Cow::Borrowed(_))
            && matches!(event, Cow::Borrowed(_))
            && matches!(template, None | Some(Cow::Borrowed(_)))
            && earlier.iter().all(|l| matches!(l, Cow::Borrowed(_)));
        if untouched {
            return Cow::Borrowed(issue);
        }
        let mut copy = issue.clone();
        copy.log_line = line.into_owned();
        copy.event = event.into_owned();
        copy.template = template.map(Cow::into_owned);
        for (o, line) in copy.occurrences.iter_mut().zip(earlier) {
            o.log_line = line.into_owned();
        }
        for (value, redacted) in copy.fields.values_mut().zip(fields) {
            *value = redacted.into_owned();
        }
        Cow::Owned(copy)
    }
}

#[cfg(test)]
mod tests;
