use super::*;

fn resolve(text: &str) -> std::result::Result<Limits, String> {
    let section: LimitsSection = toml::from_str(text).map_err(|e| e.to_string())?;
    section
        .resolve(&FileLayer::default())
        .map_err(|e| e.to_string())
}

#[test]
fn sizes_and_counts_are_read_and_checked() {
    let l = resolve("templates = 500\ntemplate_bytes = \"1MiB\"\ngroup_bytes = 1048576\nhistory_bytes = \"2 GB\"\ngeneralise_after = 0").unwrap();
    assert_eq!(l.templates, 500);
    assert_eq!(l.template_bytes, 1 << 20);
    assert_eq!(l.group_bytes, 1 << 20);
    assert_eq!(l.history_bytes, 2 << 30);
    assert_eq!(l.generalise_after, 0);
    assert_eq!(l.groups, Limits::default().groups, "unwritten: the default");
    assert_eq!(resolve("").unwrap(), Limits::default());
    for (text, says) in [
        (
            "templates = 0",
            "limits.templates: 0 is too small (at least 16)",
        ),
        ("groups = -5", "limits.groups: -5 is too small"),
        (
            "history_bytes = \"12XB\"",
            "limits.history_bytes: \"12XB\": unknown unit",
        ),
        ("history_bytes = \"lots\"", "expected a number"),
        (
            "group_bytes = 100",
            "limits.group_bytes: 100 bytes is too small",
        ),
        (
            "template_bytes = -1",
            "limits.template_bytes: -1 is negative",
        ),
    ] {
        let e = resolve(text).unwrap_err();
        assert!(e.contains(says), "{text}: {e}");
    }
    assert!(
        resolve("histroy_rows = 5")
            .unwrap_err()
            .contains("unknown field")
    );
}
