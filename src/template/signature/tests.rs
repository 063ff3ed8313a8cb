use super::crash_signature;

#[test]
fn python_tracebacks_group_by_type_and_frames_not_message() {
    let a = "app.api - ERROR - Unhandled exception\nTraceback (most recent call last):\n  File \"/app/api/orders.py\", line 88, in create_order\n    total = compute_total(cart)\n  File \"/app/pricing.py\", line 41, in compute_total\n    return sum(x) / n\nZeroDivisionError: division by zero";
    let b = a
        .replace("line 41", "line 44")
        .replace("division by zero", "float division by zero");
    let sig = crash_signature(a).unwrap();
    assert_eq!(
        sig,
        "ZeroDivisionError @ pricing.py:compute_total < orders.py:create_order"
    );
    assert_eq!(
        crash_signature(&b).unwrap(),
        sig,
        "message and line numbers do not matter"
    );
    let c = a.replace("compute_total\n", "apply_discount\n");
    assert_ne!(
        crash_signature(&c).unwrap(),
        sig,
        "another place is another crash"
    );
}

#[test]
fn jvm_dotnet_node_go_and_rust() {
    let java = "Exception in thread \"main\" java.lang.NullPointerException: Cannot invoke \"String.length()\"\n\tat com.example.orders.Service.total(Service.java:42)\n\tat com.example.orders.Api.handle(Api.java:17)\n\tat java.base/java.lang.Thread.run(Thread.java:833)";
    assert_eq!(
        crash_signature(java).unwrap(),
        "java.lang.NullPointerException @ com.example.orders.Service.total < com.example.orders.Api.handle < java.base/java.lang.Thread.run"
    );
    let caused = "2024-03-10 ERROR [main] request failed\norg.postgresql.util.PSQLException: Connection refused\n\tat org.postgresql.Driver.connect(Driver.java:1)\n\tat com.zaxxer.hikari.Pool.get(Pool.java:2)";
    assert_eq!(
        crash_signature(caused).unwrap(),
        "org.postgresql.util.PSQLException @ org.postgresql.Driver.connect < com.zaxxer.hikari.Pool.get"
    );
    let dotnet = "Unhandled exception. System.InvalidOperationException: Sequence contains no elements\n   at System.Linq.ThrowHelper.ThrowNoElementsException()\n   at Orders.Service.Total() in /src/Service.cs:line 42";
    assert_eq!(
        crash_signature(dotnet).unwrap(),
        "System.InvalidOperationException @ System.Linq.ThrowHelper.ThrowNoElementsException < Orders.Service.Total"
    );
    let node = "Error: listen EADDRINUSE: address already in use :::3000\n    at Server.setupListenHandle [as _listen2] (node:net:1817:16)\n    at listenInCluster (node:net:1865:12)";
    assert_eq!(
        crash_signature(node).unwrap(),
        "Error @ Server.setupListenHandle < listenInCluster"
    );
    let go = "panic: runtime error: invalid memory address or nil pointer dereference\n[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x6a4f3e]\n\ngoroutine 42 [running]:\nmain.(*Server).handleOrder(0xc0001a2000, {0x7f2a40, 0xc0002b4000})\n\t/app/server.go:118 +0x3e\nnet/http.HandlerFunc.ServeHTTP(0xc0000a8000?)\n\t/usr/local/go/src/net/http/server.go:2166 +0x29";
    let other_goroutine = go
        .replace("goroutine 42", "goroutine 7")
        .replace("0xc0001a2000", "0xc000999000");
    assert_eq!(
        crash_signature(go).unwrap(),
        "panic: runtime error @ main.(*Server).handleOrder < net/http.HandlerFunc.ServeHTTP"
    );
    assert_eq!(crash_signature(&other_goroutine), crash_signature(go));
    let rust = "thread 'tokio-runtime-worker' panicked at src/orders.rs:118:22:\nindex out of bounds: the len is 3 but the index is 5\nstack backtrace:\n   0: rust_begin_unwind\n   1: core::panicking::panic_fmt\n   2: orders::total\n   3: orders::handle";
    assert_eq!(
        crash_signature(rust).unwrap(),
        "panic @ src/orders.rs < orders::total < orders::handle"
    );
}

#[test]
fn single_lines_and_plain_multi_line_text_have_none() {
    assert_eq!(crash_signature("ERROR could not connect"), None);
    assert_eq!(crash_signature("line one\nline two"), None);
}
