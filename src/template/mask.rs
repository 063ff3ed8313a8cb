//! Tokens of a log line and which of them are variable: the first step of
//! template mining. A token is variable when it holds a digit (numbers,
//! times, ids, IPs, hex, sizes, paths with numbers), names a month or a
//! weekday (the date in a line's header), or is a long hex string; a
//! variable that starts with a key (`uid=1000`) is a constant key and a
//! wildcard (`uid=<*>`).

use std::borrow::Cow;

use super::WILDCARD;

/// One token of a line (see [`tokenize`]): where it is, and whether it
/// is variable. (Positions, not slices, so one buffer serves every line.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token {
    /// Byte offset in the line.
    pub start: usize,
    /// Byte length.
    pub len: usize,
    /// True when it varies between lines of one template.
    pub variable: bool,
    /// Bytes of a constant key before a variable value (`uid=` of
    /// `uid=1000`, `onBatch:` of `onBatch:6496`; see [`key_len`]), 0 when
    /// the token is not keyed.
    pub key: usize,
}

impl Token {
    /// The token's text in `line`.
    pub(crate) fn text<'a>(&self, line: &'a str) -> &'a str {
        &line[self.start..self.start + self.len]
    }

    /// The word a template keeps for this constant token: its text, or a
    /// keyed token's key followed by a wildcard (`uid=<*>`).
    pub(crate) fn word<'a>(&self, line: &'a str) -> Cow<'a, str> {
        if self.key == 0 {
            Cow::Borrowed(self.text(line))
        } else {
            let key = &line[self.start..self.start + self.key];
            Cow::Owned(format!("{key}{WILDCARD}"))
        }
    }

    /// What of the token is constant: its key when keyed, else its text
    /// (hashed without building [`Token::word`] on the hot path).
    pub(crate) fn constant<'a>(&self, line: &'a str) -> &'a str {
        let len = if self.key == 0 { self.len } else { self.key };
        &line[self.start..self.start + len]
    }

    /// Whether this token is the template word `word` (see [`Token::word`]),
    /// without building it.
    pub(crate) fn is(&self, line: &str, word: &str) -> bool {
        if self.key == 0 {
            return word == self.text(line);
        }
        let key = &line[self.start..self.start + self.key];
        word.len() == key.len() + WILDCARD.len()
            && word.starts_with(key)
            && word.ends_with(WILDCARD)
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

/// The length of a constant key with its delimiter at the start of a
/// variable token (`uid=` of `uid=1000`, `onBatch:` of `onBatch:6496`,
/// `(uid=` of `(uid=0)`), or 0. A program writes the key, the value
/// varies: as one variable the key's word is lost (every `<name>=<number>`
/// of a message alike, all of them wildcards), yet splitting the token in
/// two would make a message's token count depend on whether a value is
/// empty. The key is letters, `_` and `-` only (at least two letters, after
/// at most one opening bracket or quote): a host (`db.internal:5432`), a
/// time (`10:22:18`) or a drive (`C:\`) is no key.
fn key_len(text: &str) -> usize {
    let bytes = text.as_bytes();
    let from = usize::from(matches!(
        bytes.first(),
        Some(b'(' | b'[' | b'{' | b'"' | b'\'')
    ));
    let mut letters = 0;
    for (i, &b) in bytes.iter().enumerate().skip(from) {
        match b {
            b'=' | b':' => {
                let rest = &bytes[i + 1..];
                let valued = rest.iter().any(u8::is_ascii_digit);
                return if letters >= 2 && valued { i + 1 } else { 0 };
            }
            b if b.is_ascii_alphabetic() => letters += 1,
            b'_' | b'-' if letters > 0 => {}
            _ => return 0,
        }
    }
    0
}

/// Whether `b` separates tokens: ASCII whitespace, and `|`, which some
/// layouts put between header fields and the message instead of a space
/// (`<time>|<component>|<pid>|<message>`): left inside a token it glues the
/// message's first word to the header's numbers, and both become one variable.
fn is_separator(b: u8) -> bool {
    SEPARATORS[usize::from(b)]
}

/// [`is_separator`] as a table: one load per byte in the hottest loop.
static SEPARATORS: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_whitespace() || b as u8 == b'|';
        b += 1;
    }
    table
};

