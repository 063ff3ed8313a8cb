use crate::rules::PatternsFile;

const TYPE: &str = "[types.t]\nseverity = \"ERROR\"\ncategory = \"c\"\ndescription = \"d\"\n";

#[test]
fn a_mistyped_element_does_not_hide_the_others() {
    let text = format!("{TYPE}[[rules]]\nid = \"r\"\ntype = \"t\"\nmatch = ['ok', 42, '(bad']\n");
    let err = PatternsFile::parse("rules.toml", &text).unwrap_err();
    let said: Vec<String> = err.problems.iter().map(ToString::to_string).collect();
    assert_eq!(said.len(), 2, "{said:#?}");
    assert!(
        said[0].starts_with(
            "rules.toml:8:16: rule `r`: field `match` must be an array of strings, found integer"
        ),
        "{said:#?}"
    );
    assert!(
        said[1].starts_with("rules.toml:8:20: rule `r`: bad regex:"),
        "{said:#?}"
    );
}
