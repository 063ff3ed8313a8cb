#![allow(clippy::unwrap_used)]

use super::*;

fn argv(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

const LONG: Duration = Duration::from_secs(20);

#[tokio::test]
async fn true_is_ok_false_is_exit_status_1() {
    let yes = run_command(&argv(&["/bin/true"]), LONG).await;
    assert!(yes.ok, "{yes:?}");
    assert_eq!(yes.exit, Some(0));
    assert_eq!(yes.error, None);

    let no = run_command(&argv(&["/bin/false"]), LONG).await;
    assert!(!no.ok);
    assert_eq!(no.exit, Some(1));
    assert_eq!(no.error.as_deref(), Some("exit status 1"));
}

#[tokio::test]
async fn exit_code_and_both_streams_are_kept() {
    let out = run_command(
        &argv(&["/bin/sh", "-c", "echo out; echo err >&2; exit 3"]),
        LONG,
    )
    .await;
    assert!(!out.ok);
    assert_eq!(out.exit, Some(3));
    assert_eq!(out.error.as_deref(), Some("exit status 3"));
    assert!(out.output.contains("out\n"), "{:?}", out.output);
    assert!(out.output.contains("err\n"), "{:?}", out.output);
}

#[tokio::test]
async fn hostile_arguments_are_single_literal_arguments() {
    let hostile = [
        "$(rm -rf /)",
        "; reboot",
        "-rf",
        "`id`",
        "a b",
        "*",
        "|| true",
    ];
    let mut list = vec!["printf", "[%s]\\n"];
    list.extend(hostile);
    let out = run_command(&argv(&list), LONG).await;
    assert!(out.ok, "{out:?}");
    let expected: String = hostile.iter().map(|h| format!("[{h}]\n")).collect();
    assert_eq!(out.output, expected);

    let echoed = run_command(&argv(&["/bin/echo", "$(rm -rf /)", "; reboot"]), LONG).await;
    assert_eq!(echoed.output, "$(rm -rf /) ; reboot\n");
}

#[tokio::test]
async fn stdin_is_closed() {
    // `cat` with no arguments reads stdin: null gives it an immediate end.
    let out = run_command(&argv(&["cat"]), LONG).await;
    assert!(out.ok, "{out:?}");
    assert_eq!(out.output, "");
}

#[tokio::test]
async fn a_missing_program_is_an_error_not_a_panic() {
    let out = run_command(&argv(&["/usr/bin/nope-logwarden-missing"]), LONG).await;
    assert!(!out.ok);
    assert_eq!(out.exit, None);
    assert_eq!(
        out.error.as_deref(),
        Some("not found: /usr/bin/nope-logwarden-missing")
    );
}

#[tokio::test]
async fn a_file_that_is_not_executable_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("script.sh");
    std::fs::write(&path, "#!/bin/sh\necho hi\n").unwrap();
    let path = path.to_str().unwrap().to_string();
    let out = run_command(std::slice::from_ref(&path), LONG).await;
    assert!(!out.ok);
    assert_eq!(out.error, Some(format!("not executable: {path}")));
}

#[tokio::test]
async fn an_empty_argv_is_an_error() {
    let out = run_command(&[], LONG).await;
    assert!(!out.ok);
    assert_eq!(out.error.as_deref(), Some("the command is empty"));
}

#[tokio::test]
async fn a_hang_times_out_and_its_grandchild_is_killed() {
    // The shell waits on a `sleep` that holds the pipes: killing the shell
    // alone would leave the output open for 30 s and the sleep running.
    let out = run_command(
        &argv(&["/bin/sh", "-c", "sleep 30 & echo $!; wait; echo never"]),
        Duration::from_secs(2),
    )
    .await;
    assert!(!out.ok);
    assert_eq!(out.exit, None);
    assert_eq!(out.error.as_deref(), Some("timed out after 2s"));
    assert!(out.elapsed >= Duration::from_secs(2));
    assert!(out.elapsed < Duration::from_secs(25), "{:?}", out.elapsed);
    let sleep_pid: u32 = out.output.trim().parse().unwrap();
    assert!(gone(sleep_pid).await, "sleep {sleep_pid} still runs");
}

/// Whether `pid` has ended (gone, or a zombie its new parent has yet to reap).
async fn gone(pid: u32) -> bool {
    for _ in 0..50 {
        match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
            Err(_) => return true,
            Ok(stat)
                if stat
                    .rsplit(')')
                    .next()
                    .unwrap_or("")
                    .trim_start()
                    .starts_with('Z') =>
            {
                return true;
            }
            Ok(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
    false
}

#[tokio::test]
async fn a_background_grandchild_does_not_hold_up_a_finished_command() {
    // The shell exits at once; its `sleep` keeps the pipes open.
    let out = run_command(&argv(&["/bin/sh", "-c", "echo done; sleep 30 &"]), LONG).await;
    assert!(out.ok, "{out:?}");
    assert_eq!(out.output, "done\n");
    assert!(out.elapsed < Duration::from_secs(15), "{:?}", out.elapsed);
}

#[tokio::test]
async fn output_over_the_cap_is_cut_and_counted() {
    let out = run_command(
        &argv(&["/bin/sh", "-c", "head -c 10000 /dev/zero | tr '\\0' x"]),
        LONG,
    )
    .await;
    assert!(out.ok, "{:?}", out.error);
    let (kept, note) = out.output.split_at(OUTPUT_CAP);
    assert!(kept.bytes().all(|b| b == b'x'));
    assert_eq!(note, format!("\n[… {} more bytes cut]", 10000 - OUTPUT_CAP));
}

#[tokio::test]
async fn escape_sequences_never_reach_the_output() {
    let script = r"printf '\033[31mred\033[0m \033]0;title\007bell\007 cr\r\n\tok\001\n'";
    let out = run_command(&argv(&["/bin/sh", "-c", script]), LONG).await;
    assert!(out.ok, "{out:?}");
    assert!(!out.output.contains('\u{1b}'), "{:?}", out.output);
    assert_eq!(out.output, "red bell\\u{7} cr\n\tok\\u{1}\n");
}

#[test]
fn inert_handles_every_kind_of_escape() {
    assert_eq!(inert("a\u{1b}[1;32mb"), "ab");
    assert_eq!(inert("a\u{1b}]8;;http://x\u{1b}\\link"), "alink");
    assert_eq!(inert("a\u{9b}2Jb"), "ab");
    assert_eq!(inert("a\u{1b}cb"), "ab");
    assert_eq!(inert("lone\rcr"), "lone\\u{d}cr");
    assert_eq!(inert("tail\u{1b}"), "tail");
    assert_eq!(inert("bidi\u{202e}x"), "bidi\\u{202e}x");
}

#[test]
fn lossy_utf8_and_the_cut_note() {
    let mut cap = Capture::default();
    cap.push(b"ok \xff\n");
    assert_eq!(cap.into_text(), "ok \u{fffd}\n");
    let mut cap = Capture::default();
    cap.push(&[b'y'; OUTPUT_CAP]);
    cap.push(b"more");
    assert_eq!(cap.cut, 4);
}
