//! What to follow: files (even ones that do not exist yet), directories
//! (their `*.log` files, now and later), globs (re-evaluated as files
//! appear), standard input; and with no paths, the original system's
//! auto-discovery list.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::fdlimit::exhausted;
use super::feed::Classify;
use super::files::FileSet;
use super::{Notice, Update};
use crate::ingest::kind::FileKind;

/// The original system's auto-discovery places, in its order.
pub(crate) const DEFAULT_PLACES: &[&str] = &[
    "./logs/*.log",
    "./model/logs/*.log",
    "./monitoring/server/logs/*.log",
    "./incident-bot/logs/*.log",
    "/var/log/syslog",
    "/var/log/messages",
];

/// One thing to follow, as given on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WatchSpec {
    /// A file, which may appear later.
    File(PathBuf),
    /// A directory's `*.log` files, including ones created later.
    Dir(PathBuf),
    /// A glob, re-evaluated as files appear.
    Glob(String),
    /// Standard input.
    Stdin,
}

impl WatchSpec {
    /// Interprets a path argument.
    pub fn parse(arg: &str) -> WatchSpec {
        if arg == "-" {
            return WatchSpec::Stdin;
        }
        let path = Path::new(arg);
        if path.is_dir() {
            return WatchSpec::Dir(absolute(path));
        }
        if !path.exists() && arg.contains(['*', '?', '[']) {
            return WatchSpec::Glob(absolute_pattern(arg));
        }
        WatchSpec::File(absolute(path))
    }

    /// The default places that exist now: globs for the directories, files
    /// for the system logs.
    pub fn defaults() -> Vec<WatchSpec> {
        DEFAULT_PLACES
            .iter()
            .filter_map(|place| {
                if let Some(dir) = place.strip_suffix("/*.log") {
                    Path::new(dir)
                        .is_dir()
                        .then(|| WatchSpec::Glob(absolute_pattern(place)))
                } else {
                    Path::new(place)
                        .is_file()
                        .then(|| WatchSpec::File(PathBuf::from(place)))
                }
            })
            .collect()
    }

    /// The files the spec matches now (canonical paths). This runs
    /// at every re-check, so it avoids a stat and a realpath per file: the
    /// directory is resolved once and plain files are named under it; only
    /// symlinks are followed one by one.
    pub fn current_files(&self) -> Vec<PathBuf> {
        self.scan().0
    }

    /// [`WatchSpec::current_files`], and why a directory could not be
    /// listed (other than not existing: that is waited for).
    pub fn scan(&self) -> (Vec<PathBuf>, Option<io::Error>) {
        let mut out = Vec::new();
        let mut failed = None;
        match self {
            WatchSpec::File(path) => {
                if path.is_file() {
                    out.extend(fs::canonicalize(path).ok());
                }
            }
            WatchSpec::Dir(dir) => {
                let listed = fs::read_dir(dir).and_then(|e| Ok((e, fs::canonicalize(dir)?)));
                let (entries, base) = match listed {
                    Ok(pair) => pair,
                    Err(e) if e.kind() == io::ErrorKind::NotFound => return (out, None),
                    Err(e) => return (out, Some(e)),
                };
                for entry in entries.flatten() {
                    let name = entry.file_name();
                    if Path::new(&name).extension().is_some_and(|e| e == "log") {
                        let kind = entry.file_type().ok();
                        out.extend(resolve(&base, &entry.path(), kind));
                    }
                }
            }
            WatchSpec::Glob(pattern) => {
                let mut parents = BTreeMap::new();
                let listed = glob::glob(pattern).into_iter().flatten();
                let paths = listed.filter_map(|p| {
                    p.map_err(|e| {
                        if e.error().kind() != io::ErrorKind::NotFound {
                            failed.get_or_insert(io::Error::from(e));
                        }
                    })
                    .ok()
                });
                for path in paths {
                    let Some(parent) = path.parent() else {
                        continue;
                    };
                    let base = parents
                        .entry(parent.to_path_buf())
                        .or_insert_with(|| fs::canonicalize(parent).ok());
                    if let Some(base) = base {
                        let kind = fs::symlink_metadata(&path).ok().map(|m| m.file_type());
                        out.extend(resolve(base, &path, kind));
                    }
                }
            }
            WatchSpec::Stdin => {}
        }
        (out, failed)
    }

    /// Whether this place names the file at `path` (a canonical path, as
    /// checkpoints keep them), whether or not it exists now.
    pub fn covers(&self, path: &Path) -> bool {
        match self {
            WatchSpec::File(file) => same_place(file, path),
            WatchSpec::Dir(dir) => {
                path.extension().is_some_and(|e| e == "log")
                    && path.parent().is_some_and(|parent| same_place(dir, parent))
            }
            WatchSpec::Glob(pattern) => [pattern.clone(), canonical_pattern(pattern)]
                .iter()
                .any(|p| glob::Pattern::new(p).is_ok_and(|p| p.matches_path(path))),
            WatchSpec::Stdin => false,
        }
    }

    /// The directory whose changes can bring new matches (watched with inotify).
    pub fn watch_dir(&self) -> Option<PathBuf> {
        match self {
            WatchSpec::File(path) => path.parent().map(Path::to_path_buf),
            WatchSpec::Dir(dir) => Some(dir.clone()),
            WatchSpec::Glob(pattern) => Some(glob_base(pattern)),
            WatchSpec::Stdin => None,
        }
    }

