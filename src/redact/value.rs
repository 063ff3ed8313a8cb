//! Where a secret value begins and ends once a rule has found its key and
//! separator: quoted in any of the ways logs quote, bracketed, or bare up
//! to the delimiter that ends it (whether it is a secret at all is
//! `verdict.rs`'s question).

use std::ops::Range;

/// How the separator before a value was written. An encoded separator
/// (`%3D`, `\u003d`, `&#61;`) means the value sits in text encoded the same
/// way, so that encoding's delimiters (`%26`, `\u0026`) end it too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Encoding {
    /// Written as is.
    Plain,
    /// Percent-encoded (a query string inside a query string).
    Url,
    /// A JSON or C escape (`\u003d`, `\x3d`).
    Escaped,
    /// An HTML entity (`&#61;`).
    Html,
}

impl Encoding {
    /// The encoding a separator was written in.
    pub(super) fn of_separator(sep: &str) -> Encoding {
        match sep.as_bytes().first() {
            Some(b'%') => Encoding::Url,
            Some(b'\\') => Encoding::Escaped,
            Some(b'&') => Encoding::Html,
            _ => Encoding::Plain,
        }
    }
}

/// A value found after a separator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Value {
    /// The secret itself, without its quotes (byte offsets into the text).
    pub secret: Range<usize>,
    /// Where the value ends, after its closing quote if it has one.
    pub end: usize,
    /// Whether it was quoted (a quoted value is a value whatever it says).
    pub quoted: bool,
}

impl Value {
    /// The secret's text in `text`.
    pub(super) fn text<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.secret.clone()).unwrap_or("")
    }
}

/// Quotes other than `"` and `'` that open a value, with the one that
/// closes it: entities, percent- and backslash-encodings, typographic and
/// full-width quotes, backticks.
const QUOTES: &[(&str, &str)] = &[
    ("&quot;", "&quot;"),
    ("&#34;", "&#34;"),
    ("&#39;", "&#39;"),
    ("&#x22;", "&#x22;"),
    ("&#x27;", "&#x27;"),
    ("&apos;", "&apos;"),
    ("%22", "%22"),
    ("%27", "%27"),
    ("\\u0022", "\\u0022"),
    ("\\u0027", "\\u0027"),
    ("\\x22", "\\x22"),
    ("\\x27", "\\x27"),
    ("\u{201c}", "\u{201d}"),
    ("\u{2018}", "\u{2019}"),
    ("\u{ab}", "\u{bb}"),
    ("\u{ff02}", "\u{ff02}"),
    ("`", "`"),
];

/// Percent-encoded characters that end a value whose separator was
/// percent-encoded: `&`, space, quotes, `<`, `}`, `]`.
const URL_ENDS: &[&str] = &["%26", "%20", "%22", "%27", "%3c", "%7d", "%5d"];

/// The value starting at byte `at` of `text` (spaces after the separator
/// already skipped); None when there is none (end of line, or a nested
/// structure whose own pairs are looked at one by one).
pub(super) fn value_at(text: &str, at: usize, encoding: Encoding) -> Option<Value> {
    let rest = text.get(at..)?;
    let bytes = rest.as_bytes();
    let first = *bytes.first()?;
    // A quote, possibly escaped (`\"` inside a JSON string): the value runs
    // to the same quote escaped the same way.
    let slashes = bytes.iter().take_while(|b| **b == b'\\').count();
    if let Some(q @ (b'"' | b'\'')) = bytes.get(slashes).copied() {
        let open = slashes + 1;
        let close = if slashes == 0 {
            closing_quote(rest, open, q)
        } else {
            rest.get(open..)
                .and_then(|r| r.find(&rest[..open]))
                .map(|n| open + n)
        };
        return Some(quoted(at, rest, open, close, open));
    }
    for (open, close) in QUOTES {
        if starts_with_ignore_case(rest, open) {
            let start = open.len();
            let end = find_ignore_case(&rest[start..], close).map(|n| start + n);
            return Some(quoted(at, rest, start, end, close.len()));
        }
    }
    if first == b'[' || first == b'{' {
        return bracketed(text, at, first);
    }
    let end = unquoted_end(rest, encoding);
    (end > 0).then(|| Value {
        secret: at..at + end,
        end: at + end,
        quoted: false,
    })
}

/// A quoted value: `start` is where its text begins in `rest`, `close`
/// where its closing quote is (None: the line ends first, and the value
/// with it), `close_len` that quote's length.
fn quoted(at: usize, rest: &str, start: usize, close: Option<usize>, close_len: usize) -> Value {
    let line_end = rest[start..].find('\n').map_or(rest.len(), |n| start + n);
    match close {
        Some(end) if end <= line_end => Value {
            secret: at + start..at + end,
            end: at + end + close_len,
            quoted: true,
        },
        _ => Value {
            secret: at + start..at + line_end,
            end: at + line_end,
            quoted: true,
        },
    }
}

