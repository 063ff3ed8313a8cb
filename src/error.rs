//! Errors of the engine. `main` wraps them with context and maps them to
//! exit code 2; none of them is a panic.

use std::io;

use crate::rules::RulesError;

/// Something that stops a command from running at all.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The rules file cannot be read, or is invalid (every problem is
    /// listed, located).
    #[error("{0}")]
    Rules(#[from] RulesError),
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// Why.
        source: io::Error,
    },
    /// The config file (or a flag value) is invalid.
    #[error("{path}: {message}")]
    Config {
        /// The config file, or `command line`.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// The command line asks for something that cannot be done.
    #[error("{0}")]
    Usage(String),
    /// The API's address cannot be served (in use, no permission).
    #[error("cannot serve the API on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: std::net::SocketAddr,
        /// Why.
        source: io::Error,
    },
    /// A syslog listener's address cannot be bound.
    #[error("cannot listen for syslog on {addr} ({protocol}): {source}")]
    Listen {
        /// The address asked for.
        addr: std::net::SocketAddr,
        /// TCP or UDP.
        protocol: &'static str,
        /// Why.
        source: io::Error,
    },
    /// Syslog over TLS's certificate or key cannot be used.
    #[error("{0}")]
    Tls(#[from] crate::syslog::TlsError),
    /// logwarden's own log file cannot be opened.
    #[error("cannot open log file {path}: {source}")]
    OpenLog {
        /// The file.
        path: String,
        /// Why.
        source: io::Error,
    },
    /// Output could not be written (not a closed pipe, which is no error).
    #[error("cannot write the {what}: {source}")]
    Write {
        /// What was being written: `output`, `export`.
        what: &'static str,
        /// Why.
        source: io::Error,
    },
    /// A directory logwarden makes could not be made.
    #[error("cannot create the {what} {path}: {source}")]
    CreateDir {
        /// What it is for: `demo directory`.
        what: &'static str,
        /// The directory.
        path: String,
        /// Why.
        source: io::Error,
    },
    /// The terminal failed while the dashboard ran.
    #[error("terminal error: {0}")]
    Terminal(io::Error),
    /// The issue history cannot be opened, read or written.
    #[error("{0}")]
    History(#[from] crate::store::PersistError),
    /// The state directory cannot be used (locked by another instance, unwritable).
    #[error("{0}")]
    State(#[from] crate::ingest::checkpoint::StateError),
    /// The live engine could not start.
    #[error("cannot start following: {0}")]
    Start(io::Error),
    /// The rules are too large for the literal automaton.
    #[error("rules too large to compile into the prefilter: {0}")]
    Automaton(#[from] aho_corasick::BuildError),
}

/// Result with the engine's error.
pub type Result<T> = std::result::Result<T, Error>;
