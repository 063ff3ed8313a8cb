use super::*;

#[test]
fn shapes_of_real_lines() {
    use Shape::*;
    let cases: &[(&str, Shape)] = &[
        ("", Blank),
        ("   ", Blank),
        ("\tat com.example.Foo.bar(Foo.java:10)", Indented),
        ("}", ClosingBracket),
        ("Traceback (most recent call last):", TracebackHeader),
        (
            "During handling of the above exception, another exception occurred:",
            PyChain,
        ),
        ("Caused by: java.sql.SQLException: boom", CausedBy),
        (
            "Exception in thread \"main\" java.lang.IllegalStateException: x",
            JavaUncaught,
        ),
        (
            "panic: runtime error: index out of range [5] with length 3",
            GoPanic,
        ),
        ("goroutine 1 [running]:", GoroutineHeader),
        (
            "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x1]",
            GoSignal,
        ),
        ("thread 'main' panicked at src/main.rs:4:5:", RustPanic),
        (
            "note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace",
            RustNote,
        ),
        ("stack backtrace:", RustBacktrace),
        ("Emitted 'error' event on Server instance at:", NodeEmitted),
        (
            "java.lang.NullPointerException: Cannot invoke \"x\"",
            ExceptionLike,
        ),
        ("KeyError: 'customer_id'", ExceptionLike),
        ("MemoryError", ExceptionLike),
        (
            "requests.exceptions.ReadTimeout: HTTPSConnectionPool(host='x')",
            ExceptionLike,
        ),
        (
            "Error: listen EADDRINUSE: address already in use :::3000",
            ExceptionLike,
        ),
        ("2024-03-10 00:00:01,234 ERROR boom", Other),
        ("Mar 10 00:00:01 host sshd[1]: Failed password", Other),
        ("Warning: something odd", Other),
        ("Note: this is fine", Other),
        ("panicked: no", Other),
        ("# Query_time: 12.3  Lock_time: 0.0", Hash),
        ("  1234:20240310:070200.123 Zabbix agent item failed", Other),
        ("   0: rust_begin_unwind", Indented),
        ("\t/app/main.go:8 +0x1d", Indented),
    ];
    for (line, want) in cases {
        assert_eq!(shape_of(line.as_bytes()), *want, "{line}");
    }
}

#[test]
fn go_function_lines() {
    assert!(is_go_function_line(b"main.main()"));
    assert!(is_go_function_line(
        b"net/http.(*conn).serve(0xc0000a8000, {0x6c1f20, 0xc0000a6000})"
    ));
    assert!(is_go_function_line(
        b"created by net/http.(*Server).Serve in goroutine 1"
    ));
    assert!(!is_go_function_line(b"exit status 2"));
    assert!(!is_go_function_line(b"Server started (pid 1)"));
}
