//! `e`: the file in `$PAGER` (default `less`) at its line. The
//! pager gets the terminal as a shell would give it: the key reader is
//! paused, raw mode and the alternate screen are left, the pager runs from
//! an argv (never through a shell: the path is one argument, never
//! interpreted), and the dashboard takes the terminal back after.

use std::ffi::{OsStr, OsString};
use std::io;
use std::path::Path;
use std::process::{Command, ExitStatus};

use super::input::InputControl;
use super::terminal;

/// The pager used when `$PAGER` is unset or blank.
const DEFAULT_PAGER: &str = "less";

/// The argv that shows `path` at `line`: `$PAGER` split on whitespace (no
/// shell quoting or expansion), then `+N` (less, more, vi: start at line
/// N) when the line is known, then the path.
pub(crate) fn argv(pager: Option<&OsStr>, path: &Path, line: Option<u64>) -> Vec<OsString> {
    let words: Vec<OsString> = pager
        .and_then(OsStr::to_str)
        .map(|p| p.split_whitespace().map(OsString::from).collect())
        .unwrap_or_default();
    let mut argv = if words.is_empty() {
        vec![OsString::from(DEFAULT_PAGER)]
    } else {
        words
    };
    if let Some(n) = line {
        argv.push(format!("+{n}").into());
    }
    // A path never reads as an option: canonical paths start with '/'.
    if path.is_absolute() {
        argv.push(path.as_os_str().to_owned());
    } else {
        argv.push(Path::new(".").join(path).into_os_string());
    }
    argv
}

/// Runs `argv` on the terminal, the dashboard set aside meanwhile.
pub(crate) fn run(argv: &[OsString], input: Option<&InputControl>) -> io::Result<ExitStatus> {
    let Some((program, args)) = argv.split_first() else {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, "no pager"));
    };
    if let Some(input) = input {
        input.pause();
    }
    terminal::restore();
    let status = Command::new(program).args(args).status();
    let back = terminal::reenter();
    if let Some(input) = input {
        input.resume();
    }
    back?;
    status
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_path_is_one_argument_after_the_line() {
        let less = argv(
            Some(OsStr::new("less -R")),
            Path::new("/var/log/a b;rm -rf ~.log"),
            Some(42),
        );
        assert_eq!(less, ["less", "-R", "+42", "/var/log/a b;rm -rf ~.log"]);
        assert_eq!(argv(None, Path::new("/x.log"), None), ["less", "/x.log"]);
        assert_eq!(
            argv(Some(OsStr::new("  ")), Path::new("-x"), Some(1)),
            ["less", "+1", "./-x"]
        );
        // A name that is not UTF-8 is passed as its bytes.
        let raw = std::os::unix::ffi::OsStrExt::from_bytes(b"/l/lat\xe9n.log");
        let raw: &OsStr = raw;
        assert_eq!(argv(None, Path::new(raw), None)[1], raw);
    }
}
