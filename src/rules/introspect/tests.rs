use super::*;
use crate::rules::raw::{RawRedact, RawSignals};

#[test]
fn a_derived_struct_tells_its_fields_in_order() {
    assert_eq!(
        field_names::<RawRedact>(),
        ["name", "pattern", "replacement", "enabled", "note"]
    );
    assert_eq!(field_names::<RawSignals>().len(), 6);
}

#[test]
fn a_non_struct_has_none() {
    assert!(field_names::<String>().is_empty());
}
