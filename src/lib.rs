//! logwarden: watches log files, classifies problems into issues, keeps a
//! health score. This crate is the engine; `main.rs` is a thin CLI over it.

pub mod alert;
pub mod app;
pub mod classify;
pub mod cli;
pub mod commands;
pub mod config;
mod demo;
pub mod error;
pub mod follow;
pub mod heal;
pub mod ingest;
pub mod live;
pub mod model;
mod output;
pub mod pipeline;
pub mod redact;
pub mod remote;
pub mod rules;
pub mod server;
mod settings_file;
mod signals;
pub mod store;
pub mod syslog;
mod template;
pub mod theme;
pub mod ui;
