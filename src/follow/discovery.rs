//! What to follow: files (even ones that do not exist yet), directories
//! (their `*.log` files, now and later), globs (re-evaluated as files
//! appear), standard input; and with no paths, the original system's
//! auto-discovery list.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// The original system's auto-discovery places, in its order.
pub const DEFAULT_PLACES: &[&str] = &[
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
        let mut out = Vec::new();
        match self {
            WatchSpec::File(path) => {
                if path.is_file() {
                    out.extend(fs::canonicalize(path).ok());
                }
            }
            WatchSpec::Dir(dir) => {
                let (Ok(entries), Ok(base)) = (fs::read_dir(dir), fs::canonicalize(dir)) else {
                    return out;
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
                for path in glob::glob(pattern).into_iter().flatten().flatten() {
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
        out
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
mod tests {
    use super::*;

    #[test]
    fn parses_specs_and_finds_their_files() {
        let dir = tempfile::tempdir().unwrap();
        let base = fs::canonicalize(dir.path()).unwrap();
        fs::write(base.join("a.log"), "x\n").unwrap();
        fs::write(base.join("b.txt"), "x\n").unwrap();
        let d = base.display().to_string();
        assert_eq!(WatchSpec::parse("-"), WatchSpec::Stdin);
        let dir_spec = WatchSpec::parse(&d);
        assert_eq!(
            dir_spec.current_files().into_iter().collect::<Vec<_>>(),
            vec![base.join("a.log")]
        );
        let glob = WatchSpec::parse(&format!("{d}/*.txt"));
        assert!(matches!(glob, WatchSpec::Glob(_)));
        assert_eq!(glob.watch_dir(), Some(base.clone()));
        assert_eq!(glob.current_files().len(), 1);
        let later = WatchSpec::parse(&format!("{d}/later.log"));
        assert!(
            later.current_files().is_empty(),
            "a file that does not exist yet"
        );
        fs::write(base.join("later.log"), "x\n").unwrap();
        assert_eq!(later.current_files().len(), 1, "picked up once it appears");
    }
}
