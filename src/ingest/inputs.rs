//! Turning command-line paths into inputs: files, directories (their `*.log`
//! and `*.log.gz`), globs, `-` for stdin; gzip detected by its magic bytes.
//! Every file is named by its canonical path, so one file under two
//! spellings is read once.

use std::collections::HashSet;
use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use flate2::read::MultiGzDecoder;

/// Name used for standard input in `source_file`.
pub(crate) const STDIN_NAME: &str = "-";

/// One thing to read.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Input {
    /// Standard input.
    Stdin,
    /// A file, by canonical path.
    File(PathBuf),
}

impl Input {
    /// The name issues carry in `source_file`.
    pub(crate) fn name(&self) -> String {
        match self {
            Input::Stdin => STDIN_NAME.to_string(),
            Input::File(path) => path.display().to_string(),
        }
    }

    /// Opens the input for reading, decompressing gzip transparently.
    pub(crate) fn open(&self) -> io::Result<Box<dyn Read>> {
        match self {
            Input::Stdin => Ok(Box::new(io::stdin().lock())),
            Input::File(path) => {
                let mut reader = BufReader::with_capacity(64 * 1024, File::open(path)?);
                let gzip = reader.fill_buf()?.starts_with(&[0x1f, 0x8b]);
                Ok(if gzip {
                    Box::new(MultiGzDecoder::new(reader))
                } else {
                    Box::new(reader)
                })
            }
        }
    }
}

/// A path argument that yielded nothing readable, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct InputError {
    /// The argument as given.
    pub arg: String,
    /// What went wrong.
    pub reason: String,
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.arg, self.reason)
    }
}

/// Expands arguments into inputs, in argument order, without duplicates.
/// Arguments that yield nothing are reported; the rest are still returned.
pub(crate) fn expand(args: &[String]) -> (Vec<Input>, Vec<InputError>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    let mut seen: HashSet<Input> = HashSet::new();
    let mut add = |input: Input, inputs: &mut Vec<Input>| {
        if seen.insert(input.clone()) {
            inputs.push(input);
        }
    };
    for arg in args {
        let fail = |reason: String| InputError {
            arg: arg.clone(),
            reason,
        };
        if arg == STDIN_NAME {
            add(Input::Stdin, &mut inputs);
            continue;
        }
        let path = Path::new(arg);
        match fs::metadata(path) {
            Ok(meta) if meta.is_dir() => match directory_logs(path) {
                Ok(files) if files.is_empty() => {
                    errors.push(fail("directory has no *.log or *.log.gz files".into()))
                }
                Ok(files) => files
                    .into_iter()
                    .for_each(|f| add(Input::File(f), &mut inputs)),
                Err(e) => errors.push(fail(e.to_string())),
            },
            Ok(_) => match fs::canonicalize(path) {
                Ok(p) => add(Input::File(p), &mut inputs),
                Err(e) => errors.push(fail(e.to_string())),
            },
            Err(_) if is_glob(arg) => match glob_files(arg) {
                Ok(files) if files.is_empty() => {
                    errors.push(fail("no files match this pattern".into()))
                }
                Ok(files) => files
                    .into_iter()
                    .for_each(|f| add(Input::File(f), &mut inputs)),
                Err(reason) => errors.push(fail(reason)),
            },
            Err(e) => errors.push(fail(e.to_string())),
        }
    }
    (inputs, errors)
}

fn is_glob(arg: &str) -> bool {
    arg.contains(['*', '?', '['])
}

/// A directory's `*.log` and `*.log.gz` regular files, sorted, canonical.
fn directory_logs(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.ends_with(".log") || name.ends_with(".log.gz")) {
            continue;
        }
        // Follow symlinks: a link to a log file is a log file.
        if fs::metadata(entry.path()).is_ok_and(|m| m.is_file()) {
            files.push(fs::canonicalize(entry.path())?);
        }
    }
    files.sort();
    Ok(files)
}

fn glob_files(pattern: &str) -> Result<Vec<PathBuf>, String> {
    let paths = glob::glob(pattern).map_err(|e| format!("bad glob pattern: {e}"))?;
    let mut files = Vec::new();
    for entry in paths {
        let path = entry.map_err(|e| e.to_string())?;
        if path.is_file() {
            files.push(fs::canonicalize(&path).map_err(|e| format!("{}: {e}", path.display()))?);
        }
    }
    Ok(files)
}

#[cfg(test)]
mod tests;
