use super::*;

#[test]
fn parses_case_insensitively_and_rejects_unknown() {
    assert_eq!("critical".parse::<Severity>(), Ok(Severity::Critical));
    assert_eq!("Warn".parse::<Severity>(), Ok(Severity::Warning));
    let err = "fatal".parse::<Severity>().unwrap_err();
    assert!(err.to_string().contains("CRITICAL, ERROR, WARNING, INFO"));
}

#[test]
fn orders_by_gravity() {
    assert!(Severity::Critical > Severity::Error);
    assert!(Severity::Error > Severity::Warning);
    assert!(Severity::Warning > Severity::Info);
}

#[test]
fn serializes_uppercase() {
    assert_eq!(
        serde_json::to_string(&Severity::Warning).unwrap(),
        "\"WARNING\""
    );
}
