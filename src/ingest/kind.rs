//! What a path is when it is not a regular file, in words for messages:
//! a log named on the command line may turn out to be a pipe, a socket or
//! a device, and the user must hear which.

use std::fs::FileType;
use std::os::unix::fs::FileTypeExt;

/// "a named pipe (FIFO)", "a directory", ... for a file type.
pub fn describe(kind: &FileType) -> &'static str {
    if kind.is_file() {
        "a regular file"
    } else if kind.is_dir() {
        "a directory"
    } else if kind.is_fifo() {
        "a named pipe (FIFO)"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_char_device() {
        "a character device"
    } else if kind.is_block_device() {
        "a block device"
    } else if kind.is_symlink() {
        "a symbolic link"
    } else {
        "not a regular file"
    }
}

#[cfg(test)]
mod tests;
