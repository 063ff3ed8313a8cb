use super::*;

#[test]
fn builtin_themes_load_cleanly_and_define_every_role() {
    for (name, _) in BUILTIN {
        let (theme, warnings) = Theme::load(name);
        assert!(warnings.is_empty(), "{name}: {warnings:?}");
        for role in ROLES {
            assert!(theme.styles.contains_key(role), "{name} lacks {role}");
        }
    }
}

#[test]
fn a_broken_theme_file_warns_and_falls_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.toml");
    std::fs::write(&path, "[roles]\nseverity_error = { fg = \"#12345\" }\nwat = { fg = \"red\" }\nseverity_info = { fg = \"blue\" }\n").unwrap();
    let (theme, warnings) = Theme::load(path.to_str().unwrap());
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(warnings[0].contains("#12345"), "{warnings:?}");
    assert!(warnings[1].contains("unknown role `wat`"), "{warnings:?}");
    assert_eq!(
        theme.severity(Severity::Info).fg,
        Some(Color::Blue),
        "valid entries apply"
    );
    assert_eq!(
        theme.severity(Severity::Error),
        Theme::default_theme().severity(Severity::Error)
    );

    std::fs::write(&path, "this is [not toml").unwrap();
    let (theme, warnings) = Theme::load(path.to_str().unwrap());
    assert_eq!(warnings.len(), 1);
    assert_eq!(theme.style("title"), Theme::default_theme().style("title"));

    let (_, warnings) = Theme::load("no-such-theme");
    assert!(
        warnings[0].contains("dark, light, high-contrast"),
        "{warnings:?}"
    );
}
