//! The lines around an issue in its file, for the context view (`o`) and
//! the pager (`e`). The issue's position is checked, not trusted: the
//! line at its byte offset (or, without one, its line number) must still
//! be its first line, in the file at its path or, after a rotation by
//! rename, in `<path>.1`. Otherwise the view says the file no longer holds
//! it: other lines are never shown in its place.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::PathBuf;

use crate::model::{Issue, TEXT_CUT_MARKER, prefix_within};
use crate::ui::ContextView;

/// Lines shown before and after the issue's.
pub(crate) const AROUND: usize = 12;
/// Bytes read on each side of the line at most (a longer line is cut).
const WINDOW: u64 = 64 * 1024;
/// Bytes of a line kept for the view.
const SHOWN_BYTES: usize = 4096;
/// How far a file is scanned for a line number (or to count lines).
const SCAN_LIMIT: u64 = 1 << 30;

/// Where an issue's first line is now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    /// The file holding it (its own path, or the rotated `<path>.1`), as
    /// on disk (a name that is not UTF-8 included).
    pub path: PathBuf,
    /// Its byte offset there.
    pub offset: u64,
    /// Its line number, when known or counted.
    pub line: Option<u64>,
}

/// Finds `issue`'s first line again; the error says why it cannot be.
pub(crate) fn locate(issue: &Issue) -> Result<Found, String> {
    let path = &issue.source_file;
    if issue.is_remote() {
        return Err(format!(
            "This issue came from {} over the network: there is no local file to show; \
             its event text is in the detail view.",
            crate::model::sanitize_for_terminal(&issue.host)
        ));
    }
    if path == "-" {
        return Err("This issue was read from standard input: there is no file to show.".into());
    }
    if issue.offset.is_none() && issue.line.is_none() {
        return Err(format!(
            "Where this issue is in {path} is not known (it was read before this run, \
             from the end of the file): nothing is shown rather than other lines."
        ));
    }
    let mut opened = None;
    for candidate in [on_disk(path), on_disk(&format!("{path}.1"))] {
        let mut file = match File::open(&candidate) {
            Ok(file) => file,
            Err(e) => {
                opened.get_or_insert(Err(e));
                continue;
            }
        };
        opened = Some(Ok(()));
        if let Ok(Some((offset, line))) = find_in(&mut file, issue) {
            return Ok(Found {
                path: candidate,
                offset,
                line,
            });
        }
    }
    let at = match (issue.offset, issue.line) {
        (Some(offset), _) => format!("at byte {offset}"),
        (None, Some(line)) => format!("at line {line}"),
        (None, None) => String::new(),
    };
    Err(match opened {
        Some(Err(e)) => format!("{path} cannot be read: {e}."),
        _ => format!(
            "{path} no longer holds this issue's line {at} (the file was rotated, truncated \
             or rewritten since): nothing is shown rather than other lines."
        ),
    })
}

/// The file `path` names. An issue keeps its path as text, with bytes
/// that are not UTF-8 replaced: such a name is found again in its
/// directory (the line's content is checked after, so a look-alike name
/// never shows other lines).
fn on_disk(path: &str) -> PathBuf {
    let named = PathBuf::from(path);
    if !path.contains('\u{fffd}') || named.exists() {
        return named;
    }
    let (Some(dir), Some(name)) = (named.parent(), named.file_name()) else {
        return named;
    };
    let wanted = name.to_string_lossy();
    std::fs::read_dir(dir)
        .ok()
        .and_then(|entries| {
            entries
                .flatten()
                .find(|e| e.file_name().to_string_lossy() == wanted)
        })
        .map_or(named, |e| e.path())
}

/// The context view of `issue`: [`AROUND`] lines each side of its first
/// line, or why there are none.
pub(crate) fn read_context(issue: &Issue) -> ContextView {
    let mut view = ContextView {
        issue_id: issue.id.clone(),
        path: issue.source_file.clone(),
        first_line: None,
        lines: Vec::new(),
        target: 0,
        problem: None,
    };
    let found = match locate(issue) {
        Ok(found) => found,
        Err(problem) => {
            view.problem = Some(problem);
            return view;
        }
    };
    match around(&found) {
        Ok((before, after)) => {
            view.target = before.len();
            view.first_line = found.line.map(|n| n.saturating_sub(before.len() as u64));
            view.lines = before.into_iter().chain(after).collect();
        }
        Err(e) => {
            view.problem = Some(format!("{} cannot be read: {e}.", found.path.display()));
        }
    }
    view.path = found.path.to_string_lossy().into_owned();
    view
}

/// The issue's line and where: by offset first, then by line number.
fn find_in(file: &mut File, issue: &Issue) -> io::Result<Option<(u64, Option<u64>)>> {
    if let Some(offset) = issue.offset
        && line_at(file, offset)?.is_some_and(|line| same_line(&line, &issue.log_line))
    {
        let line = match issue.line {
            Some(n) => Some(n),
            None => count_lines(file, offset)?,
        };
        return Ok(Some((offset, line)));
    }
    let Some(number) = issue.line else {
        return Ok(None);
    };
    let Some(offset) = offset_of_line(file, number)? else {
        return Ok(None);
    };
    let found = line_at(file, offset)?.is_some_and(|line| same_line(&line, &issue.log_line));
    Ok(found.then_some((offset, Some(number))))
}