/// The byte offset of the `q` that closes a string opened just before
/// `from`, skipping backslash escapes and, in single quotes, SQL's `''`.
fn closing_quote(rest: &str, from: usize, q: u8) -> Option<usize> {
    let bytes = rest.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'\'' if q == b'\'' && i > from && bytes.get(i + 1) == Some(&b'\'') => i += 2,
            b if b == q => return Some(i),
            _ => i += 1,
        }
    }
    None
}

/// `[...]` or `{...}` after a separator: a list of plain values is one
/// secret (`"secrets": ["a", "b"]`); anything holding its own pairs is not
/// a value, its pairs are judged by themselves.
fn bracketed(text: &str, at: usize, open: u8) -> Option<Value> {
    let close = if open == b'[' { ']' } else { '}' };
    let rest = text.get(at + 1..)?;
    let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
    let Some(end) = line.find(close) else {
        // Cut before it closes: whatever follows is the value.
        return (!line.contains(['=', ':'])).then(|| Value {
            secret: at + 1..at + 1 + line.len(),
            end: at + 1 + line.len(),
            quoted: true,
        });
    };
    let inner = &line[..end];
    if inner.contains(['=', ':', '{', '[']) {
        return None;
    }
    Some(Value {
        secret: at + 1..at + 1 + end,
        end: at + 2 + end,
        quoted: true,
    })
}

/// Where an unquoted value ends: at a space, a quote, `&`, `<`, an
/// escape, a `,` `;` `|` that ends a list, or the encoded delimiters of an
/// encoded separator; a closing bracket that the value did not open is
/// left out.
fn unquoted_end(rest: &str, encoding: Encoding) -> usize {
    let bytes = rest.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'"' | b'\'' | b'`' | b'<' | b'&' => break,
            _ if b.is_ascii_whitespace() || b.is_ascii_control() => break,
            b'\\' => {
                if ends_escape(&bytes[i + 1..]) {
                    break;
                }
                // The escaped character belongs to the value, whatever its width.
                i += 1 + rest[i + 1..].chars().next().map_or(0, char::len_utf8);
                continue;
            }
            b',' | b';' | b'|' if ends_list(&rest[i + 1..]) => break,
            b'%' if encoding == Encoding::Url
                && URL_ENDS
                    .iter()
                    .any(|e| starts_with_ignore_case(&rest[i..], e)) =>
            {
                break;
            }
            0x80.. => {
                let Some(c) = rest[i..].chars().next() else {
                    break;
                };
                if c.is_whitespace() || matches!(c, '\u{201c}' | '\u{201d}' | '\u{ff02}') {
                    break;
                }
                i += c.len_utf8();
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    let mut end = i.min(bytes.len());
    // Trailing punctuation that closes something opened before the value
    // (`(password=x)`, `{pw=x}`) or ends a sentence's list.
    while end > 0 {
        let last = bytes[end - 1];
        let opener = match last {
            b')' => b'(',
            b']' => b'[',
            b'}' => b'{',
            b'>' => b'<',
            b',' | b';' | b'|' | b':' => {
                end -= 1;
                continue;
            }
            _ => break,
        };
        let value = &bytes[..end];
        let opened = value.iter().filter(|b| **b == opener).count();
        let closed = value.iter().filter(|b| **b == last).count();
        if closed > opened {
            end -= 1;
        } else {
            break;
        }
    }
    end
}

/// Whether a backslash followed by `after` is an escape that ends the
/// value: an escaped quote or line break, or a `\uXXXX`/`\xXX` escape.
fn ends_escape(after: &[u8]) -> bool {
    let hex = |n: usize| after.len() > n && after[1..=n].iter().all(u8::is_ascii_hexdigit);
    match after.first() {
        None => true,
        Some(b'"' | b'\'' | b'n' | b'r' | b't') => true,
        Some(b'u') => hex(4),
        Some(b'x') => hex(2),
        _ => false,
    }
}

/// Whether a `,` `;` or `|` followed by `after` separates items rather
/// than belonging to the value: at the end, before a space or quote, or
/// before the next `key=`/`key:`.
fn ends_list(after: &str) -> bool {
    let bytes = after.as_bytes();
    match bytes.first() {
        None => true,
        Some(b) if b.is_ascii_whitespace() || matches!(b, b'"' | b'\'') => true,
        Some(b) if b.is_ascii_alphabetic() || *b == b'_' => {
            let key = bytes
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
                .count();
            matches!(bytes.get(key), Some(b'=' | b':'))
        }
        _ => false,
    }
}

/// ASCII case-insensitive `starts_with`.
pub(super) fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.len() >= prefix.len()
        && text.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

/// ASCII case-insensitive `find`.
fn find_ignore_case(text: &str, needle: &str) -> Option<usize> {
    let n = needle.len();
    if n == 0 || text.len() < n {
        return None;
    }
    (0..=text.len() - n)
        .find(|&i| text.as_bytes()[i..i + n].eq_ignore_ascii_case(needle.as_bytes()))
}
