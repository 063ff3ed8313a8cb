//! Event assembly: joins continuation lines (stack frames, tracebacks, Go
//! panics, PostgreSQL DETAIL lines, ...) to the line that opened the event.
//!
//! A line continues the event above when its own syntax says so (see
//! [`Shape`]): indentation; `Caused by:`; a Python traceback header, or an
//! exception line (`java.io.IOException: x`) *followed by stack frames*,
//! right after a log record that declares WARNING or worse (loggers print a
//! record's exception under it; after anything else a trace is its own
//! event); the traceback's closing exception line;
//! Go's goroutine sections; Rust's panic message and notes; PostgreSQL's
//! DETAIL/HINT/CONTEXT/STATEMENT lines. Blank lines are held back and kept
//! only if a marker that bridges them follows (Python chained exceptions, Go
//! goroutine sections). A run of `#` lines after a `#` line is one banner
//! (JVM crash report, MySQL slow-log header). A klog value block (a record
//! ending in `key=<`, its lines indented by a tab, closed by ` >`: how
//! k8s.io/klog writes a multi-line value such as a probe's output) is one
//! event, also when a journal header is repeated on each of its lines.
//! Anything else opens a new event.
//!
//! Some writers put the same header on every line of a multi-line message
//! (journald and syslog, Android logcat, OpenStack's oslo.log): when a line
//! repeats the timestamped header of the line above, the text after that
//! header is what gets judged, so a prefixed stack frame is still a frame.

use crate::classify::{LineVerdict, LogLevel, detect_level};

pub(crate) use super::event::Event;
use super::shape::{Shape, is_frame, is_go_function_line, shape_of};

/// One physical line handed to the assembler.
#[derive(Debug, Clone, Copy)]
pub struct Line<'a> {
    /// The line's text without its terminator, already capped.
    pub text: &'a [u8],
    /// The line's length before capping.
    pub full_len: usize,
    /// 1-based line number in its source.
    pub number: u64,
    /// Byte offset of the line's first byte in its source.
    pub offset: u64,
}

/// What the open event is in the middle of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Plain,
    PyTraceback,
    PyDone,
    PyChained,
    Go,
    RustMessage,
    Rust,
    /// Inside a klog multi-line value (`output=<` ... ` >`).
    KlogValue,
}

enum Decision {
    Continue(Option<Mode>),
    Tentative,
    Start(Mode),
}

/// An exception-looking line waiting to see whether stack frames follow.
struct Pending {
    text: Vec<u8>,
    full_len: usize,
    number: u64,
    offset: u64,
    verdict: LineVerdict,
}

/// Turns a stream of lines into events. Feed lines in order with
/// [`Assembler::push`]; call [`Assembler::finish`] at the end of input.
pub(crate) struct Assembler {
    current: Event,
    open: bool,
    mode: Mode,
    has_stack: bool,
    hash_banner: bool,
    /// The open event began with a line that opens a trace by itself
    /// (`Traceback ...`, `panic:`, `Exception in thread`, ...).
    opener: bool,
    blanks: u32,
    pending: Option<Pending>,
    /// The start of the previous line, to recognise a repeated header.
    previous: Vec<u8>,
}

/// How much of the previous line is kept to compare headers.
const HEADER_WINDOW: usize = 160;
/// A repeated header must be at least this long...
const MIN_HEADER: usize = 16;
/// ...and hold at least this many digits (a timestamp, a pid).
const MIN_HEADER_DIGITS: usize = 6;

impl Default for Assembler {
    fn default() -> Self {
        Self::new()
    }
}

impl Assembler {
    /// An assembler with no open event.
    pub(crate) fn new() -> Self {
        Assembler {
            current: Event::default(),
            open: false,
            mode: Mode::Plain,
            has_stack: false,
            hash_banner: false,
            opener: false,
            blanks: 0,
            pending: None,
            previous: Vec::with_capacity(HEADER_WINDOW),
        }
    }

