//! Reading a settings file (config, patterns, theme) whole, with a cap: a
//! path to a device or a file that never ends must fail, not fill memory.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// Larger than any real settings file by far.
const MAX_BYTES: u64 = 16 << 20;

/// The file's text; an error for one that is not UTF-8 or is over 16 MiB.
pub(crate) fn read(path: &Path) -> io::Result<String> {
    let mut text = String::new();
    File::open(path)?
        .take(MAX_BYTES + 1)
        .read_to_string(&mut text)?;
    if text.len() as u64 > MAX_BYTES {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "over {} MiB, too large for a settings file",
                MAX_BYTES >> 20
            ),
        ));
    }
    Ok(text)
}
