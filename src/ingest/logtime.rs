//! The time written in a log line, for the issue's `log_time`.
//!
//! Only run for lines that became issues, but under a flood that is every
//! line: all layouts are searched at once, as one alternation. The
//! earliest timestamp-looking text near the start of the line wins. Layouts
//! without a year (syslog, klog, logcat) take the year that puts the time
//! closest before the reference date. Output is ISO 8601: with the offset
//! when the line states one, otherwise as a local (naive) time.

use std::sync::LazyLock;

use chrono::{
    Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Timelike,
};
use regex::bytes::{Regex, RegexSet};

/// How far into a line a timestamp may start.
const WINDOW: usize = 160;

const MONTHS: &str = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec";

/// Where a layout's year comes from.
#[derive(Clone, Copy)]
enum Year {
    /// A four-digit year in this capture group.
    Group(usize),
    /// A two-digit year (20xx) in this group.
    TwoDigit(usize),
    /// Not written: inferred from the reference date.
    Missing,
}

/// Where a layout's month comes from.
#[derive(Clone, Copy)]
enum Month {
    Number(usize),
    Name(usize),
}

/// Which capture groups hold which parts of a layout's timestamp.
#[derive(Clone, Copy)]
struct Groups {
    year: Year,
    month: Month,
    day: usize,
    /// The hour's group; minutes and seconds follow it.
    hour: usize,
    frac: Option<usize>,
    zone: Option<usize>,
}

const fn groups(
    year: Year,
    month: Month,
    day: usize,
    hour: usize,
    frac: Option<usize>,
    zone: Option<usize>,
) -> Groups {
    Groups {
        year,
        month,
        day,
        hour,
        frac,
        zone,
    }
}

static LAYOUTS: LazyLock<Vec<(Regex, Groups)>> = LazyLock::new(|| {
    use Month::{Name, Number};
    use Year::{Group, Missing, TwoDigit};
    let frac = r"(?:[.,](\d{1,9}))?";
    let specs = [
        // ISO 8601 / RFC 3339, PostgreSQL, MySQL 8, Python logging, Java.
        (
            format!(
                r"(\d{{4}})-(\d{{2}})-(\d{{2}})[T ](\d{{2}}):(\d{{2}}):(\d{{2}}){frac}(?: ?(Z|UTC|GMT|[+-]\d{{2}}:?\d{{2}}))?"
            ),
            groups(Group(1), Number(2), 3, 4, Some(7), Some(8)),
        ),
        // BGL: 2005-06-03-15.42.50.675872
        (
            format!(r"(\d{{4}})-(\d{{2}})-(\d{{2}})-(\d{{2}})\.(\d{{2}})\.(\d{{2}}){frac}"),
            groups(Group(1), Number(2), 3, 4, Some(7), None),
        ),
        // nginx error log, Go's log package: 2024/03/10 14:00:00
        (
            format!(r"(\d{{4}})/(\d{{2}})/(\d{{2}})[ T](\d{{2}}):(\d{{2}}):(\d{{2}}){frac}"),
            groups(Group(1), Number(2), 3, 4, Some(7), None),
        ),
        // Access logs: 10/Mar/2024:13:55:36 +0000
        (
            format!(
                r"(\d{{2}})/({MONTHS})/(\d{{4}}):(\d{{2}}):(\d{{2}}):(\d{{2}}){frac}(?: ([+-]\d{{4}}))?"
            ),
            groups(Group(3), Name(2), 1, 4, Some(7), Some(8)),
        ),
        // ctime, Apache error log: Sun Dec 04 04:47:44 2005
        (
            format!(
                r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ({MONTHS}) +(\d{{1,2}}) (\d{{2}}):(\d{{2}}):(\d{{2}}){frac} (\d{{4}})"
            ),
            groups(Group(7), Name(1), 2, 3, Some(6), None),
        ),
        // Redis: 10 Mar 2024 10:00:00.001
        (
            format!(r"\b(\d{{1,2}}) ({MONTHS}) (\d{{4}}) (\d{{2}}):(\d{{2}}):(\d{{2}}){frac}"),
            groups(Group(3), Name(2), 1, 4, Some(7), None),
        ),
        // syslog: Mar 10 13:55:01 (no year)
        (
            format!(r"\b({MONTHS}) +(\d{{1,2}}) (\d{{2}}):(\d{{2}}):(\d{{2}}){frac}"),
            groups(Missing, Name(1), 2, 3, Some(6), None),
        ),
        // Spark: 17/06/09 20:10:40
        (
            r"^(\d{2})/(\d{2})/(\d{2}) (\d{2}):(\d{2}):(\d{2})".to_string(),
            groups(TwoDigit(1), Number(2), 3, 4, None, None),
        ),
        // HDFS: 081109 203615
        (
            r"^(\d{2})(\d{2})(\d{2}) (\d{2})(\d{2})(\d{2})\b".to_string(),
            groups(TwoDigit(1), Number(2), 3, 4, None, None),
        ),
        // klog: E0310 12:00:01.000123 (no year)
        (
            format!(r"^[IWEF](\d{{2}})(\d{{2}}) (\d{{2}}):(\d{{2}}):(\d{{2}}){frac}"),
            groups(Missing, Number(1), 2, 3, Some(6), None),
        ),
        // logcat: 03-17 16:13:38.811 (no year)
        (
            format!(r"^(\d{{2}})-(\d{{2}}) (\d{{2}}):(\d{{2}}):(\d{{2}}){frac}"),
            groups(Missing, Number(1), 2, 3, Some(6), None),
        ),
    ];
    specs
        .into_iter()
        .filter_map(|(src, g)| Regex::new(&src).ok().map(|re| (re, g)))
        .collect()
});

