use super::*;

#[test]
fn stable_id_depends_on_every_input() {
    let a = stable_issue_id("/var/log/app.log", 10, "boom");
    assert_eq!(a, stable_issue_id("/var/log/app.log", 10, "boom"));
    assert_eq!(a.len(), 16);
    assert_ne!(a, stable_issue_id("/var/log/app2.log", 10, "boom"));
    assert_ne!(a, stable_issue_id("/var/log/app.log", 11, "boom"));
    assert_ne!(a, stable_issue_id("/var/log/app.log", 10, "bang"));
}

#[test]
fn a_record_kept_before_hosts_were_is_this_machines() {
    let mut old = serde_json::to_value(Issue::blank(DetectedAt::now_unique())).unwrap();
    old.as_object_mut().unwrap().remove("host");
    let read: Issue = serde_json::from_value(old).unwrap();
    assert_eq!(read.host, crate::pipeline::local_host());
    assert!(!read.host.is_empty());
}
