//! Where an issue stands with operators, for views that show one mark.

use chrono::{DateTime, Utc};

use super::Issue;

/// An issue's standing, the first that applies in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// An operator resolved it.
    Resolved,
    /// It happened again after being resolved.
    Regression,
    /// Silenced now.
    Silenced,
    /// Someone is on it.
    Acknowledged,
    /// A new pattern nobody has handled yet.
    NewPattern,
    /// None of the above.
    Open,
}

impl Issue {
    /// Where it stands at `now`.
    pub fn standing(&self, now: DateTime<Utc>) -> Standing {
        if self.resolved {
            Standing::Resolved
        } else if self.regression {
            Standing::Regression
        } else if self.silenced(now) {
            Standing::Silenced
        } else if self.acknowledged {
            Standing::Acknowledged
        } else if self.new_pattern {
            Standing::NewPattern
        } else {
            Standing::Open
        }
    }
}

#[cfg(test)]
mod tests;
