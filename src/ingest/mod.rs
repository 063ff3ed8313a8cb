//! Getting events out of bytes: line splitting, multi-line assembly, and the
//! time written in a line.

pub mod checkpoint;
mod event;
pub(crate) mod gzip_tail;
pub(crate) mod identity;
mod inputs;
pub mod kind;
mod lines;
pub mod live;
mod logtime;
mod multiline;
mod path_bytes;
mod reading;
mod shape;
pub(crate) mod splitter;
pub(crate) mod tailer;

pub(crate) use inputs::{Input, STDIN_NAME, expand};
pub use lines::DEFAULT_LINE_CAP;

pub(crate) use lines::{BlockReader, DEFAULT_BLOCK, OwnedBlock, block_lines, strip_terminator};
pub(crate) use logtime::{parse_log_time, time_prefix_len};
pub use multiline::Line;

pub(crate) use multiline::{Assembler, Event};
