//! Tokens of a log line and which of them are variable: the first step of
//! template mining. A token is variable when it holds a digit (numbers,
//! times, ids, IPs, hex, sizes, paths with numbers), names a month or a
//! weekday (the date in a line's header), or is a long hex string.

/// One whitespace-separated token of a line: where it is, and whether it
/// is variable. (Positions, not slices, so one buffer serves every line.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token {
    /// Byte offset in the line.
    pub start: usize,
    /// Byte length.
    pub len: usize,
    /// True when it varies between lines of one template.
    pub variable: bool,
}

impl Token {
    /// The token's text in `line`.
    pub(crate) fn text<'a>(&self, line: &'a str) -> &'a str {
        &line[self.start..self.start + self.len]
    }
}

const CALENDAR: &[&str] = &[
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
    "Mon",
    "Tue",
    "Wed",
    "Thu",
    "Fri",
    "Sat",
    "Sun",
    "January",
    "February",
    "March",
    "April",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Whether `token` varies between lines of one template.
pub(crate) fn is_variable(token: &str) -> bool {
    let bytes = token.as_bytes();
    if bytes.iter().any(u8::is_ascii_digit) {
        return true;
    }
    let bare = token.trim_matches(|c: char| !c.is_ascii_alphanumeric());
    if bare.len() >= 3 && bare.len() <= 9 && CALENDAR.contains(&bare) {
        return true;
    }
    // Long hex without digits is rare but real (ids such as "deadbeefcafe").
    bare.len() >= 12 && bare.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Splits `line` into tokens (ASCII whitespace), into `out`.
pub(crate) fn tokenize(line: &str, out: &mut Vec<Token>) {
    out.clear();
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if i > start {
            // ASCII whitespace never splits a UTF-8 sequence.
            let text = &line[start..i];
            out.push(Token {
                start,
                len: i - start,
                variable: is_variable(text),
            });
        }
    }
}

#[cfg(test)]
mod tests;
