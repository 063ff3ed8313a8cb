use super::*;

#[test]
fn builtin_theme_files_load_cleanly_and_define_every_role() {
    for (name, text) in BUILTIN {
        let (_, warnings) = Theme::load(name);
        assert!(warnings.is_empty(), "{name}: {warnings:?}");
        let doc: toml::Table = toml::from_str(text).unwrap();
        let roles = doc["roles"].as_table().unwrap();
        for role in Role::ALL {
            assert!(roles.contains_key(role.key()), "{name} lacks {role}");
        }
    }
}

#[test]
fn roles_round_trip_through_their_keys() {
    for (at, role) in Role::ALL.into_iter().enumerate() {
        assert_eq!(role as usize, at, "ALL is in declaration order");
        assert_eq!(role.key().parse::<Role>(), Ok(role));
    }
    assert!("txt_dim".parse::<Role>().is_err());
}

#[test]
fn a_broken_theme_file_warns_and_falls_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.toml");
    std::fs::write(&path, "[roles]\nseverity_error = { fg = \"#12345\" }\nwat = { fg = \"red\" }\nseverity_info = { fg = \"blue\" }\n").unwrap();
    let (theme, warnings) = Theme::load(path.to_str().unwrap());
    let warnings: Vec<String> = warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(warnings[0].contains("#12345"), "{warnings:?}");
    assert!(
        warnings[0].contains("role `severity_error`"),
        "{warnings:?}"
    );
    assert!(warnings[1].contains("unknown role `wat`"), "{warnings:?}");
    assert!(warnings[1].contains("text_dim"), "{warnings:?}");
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
    assert_eq!(
        theme.style(Role::Title),
        Theme::default_theme().style(Role::Title)
    );

    let (_, warnings) = Theme::load("no-such-theme");
    assert!(
        warnings[0]
            .to_string()
            .contains("dark, light, high-contrast"),
        "{warnings:?}"
    );
}
