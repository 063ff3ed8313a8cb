//! One-shot classification of existing files (`logwarden scan`).

mod block;
mod engine;
mod inputs;
mod issue;

pub use block::{BlockClassifier, BlockVerdicts, classify_block};
pub use engine::{ScanCounts, Scanner};
pub use inputs::{Input, InputError, STDIN_NAME, expand};
pub use issue::issue_from_event;
