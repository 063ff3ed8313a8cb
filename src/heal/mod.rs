//! Healing actions and what keeps them from running away: a monitor that
//! restarts a service a thousand times during a flood is worse than none.
//! So far the guard rails (pure, fed the time), the argv of a command
//! action (values as whole, checked arguments), running it, and webhooks
//! (bodies and the POST); wiring them to issues comes next.

mod command;
mod exec;
mod guard;
mod spec;
mod webhook;

pub use command::{ArgError, build_argv, check_template};
pub use exec::{Outcome, run_command};
pub use guard::{Breaker, Guard, GuardConfig, Refusal};
pub use spec::{ActionKind, ActionSpec, Secret, WebhookFormat};
pub use webhook::{AlertPayload, body, post};
