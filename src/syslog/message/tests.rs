#![allow(clippy::unwrap_used)]

use super::{Shape, parse_message};

fn text(m: &super::SyslogMessage) -> String {
    String::from_utf8_lossy(&m.message).into_owned()
}

#[test]
fn rfc5424_with_and_without_structured_data() {
    let m = parse_message(
        b"<165>1 2026-12-07T10:00:00.003Z web-1 nginx 4242 ID47 [exampleSDID@32473 iut=\"3\" eventSource=\"App\\]lication\"] \xEF\xBB\xBFupstream timed out",
    );
    assert_eq!(m.shape, Shape::Rfc5424);
    assert_eq!((m.facility, m.severity), (Some(20), Some(5)));
    assert_eq!(m.timestamp.as_deref(), Some("2026-12-07T10:00:00.003Z"));
    assert_eq!(m.host.as_deref(), Some("web-1"));
    assert_eq!(m.app.as_deref(), Some("nginx"));
    assert_eq!(m.procid.as_deref(), Some("4242"));
    assert_eq!(m.msgid.as_deref(), Some("ID47"));
    assert_eq!(text(&m), "upstream timed out");
    let m = parse_message(b"<13>1 - - - - - - just text");
    assert_eq!((&m.host, &m.app, &m.timestamp), (&None, &None, &None));
    assert_eq!(text(&m), "just text");
}

#[test]
fn rfc3164_as_sent_by_syslog_daemons() {
    let m = parse_message(b"<38>Dec  7 10:00:00 db-2 sshd[811]: Failed password for root from 203.0.113.5 port 22 ssh2");
    assert_eq!(m.shape, Shape::Rfc3164);
    assert_eq!((m.facility, m.severity), (Some(4), Some(6)));
    assert_eq!(m.timestamp.as_deref(), Some("Dec  7 10:00:00"));
    assert_eq!(m.host.as_deref(), Some("db-2"));
    assert_eq!(m.app.as_deref(), Some("sshd"));
    assert_eq!(m.procid.as_deref(), Some("811"));
    assert_eq!(
        text(&m),
        "Failed password for root from 203.0.113.5 port 22 ssh2"
    );
    // rsyslog's forwarding format: an RFC 3339 time, a tag without a pid.
    let m = parse_message(
        b"<11>2026-12-07T10:00:00.123456+01:00 app-3 kernel: Out of memory: Killed process 42",
    );
    assert_eq!(
        m.timestamp.as_deref(),
        Some("2026-12-07T10:00:00.123456+01:00")
    );
    assert_eq!(
        (m.host.as_deref(), m.app.as_deref()),
        (Some("app-3"), Some("kernel"))
    );
    assert_eq!(text(&m), "Out of memory: Killed process 42");
}

#[test]
fn rfc3164_without_a_host_is_read_from_its_tag() {
    // logger(1) and local senders write no host: the tag follows the time.
    for (frame, app, procid) in [
        (
            &b"<11>Dec  7 13:00:00 myprog[77]: ERROR: database connection refused"[..],
            "myprog",
            Some("77"),
        ),
        (
            b"<11>Dec  7 13:00:00 cron: ERROR: database connection refused",
            "cron",
            None,
        ),
    ] {
        let m = parse_message(frame);
        assert_eq!(m.host, None, "{m:?}");
        assert_eq!((m.app.as_deref(), m.procid.as_deref()), (Some(app), procid));
        assert_eq!(text(&m), "ERROR: database connection refused");
    }
    // A host, an IPv6 address too, is still a host.
    let m = parse_message(b"<11>Dec  7 13:00:00 fe80::1 sshd[5]: Failed password");
    assert_eq!(
        (m.host.as_deref(), m.app.as_deref()),
        (Some("fe80::1"), Some("sshd"))
    );
    let m = parse_message(b"<11>Dec  7 13:00:00 db-1 kernel: Out of memory");
    assert_eq!(
        (m.host.as_deref(), m.app.as_deref()),
        (Some("db-1"), Some("kernel"))
    );
}

#[test]
fn what_is_not_a_header_is_message_text() {
    for (frame, shape, message) in [
        (
            &b"no priority at all"[..],
            Shape::Bare,
            "no priority at all",
        ),
        (
            b"<999>1 - - - - - - too high",
            Shape::Bare,
            "<999>1 - - - - - - too high",
        ),
        (b"<abc> letters", Shape::Bare, "<abc> letters"),
        (
            b"<13>Dec 99 10:00 h x: odd time",
            Shape::Rfc3164,
            "Dec 99 10:00 h x: odd time",
        ),
        (
            b"<13>Dec  7 10:00:00 host no tag here",
            Shape::Rfc3164,
            "no tag here",
        ),
        (
            b"<13>1 - h a - - [never closed",
            Shape::Rfc5424,
            "[never closed",
        ),
        (b"<13>", Shape::Rfc3164, ""),
        (b"", Shape::Bare, ""),
    ] {
        let m = parse_message(frame);
        assert_eq!(m.shape, shape, "{}", String::from_utf8_lossy(frame));
        assert_eq!(text(&m), message, "{}", String::from_utf8_lossy(frame));
    }
}
