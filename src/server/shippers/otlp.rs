//! `POST /v1/logs`: OTLP/HTTP with the JSON encoding, as the OpenTelemetry
//! Collector's `otlphttp` exporter sends it with `encoding: json`.
//!
//! The JSON is protobuf's JSON mapping as OTLP uses it: lowerCamelCase
//! keys (the proto field names are taken too, as the mapping asks of a
//! parser), 64-bit integers as decimal strings or numbers, enums as
//! numbers, unknown fields ignored. A record's host is its resource's
//! `host.name`, its stream the record's `log.file.path` or `log.file.name`,
//! else the resource's `service.name`; its time `timeUnixNano`, else
//! `observedTimeUnixNano`; its text the body (a string as it is, any
//! other value as JSON). A record without a body is rejected and the
//! answer says so (`partialSuccess`).

use std::fmt;

use hyper::StatusCode;
use hyper::header::{self, HeaderMap};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{Parsed, epoch};
use crate::remote::{Arrival, cut_name};
use crate::server::issue_json::to_json;
use crate::server::respond::ApiError;

/// The stream of a record whose file and service are not named.
const DEFAULT_STREAM: &str = "otlp";

/// 415 for the protobuf encoding, which is not read here.
pub(super) fn check_type(headers: &HeaderMap) -> Result<(), ApiError> {
    let kind = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase());
    match kind.as_deref() {
        Some("application/x-protobuf" | "application/protobuf") => Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "OTLP/HTTP protobuf is not read here: set `encoding: json` in the collector's \
             otlphttp exporter (or OTEL_EXPORTER_OTLP_LOGS_PROTOCOL=http/json), which sends \
             Content-Type: application/json",
        )),
        _ => Ok(()),
    }
}

/// The log records of an `ExportLogsServiceRequest`, their host `peer`
/// when their resource names none; 400 when the body is not one.
pub(super) fn parse(body: &[u8], peer: &str) -> Result<Parsed, ApiError> {
    let mut parsed = Parsed::default();
    if body.iter().all(u8::is_ascii_whitespace) {
        // An empty request is a success (the specification says so).
        return Ok(parsed);
    }
    let request: Request = serde_json::from_slice(body).map_err(|e| {
        ApiError::bad_request(format!(
            "the body is not an OTLP/JSON ExportLogsServiceRequest: {e}"
        ))
    })?;
    for (r, resource_logs) in request.resource_logs.into_iter().enumerate() {
        let resource = &resource_logs.resource.attributes;
        let host = string_attribute(resource, "host.name").unwrap_or_else(|| peer.to_owned());
        let service = string_attribute(resource, "service.name");
        for (s, scope) in resource_logs.scope_logs.into_iter().enumerate() {
            for (l, record) in scope.log_records.into_iter().enumerate() {
                let Some(text) = record.body.and_then(AnyValue::into_text) else {
                    let at = format_args!("resourceLogs[{r}].scopeLogs[{s}].logRecords[{l}]");
                    parsed.reject(at, "no body");
                    continue;
                };
                let file = ["log.file.path", "log.file.name"]
                    .into_iter()
                    .find_map(|key| string_attribute(&record.attributes, key));
                let stream = file
                    .or_else(|| service.clone())
                    .unwrap_or_else(|| DEFAULT_STREAM.to_owned());
                let time = epoch::from_nanos(record.time_unix_nano.0)
                    .or_else(|| epoch::from_nanos(record.observed_time_unix_nano.0));
                parsed.arrivals.push(Arrival {
                    host: host.clone(),
                    stream,
                    text: text.into_bytes(),
                    time,
                    cut: 0,
                });
            }
        }
    }
    Ok(parsed)
}

