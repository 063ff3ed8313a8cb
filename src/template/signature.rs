//! The signature of a multi-line crash event, as crash reporters group
//! them: the exception type plus the top frames of the stack, without line
//! numbers, addresses or messages, so the same crash from the same place
//! groups together whatever its message says.

/// Frames kept in a signature.
const TOP_FRAMES: usize = 3;

/// The signature of `event` (its lines) when it is a stack trace: Python,
/// Java/JVM, .NET, Node, Go or Rust. `None` for other events (their first
/// line's template is their grouping key).
pub(crate) fn crash_signature(event: &str) -> Option<String> {
    let lines: Vec<&str> = event.lines().collect();
    if lines.len() < 2 {
        return None;
    }
    python(&lines)
        .or_else(|| jvm_or_dotnet(&lines))
        .or_else(|| node(&lines))
        .or_else(|| go(&lines))
        .or_else(|| rust(&lines))
}

fn signature(kind: &str, frames: Vec<String>) -> Option<String> {
    if frames.is_empty() {
        return None;
    }
    Some(format!("{kind} @ {}", frames.join(" < ")))
}

/// `ValueError: bad` → `ValueError`; `requests.exceptions.Timeout` kept.
fn exception_name(line: &str) -> &str {
    let head = line.trim().split(':').next().unwrap_or("").trim();
    head.rsplit(' ').next().unwrap_or(head)
}

/// `File "/app/x.py", line 41, in process` frames, innermost first.
fn python(lines: &[&str]) -> Option<String> {
    let start = lines
        .iter()
        .rposition(|l| l.contains("Traceback (most recent call last)"))?;
    let mut frames = Vec::new();
    let mut kind = None;
    for line in &lines[start + 1..] {
        let t = line.trim_start();
        if let Some(rest) = t.strip_prefix("File \"") {
            let file = rest.split('"').next().unwrap_or("");
            let func = rest.rsplit(", in ").next().unwrap_or("");
            frames.push(format!("{}:{func}", base_name(file)));
        } else if !line.starts_with(' ') && !t.is_empty() {
            kind = Some(exception_name(t));
        }
    }
    frames.reverse();
    frames.truncate(TOP_FRAMES);
    signature(kind?, frames)
}

/// `\tat com.x.Y.method(Y.java:12)` (JVM) or `   at X.Y.M() in f.cs:line 3` (.NET).
fn jvm_or_dotnet(lines: &[&str]) -> Option<String> {
    let first_frame = lines
        .iter()
        .position(|l| l.trim_start().starts_with("at "))?;
    let head = lines[..first_frame]
        .iter()
        .rev()
        .find(|l| !l.trim().is_empty())?;
    let head = head.trim();
    let head = head
        .strip_prefix("Exception in thread")
        .map(|rest| rest.split_once("\" ").map_or(rest, |(_, r)| r))
        .unwrap_or(head);
    let kind = exception_name(head);
    if !kind.contains(['.', 'E']) {
        return None;
    }
    let frames = lines[first_frame..]
        .iter()
        .map(|l| l.trim_start())
        .filter_map(|l| l.strip_prefix("at "))
        .map(|f| f.split(['(', ' ']).next().unwrap_or(f).to_string())
        .take(TOP_FRAMES)
        .collect();
    signature(kind, frames)
}

/// `TypeError: x` then `    at fn (file:1:2)` lines.
fn node(lines: &[&str]) -> Option<String> {
    let first_frame = lines.iter().position(|l| l.starts_with("    at "))?;
    let head = lines[..first_frame]
        .iter()
        .rev()
        .find(|l| !l.trim().is_empty())?;
    let kind = exception_name(head);
    let frames = lines[first_frame..]
        .iter()
        .filter_map(|l| l.strip_prefix("    at "))
        .map(|f| match f.split_once(" (") {
            Some((func, _)) => func.to_string(),
            None => strip_position(f).to_string(),
        })
        .take(TOP_FRAMES)
        .collect();
    signature(kind, frames)
}

/// `panic: msg` / `fatal error: msg`, then `goroutine N [..]:` and
/// `pkg.func(args)` lines followed by `\tfile:line +0x..`.
fn go(lines: &[&str]) -> Option<String> {
    let head = lines
        .iter()
        .find(|l| l.starts_with("panic: ") || l.starts_with("fatal error: "))?;
    let kind = if head.starts_with("panic: runtime error") {
        "panic: runtime error".to_string()
    } else if let Some(rest) = head.strip_prefix("fatal error: ") {
        format!("fatal error: {}", rest.split(':').next().unwrap_or(rest))
    } else {
        "panic".to_string()
    };
    let start = lines
        .iter()
        .position(|l| l.starts_with("goroutine ") || l.starts_with("runtime stack:"))?;
    let frames = lines[start + 1..]
        .iter()
        .filter(|l| !l.starts_with('\t') && !l.trim().is_empty())
        .filter(|l| !l.starts_with("created by") && !l.starts_with("goroutine "))
        // The argument list is the last parenthesis: `main.(*T).m(0x1, ...)`.
        .map(|l| l.rfind('(').map_or(*l, |at| &l[..at]).to_string())
        .filter(|f| !f.starts_with("runtime.") && !f.starts_with("panic"))
        .take(TOP_FRAMES)
        .collect::<Vec<_>>();
    if frames.is_empty() {
        return Some(kind);
    }
    signature(&kind, frames)
}

/// `thread 'x' panicked at src/f.rs:1:2:` then the message and maybe a
/// backtrace: the place (without line numbers) and the frames in the
/// crate (not std/core).
fn rust(lines: &[&str]) -> Option<String> {
    let head = lines.iter().find(|l| l.contains("' panicked at "))?;
    let place = head.rsplit("panicked at ").next().unwrap_or("");
    let place = place.trim_end_matches(':');
    let file = place.split(':').next().unwrap_or(place);
    let frames = lines
        .iter()
        .filter_map(|l| {
            let t = l.trim_start();
            let (n, name) = t.split_once(": ")?;
            n.parse::<u32>().ok()?;
            Some(name.to_string())
        })
        .filter(|f| {
            ![
                "std::",
                "core::",
                "alloc::",
                "rust_begin_unwind",
                "tokio::",
                "<",
            ]
            .iter()
            .any(|p| f.starts_with(p))
        })
        .take(TOP_FRAMES)
        .collect::<Vec<_>>();
    Some(if frames.is_empty() {
        format!("panic @ {file}")
    } else {
        format!("panic @ {file} < {}", frames.join(" < "))
    })
}

fn base_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

/// `node:net:1817:16` → `node:net`, `/app/x.js:3:9` → `/app/x.js`.
fn strip_position(frame: &str) -> &str {
    let mut rest = frame;
    for _ in 0..2 {
        match rest.rsplit_once(':') {
            Some((head, tail)) if tail.chars().all(|c| c.is_ascii_digit()) => rest = head,
            _ => break,
        }
    }
    rest
}

#[cfg(test)]
mod tests;
