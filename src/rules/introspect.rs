//! The field names a serde-derived struct accepts, asked of the derive
//! itself (so that "unknown field" messages list them without a second,
//! hand-kept list).

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

/// The fields `T` reads, in declaration order (empty if `T` is not a struct).
pub(super) fn field_names<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
    let mut fields: &'static [&'static str] = &[];
    // The capture always ends in `Stop`: only the names are wanted.
    let _ = T::deserialize(Capture(&mut fields));
    fields
}

/// A deserializer that records the field list a struct asks for, then stops.
struct Capture<'a>(&'a mut &'static [&'static str]);

/// The capture's only error.
#[derive(Debug)]
struct Stop;

impl fmt::Display for Stop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("field names captured")
    }
}

impl std::error::Error for Stop {}

impl de::Error for Stop {
    fn custom<M: fmt::Display>(_: M) -> Self {
        Stop
    }
}

impl<'de> Deserializer<'de> for Capture<'_> {
    type Error = Stop;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Stop> {
        Err(Stop)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Stop> {
        *self.0 = fields;
        Err(Stop)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests;
