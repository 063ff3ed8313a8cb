//! Level detection and the prefilter hints that must cover it.

use super::*;

fn level(line: &str) -> Option<LogLevel> {
    detect_level(line.as_bytes())
}

#[test]
fn common_layouts() {
    use LogLevel::*;
    let cases = [
        (
            "2024-03-10 00:00:01.234 ERROR [main] c.e.Foo - boom",
            Some(Error),
        ),
        (
            "2024-03-10 00:00:01,234 - app.api - ERROR - boom",
            Some(Error),
        ),
        ("17/06/09 20:10:40 INFO executor.Executor: ok", Some(Info)),
        (
            "Thread-13::ERROR::2024-03-12 08:00:00,123::task::866::Storage.TaskManager::(_setError) x",
            Some(Error),
        ),
        (
            "Thread-13::DEBUG::2024-03-12 08:00:00,123::x::1::y",
            Some(Debug),
        ),
        ("a::Error::b", None),
        (
            "[Tue Mar 12 08:00:00.123456 2024] [core:error] [pid 1:tid 2] AH00124: x",
            Some(Error),
        ),
        (
            "[Tue Mar 12 08:00:00 2024] [proxy_http:warn] [pid 1] x",
            Some(Warning),
        ),
        (
            "[Tue Mar 12 08:00:00 2024] [mpm_event:notice] [pid 1] x",
            Some(Notice),
        ),
        ("a note:error] b", None),
        (
            "2015-07-29 19:04:12,394 - WARN  [Send@688] - x",
            Some(Warning),
        ),
        (
            "[Sun Dec 04 04:47:44 2005] [error] mod_jk child",
            Some(Error),
        ),
        ("2024/03/10 00:00:01 [crit] 12#0: *1 open()", Some(Critical)),
        (
            "2024-03-10 00:00:01.234 UTC [77] FATAL:  sorry, too many clients",
            Some(Critical),
        ),
        ("2024-03-10 00:00:01.234 UTC [77] LOG:  checkpoint", None),
        ("time=\"2024\" level=error msg=\"x\"", Some(Error)),
        ("{\"level\":\"fatal\",\"msg\":\"x\"}", Some(Critical)),
        ("{\"t\":{},\"s\":\"E\",\"c\":\"NETWORK\"}", Some(Error)),
        (
            "E0310 12:00:00.000000    1234 kubelet.go:12] failed",
            Some(Error),
        ),
        (
            "03-17 16:13:38.811  1702  2395 E WindowManager: x",
            Some(Error),
        ),
        (
            "2024-03-10T00:00:01.234Z\terror\tmain.go:12\tboom",
            Some(Error),
        ),
        (
            "- 1117838570 2005.06.03 R02 RAS KERNEL FATAL data TLB",
            Some(Critical),
        ),
        (
            "fail: Microsoft.EntityFrameworkCore.Database.Connection[20004]",
            Some(Error),
        ),
        ("info: Microsoft.Hosting.Lifetime[14]", Some(Info)),
        (
            "[2024-03-10 12:03:00,001: ERROR/ForkPoolWorker-2] Task x raised",
            Some(Error),
        ),
        (
            "[2024-03-10 05:01:00] production.ERROR: Call to a member function",
            Some(Error),
        ),
        (
            "[2024-03-10 06:07:00.123456 +0000] E [MSGID: 114058] [client.c:1] x",
            Some(Error),
        ),
    ];
    for (line, want) in cases {
        assert_eq!(level(line), want, "{line}");
    }
}

#[test]
fn first_level_token_wins_and_words_are_not_levels() {
    assert_eq!(
        level("2024 INFO draining ERROR queue"),
        Some(LogLevel::Info)
    );
    assert_eq!(level("Processed 10 items with 0 errors"), None);
    assert_eq!(level("ErrorHandler registered"), None);
    assert_eq!(level("an error occurred"), None);
    assert_eq!(level("E1 is not klog"), None);
    // Only where a layout puts them: not a word first without its colon, not
    // a number that is no pino level, not `<error>` inside the message.
    assert_eq!(level("error handling initialised"), None);
    assert_eq!(level("{\"level\":55,\"msg\":\"x\"}"), None);
    assert_eq!(level("x=ERROR REPORT"), None);
}

#[test]
fn letter_levels_need_their_layout() {
    assert_eq!(
        letter_level(b"E0310 12:00:00.000000 1 x.go:1] boom"),
        Some(LogLevel::Error)
    );
    assert_eq!(
        letter_level(b"I0310 12:00:00.000000 1 x.go:1] fine"),
        Some(LogLevel::Info)
    );
    assert_eq!(
        letter_level(b"03-17 16:13:38.811  1702  2395 E Tag: x"),
        Some(LogLevel::Error)
    );
    assert_eq!(letter_level(b"Plan E is a go"), None);
}

/// Every way detect_level can report ERROR or worse is covered by a hint.
#[test]
fn hints_cover_every_accepted_error_layout() {
    let hints = level_hints(LogLevel::Error);
    let covered = |line: &str| {
        hints.upper.iter().any(|h| line.contains(h.as_str()))
            || hints
                .lower
                .iter()
                .any(|h| line.to_ascii_lowercase().contains(h.as_str()))
            || letter_level(line.as_bytes()).is_some()
    };
    let lines = [
        "x ERROR y",
        "x FATAL: y",
        "[Error] y",
        "level=Err y",
        "lvl=eror",
        "severity=CRIT",
        "{\"level\":\"Fatal\"}",
        "{\"level\": \"error\"}",
        "{\"severity\":\"alert\"}",
        "t\terror\tmain.go",
        "{\"s\":\"F\"}",
        "E0310 12:00:00.000000 1 a.go:1] x",
        "x (PANIC) y",
        "<EMERGENCY> y",
        "|SEVERE| y",
        "fail: Shop.Api[1]",
        "crit: Shop.Api[2]",
        "Thread-13::ERROR::2024-03-12 08:00:00,123::x",
        "[Tue Mar 12 08:00:00 2024] [core:crit] [pid 1] x",
        "2024.05.14 09:00:59.396066 [ 95 ] {a1b6} <Error> executeQuery: x",
        "{\"level\":50,\"time\":1715677535672,\"msg\":\"x\"}",
        "{\"name\":\"mailer\",\"level\":60}",
        "{\"@level\":\"error\",\"@message\":\"x\"}",
        "fatal: [web1]: FAILED! => {}",
        "=ERROR REPORT==== 14-May-2024::10:22:33 ===",
    ];
    for line in lines {
        let level = detect_level(line.as_bytes());
        assert!(
            level.is_some_and(|l| l >= LogLevel::Error),
            "{line}: {level:?}"
        );
        assert!(covered(line), "{line} escapes the level hints");
    }
}
