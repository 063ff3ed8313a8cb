//! The README's copy-paste configurations for rsyslog and syslog-ng are
//! read by the real programs (`rsyslogd -N1`, `syslog-ng --syntax-only`):
//! an option misspelled there, or one a Debian release no longer knows,
//! fails here rather than on an operator's machine. The shippers are
//! found as `tests/shippers.rs` finds them.

// Helpers outside #[test] functions may unwrap too: a panic fails the test.
#![allow(clippy::unwrap_used)]

mod support;

use std::process::{Command, Output};

use support::shippers::{RSYSLOG, SYSLOG_NG, find, has_http, syslog_ng_command, syslog_ng_version};

/// The fenced code blocks under the README heading `heading` (up to the
/// next heading).
fn readme_blocks(heading: &str) -> Vec<String> {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let mut lines = readme.lines().skip_while(|l| *l != heading);
    assert!(lines.next().is_some(), "no {heading:?} in the README");
    let mut blocks = Vec::new();
    let mut open: Option<String> = None;
    for line in lines {
        if open.is_none() && line.starts_with('#') {
            break;
        }
        match (&mut open, line.starts_with("```")) {
            (None, true) => open = Some(String::new()),
            (Some(_), true) => blocks.extend(open.take()),
            (Some(block), false) => {
                block.push_str(line);
                block.push('\n');
            }
            (None, false) => {}
        }
    }
    assert!(open.is_none(), "an unclosed block under {heading:?}");
    blocks
}

fn said(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn the_readme_rsyslog_configurations_are_valid() {
    let Some(tool) = find(&RSYSLOG) else { return };
    let blocks = readme_blocks("#### rsyslog");
    assert!(blocks.len() >= 2, "TCP and UDP: {blocks:?}");
    let dir = tempfile::tempdir().unwrap();
    for (i, block) in blocks.iter().enumerate() {
        let config = dir.path().join(format!("{i}.conf"));
        // Its own work directory: the queue's files would go there.
        let text = format!(
            "global(workDirectory=\"{}\")\n{block}",
            dir.path().display()
        );
        std::fs::write(&config, text).unwrap();
        let mut cmd = Command::new(&tool.program);
        cmd.arg("-N1").arg("-f").arg(&config);
        if let Some(modules) = &tool.modules {
            cmd.arg("-M").arg(modules);
        }
        let out = cmd.output().unwrap();
        assert!(
            out.status.success(),
            "rsyslogd refused the README's block:\n{block}\n{}",
            said(&out)
        );
    }
}

#[test]
fn the_readme_syslog_ng_configurations_are_valid() {
    let Some(tool) = find(&SYSLOG_NG) else { return };
    let blocks = readme_blocks("#### syslog-ng");
    assert!(blocks.len() >= 2, "syslog() and http(): {blocks:?}");
    let http = has_http(&tool);
    let dir = tempfile::tempdir().unwrap();
    let version = syslog_ng_version(&tool);
    for (i, block) in blocks.iter().enumerate() {
        if block.contains("http(") && !http {
            eprintln!("skipped the http() block: this syslog-ng has no http module");
            continue;
        }
        let config = dir.path().join(format!("{i}.conf"));
        // `s_src` is the system source of Debian's own configuration.
        let text = format!("@version: {version}\nsource s_src {{ internal(); }};\n{block}");
        std::fs::write(&config, text).unwrap();
        let out = syslog_ng_command(&tool)
            .arg("--syntax-only")
            .arg(format!("--cfgfile={}", config.display()))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "syslog-ng refused the README's block:\n{block}\n{}",
            said(&out)
        );
    }
}
