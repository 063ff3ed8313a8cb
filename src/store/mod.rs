//! Issue state and what is derived from it. For now the pure parts: the
//! health score and statistics, shared by scan, the dashboard and the API.

mod health;
mod stats;

pub use health::{HealthStatus, RECENT_WINDOW, health_score, is_recent};
pub use stats::{Statistics, statistics};

#[cfg(test)]
mod tests;
