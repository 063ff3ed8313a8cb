//! Paths in saved state, whatever bytes they hold. A UTF-8 path is saved as
//! a JSON string (as before); any other is saved as `{"bytes": [..]}`, so a
//! file named `caf\xe9.log` is remembered exactly and never makes a save fail.

use std::ffi::OsString;
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum Saved {
    Text(String),
    Bytes { bytes: Vec<u8> },
}

/// Serializes `path` as text when it is UTF-8, else as its bytes.
pub(super) fn serialize<S: Serializer>(path: &Path, serializer: S) -> Result<S::Ok, S::Error> {
    match path.to_str() {
        Some(text) => Saved::Text(text.to_string()),
        None => Saved::Bytes {
            bytes: path.as_os_str().as_bytes().to_vec(),
        },
    }
    .serialize(serializer)
}

/// Reads what [`serialize`] wrote.
pub(super) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<PathBuf, D::Error> {
    Ok(match Saved::deserialize(deserializer)? {
        Saved::Text(text) => PathBuf::from(text),
        Saved::Bytes { bytes } => PathBuf::from(OsString::from_vec(bytes)),
    })
}

#[cfg(test)]
mod tests;