/// Every layout at once: which of them occur in a line, in one pass.
static LAYOUT_SET: LazyLock<Option<RegexSet>> =
    LazyLock::new(|| RegexSet::new(LAYOUTS.iter().map(|(re, _)| re.as_str())).ok());

/// Every layout as one alternation, each in a group of its own: its
/// leftmost-first match is the earliest timestamp, the first layout on a
/// tie, found and captured in one search. With where each layout's
/// groups start in it.
static COMBINED: LazyLock<Option<(Regex, Vec<usize>)>> = LazyLock::new(|| {
    let mut offsets = Vec::new();
    let mut next = 1;
    let mut alternatives = Vec::new();
    for (re, _) in LAYOUTS.iter() {
        offsets.push(next);
        next += re.captures_len();
        alternatives.push(format!("({})", re.as_str()));
    }
    Some((Regex::new(&alternatives.join("|")).ok()?, offsets))
});

/// The time written in `line`, as ISO 8601 text, or `None` if none is found.
/// `today` resolves layouts that omit the year. The earliest match wins
/// (the first layout on a tie); one that is not a real date (month 13)
/// gives way to the next.
pub(crate) fn parse_log_time(line: &[u8], today: NaiveDate) -> Option<String> {
    let window = &line[..line.len().min(WINDOW)];
    // The usual case: the earliest match is a real date.
    if let Some((re, offsets)) = COMBINED.as_ref() {
        let caps = re.captures(window)?;
        let which = offsets.iter().position(|&at| caps.get(at).is_some())?;
        let at = offsets[which];
        let got = |i: usize| caps.get(at + i).map(|m| m.as_bytes());
        if let Some(text) = render(got, LAYOUTS[which].1, today) {
            return Some(text);
        }
    }
    // It was not (month 13): every layout, earliest first.
    earliest_of_each(window, today)
}

/// The time in `window` found layout by layout: the earliest match that
/// is a real date (the first layout on a tie).
fn earliest_of_each(window: &[u8], today: NaiveDate) -> Option<String> {
    let occurring: Vec<usize> = match LAYOUT_SET.as_ref() {
        Some(set) => set.matches(window).into_iter().collect(),
        None => (0..LAYOUTS.len()).collect(),
    };
    let mut found: Vec<(usize, usize)> = occurring
        .into_iter()
        .filter_map(|i| Some((LAYOUTS[i].0.find(window)?.start(), i)))
        .collect();
    found.sort_unstable();
    found.into_iter().find_map(|(_, i)| {
        let (re, groups) = &LAYOUTS[i];
        let caps = re.captures(window)?;
        render(|g| caps.get(g).map(|m| m.as_bytes()), *groups, today)
    })
}

/// Bytes of `line` taken by a timestamp at its very start (after an
/// optional `[`), with the brackets and separators that follow it; 0 when
/// the line does not start with a time. Lists already show a time column,
/// so narrow views drop this prefix to keep the message visible.
pub(crate) fn time_prefix_len(line: &str) -> usize {
    let bytes = line.as_bytes();
    let window = &bytes[..bytes.len().min(WINDOW)];
    let lead = window
        .iter()
        .take_while(|&&b| b == b'[' || b == b' ')
        .count();
    let end = LAYOUTS
        .iter()
        .filter_map(|(re, _)| re.find_at(window, lead))
        .filter(|m| m.start() == lead)
        .map(|m| m.end())
        .max();
    let Some(end) = end else {
        return 0;
    };
    let rest = &bytes[end..];
    let skip = rest
        .iter()
        .take_while(|&&b| matches!(b, b']' | b' ' | b'\t' | b'|' | b'-' | b':' | b','))
        .count();
    let cut = end + skip;
    // Never cut the whole line, and only at a character boundary.
    if cut >= line.len() || !line.is_char_boundary(cut) {
        return 0;
    }
    cut
}

