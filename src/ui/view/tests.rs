use super::Filters;
use crate::model::test_issue;
use crate::ui::pattern::Pattern;

#[test]
fn include_and_exclude_filters_look_at_the_whole_event_and_the_fields() {
    let mut issue = test_issue("a");
    issue.event = "Traceback (most recent call last):\nValueError: bad".into();
    issue.log_line = "Traceback (most recent call last):".into();
    issue.source_file = "/var/log/app/app.log".into();
    let with = |include: Option<&str>, exclude: Option<&str>| Filters {
        include: include.map(|p| Pattern::new(p).unwrap()),
        exclude: exclude.map(|p| Pattern::new(p).unwrap()),
        ..Filters::default()
    };
    assert!(
        with(Some("valueerror"), None).admits(&issue),
        "a later line"
    );
    assert!(
        with(Some(r"app/app\.log$"), None).admits(&issue),
        "the file"
    );
    assert!(!with(Some("KeyError"), None).admits(&issue));
    assert!(!with(None, Some("value")).admits(&issue));
    assert!(with(None, Some("KeyError")).admits(&issue));
    assert!(
        !with(Some("value"), Some("trace")).admits(&issue),
        "both apply"
    );
}

#[test]
fn the_file_filter_knows_a_groups_other_files_and_clear_keeps_the_pause() {
    let mut issue = test_issue("a");
    issue.source_file = "/b.log".into();
    issue.sources = vec!["/a.log".into(), "/b.log".into()];
    let mut filters = Filters {
        file: Some("/a.log".into()),
        ..Filters::default()
    };
    assert!(filters.admits(&issue));
    filters.file = Some("/c.log".into());
    assert!(!filters.admits(&issue));
    assert_eq!(filters.active(), ["file c.log"]);
    filters.paused_at = Some(issue.timestamp);
    filters.clear();
    assert!(!filters.any() && filters.paused_at.is_some());
}

#[test]
fn the_host_filter_admits_one_hosts_issues_is_named_first_and_cleared_with_the_rest() {
    let mut issue = test_issue("a");
    issue.host = "db-1".into();
    let mut filters = Filters {
        host: Some("db-1".into()),
        min_severity: Some(crate::model::Severity::Error),
        ..Filters::default()
    };
    assert!(filters.admits(&issue));
    filters.host = Some("db-10".into());
    assert!(!filters.admits(&issue), "the whole name, not a prefix");
    filters.host = Some("evil\u{1b}[31m".into());
    assert_eq!(filters.active(), ["host evil\\u{1b}[31m", "ERROR+"]);
    filters.clear();
    assert_eq!(filters.host, None);
}
