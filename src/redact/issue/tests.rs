use crate::model::{Occurrence, test_issue};
use crate::redact::Redactor;

#[test]
fn every_piece_of_log_text_is_redacted() {
    let redactor = Redactor::new(&[]).unwrap();
    let secret = "login ok password=hunter two";
    let mut issue = test_issue("a");
    issue.log_line = secret.into();
    issue.event = secret.into();
    issue.template = Some(secret.into());
    issue.occurrences = vec![Occurrence {
        log_line: secret.into(),
        ..Occurrence::of(&issue)
    }];
    let clean = redactor.issue(&issue);
    let text = serde_json::to_string(&*clean).unwrap();
    assert!(!text.contains("hunter"), "{text}");
    assert_eq!(text.matches("[REDACTED]").count(), 4, "{text}");
    let plain = test_issue("b");
    assert!(matches!(
        redactor.issue(&plain),
        std::borrow::Cow::Borrowed(_)
    ));
}
