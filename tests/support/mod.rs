//! Shared helpers for integration tests.

// Test helpers may unwrap: a panic there fails the test that called them.
#![allow(clippy::unwrap_used)]
// Helpers are `pub` for the test files that use them, not for a library.
#![allow(unreachable_pub)]
#![allow(dead_code)]

pub mod api;
pub mod cli;
pub mod corpus;
pub mod fleet;
pub mod prop;
pub mod pty;
pub mod shippers;
pub mod syslog;
pub mod tls;
pub mod ui;
pub mod watch;
