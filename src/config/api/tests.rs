use super::*;

#[test]
fn addresses() {
    assert_eq!(parse_addr("127.0.0.1:5000").unwrap().port(), 5000);
    assert!(parse_addr(":0").unwrap().ip().is_loopback());
    assert!(parse_addr("[::1]:80").unwrap().ip().is_loopback());
    assert!(parse_addr("localhost:5000").unwrap().ip().is_loopback());
    for bad in ["5000", "app.log", "127.0.0.1:99999", ""] {
        assert!(parse_addr(bad).is_err(), "{bad}");
    }
}
