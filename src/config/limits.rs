//! The config file's `[limits]` table: how much the store may hold in
//! memory and in the history, counts and sizes, validated.

use serde::Deserialize;

use super::FileLayer;
use crate::error::{Error, Result};
use crate::store::Limits;

/// A size: a number of bytes, or a string with a unit (`"16MiB"`, `"512 KB"`).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(super) enum Size {
    Bytes(i64),
    Text(String),
}

/// `[limits]` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct LimitsSection {
    templates: Option<i64>,
    template_bytes: Option<Size>,
    generalise_after: Option<i64>,
    groups: Option<i64>,
    group_bytes: Option<Size>,
    seen_groups: Option<i64>,
    history_rows: Option<i64>,
    history_bytes: Option<Size>,
}

/// Smallest sizes accepted: below, nothing useful fits.
const MIN_TEMPLATE_BYTES: u64 = 64 << 10;
const MIN_GROUP_BYTES: u64 = 256 << 10;
const MIN_HISTORY_BYTES: u64 = 1 << 20;

/// Parses `"16MiB"`, `"16 MB"`, `"512k"`, `"1G"` (binary units; `B` and
/// `iB` optional) or a plain number of bytes.
fn parse_size(text: &str) -> std::result::Result<u64, String> {
    let t = text.trim();
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (n, unit) = t.split_at(digits);
    let n: u64 = n.parse().map_err(|_| "expected a number".to_string())?;
    let unit = unit.trim().to_ascii_lowercase();
    let shift = match unit.trim_end_matches('b').trim_end_matches('i') {
        "" => 0,
        "k" => 10,
        "m" => 20,
        "g" => 30,
        _ => return Err(format!("unknown unit {unit:?} (use KiB, MiB or GiB)")),
    };
    n.checked_mul(1 << shift)
        .ok_or_else(|| "too large".to_string())
}

impl LimitsSection {
    /// The limits, defaults where not written; what is out of range is
    /// an error naming the key and the file.
    pub(super) fn resolve(&self, file: &FileLayer) -> Result<Limits> {
        let fail = |key: &str, message: String| Error::Config {
            path: file.name(),
            message: format!("limits.{key}: {message}"),
        };
        let count = |key: &str, value: Option<i64>, default: usize, min: i64| match value {
            None => Ok(default),
            Some(n) if n >= min => {
                usize::try_from(n).map_err(|_| fail(key, format!("{n} is too large")))
            }
            Some(n) => Err(fail(key, format!("{n} is too small (at least {min})"))),
        };
        let size = |key: &str, value: &Option<Size>, default: u64, min: u64| {
            let bytes = match value {
                None => return Ok(default),
                Some(Size::Bytes(n)) => {
                    u64::try_from(*n).map_err(|_| fail(key, format!("{n} is negative")))?
                }
                Some(Size::Text(text)) => parse_size(text).map_err(|e| {
                    fail(
                        key,
                        format!("{text:?}: {e}; write bytes (16777216) or a size (\"16MiB\")"),
                    )
                })?,
            };
            if bytes < min {
                return Err(fail(
                    key,
                    format!("{bytes} bytes is too small (at least {min})"),
                ));
            }
            Ok(bytes)
        };
        let d = Limits::default();
        let to_usize = |key: &str, n: u64| {
            usize::try_from(n).map_err(|_| fail(key, format!("{n} is too large")))
        };
        Ok(Limits {
            templates: count("templates", self.templates, d.templates, 16)?,
            template_bytes: to_usize(
                "template_bytes",
                size(
                    "template_bytes",
                    &self.template_bytes,
                    d.template_bytes as u64,
                    MIN_TEMPLATE_BYTES,
                )?,
            )?,
            generalise_after: count(
                "generalise_after",
                self.generalise_after,
                d.generalise_after,
                0,
            )?,
            groups: count("groups", self.groups, d.groups, 1)?,
            group_bytes: to_usize(
                "group_bytes",
                size(
                    "group_bytes",
                    &self.group_bytes,
                    d.group_bytes as u64,
                    MIN_GROUP_BYTES,
                )?,
            )?,
            seen_groups: count("seen_groups", self.seen_groups, d.seen_groups, 1)?,
            history_rows: count("history_rows", self.history_rows, d.history_rows, 1)?,
            history_bytes: size(
                "history_bytes",
                &self.history_bytes,
                d.history_bytes,
                MIN_HISTORY_BYTES,
            )?,
        })
    }
}

#[cfg(test)]
mod tests;
