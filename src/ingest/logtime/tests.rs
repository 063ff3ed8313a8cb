//! Log times: layouts, the earliest real date, ISO text, time prefixes.

use super::*;

#[test]
fn time_prefixes_are_measured_only_at_the_start() {
    let cut = |line: &'static str| &line[time_prefix_len(line)..];
    assert_eq!(
        cut("2024-03-10 08:00:05.112 UTC [2211] LOG:  duration"),
        "[2211] LOG:  duration"
    );
    assert_eq!(cut("[2024-03-10T08:00:05Z] ERROR boom"), "ERROR boom");
    assert_eq!(
        cut("Mar 10 08:00:41 web-3 kernel: Out of memory"),
        "web-3 kernel: Out of memory"
    );
    assert_eq!(
        cut("2024/03/10 08:01:15 [error] 311#311"),
        "[error] 311#311"
    );
    assert_eq!(
        cut("10.0.4.17 - - [10/Mar/2024:08:00:20 +0000] \"GET /\" 502"),
        "10.0.4.17 - - [10/Mar/2024:08:00:20 +0000] \"GET /\" 502",
        "a time in the middle stays"
    );
    assert_eq!(
        cut("2024-03-10 08:00:05"),
        "2024-03-10 08:00:05",
        "nothing else"
    );
    assert_eq!(cut("ERROR no time"), "ERROR no time");
}

fn parse(line: &str) -> Option<String> {
    let today = NaiveDate::from_ymd_opt(2024, 3, 20).unwrap();
    parse_log_time(line.as_bytes(), today)
}

#[test]
fn common_layouts() {
    let cases = [
        (
            "2024-03-10 00:00:01,234 - app - ERROR - x",
            "2024-03-10T00:00:01.234",
        ),
        (
            "2024-03-10T00:00:01.234567Z 0 [ERROR] x",
            "2024-03-10T00:00:01.234567+00:00",
        ),
        (
            "2024-03-10 00:00:01.234 UTC [77] FATAL:  x",
            "2024-03-10T00:00:01.234+00:00",
        ),
        ("2024/03/10 00:00:01 [error] 1#0: x", "2024-03-10T00:00:01"),
        (
            "1.2.3.4 - - [10/Mar/2024:00:00:01 +0100] \"GET / HTTP/1.1\" 502 1",
            "2024-03-10T00:00:01+01:00",
        ),
        (
            "[Sun Dec 04 04:47:44 2005] [error] x",
            "2005-12-04T04:47:44",
        ),
        ("Mar 10 00:00:01 web-01 sshd[1]: x", "2024-03-10T00:00:01"),
        (
            "Dec 10 06:55:46 LabSZ sshd[24200]: x",
            "2023-12-10T06:55:46",
        ),
        ("17/06/09 20:10:40 INFO x", "2017-06-09T20:10:40"),
        (
            "081109 203615 148 INFO dfs.DataNode: x",
            "2008-11-09T20:36:15",
        ),
        (
            "- 1117838570 2005.06.03 R02 2005-06-03-15.42.50.675872 R02 RAS",
            "2005-06-03T15:42:50.675872",
        ),
        (
            "E0310 12:00:01.000123    1 kubelet.go:1] x",
            "2024-03-10T12:00:01.000123",
        ),
        (
            "03-17 16:13:38.811  1702  2395 E Tag: x",
            "2024-03-17T16:13:38.811",
        ),
        (
            "1:M 10 Mar 2024 00:00:01.234 # x",
            "2024-03-10T00:00:01.234",
        ),
    ];
    for (line, want) in cases {
        assert_eq!(parse(line).as_deref(), Some(want), "{line}");
    }
}

#[test]
fn iso_text_is_what_chrono_formats() {
    let date = NaiveDate::from_ymd_opt(2024, 2, 29).unwrap();
    for nanos in [
        0,
        5_000_000,
        120_000_000,
        123_456_000,
        1_000,
        7,
        999_999_999,
    ] {
        let t = NaiveDateTime::new(date, NaiveTime::from_hms_nano_opt(3, 4, 5, nanos).unwrap());
        assert_eq!(iso(&t, None), t.format("%Y-%m-%dT%H:%M:%S%.f").to_string());
        for secs in [0, 3600, -5400, 19_800, -43_200] {
            let offset = FixedOffset::east_opt(secs).unwrap();
            let stamped = offset.from_local_datetime(&t).single().unwrap();
            assert_eq!(
                iso(&t, Some(offset)),
                stamped.format("%Y-%m-%dT%H:%M:%S%.f%:z").to_string()
            );
        }
    }
}

#[test]
fn the_earliest_real_date_wins() {
    // A later match in another layout is taken when the earliest is
    // not a real date.
    assert_eq!(
        parse("2024-13-45 00:00:01 then Mar 10 08:00:41 web-3").as_deref(),
        Some("2024-03-10T08:00:41")
    );
    // Earliest first, whatever the layouts' order.
    assert_eq!(
        parse("Mar 10 08:00:41 web-3 app: at 2024-03-01 00:00:00").as_deref(),
        Some("2024-03-10T08:00:41")
    );
}

#[test]
fn one_search_finds_what_each_layout_apart_finds() {
    // Every line of the labelled corpus, and some made to trip it up.
    let today = NaiveDate::from_ymd_opt(2024, 3, 20).unwrap();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut lines: Vec<Vec<u8>> = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read(entry.unwrap().path()).unwrap();
        lines.extend(text.split(|&b| b == b'\n').map(<[u8]>::to_vec));
    }
    for odd in [
        "2024-13-45 00:00:01 then Mar 10 08:00:41",
        "[E0310 12:00:01.5] Mar 10 08:00:41 2024/03/10 08:00:41",
        "x 10/Mar/2024:00:00:01 +0100 2024-03-10T00:00:01Z",
        "Mar 32 25:61:61 nonsense then 03-17 16:13:38.811",
    ] {
        lines.push(odd.as_bytes().to_vec());
    }
    assert!(lines.len() > 1000, "{}", lines.len());
    for line in &lines {
        let window = &line[..line.len().min(WINDOW)];
        assert_eq!(
            parse_log_time(line, today),
            earliest_of_each(window, today),
            "{}",
            String::from_utf8_lossy(line)
        );
    }
}

#[test]
fn no_time_no_result() {
    assert_eq!(parse("MemoryError"), None);
    assert_eq!(parse("panic: runtime error: 2024-99-99 nonsense"), None);
}
