use super::*;
use crate::rules::raw::RawRule;

fn parse(text: &str) -> Spanned<DeTable<'_>> {
    DeTable::parse(text).expect("valid TOML")
}

#[test]
fn every_refused_key_is_reported_and_the_rest_is_read() {
    let text = "id = \"r\"\npriority = \"high\"\ncolour = 1\nmatch = 42\n";
    let doc = parse(text);
    let read = read_table::<RawRule>(doc.get_ref(), doc.span());
    let faults: Vec<String> = read.faults.iter().map(|(_, f)| f.to_string()).collect();
    assert_eq!(faults.len(), 3, "{faults:?}");
    assert!(
        faults
            .iter()
            .any(|f| f.starts_with("unknown field `colour` (valid: id, type,"))
    );
    assert!(faults.contains(&"field `priority` must be an integer, found string".to_string()));
    assert!(faults.contains(
        &"field `match` must be a string or an array of strings, found integer".to_string()
    ));
    let raw = read.value.expect("the good keys are read");
    assert_eq!(raw.id.map(Spanned::into_inner).as_deref(), Some("r"));
    assert!(raw.priority.is_none() && raw.patterns.is_none());
    // At the value, not the key.
    let at = read
        .faults
        .iter()
        .find(|(_, f)| f.to_string().starts_with("field `match`"))
        .unwrap()
        .0
        .clone();
    assert_eq!(&text[at], "42");
}

#[test]
fn a_present_but_refused_key_still_counts_as_written() {
    let doc = parse("id = 5\n");
    assert!(has_key(doc.get_ref(), "id"));
    assert!(!has_key(doc.get_ref(), "type"));
}
