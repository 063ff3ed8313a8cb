//! Printers for scan results: JSON Lines, a readable text listing, and a
//! summary of counts. One result type ([`crate::model::Issue`]), many printers.

mod json;
mod summary;
mod text;

pub use json::{issue_to_json_line, write_json_line};
pub use summary::Summary;
pub use text::TextPrinter;
