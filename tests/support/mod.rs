//! Shared helpers for integration tests.

#![allow(dead_code)]

pub mod api;
pub mod cli;
pub mod corpus;
pub mod pty;
pub mod rng;
pub mod ui;
pub mod watch;
