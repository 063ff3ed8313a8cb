use super::*;

#[test]
fn escape_sequences_are_made_inert() {
    let hostile = "ok\u{1b}[2J\u{1b}]0;pwned\u{7}\u{9b}31m\u{202e}txt.exe\r";
    let safe = sanitize_for_terminal(hostile);
    assert!(!safe.chars().any(is_unsafe_char), "{safe}");
    assert!(safe.contains("\\u{1b}[2J"), "{safe}");
    assert!(safe.contains("\\u{202e}"), "{safe}");
    assert_eq!(sanitize_for_terminal("plain é ✓"), "plain é ✓");
    let lines = sanitize_lines("bad regex: (\u{1b}[31m\n    ^\r\n");
    assert_eq!(lines, "bad regex: (\\u{1b}[31m\n    ^\\u{d}\n");
    assert!(matches!(sanitize_lines("a\nb"), Cow::Borrowed(_)));
}

#[test]
fn short_text_is_untouched() {
    assert_eq!(cap_line("hello", 5, 5), "hello");
}

#[test]
fn text_cut_here_or_upstream_says_so_and_keeps_char_boundaries() {
    let here = cap_line("ééééé", 5, 10); // 10 bytes
    assert!(here.starts_with("éé "), "{here}");
    assert!(here.ends_with("line was 10 bytes]"), "{here}");
    let upstream = cap_line("abc", 100, 70_000);
    assert!(
        upstream.starts_with("abc ") && upstream.contains("70000 bytes"),
        "{upstream}"
    );
}
