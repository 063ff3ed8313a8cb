use super::*;

#[test]
fn variables() {
    for v in [
        "14",
        "15:16:01",
        "sshd[24200]:",
        "173.234.31.186",
        "blk_-69522958",
        "Jun",
        "[Sun",
        "0x1f",
        "deadbeefcafe00",
        "deadbeefcafe",
    ] {
        assert!(is_variable(v), "{v}");
    }
    for c in [
        "Invalid", "user", "from", "LabSZ", "failure;", "<*>", "Decline", "deadbeef",
    ] {
        assert!(!is_variable(c), "{c}");
    }
}
