use super::*;

#[test]
fn the_fallback_regex_is_valid_and_matches_nothing() {
    let never = never_matching();
    for hay in [&b""[..], b"a", b"b", b"anything at all\xff"] {
        assert!(!never.is_match(hay));
    }
}

#[test]
fn patterns_compile_lazily_but_report_errors_on_demand() {
    let p = compile(r"x{1000}{1000}{1000}").unwrap();
    assert!(p.try_compile().unwrap_err().contains("exceeds size limit"));
    assert!(
        !p.regex().is_match(b"xxx"),
        "a pattern that cannot compile never matches"
    );
}