    /// Adds the next line; completed events are handed to `sink`.
    pub(crate) fn push(
        &mut self,
        line: &Line<'_>,
        verdict: &LineVerdict,
        sink: &mut impl FnMut(&Event),
    ) {
        let mut header = shared_header_len(&self.previous, line.text);
        if self.open && self.mode == Mode::KlogValue {
            header = keep_indent(line.text, header);
        }
        self.previous.clear();
        self.previous
            .extend_from_slice(&line.text[..line.text.len().min(HEADER_WINDOW)]);
        let body = &line.text[header..];
        let shape = match shape_of(body) {
            Shape::Blank if header > 0 => Shape::Other,
            shape => shape,
        };
        if let Some(pending) = self.pending.take() {
            self.resolve_pending(pending, shape == Shape::Indented, sink);
        }
        if shape == Shape::Blank {
            if self.open {
                self.blanks += 1;
            }
            return;
        }
        match self.decide(shape, body, verdict) {
            Decision::Continue(mode) => {
                self.append(line.text, verdict);
                if let Some(mode) = mode {
                    self.mode = mode;
                }
                self.follow_klog_value(body);
                if shape == Shape::Indented
                    && (!matches!(self.mode, Mode::Plain | Mode::KlogValue) || is_frame(line.text))
                {
                    self.has_stack = true;
                }
                if shape == Shape::CausedBy {
                    self.has_stack = true;
                }
            }
            Decision::Tentative => {
                self.pending = Some(Pending {
                    text: line.text.to_vec(),
                    full_len: line.full_len,
                    number: line.number,
                    offset: line.offset,
                    verdict: verdict.clone(),
                });
            }
            Decision::Start(mode) => {
                self.close(sink);
                self.start(line, verdict, mode);
                self.follow_klog_value(body);
                self.opener = matches!(
                    shape,
                    Shape::TracebackHeader
                        | Shape::JavaUncaught
                        | Shape::GoPanic
                        | Shape::GoroutineHeader
                        | Shape::RustPanic
                );
            }
        }
    }

    /// The event still open (more lines may join it), if any.
    pub(crate) fn open_event(&self) -> Option<&Event> {
        self.open.then_some(&self.current)
    }

    /// Whether the open event began with a line that opens a trace by itself.
    pub(crate) fn open_is_opener(&self) -> bool {
        self.open && self.opener
    }

    /// Offset and line number of a line held back to see whether stack
    /// frames follow it.
    pub(crate) fn pending_start(&self) -> Option<(u64, u64)> {
        self.pending.as_ref().map(|p| (p.offset, p.number))
    }

    /// Stops waiting for stack frames under a held exception line (they
    /// are late, not absent): it joins the event above, which stays open
    /// so frames that come later still join it.
    pub(crate) fn settle_pending(&mut self) {
        if let Some(pending) = self.pending.take() {
            // Held only under an open event: nothing is closed here.
            self.resolve_pending(pending, true, &mut |_| {});
        }
    }

    /// Ends the input: the open event (if any) is complete.
    pub(crate) fn finish(&mut self, sink: &mut impl FnMut(&Event)) {
        if let Some(pending) = self.pending.take() {
            self.resolve_pending(pending, false, sink);
        }
        self.close(sink);
    }

    fn decide(&self, shape: Shape, body: &[u8], verdict: &LineVerdict) -> Decision {
        use Decision::{Continue, Start, Tentative};
        if !self.open {
            return Start(opening_mode(shape, body));
        }
        if self.blanks > 0 {
            return match shape {
                Shape::PyChain => Continue(Some(Mode::PyChained)),
                Shape::TracebackHeader if self.mode == Mode::PyChained => {
                    Continue(Some(Mode::PyTraceback))
                }
                Shape::GoroutineHeader if self.mode == Mode::Go => Continue(None),
                _ => Start(opening_mode(shape, body)),
            };
        }
        match shape {
            Shape::Indented | Shape::ClosingBracket | Shape::NodeEmitted => Continue(None),
            Shape::Hash if self.hash_banner => Continue(None),
            Shape::CausedBy => Continue(None),
            Shape::PyChain => Continue(Some(Mode::PyChained)),
            Shape::TracebackHeader if self.mode == Mode::PyChained || self.owns_exception() => {
                Continue(Some(Mode::PyTraceback))
            }
            Shape::GoroutineHeader | Shape::GoSignal if self.mode == Mode::Go => Continue(None),
            Shape::RustNote | Shape::RustBacktrace
                if matches!(self.mode, Mode::Rust | Mode::RustMessage) =>
            {
                Continue(Some(Mode::Rust))
            }
            Shape::TracebackHeader
            | Shape::JavaUncaught
            | Shape::GoPanic
            | Shape::GoroutineHeader
            | Shape::RustPanic => Start(opening_mode(shape, body)),
            _ if verdict.pg_secondary => Continue(None),
            _ if self.mode == Mode::PyTraceback => Continue(Some(Mode::PyDone)),
            _ if self.mode == Mode::RustMessage => Continue(Some(Mode::Rust)),
            _ if self.mode == Mode::Go && is_go_function_line(body) => Continue(None),
            Shape::ExceptionLike if self.owns_exception() => Tentative,
            _ => Start(Mode::Plain),
        }
    }

