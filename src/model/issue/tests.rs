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
