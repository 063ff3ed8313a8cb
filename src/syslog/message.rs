//! One syslog frame read as a message: RFC 5424 (`<PRI>1 TIMESTAMP HOST
//! APP PROCID MSGID SD MSG`), RFC 3164 as senders write it (`<PRI>Mmm dd
//! hh:mm:ss HOST TAG[PID]: MSG`, and rsyslog's forwarding format with an
//! RFC 3339 time in its place), or, without a priority, a bare line. It
//! never fails: what cannot be read as a header is message text.

/// Which shape the frame had.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// RFC 5424.
    Rfc5424,
    /// RFC 3164 (BSD) or rsyslog's forwarding format.
    Rfc3164,
    /// No `<PRI>`: the whole frame is the message.
    Bare,
}

/// A syslog message, its header read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyslogMessage {
    /// What the frame looked like.
    pub shape: Shape,
    /// The facility (PRI / 8), when there was a priority.
    pub facility: Option<u8>,
    /// The severity (PRI % 8: 0 emergency .. 7 debug).
    pub severity: Option<u8>,
    /// The time as written.
    pub timestamp: Option<String>,
    /// The sending host.
    pub host: Option<String>,
    /// The program (APP-NAME, or the 3164 tag without its `[pid]`).
    pub app: Option<String>,
    /// The process id.
    pub procid: Option<String>,
    /// RFC 5424's MSGID.
    pub msgid: Option<String>,
    /// The message text (a UTF-8 BOM removed).
    pub message: Vec<u8>,
}

const MONTHS: [&[u8]; 12] = [
    b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov", b"Dec",
];

impl SyslogMessage {
    /// Whether no syslog header could be read (no `<PRI>`, or one followed
    /// by neither RFC 5424's version nor a time): the frame is a plain line.
    pub fn headerless(&self) -> bool {
        match self.shape {
            Shape::Bare => true,
            Shape::Rfc3164 => self.timestamp.is_none(),
            Shape::Rfc5424 => false,
        }
    }
}

/// Reads `frame` as a syslog message.
pub fn parse_message(frame: &[u8]) -> SyslogMessage {
    let Some((pri, rest)) = priority(frame) else {
        return bare(frame);
    };
    let (facility, severity) = (Some(pri / 8), Some(pri % 8));
    if let Some(rest) = rest.strip_prefix(b"1 ") {
        return rfc5424(rest, facility, severity);
    }
    rfc3164(rest, facility, severity)
}

fn bare(frame: &[u8]) -> SyslogMessage {
    SyslogMessage {
        shape: Shape::Bare,
        facility: None,
        severity: None,
        timestamp: None,
        host: None,
        app: None,
        procid: None,
        msgid: None,
        message: frame.to_vec(),
    }
}

/// `<PRI>` (0..=191, at most 3 digits) and what follows it.
fn priority(frame: &[u8]) -> Option<(u8, &[u8])> {
    let rest = frame.strip_prefix(b"<")?;
    let end = rest.iter().take(4).position(|&b| b == b'>')?;
    let digits = &rest[..end];
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let pri: u16 = std::str::from_utf8(digits).ok()?.parse().ok()?;
    (pri <= 191).then(|| (pri as u8, &rest[end + 1..]))
}

/// The next space-delimited field and what follows it; `-` is nil.
fn field(text: &[u8]) -> (Option<String>, &[u8]) {
    let end = memchr::memchr(b' ', text).unwrap_or(text.len());
    let value = &text[..end];
    let rest = text.get(end + 1..).unwrap_or(&[]);
    let value =
        (value != b"-" && !value.is_empty()).then(|| String::from_utf8_lossy(value).into_owned());
    (value, rest)
}

fn rfc5424(text: &[u8], facility: Option<u8>, severity: Option<u8>) -> SyslogMessage {
    let (timestamp, text) = field(text);
    let (host, text) = field(text);
    let (app, text) = field(text);
    let (procid, text) = field(text);
    let (msgid, text) = field(text);
    let text = skip_structured_data(text);
    let text = text.strip_prefix(b" ").unwrap_or(text);
    let text = text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(text);
    SyslogMessage {
        shape: Shape::Rfc5424,
        facility,
        severity,
        timestamp,
        host,
        app,
        procid,
        msgid,
        message: text.to_vec(),
    }
}