    /// Whether a trace that starts now belongs to the open event: it must
    /// not have a trace yet and its first line must declare WARNING or worse.
    fn owns_exception(&self) -> bool {
        !self.has_stack && detect_level(self.current.head()).is_some_and(|l| l >= LogLevel::Warning)
    }

    /// An exception line joins the event above only if stack frames follow it.
    fn resolve_pending(
        &mut self,
        pending: Pending,
        frames_follow: bool,
        sink: &mut impl FnMut(&Event),
    ) {
        if frames_follow && self.open {
            self.append(&pending.text, &pending.verdict);
            return;
        }
        let line = Line {
            text: &pending.text,
            full_len: pending.full_len,
            number: pending.number,
            offset: pending.offset,
        };
        self.close(sink);
        self.start(&line, &pending.verdict, Mode::Plain);
    }

    /// Enters a klog value block after a line ending in `=<`; leaves it at
    /// its closing ` >`.
    fn follow_klog_value(&mut self, body: &[u8]) {
        let text = body.trim_ascii();
        if self.mode == Mode::Plain && text.ends_with(b"=<") {
            self.mode = Mode::KlogValue;
        } else if self.mode == Mode::KlogValue && text == b">" {
            self.mode = Mode::Plain;
        }
    }

    fn append(&mut self, text: &[u8], verdict: &LineVerdict) {
        for _ in 0..self.blanks {
            self.current.push_text(b"");
        }
        self.blanks = 0;
        self.current.push_text(text);
        self.current.offer(verdict);
    }

    fn start(&mut self, line: &Line<'_>, verdict: &LineVerdict, mode: Mode) {
        self.hash_banner = line.text.first() == Some(&b'#');
        self.opener = false;
        self.current.reset(line);
        self.current.offer(verdict);
        self.open = true;
        self.mode = mode;
        self.has_stack = false;
        self.blanks = 0;
    }

    fn close(&mut self, sink: &mut impl FnMut(&Event)) {
        if self.open {
            sink(&self.current);
            self.open = false;
        }
        self.blanks = 0;
    }
}

/// Length of the header `line` repeats from `previous`: their common prefix,
/// cut back to the last separator, if long enough and digit-bearing (so a
/// timestamp or pid is part of it). 0 when there is none.
fn shared_header_len(previous: &[u8], line: &[u8]) -> usize {
    let common = previous
        .iter()
        .zip(line)
        .take_while(|(a, b)| a == b)
        .count();
    if common < MIN_HEADER {
        return 0;
    }
    let Some(cut) = line[..common]
        .iter()
        .rposition(|b| matches!(b, b' ' | b'\t' | b']' | b':'))
    else {
        return 0;
    };
    let header = &line[..=cut];
    let digits = header.iter().filter(|b| b.is_ascii_digit()).count();
    if header.len() < MIN_HEADER || digits < MIN_HEADER_DIGITS || header.len() == line.len() {
        return 0;
    }
    header.len()
}

/// A repeated header cut back so that the line's own indentation is not
/// counted as part of it (`host kubelet[1]: \tline`: the tab is the line's).
fn keep_indent(line: &[u8], header: usize) -> usize {
    let mut end = header;
    while end >= 2 && matches!(line[end - 1], b' ' | b'\t') && matches!(line[end - 2], b' ' | b'\t')
    {
        end -= 1;
    }
    if end >= 1 && line[end - 1] == b'\t' {
        end -= 1;
    }
    end
}

fn opening_mode(shape: Shape, text: &[u8]) -> Mode {
    match shape {
        Shape::TracebackHeader => Mode::PyTraceback,
        Shape::GoPanic | Shape::GoroutineHeader => Mode::Go,
        Shape::RustPanic if text.ends_with(b":") => Mode::RustMessage,
        Shape::RustPanic => Mode::Rust,
        _ => Mode::Plain,
    }
}

#[cfg(test)]
mod tests;
