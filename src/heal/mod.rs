//! Healing actions and what keeps them from running away: a monitor that
//! restarts a service a thousand times during a flood is worse than none.
//! So far the guard rails alone (pure, fed the time); the actions come next.

mod guard;

pub use guard::{Breaker, Guard, GuardConfig, Refusal};
