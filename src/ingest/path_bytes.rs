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
pub fn serialize<S: Serializer>(path: &Path, serializer: S) -> Result<S::Ok, S::Error> {
    match path.to_str() {
        Some(text) => Saved::Text(text.to_string()),
        None => Saved::Bytes {
            bytes: path.as_os_str().as_bytes().to_vec(),
        },
    }
    .serialize(serializer)
}

/// Reads what [`serialize`] wrote.
pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<PathBuf, D::Error> {
    Ok(match Saved::deserialize(deserializer)? {
        Saved::Text(text) => PathBuf::from(text),
        Saved::Bytes { bytes } => PathBuf::from(OsString::from_vec(bytes)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize, Deserialize, PartialEq, Debug)]
    struct Holder {
        #[serde(with = "super")]
        path: PathBuf,
    }

    #[test]
    fn text_and_odd_bytes_round_trip() {
        let plain = Holder {
            path: "/var/log/app.log".into(),
        };
        let json = serde_json::to_string(&plain).unwrap();
        assert_eq!(
            json, r#"{"path":"/var/log/app.log"}"#,
            "UTF-8 stays a string"
        );
        assert_eq!(serde_json::from_str::<Holder>(&json).unwrap(), plain);
        let odd = Holder {
            path: PathBuf::from(OsString::from_vec(b"/logs/caf\xe9.log".to_vec())),
        };
        let json = serde_json::to_string(&odd).unwrap();
        assert_eq!(serde_json::from_str::<Holder>(&json).unwrap(), odd);
    }
}
