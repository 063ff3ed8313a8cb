//! Event boundaries, table-driven: each case is a log and the expected
//! events as (first line, number of lines).

use super::*;
use crate::model::EVENT_CAP;

/// Feeds `text` line by line; PostgreSQL secondary lines are flagged the way
/// the classifier would flag them.
fn events(text: &str) -> Vec<(u64, u32)> {
    let mut assembler = Assembler::new();
    let mut out = Vec::new();
    let mut sink = |e: &Event| out.push((e.first_line, e.lines));
    for (i, raw) in text.lines().enumerate() {
        let verdict = LineVerdict {
            best: None,
            pg_secondary: raw.contains(" DETAIL:  ") || raw.contains(" HINT:  "),
        };
        let line = Line {
            text: raw.as_bytes(),
            full_len: raw.len(),
            number: i as u64 + 1,
            offset: 0,
        };
        assembler.push(&line, &verdict, &mut sink);
    }
    assembler.finish(&mut sink);
    out
}

#[test]
fn python_traceback_joins_the_error_record_above_it() {
    let log = "\
2024-03-10 10:00:00,000 - app - ERROR - request failed
Traceback (most recent call last):
  File \"/app/x.py\", line 3, in <module>
    main()
ValueError: bad
2024-03-10 10:00:01,000 - app - INFO - next";
    assert_eq!(events(log), [(1, 5), (6, 1)]);
}

#[test]
fn a_traceback_after_an_info_line_is_its_own_event() {
    let log = "\
2024-03-10 10:00:00,000 - app - INFO - starting
Traceback (most recent call last):
  File \"/app/x.py\", line 3, in <module>
MemoryError";
    assert_eq!(events(log), [(1, 1), (2, 3)]);
}

#[test]
fn chained_python_exceptions_are_one_event() {
    let log = "\
Traceback (most recent call last):
  File \"a.py\", line 1, in <module>
KeyError: 'a'

During handling of the above exception, another exception occurred:

Traceback (most recent call last):
  File \"a.py\", line 3, in <module>
RuntimeError: b

after";
    assert_eq!(events(log), [(1, 9), (11, 1)]);
}

#[test]
fn java_exception_line_joins_only_when_frames_follow() {
    let log = "\
2024-03-10 10:00:00.000 ERROR [main] c.e.Foo - failed
java.lang.IllegalStateException: boom
\tat com.example.Foo.run(Foo.java:10)
Caused by: java.io.IOException: disk
\tat com.example.Bar.io(Bar.java:5)
\t... 12 more
2024-03-10 10:00:01.000 ERROR [main] c.e.Foo - again
java.lang.IllegalStateException: no frames here
2024-03-10 10:00:02.000 INFO [main] c.e.Foo - fine";
    assert_eq!(events(log), [(1, 6), (7, 1), (8, 1), (9, 1)]);
}

#[test]
fn uncaught_java_exception_opens_its_own_event() {
    let log = "\
2024-03-10 10:00:00.000 ERROR [main] c.e.Foo - failed
Exception in thread \"main\" java.lang.RuntimeException: x
\tat Main.main(Main.java:3)";
    assert_eq!(events(log), [(1, 1), (2, 2)]);
}

#[test]
fn go_panic_with_goroutine_dump_is_one_event() {
    let log = "\
panic: runtime error: index out of range [5] with length 3
[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x1]

goroutine 1 [running]:
main.main()
\t/app/main.go:8 +0x1d

goroutine 7 [chan receive]:
main.worker(0xc000012345)
\t/app/main.go:20 +0x2a
created by main.main in goroutine 1
\t/app/main.go:9 +0x3f
exit status 2";
    assert_eq!(events(log), [(1, 12), (13, 1)]);
}

#[test]
fn rust_panics_old_and_new() {
    let log = "\
thread 'main' panicked at src/main.rs:4:5:
called `Option::unwrap()` on a `None` value
note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace
thread 'w' panicked at 'boom', src/w.rs:1:1
note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace
done";
    assert_eq!(events(log), [(1, 3), (4, 2), (6, 1)]);
}

#[test]
fn node_error_with_stack_and_object_dump() {
    let log = "\
/app/server.js:10
    throw err;
    ^

Error: listen EADDRINUSE: address already in use :::3000
    at Server.setupListenHandle [as _listen2] (node:net:1817:16)
Emitted 'error' event on Server instance at:
    at emitErrorNT (node:net:1844:8) {
  code: 'EADDRINUSE',
  port: 3000
}

Node.js v20.11.1";
    assert_eq!(events(log), [(1, 3), (5, 7), (13, 1)]);
}

