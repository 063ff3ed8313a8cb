//! Shared helpers for integration tests.

// Test helpers may unwrap: a panic there fails the test that called them.
#![allow(clippy::unwrap_used)]
#![allow(dead_code)]

pub mod api;
pub mod cli;
pub mod corpus;
pub mod prop;
pub mod pty;
pub mod ui;
pub mod watch;
