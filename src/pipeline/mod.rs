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

pub use batch::{ScanCounts, Scanner};
pub use block::{BlockClassifier, BlockVerdicts, classify_block};
pub use issue::issue_from_event;
pub use live::{Classify, EventFeed, Found, Reported};
