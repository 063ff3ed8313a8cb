//! Alerts: rules over issues rather than lines. A threshold (N occurrences
//! of a type, a group or a captured value within a window, as fail2ban's
//! maxretry/findtime), a sequence (A then B within a window: a crash then
//! a restart), inhibition (while a disk is full on a host, the write errors
//! and 5xx it causes there do not alert) and recovery (an alert ends when
//! its rate stays low for a period). The engine is pure: it is fed
//! observations and the time, and says what fires and what ends.

mod engine;
mod spec;

pub use engine::{AlertChange, AlertEngine, Fired, Observation, Recovered};
pub use spec::{AlertKind, AlertSpec, Inhibit, Mode, Recovery, Selector};
