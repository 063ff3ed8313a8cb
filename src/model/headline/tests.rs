use crate::model::{DetectedAt, Issue};

fn issue(log_line: &str, event: &str) -> Issue {
    Issue {
        log_line: log_line.into(),
        event: event.into(),
        ..Issue::blank(DetectedAt::now_unique())
    }
}

#[test]
fn a_traceback_is_named_by_its_last_line() {
    let tb = issue(
        "Traceback (most recent call last):",
        "Traceback (most recent call last):\n  File \"a.py\", line 1\nValueError: bad\n\n",
    );
    assert_eq!(tb.headline(), "ValueError: bad");
    let plain = issue("ERROR disk full", "ERROR disk full\nmore");
    assert_eq!(plain.headline(), "ERROR disk full");
    let bare = issue("Traceback (most recent call last):", "");
    assert_eq!(bare.headline(), "Traceback (most recent call last):");
}
