//! logwarden: watches log files, classifies problems into issues, keeps a
//! health score. This crate is the engine; `main.rs` is a thin CLI over it.

pub mod app;
pub mod classify;
pub mod cli;
pub mod commands;
pub mod config;
pub mod demo;
pub mod error;
pub mod follow;
pub mod ingest;
pub mod live;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod redact;
pub mod rules;
pub mod server;
pub mod signals;
pub mod store;
pub mod template;
pub mod theme;
pub mod ui;
