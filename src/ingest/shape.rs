//! What a line looks like, for deciding whether it continues the event above.
//!
//! Decided from the line's own syntax (indentation, stack-frame and marker
//! lines of Python, Java, Go, Rust and Node), never from a missing timestamp:
//! plenty of programs write standalone problem lines with no timestamp.
//! Everything here looks at the first bytes only; it runs on every line.

/// The syntactic kind of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// Empty or whitespace only.
    Blank,
    /// Starts with a space or tab: a stack frame or a continued message.
    Indented,
    /// Only closing brackets (the end of a dumped object in a Node stack).
    ClosingBracket,
    /// `Traceback (most recent call last):` (Python).
    TracebackHeader,
    /// Python's chained-exception separators.
    PyChain,
    /// `Caused by: ...` (Java).
    CausedBy,
    /// `Exception in thread "main" ...` (Java, uncaught).
    JavaUncaught,
    /// `panic: ...` or `fatal error: ...` (Go).
    GoPanic,
    /// `goroutine 1 [running]:` or `runtime stack:` (Go).
    GoroutineHeader,
    /// `[signal SIGSEGV: ...]` (Go, after a panic line).
    GoSignal,
    /// `thread 'main' panicked at ...` (Rust).
    RustPanic,
    /// `note: run with `RUST_BACKTRACE=1`...` (Rust).
    RustNote,
    /// `stack backtrace:` (Rust).
    RustBacktrace,
    /// `Emitted 'error' event on ...` (Node).
    NodeEmitted,
    /// An exception line: `java.io.IOException: x`, `KeyError: 'a'`, `MemoryError`.
    ExceptionLike,
    /// Starts with `#`: banner and header blocks (JVM crash report, MySQL slow log).
    Hash,
    /// Anything else.
    Other,
}

/// The shape of `line` (no trailing newline or CR).
pub(crate) fn shape_of(line: &[u8]) -> Shape {
    let Some(&first) = line.first() else {
        return Shape::Blank;
    };
    match first {
        b' ' | b'\t' => {
            let body = trim_start(line);
            if body.is_empty() {
                Shape::Blank
            } else if starts_with_timestamp(body) {
                // A right-aligned record (Zabbix's `  1234:20240310:...`).
                Shape::Other
            } else {
                Shape::Indented
            }
        }
        b'}' | b']' | b')' if line.iter().all(|b| b"}])],; ".contains(b)) => Shape::ClosingBracket,
        b'T' if line.starts_with(b"Traceback (most recent call last):") => Shape::TracebackHeader,
        b'T' if line.starts_with(b"The above exception was the direct cause") => Shape::PyChain,
        b'D' if line.starts_with(b"During handling of the above exception") => Shape::PyChain,
        b'C' if line.starts_with(b"Caused by: ") => Shape::CausedBy,
        b'E' if line.starts_with(b"Exception in thread \"") => Shape::JavaUncaught,
        b'E' if line.starts_with(b"Emitted 'error' event") => Shape::NodeEmitted,
        b'p' if line.starts_with(b"panic: ") => Shape::GoPanic,
        b'f' if line.starts_with(b"fatal error: ") => Shape::GoPanic,
        b'g' if is_goroutine_header(line) => Shape::GoroutineHeader,
        b'r' if line == b"runtime stack:" => Shape::GoroutineHeader,
        b'[' if line.starts_with(b"[signal ") => Shape::GoSignal,
        b't' if line.starts_with(b"thread '") && contains(line, b"' panicked at") => {
            Shape::RustPanic
        }
        b'n' if line.starts_with(b"note: run with `RUST_BACKTRACE")
            || line.starts_with(b"note: Some details are omitted") =>
        {
            Shape::RustNote
        }
        b's' if line.starts_with(b"stack backtrace:") => Shape::RustBacktrace,
        b'\r' if line.len() == 1 => Shape::Blank,
        b'#' => Shape::Hash,
        _ if is_exception_line(line) => Shape::ExceptionLike,
        _ => Shape::Other,
    }
}

/// `goroutine 17 [chan receive, 3 minutes]:`
fn is_goroutine_header(line: &[u8]) -> bool {
    let Some(rest) = line.strip_prefix(b"goroutine ") else {
        return false;
    };
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    digits > 0 && rest[digits..].starts_with(b" [")
}

/// A line that names an exception type first: `pkg.Name: message`,
/// `SomethingError: message`, or a bare `MemoryError`. The name must end in
/// Exception/Error/Throwable/Exit/Interrupt or be dotted with a capitalized
/// last part (`requests.exceptions.ReadTimeout: ...`).
pub(super) fn is_exception_line(line: &[u8]) -> bool {
    let Some(&first) = line.first() else {
        return false;
    };
    if !(first.is_ascii_alphabetic() || first == b'_' || first == b'$') {
        return false;
    }
    let name_len = line
        .iter()
        .take_while(|&&b| b.is_ascii_alphanumeric() || b"_$.".contains(&b))
        .count();
    let name = &line[..name_len];
    let rest = &line[name_len..];
    let well_terminated = rest.is_empty() || rest == b":" || rest.starts_with(b": ");
    if !well_terminated || name.ends_with(b".") {
        return false;
    }
    let last = name.rsplit(|&b| b == b'.').next().unwrap_or(name);
    let typed = [
        &b"Exception"[..],
        b"Error",
        b"Throwable",
        b"Exit",
        b"Interrupt",
    ]
    .iter()
    .any(|suffix| last.ends_with(suffix) && last.len() >= suffix.len());
    let dotted = name.contains(&b'.') && last.first().is_some_and(u8::is_ascii_uppercase);
    typed || (dotted && !rest.is_empty())
}

/// A Go stack function line: `main.main()`, `net/http.(*conn).serve(0xc000)`,
/// `created by net/http.(*Server).Serve in goroutine 1`.
pub(super) fn is_go_function_line(line: &[u8]) -> bool {
    if line.starts_with(b"created by ") {
        return true;
    }
    let Some(open) = line.iter().position(|&b| b == b'(') else {
        return false;
    };
    open > 0 && !line[..open].contains(&b' ') && line.ends_with(b")")
}

/// True when the indented line looks like a stack frame (not prose).
pub(super) fn is_frame(line: &[u8]) -> bool {
    let trimmed = trim_start(line);
    trimmed.starts_with(b"at ")
        || trimmed.starts_with(b"File \"")
        || trimmed.starts_with(b"... ")
        || trimmed.starts_with(b"Suppressed: ")
}

/// Whether text starts like a log record: a date (`20240310`, `2024-03-10`)
/// or a time (`07:02:00`) among its first characters, as stack frames and
/// continued messages never do.
fn starts_with_timestamp(text: &[u8]) -> bool {
    if !text.first().is_some_and(u8::is_ascii_digit) {
        return false;
    }
    let head = &text[..text.len().min(32)];
    let date = head.windows(8).any(|w| {
        w.iter().all(u8::is_ascii_digit) && w.starts_with(b"20")
            || (w[..4].iter().all(u8::is_ascii_digit)
                && matches!(w[4], b'-' | b'/' | b'.')
                && w[5..7].iter().all(u8::is_ascii_digit))
    });
    let time = head.windows(8).any(|w| {
        w[2] == b':' && w[5] == b':' && [0, 1, 3, 4, 6, 7].iter().all(|&i| w[i].is_ascii_digit())
    });
    date || time
}

fn trim_start(line: &[u8]) -> &[u8] {
    let n = line.iter().take_while(|b| b.is_ascii_whitespace()).count();
    &line[n..]
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    memchr::memmem::find(haystack, needle).is_some()
}

#[cfg(test)]
mod tests;
