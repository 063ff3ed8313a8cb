use super::*;

#[test]
fn escapes_are_decoded_strictly() {
    assert_eq!(percent_decode("a%3Ab%20c"), Ok("a:b c".into()));
    assert_eq!(percent_decode("caf%C3%A9"), Ok("café".into()));
    for bad in ["%zz", "%4", "%", "a%%41", "%+1"] {
        assert_eq!(
            percent_decode(bad),
            Err(DecodeError::BadEscape(bad.into())),
            "{bad}"
        );
    }
    assert_eq!(
        percent_decode("%FF").unwrap_err().to_string(),
        "\"%FF\" is not UTF-8 once decoded"
    );
}

#[test]
fn the_first_value_of_a_parameter() {
    assert_eq!(
        query_param(Some("a=1&limit=2%30&limit=9"), "limit"),
        Ok(Some("20".into()))
    );
    assert_eq!(query_param(Some("for=1+h"), "for"), Ok(Some("1 h".into())));
    assert_eq!(
        query_param(Some("spiking"), "spiking"),
        Ok(Some(String::new()))
    );
    assert_eq!(
        query_param(Some("x=%zz&limit=5"), "limit"),
        Ok(Some("5".into()))
    );
    assert_eq!(query_param(None, "limit"), Ok(None));
    assert!(query_param(Some("limit=%zz"), "limit").is_err());
}