#[test]
fn postgres_detail_lines_and_hash_banners() {
    let log = "\
2024-03-10 10:00:00.000 UTC [7] ERROR:  deadlock detected
2024-03-10 10:00:00.000 UTC [7] DETAIL:  Process 7 waits for ShareLock on transaction 1.
\tProcess 8 waits for ShareLock on transaction 2.
2024-03-10 10:00:00.000 UTC [7] HINT:  See server log for query details.
#
# A fatal error has been detected by the Java Runtime Environment:
#
plain";
    assert_eq!(events(log), [(1, 4), (5, 3), (8, 1)]);
}

#[test]
fn header_prefixed_traces_are_judged_after_the_header() {
    let log = "\
Mar 10 10:00:00 host app[42]: ERROR request failed
Mar 10 10:00:00 host app[42]: Traceback (most recent call last):
Mar 10 10:00:00 host app[42]:   File \"/app/x.py\", line 3, in <module>
Mar 10 10:00:00 host app[42]: ValueError: bad
Mar 10 10:00:00 host app[42]: INFO next request";
    assert_eq!(events(log), [(1, 4), (5, 1)]);
}

#[test]
fn standalone_problem_lines_without_timestamps_stay_separate() {
    let log = "\
Connection refused
No space left on device
Segmentation fault (core dumped)
Error: connect ECONNREFUSED 127.0.0.1:5432
KeyError: 'x'";
    assert_eq!(events(log), [(1, 1), (2, 1), (3, 1), (4, 1), (5, 1)]);
}

#[test]
fn blank_lines_do_not_glue_unrelated_lines() {
    assert_eq!(
        events("a\n\n  indented after blanks\nb\n  indented right after b"),
        [(1, 1), (3, 1), (4, 2)]
    );
}

#[test]
fn huge_events_are_capped_but_counted() {
    let mut log = String::from("2024-03-10 ERROR boom\n");
    for _ in 0..20_000 {
        log.push_str("    at some.frame.that.goes.on(Forever.java:1)\n");
    }
    let mut assembler = Assembler::new();
    let mut seen = Vec::new();
    let mut sink = |e: &Event| seen.push((e.lines, e.text.len(), e.omitted_bytes));
    for (i, raw) in log.lines().enumerate() {
        let line = Line {
            text: raw.as_bytes(),
            full_len: raw.len(),
            number: i as u64 + 1,
            offset: 0,
        };
        assembler.push(&line, &LineVerdict::default(), &mut sink);
    }
    assembler.finish(&mut sink);
    assert_eq!(seen.len(), 1);
    let (lines, kept, omitted) = seen[0];
    assert_eq!(lines, 20_001);
    assert!(kept <= EVENT_CAP, "{kept}");
    assert!(omitted > 0);
}

#[test]
fn klog_value_blocks_are_one_event_with_or_without_a_journal_header() {
    // k8s.io/klog writes a multi-line value as `key=<`, its lines prefixed
    // by a tab, then ` >` (the kubelet's "Probe failed" output=).
    let log = "\
I0312 08:20:01.123456    1201 prober.go:107] \"Probe failed\" probeType=\"Liveness\" output=<
\tHTTP/1.1 500 Internal Server Error
\tupstream error: connection refused
 >
I0312 08:20:02.000000    1201 kubelet.go:1] \"SyncLoop\"
Mar 12 08:20:02 node1 kubelet[1201]: I0312 08:20:02.123456    1201 prober.go:107] \"Probe failed\" output=<
Mar 12 08:20:02 node1 kubelet[1201]: \tHTTP/1.1 500 Internal Server Error
Mar 12 08:20:02 node1 kubelet[1201]: \tupstream error: connection refused
Mar 12 08:20:02 node1 kubelet[1201]:         Content-Type: text/plain
Mar 12 08:20:02 node1 kubelet[1201]:  >
Mar 12 08:20:02 node1 kubelet[1201]: I0312 08:20:02.200000    1201 kubelet.go:1] \"SyncLoop\"";
    assert_eq!(events(log), [(1, 4), (5, 1), (6, 5), (11, 1)]);
}

#[test]
fn aligned_columns_after_a_repeated_header_stay_separate_records() {
    // Outside a klog value block the header keeps its trailing spaces.
    let log = "\
2024-03-12 08:00:00 host app[42]: INFO     first record
2024-03-12 08:00:00 host app[42]: INFO     second record";
    assert_eq!(events(log), [(1, 1), (2, 1)]);
}

#[test]
fn a_traceback_under_a_double_colon_error_record_joins_it() {
    let log = "\
Thread-13::ERROR::2024-03-12 08:00:00,123::task::866::Storage.TaskManager.Task::(_setError) Unexpected error
Traceback (most recent call last):
  File \"/usr/share/vdsm/storage/task.py\", line 873, in _run
    return fn(*args, **kargs)
OSError: [Errno 5] Input/output error
Thread-13::DEBUG::2024-03-12 08:00:00,200::task::1185::Storage.TaskManager.Task::(prepare) next";
    assert_eq!(events(log), [(1, 5), (6, 1)]);
}