/// An `ExportLogsServiceResponse`: `{}`, with `partialSuccess` when
/// records were rejected.
pub(super) fn answer(rejected: u64, errors: &[String]) -> Vec<u8> {
    let partial_success = (rejected > 0).then(|| PartialSuccess {
        // int64: a decimal string in protobuf's JSON mapping.
        rejected_log_records: rejected.to_string(),
        error_message: format!(
            "{rejected} log records rejected (logwarden classifies a record's body): {}",
            errors.join("; ")
        ),
    });
    to_json(128, &Response { partial_success })
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Response {
    #[serde(skip_serializing_if = "Option::is_none")]
    partial_success: Option<PartialSuccess>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PartialSuccess {
    rejected_log_records: String,
    error_message: String,
}

/// The value of attribute `key`, when it is a non-empty string; cut and
/// without control characters, as a host or stream name.
fn string_attribute(attributes: &[KeyValue], key: &str) -> Option<String> {
    let attribute = attributes.iter().find(|kv| kv.key == key)?;
    let text = attribute.value.as_ref()?.string_value.as_deref()?;
    if text.trim().is_empty() {
        return None;
    }
    Some(cut_name(text.to_owned()))
}

// The parts of the request read here; everything else is skipped.

/// Only `resourceLogs` is known at the top: a body with other keys (JSON
/// records meant for `/api/ingest`) is refused saying so, not taken as empty.
#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
struct Request {
    #[serde(alias = "resource_logs")]
    resource_logs: Vec<ResourceLogs>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct ResourceLogs {
    resource: Resource,
    #[serde(alias = "scope_logs")]
    scope_logs: Vec<ScopeLogs>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Resource {
    attributes: Vec<KeyValue>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct ScopeLogs {
    #[serde(alias = "log_records")]
    log_records: Vec<LogRecord>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct LogRecord {
    #[serde(alias = "time_unix_nano")]
    time_unix_nano: Nanos,
    #[serde(alias = "observed_time_unix_nano")]
    observed_time_unix_nano: Nanos,
    body: Option<AnyValue>,
    attributes: Vec<KeyValue>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct KeyValue {
    key: String,
    value: Option<AnyValue>,
}

/// One of its fields is set (or none: empty).
#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct AnyValue {
    #[serde(alias = "string_value")]
    string_value: Option<String>,
    #[serde(alias = "bool_value")]
    bool_value: Option<bool>,
    #[serde(alias = "int_value")]
    int_value: Option<Int64>,
    #[serde(alias = "double_value")]
    double_value: Option<Double>,
    #[serde(alias = "array_value")]
    array_value: Option<ArrayValue>,
    #[serde(alias = "kvlist_value")]
    kvlist_value: Option<KeyValueList>,
    /// Base64, kept as sent.
    #[serde(alias = "bytes_value")]
    bytes_value: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ArrayValue {
    values: Vec<AnyValue>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct KeyValueList {
    values: Vec<KeyValue>,
}

impl AnyValue {
    /// A body's text: a string as it is, another value as JSON; `None`
    /// when empty.
    fn into_text(self) -> Option<String> {
        match self.string_value {
            Some(text) => Some(text),
            None => self.into_json().map(|value| value.to_string()),
        }
    }

    /// The value as plain JSON (a key-value list as an object).
    fn into_json(self) -> Option<Value> {
        if let Some(text) = self.string_value {
            return Some(Value::String(text));
        }
        if let Some(b) = self.bool_value {
            return Some(Value::Bool(b));
        }
        if let Some(Int64(n)) = self.int_value {
            return Some(n);
        }
        if let Some(Double(x)) = self.double_value {
            return Some(x);
        }
        if let Some(array) = self.array_value {
            let values = array
                .values
                .into_iter()
                .map(|v| v.into_json().unwrap_or(Value::Null));
            return Some(Value::Array(values.collect()));
        }
        if let Some(list) = self.kvlist_value {
            let pairs = list.values.into_iter().map(|kv| {
                let value = kv
                    .value
                    .and_then(AnyValue::into_json)
                    .unwrap_or(Value::Null);
                (kv.key, value)
            });
            return Some(Value::Object(pairs.collect()));
        }
        self.bytes_value.map(Value::String)
    }
}

/// A fixed64 time in nanoseconds: a decimal string or a number (0, OTLP's
/// "unknown", when absent, empty or null).
#[derive(Default)]
struct Nanos(u64);

impl<'de> Deserialize<'de> for Nanos {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NanosVisitor).map(Nanos)
    }
}

struct NanosVisitor;

impl Visitor<'_> for NanosVisitor {
    type Value = u64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("nanoseconds since the epoch: a whole number, or a decimal string of one")
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<u64, E> {
        Ok(n)
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<u64, E> {
        u64::try_from(n).map_err(|_| E::invalid_value(de::Unexpected::Signed(n), &self))
    }

    fn visit_f64<E: de::Error>(self, x: f64) -> Result<u64, E> {
        // A whole number that came as a float (1.7e18); u64::MAX as f64
        // rounds up to 2^64, itself out of range.
        if x.fract() == 0.0 && (0.0..18_446_744_073_709_551_615.0).contains(&x) {
            Ok(x as u64)
        } else {
            Err(E::invalid_value(de::Unexpected::Float(x), &self))
        }
    }

    fn visit_unit<E: de::Error>(self) -> Result<u64, E> {
        Ok(0)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<u64, E> {
        if text.is_empty() {
            return Ok(0);
        }
        let digits = text.bytes().all(|b| b.is_ascii_digit());
        let n = digits.then(|| text.parse::<u64>().ok()).flatten();
        n.ok_or_else(|| E::invalid_value(de::Unexpected::Str(text), &self))
    }
}

/// An int64 as the mapping writes it: a number, or a decimal string
/// (kept as its digits when it does not fit).
struct Int64(Value);

impl<'de> Deserialize<'de> for Int64 {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_any(ScalarVisitor { integer: true })
            .map(Int64)
    }
}

/// A double as the mapping writes it: a number, a decimal string, or
/// `"NaN"`, `"Infinity"`, `"-Infinity"` (kept as text).
struct Double(Value);

impl<'de> Deserialize<'de> for Double {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_any(ScalarVisitor { integer: false })
            .map(Double)
    }
}

/// A number of an AnyValue, as a JSON value to write into a body's text.
struct ScalarVisitor {
    integer: bool,
}

impl Visitor<'_> for ScalarVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.integer {
            "an integer, or a decimal string of one"
        } else {
            "a number, or a string of one"
        })
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Value, E> {
        Ok(Value::from(n))
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Value, E> {
        Ok(Value::from(n))
    }

    fn visit_f64<E: de::Error>(self, x: f64) -> Result<Value, E> {
        let number = serde_json::Number::from_f64(x).filter(|_| !self.integer || x.fract() == 0.0);
        number
            .map(Value::Number)
            .ok_or_else(|| E::invalid_value(de::Unexpected::Float(x), &self))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Value, E> {
        let bad = || E::invalid_value(de::Unexpected::Str(text), &self);
        if self.integer {
            let digits = text.strip_prefix('-').unwrap_or(text);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            return Ok(text
                .parse::<i64>()
                .map_or_else(|_| Value::String(text.to_owned()), Value::from));
        }
        if matches!(text, "NaN" | "Infinity" | "-Infinity") {
            return Ok(Value::String(text.to_owned()));
        }
        let number = text
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64);
        number.map(Value::Number).ok_or_else(bad)
    }
}

#[cfg(test)]
mod tests;
