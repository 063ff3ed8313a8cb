//! Printers for scan results: JSON Lines, a readable text listing, and a
//! summary of counts. One result type ([`crate::model::Issue`]), many printers.

mod json;
mod summary;
mod text;

pub(crate) use json::{escape_c1, write_grown_json_line, write_json_line};
pub(crate) use summary::Summary;
pub(crate) use text::TextPrinter;