    /// How the spec reads in messages.
    pub fn describe(&self) -> String {
        match self {
            WatchSpec::File(path) => path.display().to_string(),
            WatchSpec::Dir(dir) => format!("{}/*.log", dir.display()),
            WatchSpec::Glob(pattern) => pattern.clone(),
            WatchSpec::Stdin => "standard input".into(),
        }
    }
}

/// The files `spec` matches now. A directory that cannot be listed for
/// lack of descriptors gets one (an idle file is closed) and a second try;
/// one that cannot be listed at all is reported once per cause.
pub(super) fn list(
    spec: &WatchSpec,
    files: &mut FileSet,
    cx: &mut Classify,
    out: &mut Vec<Update>,
    reported: &mut BTreeMap<String, String>,
) -> Vec<PathBuf> {
    let (mut found, mut failed) = spec.scan();
    if failed.as_ref().is_some_and(exhausted) && files.release_one(cx, out) {
        (found, failed) = spec.scan();
    }
    let name = spec.describe();
    match failed {
        Some(e) if reported.get(&name) != Some(&e.to_string()) => {
            out.push(Notice::warning(format!(
                "cannot list {name} (new files there are not seen): {e}; retrying"
            )));
            reported.insert(name, e.to_string());
        }
        Some(_) => {}
        None => {
            reported.remove(&name);
        }
    }
    found
}

/// Why a file named on the command line is not followed now: it does not
/// exist yet (it is waited for), or it is something that is not a log
/// file (a FIFO, socket or device is never opened: a FIFO would block
/// the open until a writer came), a symbolic link loop, or a dangling
/// link, or it cannot be looked at.
pub(super) fn why_not_followed(path: &Path) -> Update {
    let shown = path.display();
    match fs::metadata(path) {
        Ok(meta) => Notice::warning(format!(
            "{shown} is {}, not a regular file: it is not followed{}",
            FileKind::of(&meta.file_type()),
            if meta.file_type().is_dir() {
                ""
            } else {
                " (to read it as a stream: logwarden watch - < FILE)"
            }
        )),
        Err(e) if e.raw_os_error() == Some(libc::ELOOP) => Notice::warning(format!(
            "{shown} is a symbolic link loop: it is not followed until it names a file"
        )),
        Err(e) if e.kind() == io::ErrorKind::NotFound => match fs::read_link(path) {
            Ok(target) => Notice::info(format!(
                "waiting for {shown} (a symbolic link to {}, which does not exist yet)",
                target.display()
            )),
            Err(_) => Notice::info(format!("waiting for {shown} (it does not exist yet)")),
        },
        Err(e) => Notice::warning(format!("cannot look at {shown}: {e}; retrying")),
    }
}

/// The canonical path of `path` (an entry of the canonical directory `base`)
/// if it is a regular file, or a symlink to one.
fn resolve(base: &Path, path: &Path, kind: Option<fs::FileType>) -> Option<PathBuf> {
    let kind = kind?;
    if kind.is_file() {
        return Some(base.join(path.file_name()?));
    }
    if kind.is_symlink() && path.is_file() {
        return fs::canonicalize(path).ok();
    }
    None
}

/// The longest leading part of a glob without metacharacters, as a directory.
/// Whether `a` and `b` name the same place: equal, or equal once their
/// directories are resolved (symlinks, `..`), the file itself may be gone.
fn same_place(a: &Path, b: &Path) -> bool {
    a == b || canonical(a).is_some_and(|a| canonical(b).is_some_and(|b| a == b))
}

/// `path` with its directory resolved (the file itself need not exist).
fn canonical(path: &Path) -> Option<PathBuf> {
    if let Ok(real) = fs::canonicalize(path) {
        return Some(real);
    }
    let (parent, name) = (path.parent()?, path.file_name()?);
    Some(fs::canonicalize(parent).ok()?.join(name))
}

/// A glob with its fixed leading directories resolved, to match the
/// canonical paths checkpoints keep.
fn canonical_pattern(pattern: &str) -> String {
    let base = glob_base(pattern);
    match (
        fs::canonicalize(&base),
        pattern.strip_prefix(&*base.to_string_lossy()),
    ) {
        (Ok(real), Some(rest)) => {
            format!("{}{rest}", glob::Pattern::escape(&real.to_string_lossy()))
        }
        _ => pattern.to_string(),
    }
}

fn glob_base(pattern: &str) -> PathBuf {
    let mut base = PathBuf::new();
    for part in Path::new(pattern).components() {
        let text = part.as_os_str().to_string_lossy();
        if text.contains(['*', '?', '[']) {
            break;
        }
        base.push(part);
    }
    if base.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        base
    }
}

fn absolute(path: &Path) -> PathBuf {
    fs::canonicalize(path)
        .unwrap_or_else(|_| std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()))
}

fn absolute_pattern(pattern: &str) -> String {
    if Path::new(pattern).is_absolute() {
        return pattern.to_string();
    }
    match std::env::current_dir() {
        Ok(cwd) => cwd
            .join(pattern.trim_start_matches("./"))
            .display()
            .to_string(),
        Err(_) => pattern.to_string(),
    }
}

#[cfg(test)]
mod tests;
