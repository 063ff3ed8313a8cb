use super::*;

#[test]
fn fitting_counts_columns_not_bytes() {
    assert_eq!(fit("abcdef", 4), "abc…");
    assert_eq!(fit("日本語のログ", 5), "日本…");
    assert_eq!(width(&pad("日本", 5)), 5);
    assert_eq!(fit("short", 10), "short");
    assert_eq!(file_name("/var/log/app.log"), "app.log");
}
