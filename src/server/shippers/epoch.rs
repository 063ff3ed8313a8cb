//! Times sent as numbers since the epoch, as RFC 3339 text (what the
//! remote input reads a sent time from). The unit is told by the size:
//! shippers send seconds (Fluent Bit's `date`, with a fraction),
//! milliseconds (JavaScript, Logstash), microseconds or nanoseconds
//! (OTLP), and for any date between 1973 and 5138 the four cannot be
//! confused.

use chrono::{DateTime, SecondsFormat};

/// Below this a number is seconds, below 1000 times it milliseconds, and
/// so on (10^11 s is the year 5138; 10^11 ms is 1973).
const SECONDS_BELOW: f64 = 1e11;

/// A time `value` since the epoch as RFC 3339 (UTC); `None` when it is
/// negative, not finite or out of range.
pub(super) fn from_number(value: &serde_json::Number) -> Option<String> {
    if let Some(n) = value.as_u64() {
        return from_integer(n);
    }
    from_float(value.as_f64()?)
}

/// Nanoseconds since the epoch (OTLP's `timeUnixNano`) as RFC 3339;
/// `None` for 0 (OTLP's "unknown").
pub(super) fn from_nanos(nanos: u64) -> Option<String> {
    if nanos == 0 {
        return None;
    }
    text(nanos / 1_000_000_000, nanos % 1_000_000_000)
}

/// A whole number in whichever unit its size tells.
fn from_integer(n: u64) -> Option<String> {
    // Exact: no float on the way, so nanoseconds keep every digit.
    let mut scale = 1u64;
    while scale < 1_000_000_000 && n / scale >= SECONDS_BELOW as u64 {
        scale *= 1000;
    }
    let nanos_per_unit = 1_000_000_000 / scale;
    text(n / scale, (n % scale) * nanos_per_unit)
}

/// A number with a fraction (Fluent Bit's `date`: seconds.micros).
fn from_float(f: f64) -> Option<String> {
    if !f.is_finite() || f < 0.0 {
        return None;
    }
    let mut seconds = f;
    for _ in 0..3 {
        if seconds < SECONDS_BELOW {
            break;
        }
        seconds /= 1000.0;
    }
    let whole = seconds.trunc();
    // Microseconds are what a double holds of a current time in seconds.
    let micros = ((seconds - whole) * 1e6).round() as u64;
    text(whole as u64, micros.min(999_999) * 1000)
}

fn text(seconds: u64, nanos: u64) -> Option<String> {
    let time = DateTime::from_timestamp(i64::try_from(seconds).ok()?, u32::try_from(nanos).ok()?)?;
    Some(time.to_rfc3339_opts(SecondsFormat::AutoSi, true))
}

#[cfg(test)]
mod tests;
