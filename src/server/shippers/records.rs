//! `POST /api/ingest`: JSON records as shippers send them, one per line
//! (Vector's `http` sink with newline-delimited framing, Fluent Bit's
//! `json_lines`), an array of them (Fluent Bit's `json`, Vector's array
//! framing) or a single object, read through the `[ingest]` field names.
//! A record that cannot be read is rejected, with its line (or place in
//! the array); the others are taken.

use std::fmt;

use hyper::StatusCode;
use serde::Serialize;
use serde::de::{DeserializeSeed, Deserializer, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::{Parsed, epoch};
use crate::config::IngestFields;
use crate::remote::{Arrival, cut_name};
use crate::server::issue_json::to_json;
use crate::server::respond::ApiError;

/// The stream of a record that names none.
const DEFAULT_STREAM: &str = "http";

/// The longest sent time kept (it is only read for a date).
const TIME_CAP: usize = 64;

/// The records in `body`, their host `peer` when they name none.
pub(super) fn parse(body: &[u8], fields: &IngestFields, peer: &str) -> Result<Parsed, ApiError> {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let mut reader = Reader {
        fields,
        peer,
        parsed: Parsed::default(),
    };
    match body.iter().find(|b| !b.is_ascii_whitespace()) {
        None => {}
        Some(b'[') => reader.array(body)?,
        Some(_) => reader.lines(body),
    }
    Ok(reader.parsed)
}

/// `POST /api/ingest`'s answer: 200 with the counts, or 400 when records
/// came and none could be taken.
#[derive(Debug, Serialize)]
struct Answer<'a> {
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    accepted: usize,
    rejected: u64,
    errors: &'a [String],
}

/// The status and body of the answer.
pub(super) fn answer(accepted: usize, rejected: u64, errors: &[String]) -> (StatusCode, Vec<u8>) {
    let refused = accepted == 0 && rejected > 0;
    let body = Answer {
        status: if refused { "error" } else { "success" },
        error: refused.then(|| {
            let first = errors.first().map_or("", String::as_str);
            format!("no record could be taken ({rejected} rejected; {first})")
        }),
        accepted,
        rejected,
        errors,
    };
    let status = if refused {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    (status, to_json(256, &body))
}

/// Reads records into arrivals.
struct Reader<'a> {
    fields: &'a IngestFields,
    peer: &'a str,
    parsed: Parsed,
}

impl Reader<'_> {
    /// One record per line; blank lines are skipped. A first line that is
    /// not JSON may open one object written over several lines.
    fn lines(&mut self, body: &[u8]) {
        let mut first = true;
        for (n, line) in body.split(|&b| b == b'\n').enumerate() {
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let value = match serde_json::from_slice::<Value>(line) {
                Ok(value) => value,
                Err(_) if first && self.whole_object(body) => return,
                Err(e) => {
                    self.parsed
                        .reject(format_args!("line {}", n + 1), not_json(&e));
                    first = false;
                    continue;
                }
            };
            first = false;
            self.record(format_args!("line {}", n + 1), value);
        }
    }

    /// Takes `body` as one object written over several lines, if it is one.
    fn whole_object(&mut self, body: &[u8]) -> bool {
        match serde_json::from_slice::<Value>(body) {
            Ok(value @ Value::Object(_)) => {
                self.record("record 1", value);
                true
            }
            _ => false,
        }
    }

    /// A JSON array of records, each read as it is parsed (the array is
    /// never held whole); 400 when the body is not an array.
    fn array(&mut self, body: &[u8]) -> Result<(), ApiError> {
        let mut de = serde_json::Deserializer::from_slice(body);
        let read = de.deserialize_seq(Items(self)).and_then(|()| de.end());
        read.map_err(|e| ApiError::bad_request(format!("the body is not a JSON array: {e}")))
    }

    /// One parsed record: an arrival, or a rejection saying why not.
    fn record(&mut self, at: impl fmt::Display, value: Value) {
        match self.arrival(value) {
            Ok(arrival) => self.parsed.arrivals.push(arrival),
            Err(why) => self.parsed.reject(at, why),
        }
    }

    fn arrival(&self, value: Value) -> Result<Arrival, String> {
        let Value::Object(record) = value else {
            return Err(format!("not a JSON object but {}", kind(&value)));
        };
        let fields = self.fields;
        let message = (fields.message.iter())
            .find_map(|name| lookup(&record, name))
            .ok_or_else(|| {
                format!(
                    "no message field (looked for {})",
                    fields.message.join(", ")
                )
            })?;
        let text = match message {
            Value::String(text) => text.as_bytes().to_vec(),
            // Structured: kept as JSON text, which the rules can still match.
            other => other.to_string().into_bytes(),
        };
        let name = |names: &[String]| names.iter().find_map(|name| name_in(&record, name));
        Ok(Arrival {
            host: name(&fields.host).unwrap_or_else(|| self.peer.to_owned()),
            stream: name(&fields.stream).unwrap_or_else(|| DEFAULT_STREAM.to_owned()),
            text,
            time: fields.time.iter().find_map(|name| time_in(&record, name)),
            cut: 0,
        })
    }
}

/// The elements of an array, each read into the [`Reader`] as it comes.
struct Items<'r, 'a>(&'r mut Reader<'a>);

impl<'de> Visitor<'de> for Items<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of JSON objects")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut n = 0u64;
        while let Some(value) = seq.next_element::<Value>()? {
            n += 1;
            self.0.record(format_args!("record {n}"), value);
        }
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for Items<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

/// Field `name` of `record`: the key as written, else (for a dotted name)
/// the nested path (`host.name` in `{"host":{"name":..}}`). Null is absent.
fn lookup<'v>(record: &'v Map<String, Value>, name: &str) -> Option<&'v Value> {
    let value = match record.get(name) {
        Some(value) => value,
        None if name.contains('.') => {
            let mut parts = name.split('.');
            let first = record.get(parts.next()?)?;
            parts.try_fold(first, |value, part| value.as_object()?.get(part))?
        }
        None => return None,
    };
    (!value.is_null()).then_some(value)
}

/// A host or stream name: a non-empty string (or a number), cut to a
/// length, control characters replaced; anything else is looked past.
fn name_in(record: &Map<String, Value>, name: &str) -> Option<String> {
    let text = match lookup(record, name)? {
        Value::String(text) if !text.trim().is_empty() => text.clone(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    Some(cut_name(text))
}

/// The time a record was written: a string as it is, a number of
/// (milli-, micro-, nano-) seconds since the epoch as RFC 3339.
fn time_in(record: &Map<String, Value>, name: &str) -> Option<String> {
    match lookup(record, name)? {
        Value::String(text) if !text.trim().is_empty() => {
            Some(text.chars().take(TIME_CAP).collect())
        }
        Value::Number(n) => epoch::from_number(n),
        _ => None,
    }
}

/// What a JSON value is, for a rejection.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A line's parse error, with its column (the line is known).
fn not_json(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let what = text
        .rfind(" at line ")
        .map_or(text.as_str(), |at| &text[..at]);
    format!("not JSON: {what} at column {}", e.column())
}

#[cfg(test)]
mod tests;
