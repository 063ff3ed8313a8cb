//! Healing actions and what keeps them from running away: a monitor that
//! restarts a service a thousand times during a flood is worse than none.
//! The hub (hub.rs) decides, per occurrence, which actions are bound and
//! allowed by their guard rails (guard.rs); the runner (runner.rs) carries
//! them out (a command's checked argv, exec.rs; a webhook, webhook.rs) and
//! the audit (audit.rs) keeps every attempt.

mod audit;
mod command;
mod exec;
mod guard;
mod hub;
mod runner;
mod spec;
mod values;
mod webhook;

pub use audit::{Attempt, Audit};
pub(crate) use command::placeholder;
pub use command::{ArgError, build_argv, check_template};
pub use exec::{Outcome, run_command};
pub use guard::{Breaker, Guard, GuardConfig, Refusal};
pub use hub::{ActionStatus, HandRefusal, HealHub, QUEUE, Trigger};
pub use runner::spawn_runner;
pub use spec::{ActionKind, ActionSpec, Secret, WebhookFormat};
pub use values::{binds, issue_values, target_of};
pub use webhook::{AlertPayload, body, post};
