//! Cutting a TCP stream into syslog frames. A frame that starts with
//! digits and a space is octet-counted (`LEN SP MSG`, RFC 6587 3.4.1);
//! anything else ends at the next newline or NUL (3.4.2, what most
//! senders do without octet counting). A frame longer than the cap is cut like a
//! long line: its first `cap` bytes are kept, the rest skipped and counted.

/// What went wrong with a stream's bytes (the stream goes on).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FrameError {
    /// An octet count no frame has (`0`, or more than 9 digits): the
    /// bytes are read as a newline-framed frame instead.
    BadCount,
    /// A frame over the cap: this many bytes of it were skipped.
    Cut {
        /// Bytes skipped.
        cut: u64,
    },
    /// The connection ended inside an octet-counted frame: what had come
    /// of it is kept as a frame, this many announced bytes never came.
    Truncated {
        /// Bytes announced and missing.
        missing: u64,
    },
}

/// Where the framer is in the stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Between frames (reading an octet count's digits, if any).
    Start,
    /// After `LEN SP`: the frame's first byte decides. A syslog message
    /// starts with `<`; anything else was a line that began with a number
    /// (`200 OK ...`), which must not swallow the frames after it.
    Opening { left: usize },
    /// Inside an octet-counted frame: bytes still to come.
    Counted { left: usize },
    /// Inside a newline-framed frame.
    Line,
}

/// Most digits an octet count may have (frames are far below 10^9 bytes).
const MAX_DIGITS: usize = 9;

/// Cuts one connection's bytes into frames; fed as they arrive.
#[derive(Debug)]
pub struct Framer {
    cap: usize,
    state: State,
    /// The frame being assembled (at most `cap` bytes).
    current: Vec<u8>,
    /// Bytes of the current frame beyond the cap.
    over: u64,
    /// Digits of an octet count being read.
    digits: Vec<u8>,
}

impl Framer {
    /// A framer keeping at most `cap` bytes of a frame.
    pub fn new(cap: usize) -> Framer {
        Framer {
            cap: cap.max(1),
            state: State::Start,
            current: Vec::new(),
            over: 0,
            digits: Vec::new(),
        }
    }

    /// Feeds `bytes`; each complete frame goes to `frame` (with the bytes
    /// cut from its end, 0 when whole), each problem to `problem`.
    pub fn feed(
        &mut self,
        mut bytes: &[u8],
        frame: &mut impl FnMut(&[u8], u64),
        problem: &mut impl FnMut(FrameError),
    ) {
        while let Some(&b) = bytes.first() {
            match self.state {
                State::Start => {
                    if b.is_ascii_digit() && self.digits.len() < MAX_DIGITS {
                        self.digits.push(b);
                        bytes = &bytes[1..];
                    } else if b == b' ' && !self.digits.is_empty() {
                        bytes = &bytes[1..];
                        let count = std::str::from_utf8(&self.digits)
                            .ok()
                            .and_then(|d| d.parse::<usize>().ok())
                            .filter(|&n| n > 0);
                        match count {
                            Some(left) => self.state = State::Opening { left },
                            None => self.not_a_count(problem),
                        }
                    } else if matches!(b, b'\n' | b'\r' | b'\0') && self.digits.is_empty() {
                        // Blank lines (or NULs) between frames are not frames.
                        bytes = &bytes[1..];
                    } else {
                        if b.is_ascii_digit() {
                            problem(FrameError::BadCount);
                        }
                        // Not an octet count: a line that starts with the
                        // digits read so far.
                        let digits = std::mem::take(&mut self.digits);
                        self.push(&digits);
                        self.state = State::Line;
                    }
                }
                State::Opening { left } if b == b'<' => {
                    self.digits.clear();
                    self.state = State::Counted { left };
                }
                State::Opening { .. } => self.not_a_count(problem),
                State::Counted { left } => {
                    let take = left.min(bytes.len());
                    self.push(&bytes[..take]);
                    bytes = &bytes[take..];
                    if take == left {
                        self.emit(frame, problem);
                    } else {
                        self.state = State::Counted { left: left - take };
                    }
                }
                // Some senders end a frame with NUL instead (RFC 6587 3.4.2).
                State::Line => match memchr::memchr2(b'\n', b'\0', bytes) {
                    Some(at) => {
                        self.push(&bytes[..at]);
                        bytes = &bytes[at + 1..];
                        if self.current.last() == Some(&b'\r') {
                            self.current.pop();
                        }
                        self.emit(frame, problem);
                    }
                    None => {
                        self.push(bytes);
                        bytes = &[];
                    }
                },
            }
        }
    }

    /// The connection ended: a frame in progress is handed out as it is
    /// (a last line without its newline is a frame; an octet-counted
    /// frame cut short says how much never came).
    pub fn finish(
        &mut self,
        frame: &mut impl FnMut(&[u8], u64),
        problem: &mut impl FnMut(FrameError),
    ) {
        match self.state {
            State::Start if self.digits.is_empty() => {}
            State::Start => {
                let digits = std::mem::take(&mut self.digits);
                self.push(&digits);
                self.emit(frame, problem);
            }
            State::Opening { .. } => {
                self.not_a_count(problem);
                self.emit(frame, problem);
            }
            State::Counted { left } => {
                problem(FrameError::Truncated {
                    missing: left as u64,
                });
                if !self.current.is_empty() {
                    self.emit(frame, problem);
                }
                self.state = State::Start;
            }
            State::Line => self.emit(frame, problem),
        }
    }

    /// The digits and space read were not an octet count: they start a
    /// newline-framed line.
    fn not_a_count(&mut self, problem: &mut impl FnMut(FrameError)) {
        problem(FrameError::BadCount);
        let mut digits = std::mem::take(&mut self.digits);
        digits.push(b' ');
        self.push(&digits);
        self.state = State::Line;
    }

    /// Adds to the frame, within the cap.
    fn push(&mut self, bytes: &[u8]) {
        let room = self.cap.saturating_sub(self.current.len());
        let keep = room.min(bytes.len());
        self.current.extend_from_slice(&bytes[..keep]);
        self.over += (bytes.len() - keep) as u64;
    }

    /// Hands the frame out and starts the next.
    fn emit(&mut self, frame: &mut impl FnMut(&[u8], u64), problem: &mut impl FnMut(FrameError)) {
        frame(&self.current, self.over);
        if self.over > 0 {
            problem(FrameError::Cut { cut: self.over });
        }
        self.current.clear();
        self.over = 0;
        self.state = State::Start;
    }
}

#[cfg(test)]
mod tests;