/// What follows the STRUCTURED-DATA: `-`, or `[...]` elements whose
/// values may hold `\]`.
fn skip_structured_data(text: &[u8]) -> &[u8] {
    if let Some(rest) = text.strip_prefix(b"-") {
        return rest;
    }
    let mut at = 0;
    while text.get(at) == Some(&b'[') {
        let mut escaped = false;
        let mut in_quotes = false;
        let mut end = None;
        for (i, &b) in text[at + 1..].iter().enumerate() {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_quotes = !in_quotes,
                b']' if !in_quotes => {
                    end = Some(at + 1 + i);
                    break;
                }
                _ => {}
            }
        }
        match end {
            Some(end) => at = end + 1,
            // An element that never closes: the rest is message text.
            None => return &text[at..],
        }
    }
    &text[at..]
}

fn rfc3164(text: &[u8], facility: Option<u8>, severity: Option<u8>) -> SyslogMessage {
    let mut message = SyslogMessage {
        shape: Shape::Rfc3164,
        facility,
        severity,
        ..bare(text)
    };
    let Some((timestamp, rest)) = bsd_time(text).or_else(|| rfc3339_time(text)) else {
        return message;
    };
    message.timestamp = Some(timestamp);
    // Local senders (and some devices) leave the host out: the word after
    // the time is then already the tag (`prog[77]:`), never a host name.
    // (A host name, an IPv6 address included, never ends its word in `:`.)
    let first = rest.split(|&b| b == b' ').next().unwrap_or_default();
    let (host, rest) = match tagged(first) {
        (Some(_), _, after) if after.is_empty() && first.ends_with(b":") => (None, rest),
        _ => field(rest),
    };
    let (app, procid, rest) = tagged(rest);
    message.host = host;
    message.app = app;
    message.procid = procid;
    message.message = rest.to_vec();
    message
}

/// A tag at the start of `text`: letters, digits and `_-./@` up to
/// `[pid]` and/or `:`; without one, no tag and `text` whole.
fn tagged(text: &[u8]) -> (Option<String>, Option<String>, &[u8]) {
    let end = text
        .iter()
        .take(64)
        .position(|&b| !(b.is_ascii_alphanumeric() || b"_-./@".contains(&b)));
    match end {
        Some(end) if end > 0 => tag(text, end),
        _ => (None, None, text),
    }
}

/// `TAG[PID]: ` or `TAG: ` at `end`; without either, no tag.
fn tag(text: &[u8], end: usize) -> (Option<String>, Option<String>, &[u8]) {
    let name = String::from_utf8_lossy(&text[..end]).into_owned();
    let mut rest = &text[end..];
    let mut procid = None;
    if let Some(inner) = rest.strip_prefix(b"[") {
        if let Some(close) = inner.iter().take(32).position(|&b| b == b']') {
            procid = Some(String::from_utf8_lossy(&inner[..close]).into_owned());
            rest = &inner[close + 1..];
        } else {
            return (None, None, text);
        }
    }
    match rest.strip_prefix(b":") {
        Some(after) => (
            Some(name),
            procid,
            after.strip_prefix(b" ").unwrap_or(after),
        ),
        None if procid.is_some() => (Some(name), procid, rest.strip_prefix(b" ").unwrap_or(rest)),
        None => (None, None, text),
    }
}

/// `Mmm dd hh:mm:ss ` (the day space-padded or not).
fn bsd_time(text: &[u8]) -> Option<(String, &[u8])> {
    let month = text.get(..3)?;
    if !MONTHS.contains(&month) || text.get(3) != Some(&b' ') {
        return None;
    }
    let day_start = if text.get(4) == Some(&b' ') { 5 } else { 4 };
    let day_end = day_start
        + text[day_start..]
            .iter()
            .take(2)
            .take_while(|b| b.is_ascii_digit())
            .count();
    if day_end == day_start || text.get(day_end) != Some(&b' ') {
        return None;
    }
    let time = text.get(day_end + 1..day_end + 9)?;
    let shape_ok = time.iter().enumerate().all(|(i, b)| {
        if i == 2 || i == 5 {
            *b == b':'
        } else {
            b.is_ascii_digit()
        }
    });
    if !shape_ok || text.get(day_end + 9) != Some(&b' ') {
        return None;
    }
    let end = day_end + 9;
    Some((
        String::from_utf8_lossy(&text[..end]).into_owned(),
        &text[end + 1..],
    ))
}

/// An RFC 3339 time (`2026-12-07T10:00:00.123+01:00 `), as rsyslog's
/// forwarding format writes it in place of the BSD time.
fn rfc3339_time(text: &[u8]) -> Option<(String, &[u8])> {
    let end = memchr::memchr(b' ', text)?;
    let word = &text[..end];
    let dated = word.len() >= 19
        && word[..4].iter().all(u8::is_ascii_digit)
        && word[4] == b'-'
        && word[10] == b'T';
    dated.then(|| (String::from_utf8_lossy(word).into_owned(), &text[end + 1..]))
}

#[cfg(test)]
mod tests;
