use super::constant_time_eq;

#[test]
fn token_comparison() {
    assert!(constant_time_eq(b"s3cret", b"s3cret"));
    assert!(!constant_time_eq(b"s3cre", b"s3cret"));
    assert!(!constant_time_eq(b"s3cret!", b"s3cret"));
    assert!(!constant_time_eq(b"", b"s3cret"));
    assert!(!constant_time_eq(b"S3cret", b"s3cret"));
}

#[test]
fn loopback_hosts() {
    use super::loopback_host;
    for host in [
        "localhost",
        "LOCALHOST:8080",
        "127.0.0.1",
        "127.0.0.1:5000",
        "127.8.9.1:1",
        "[::1]",
        "[::1]:5000",
        "::1",
    ] {
        assert!(loopback_host(host), "{host}");
    }
    for host in [
        "evil.example",
        "evil.example:80",
        "localhost.evil.example",
        "10.0.0.1:5000",
        "[2001:db8::1]:80",
        "127.0.0.1.nip.io",
    ] {
        assert!(!loopback_host(host), "{host}");
    }
}
