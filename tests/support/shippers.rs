//! Finding the real shippers (rsyslog, syslog-ng) the tests run: the tree
//! named by `LOGWARDEN_RSYSLOG_ROOT` / `LOGWARDEN_SYSLOG_NG_ROOT` (a Debian
//! package unpacked with `dpkg-deb -x`), else `/usr/sbin`, else such a tree
//! under `/opt/logwarden-shippers`, where `.ci/run` unpacks the one it
//! cannot install. Without one a test says it skipped, unless
//! `LOGWARDEN_REQUIRE_SHIPPERS` is set (as in CI): then it fails.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::syslog::required;

pub const REQUIRE: &str = "LOGWARDEN_REQUIRE_SHIPPERS";
const UNPACKED: &str = "/opt/logwarden-shippers";

/// A shipper's program and, when it was unpacked rather than installed,
/// where its modules and libraries are.
pub struct Tool {
    pub program: PathBuf,
    pub modules: Option<PathBuf>,
    libraries: Option<PathBuf>,
}

/// What is known of a shipper to find it.
pub struct Shipper {
    /// Its name and Debian package(s), for messages.
    name: &'static str,
    packages: &'static str,
    /// Its program, relative to `/` or an unpacked tree.
    program: &'static str,
    /// The variable naming an unpacked tree, and its folder under [`UNPACKED`].
    root_var: &'static str,
    unpacked: &'static str,
    /// A file in its modules folder (found under `usr/lib` of a tree).
    module_marker: &'static str,
    /// A file in its private libraries folder, if it has one.
    library_marker: Option<&'static str>,
}

pub const RSYSLOG: Shipper = Shipper {
    name: "rsyslog",
    packages: "rsyslog",
    program: "usr/sbin/rsyslogd",
    root_var: "LOGWARDEN_RSYSLOG_ROOT",
    unpacked: "rsyslog",
    module_marker: "imuxsock.so",
    library_marker: None,
};

pub const SYSLOG_NG: Shipper = Shipper {
    name: "syslog-ng",
    packages: "syslog-ng-core syslog-ng-mod-http",
    program: "usr/sbin/syslog-ng",
    root_var: "LOGWARDEN_SYSLOG_NG_ROOT",
    unpacked: "syslog-ng",
    module_marker: "libafsocket.so",
    library_marker: Some("libsyslog-ng"),
};

/// Skips (says why and returns `None`) or, when required, fails.
pub fn missing<T>(what: &str) -> Option<T> {
    assert!(
        !required(REQUIRE),
        "{what} ({REQUIRE} is set: shippers are required)"
    );
    eprintln!("skipped: {what}");
    None
}

/// A folder under `root/usr/lib` (at most 3 levels down) holding a file
/// whose name starts with `marker`.
fn folder_with(root: &Path, marker: &str) -> Option<PathBuf> {
    let mut folders = vec![(root.join("usr/lib"), 0)];
    while let Some((folder, depth)) = folders.pop() {
        for entry in std::fs::read_dir(&folder).ok()?.flatten() {
            let path = entry.path();
            if entry.file_name().to_string_lossy().starts_with(marker) {
                return Some(folder);
            }
            if depth < 3 && path.is_dir() {
                folders.push((path, depth + 1));
            }
        }
    }
    None
}

/// The shipper's program (and its modules), or `None` after saying why.
pub fn find(shipper: &Shipper) -> Option<Tool> {
    let unpacked = |root: PathBuf| -> Option<Tool> {
        let program = root.join(shipper.program);
        if !program.exists() {
            return None;
        }
        Some(Tool {
            program,
            modules: folder_with(&root, shipper.module_marker),
            libraries: shipper
                .library_marker
                .and_then(|marker| folder_with(&root, marker)),
        })
    };
    if let Some(root) = std::env::var_os(shipper.root_var) {
        return unpacked(PathBuf::from(&root)).or_else(|| {
            missing(&format!(
                "{} names {root:?}, which has no {}",
                shipper.root_var, shipper.program
            ))
        });
    }
    let system = Path::new("/").join(shipper.program);
    if system.exists() {
        return Some(Tool {
            program: system,
            modules: None,
            libraries: None,
        });
    }
    unpacked(Path::new(UNPACKED).join(shipper.unpacked)).or_else(|| {
        missing(&format!(
            "{} is not installed (apt-get install {}, or see .ci/run)",
            shipper.name, shipper.packages
        ))
    })
}

/// The config version syslog-ng reads (for `@version`).
pub fn syslog_ng_version(tool: &Tool) -> String {
    let out = syslog_ng_command(tool).arg("--version").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines()
        .find_map(|l| l.strip_prefix("Config version:"))
        .map(|v| v.trim().to_owned())
        .unwrap_or_else(|| panic!("no config version in {text}"))
}

/// syslog-ng, with its modules and libraries when it was unpacked.
pub fn syslog_ng_command(tool: &Tool) -> Command {
    let mut cmd = Command::new(&tool.program);
    if let Some(modules) = &tool.modules {
        cmd.arg(format!("--module-path={}", modules.display()));
    }
    if let Some(libraries) = &tool.libraries {
        cmd.env("LD_LIBRARY_PATH", libraries);
    }
    cmd
}

/// Whether this syslog-ng has the `http()` destination.
pub fn has_http(tool: &Tool) -> bool {
    let out = syslog_ng_command(tool).arg("--version").output().unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.strip_prefix("Available-Modules:"))
        .any(|m| m.split(',').any(|m| m.trim() == "http"))
}