/// The timestamp a layout's groups (`group(i)`: the text of group `i`)
/// make, as ISO 8601 text; `None` when it is not a real date.
fn render<'a>(
    group: impl Fn(usize) -> Option<&'a [u8]>,
    g: Groups,
    today: NaiveDate,
) -> Option<String> {
    // Groups are ASCII by construction (digits, month names, zones).
    let text = |i: usize| std::str::from_utf8(group(i)?).ok();
    let num = |i: usize| -> Option<u32> { text(i)?.parse().ok() };
    let mon = match g.month {
        Month::Number(i) => num(i)?,
        Month::Name(i) => month_number(text(i)?)?,
    };
    let day = num(g.day)?;
    let (h, m, s) = (num(g.hour)?, num(g.hour + 1)?, num(g.hour + 2)?);
    let frac = g.frac.and_then(text);
    let zone = g.zone.and_then(text);
    let year = match g.year {
        Year::Group(i) => Some(i32::try_from(num(i)?).ok()?),
        Year::TwoDigit(i) => Some(2000 + i32::try_from(num(i)?).ok()?),
        Year::Missing => None,
    };
    let year = year.unwrap_or_else(|| infer_year(mon, day, today));
    let date = NaiveDate::from_ymd_opt(year, mon, day)?;
    let nanos = frac.map_or(0, fraction_nanos);
    let time = NaiveTime::from_hms_nano_opt(h, m, s, nanos)?;
    let naive = NaiveDateTime::new(date, time);
    let offset = match zone.map(parse_offset) {
        Some(Some(offset)) => Some(offset.from_local_datetime(&naive).single()?.offset().fix()),
        _ => None,
    };
    Some(iso(&naive, offset))
}

/// `%Y-%m-%dT%H:%M:%S%.f` and, with an offset, `%:z`, written directly:
/// chrono parses a format string on every call, which showed under floods.
fn iso(t: &NaiveDateTime, offset: Option<FixedOffset>) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(32);
    let _ = write!(
        out,
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    );
    // %.f: nothing for whole seconds, else 3, 6 or 9 digits as needed.
    let nanos = t.nanosecond() % 1_000_000_000;
    let _ = match nanos {
        0 => Ok(()),
        n if n % 1_000_000 == 0 => write!(out, ".{:03}", n / 1_000_000),
        n if n % 1_000 == 0 => write!(out, ".{:06}", n / 1_000),
        n => write!(out, ".{n:09}"),
    };
    if let Some(offset) = offset {
        let secs = offset.local_minus_utc();
        let sign = if secs < 0 { '-' } else { '+' };
        let minutes = secs.unsigned_abs() / 60;
        let _ = write!(out, "{sign}{:02}:{:02}", minutes / 60, minutes % 60);
    }
    out
}

fn month_number(name: &str) -> Option<u32> {
    MONTHS
        .split('|')
        .position(|m| m == name)
        .map(|i| i as u32 + 1)
}

/// The year that puts month/day closest before `today` (allowing a day of clock skew).
fn infer_year(month: u32, day: u32, today: NaiveDate) -> i32 {
    let this_year = today.year();
    match NaiveDate::from_ymd_opt(this_year, month, day) {
        Some(date) if date > today + chrono::Days::new(1) => this_year - 1,
        _ => this_year,
    }
}

/// Digits after the decimal point → nanoseconds ("5" → 500ms).
fn fraction_nanos(digits: &str) -> u32 {
    let mut nanos = 0u32;
    let mut scale = 100_000_000;
    for d in digits.bytes().take(9) {
        nanos += u32::from(d.wrapping_sub(b'0').min(9)) * scale;
        scale /= 10;
    }
    nanos
}

fn parse_offset(zone: &str) -> Option<FixedOffset> {
    if matches!(zone, "Z" | "UTC" | "GMT") {
        return FixedOffset::east_opt(0);
    }
    let sign = if zone.starts_with('-') { -1 } else { 1 };
    let digits: Vec<i32> = zone
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|d| i32::from(d - b'0'))
        .collect();
    let [h1, h2, m1, m2] = digits[..] else {
        return None;
    };
    let (hours, minutes) = (h1 * 10 + h2, m1 * 10 + m2);
    FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))
}

#[cfg(test)]
mod tests;
