use super::*;

#[test]
fn fitting_counts_columns_not_bytes() {
    assert_eq!(fit("abcdef", 4), "abc…");
    assert_eq!(fit("日本語のログ", 5), "日本…");
    assert_eq!(width(&pad("日本", 5)), 5);
    assert_eq!(fit("short", 10), "short");
    assert_eq!(file_name("/var/log/app.log"), "app.log");
}

#[test]
fn invisible_characters_that_change_widths_are_shown_so_rows_measure_true() {
    // A heart with VS16 (drawn 2 wide, counted 1), a ZWJ family, a zero-width
    // space, a soft hyphen, and a letter under five combining marks.
    let text = "fire \u{2764}\u{fe0f} fam \u{1f469}\u{200d}\u{1f467} zw\u{200b}sp so\u{ad}ft e\u{301}\u{302}\u{303}\u{304}\u{305}";
    let shown = safe(text);
    for hidden in [
        '\u{fe0f}', '\u{200d}', '\u{200b}', '\u{ad}', '\u{303}', '\u{305}',
    ] {
        assert!(!shown.contains(hidden), "{hidden:?} in {shown:?}");
    }
    assert!(
        shown.contains("\\u{fe0f}") && shown.contains("\\u{200d}"),
        "{shown}"
    );
    assert!(
        shown.contains("e\u{301}\u{302}\\u{303}"),
        "two marks kept: {shown}"
    );
    // Every char left is measured as the terminal draws it.
    assert_eq!(
        width(&shown),
        shown.chars().map(|c| c.width().unwrap_or(0)).sum::<usize>()
    );
    assert_eq!(safe("plain text, café"), "plain text, café");
}