/// The line starting at `offset` (without its newline); `None` when no
/// line starts there.
fn line_at(file: &mut File, offset: u64) -> io::Result<Option<Vec<u8>>> {
    if offset > 0 {
        let before = read_range(file, offset - 1, 1)?;
        if before != b"\n" {
            return Ok(None);
        }
    }
    let bytes = read_range(file, offset, WINDOW)?;
    if bytes.is_empty() {
        return Ok(None);
    }
    let end = memchr::memchr(b'\n', &bytes).unwrap_or(bytes.len());
    Ok(Some(bytes[..end].to_vec()))
}

/// Whether `bytes`, read from the file, are the line the issue kept as
/// `log_line` (which may be cut, with a marker saying so).
fn same_line(bytes: &[u8], log_line: &str) -> bool {
    let text = String::from_utf8_lossy(bytes);
    let text = text.strip_suffix('\r').unwrap_or(&text);
    match log_line.find(TEXT_CUT_MARKER) {
        Some(at) => {
            let kept = log_line[..at].strip_suffix(' ').unwrap_or(&log_line[..at]);
            !kept.is_empty() && text.starts_with(kept)
        }
        None => text == log_line,
    }
}

/// The lines before the one at `found.offset` (at most [`AROUND`]) and
/// that one with those after it.
fn around(found: &Found) -> io::Result<(Vec<String>, Vec<String>)> {
    let mut file = File::open(&found.path)?;
    let start = found.offset.saturating_sub(WINDOW);
    let head = read_range(&mut file, start, found.offset - start)?;
    let mut before: Vec<&[u8]> = head.split(|b| *b == b'\n').collect();
    before.pop(); // after the newline that ends the line before
    if start > 0 && !before.is_empty() {
        before.remove(0); // cut by the window
    }
    let before = before[before.len().saturating_sub(AROUND)..]
        .iter()
        .map(|l| lossy(l))
        .collect();
    let tail = read_range(&mut file, found.offset, WINDOW)?;
    let tail = tail.strip_suffix(b"\n").unwrap_or(&tail);
    let after = tail
        .split(|b| *b == b'\n')
        .take(AROUND + 1)
        .map(lossy)
        .collect();
    Ok((before, after))
}

/// A line as shown: decoded (invalid UTF-8 as U+FFFD), at most
/// [`SHOWN_BYTES`] of it (no screen is wider; a frame stays cheap).
fn lossy(line: &[u8]) -> String {
    let text = String::from_utf8_lossy(line);
    let text = text.strip_suffix('\r').unwrap_or(&text);
    let kept = prefix_within(text, SHOWN_BYTES);
    if kept.len() < text.len() {
        format!("{kept}…")
    } else {
        kept.to_string()
    }
}

/// Up to `len` bytes from `offset` (fewer at the end of the file).
fn read_range(file: &mut File, offset: u64, len: u64) -> io::Result<Vec<u8>> {
    file.seek(SeekFrom::Start(offset))?;
    let mut out = Vec::new();
    file.by_ref().take(len).read_to_end(&mut out)?;
    Ok(out)
}

/// The number of the line starting at `offset` (lines before it, plus
/// one); `None` past [`SCAN_LIMIT`].
fn count_lines(file: &mut File, offset: u64) -> io::Result<Option<u64>> {
    if offset > SCAN_LIMIT {
        return Ok(None);
    }
    file.seek(SeekFrom::Start(0))?;
    let mut reader = file.by_ref().take(offset);
    let mut buf = vec![0u8; 256 * 1024];
    let mut lines = 1u64;
    loop {
        let n = reader.read(&mut buf)?;
        if n == 0 {
            return Ok(Some(lines));
        }
        lines += memchr::memchr_iter(b'\n', &buf[..n]).count() as u64;
    }
}

/// Where line `number` (1-based) starts; `None` when the file has fewer
/// lines (or they lie past [`SCAN_LIMIT`]).
fn offset_of_line(file: &mut File, number: u64) -> io::Result<Option<u64>> {
    if number <= 1 {
        return Ok(Some(0));
    }
    file.seek(SeekFrom::Start(0))?;
    let mut reader = file.by_ref().take(SCAN_LIMIT);
    let mut buf = vec![0u8; 256 * 1024];
    let (mut seen, mut at) = (1u64, 0u64);
    loop {
        let n = reader.read(&mut buf)?;
        if n == 0 {
            return Ok(None);
        }
        for nl in memchr::memchr_iter(b'\n', &buf[..n]) {
            seen += 1;
            if seen == number {
                return Ok(Some(at + nl as u64 + 1));
            }
        }
        at += n as u64;
    }
}

#[cfg(test)]
mod tests;
