//! Getting events out of bytes: line splitting, multi-line assembly, and the
//! time written in a line.

pub mod checkpoint;
mod event;
pub mod gzip_tail;
pub mod identity;
mod inputs;
pub mod kind;
mod lines;
pub mod live;
mod logtime;
mod multiline;
mod path_bytes;
mod reading;
mod shape;
pub mod splitter;
pub mod tailer;

pub use inputs::{Input, InputError, STDIN_NAME, expand};
pub use lines::{
    BlockReader, DEFAULT_BLOCK, DEFAULT_LINE_CAP, OwnedBlock, block_lines, strip_terminator,
};
pub use logtime::{parse_log_time, time_prefix_len};
pub use multiline::{Assembler, Event, EventMatch, Line};
pub use shape::{Shape, shape_of};