/// Tokens a bracketed group may span and still be folded into one.
const GROUP_MAX: usize = 8;

/// Splits `line` into tokens (at [`is_separator`]), into `out`; then folds
/// bracketed groups that are mostly variable into one variable token (see
/// [`fold_groups`]).
pub(crate) fn tokenize(line: &str, out: &mut Vec<Token>) {
    out.clear();
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        while i < bytes.len() && is_separator(bytes[i]) {
            i += 1;
        }
        let start = i;
        while i < bytes.len() && !is_separator(bytes[i]) {
            i += 1;
        }
        if i > start {
            // ASCII separators never split a UTF-8 sequence.
            let text = &line[start..i];
            let variable = is_variable(text);
            let key = if variable { key_len(text) } else { 0 };
            out.push(Token {
                start,
                len: i - start,
                variable: variable && key == 0,
                key,
            });
        }
    }
    fold_groups(line, out);
}

/// A bracketed group over several tokens (`[req-9f1c.. 113d.. 54fa.. - - -]`,
/// `(1.2 KB)`, `[IPC Server handler 3 on 9000]`) is one token, variable
/// when any of its tokens is: request contexts, sizes with units and
/// thread names vary in how many words they take, and a line's token
/// count must not depend on them. A group of words (`(Lifecycle Event)`)
/// is one constant.
fn fold_groups(line: &str, tokens: &mut Vec<Token>) {
    let bytes = line.as_bytes();
    // Most lines have no group: leave their tokens untouched.
    let Some(mut at) = (0..tokens.len()).find(|&i| group_end(bytes, tokens, i).is_some()) else {
        return;
    };
    let mut kept = at;
    while at < tokens.len() {
        let first = tokens[at];
        let end = group_end(bytes, tokens, at);
        let mut token = first;
        if let Some(last) = end {
            let inner = &tokens[at..=last];
            let stop = tokens[last].start + tokens[last].len;
            token = Token {
                start: first.start,
                len: stop - first.start,
                variable: inner.iter().any(|t| t.variable || t.key > 0),
                key: 0,
            };
            at = last;
        }
        tokens[kept] = token;
        kept += 1;
        at += 1;
    }
    tokens.truncate(kept);
}

/// The token closing the bracket that token `at` opens, when it opens one
/// it does not close and a later token (within [`GROUP_MAX`]) does.
fn group_end(bytes: &[u8], tokens: &[Token], at: usize) -> Option<usize> {
    let first = tokens[at];
    let close = match bytes[first.start] {
        b'[' => b']',
        b'(' => b')',
        _ => return None,
    };
    let open = bytes[first.start];
    let inside = &bytes[first.start..first.start + first.len];
    if inside.contains(&close) {
        return None;
    }
    tokens
        .iter()
        .enumerate()
        .skip(at + 1)
        .take(GROUP_MAX - 1)
        .take_while(|(_, t)| !bytes[t.start..t.start + t.len].contains(&open))
        .find(|(_, t)| bytes[t.start..t.start + t.len].contains(&close))
        .map(|(i, _)| i)
}

/// Whether a token is a bracketed variable (`(1.2 KB)`, `[pid 42]`): an
/// annotation a message may or may not carry, which template alignment
/// may leave out (see `align`).
pub(crate) fn is_optional(token: &Token, line: &str) -> bool {
    let text = token.text(line).as_bytes();
    token.variable
        && match text.first() {
            Some(b'(') => text.contains(&b')'),
            Some(b'[') => text.contains(&b']'),
            // A marked number (`*64`, `#3`): a flag some lines carry.
            Some(b) if b.is_ascii_punctuation() => {
                !text.iter().any(u8::is_ascii_alphabetic) && text.len() <= 4
            }
            _ => false,
        }
}

#[cfg(test)]
mod tests;
