//! The one path from a line to an issue, shared by `scan` and the live
//! engine: each line gets the rules' verdict ([`BlockClassifier`]), lines
//! are assembled into events (a traceback is one event; see
//! [`crate::ingest::Assembler`]), and each matched event becomes an
//! [`Issue`](crate::model::Issue) ([`issue_from_event`]). [`Scanner`] runs
//! it over whole inputs, on several threads; [`EventFeed`] runs it over
//! lines as they arrive.

mod batch;
mod block;
mod issue;
mod live;

pub(crate) use batch::Scanner;
pub use block::{BlockClassifier, classify_block};

pub(crate) use issue::{issue_from_event, local_host};
pub(crate) use live::{Classify, EventFeed, Found, Reported};
