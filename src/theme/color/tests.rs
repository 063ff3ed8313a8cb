use super::*;

#[test]
fn parses_names_and_hex_and_paints() {
    assert_eq!(parse_color("light_cyan"), Ok(Color::LightCyan));
    assert_eq!(parse_color("dark_gray"), Ok(Color::DarkGray));
    assert_eq!(parse_color("reset"), Ok(Color::Reset));
    assert_eq!(parse_color("#ff8000"), Ok(Color::Rgb(255, 128, 0)));
    assert_eq!(parse_color("208"), Ok(Color::Indexed(208)));
    assert!(parse_color("#ff80").is_err());
    assert!(parse_color("#12345").is_err());
    let style = Style {
        fg: Some(Color::Red),
        bg: Some(Color::Rgb(1, 2, 3)),
        bold: true,
    };
    assert_eq!(style.paint("x"), "\x1b[1;31;48;2;1;2;3mx\x1b[0m");
    assert_eq!(Style::default().paint("x"), "x");
    let indexed = Style {
        fg: Some(Color::Indexed(208)),
        ..Style::default()
    };
    assert_eq!(indexed.paint("x"), "\x1b[38;5;208mx\x1b[0m");
}

#[test]
fn entries_are_read_whole_and_bad_ones_say_why() {
    let value = |text: &str| -> toml::Value {
        toml::from_str::<toml::Table>(&format!("v = {text}")).unwrap()["v"].clone()
    };
    assert_eq!(
        Style::from_toml(&value("{ fg = \"blue\", bold = true }")),
        Ok(Style {
            fg: Some(Color::Blue),
            bg: None,
            bold: true
        })
    );
    let bad = Style::from_toml(&value("{ fg = \"#12345\" }")).unwrap_err();
    assert!(bad.to_string().contains("#12345"), "{bad}");
    let bad = Style::from_toml(&value("{ fg = \"red\", wat = 1 }")).unwrap_err();
    assert!(bad.to_string().contains("wat"), "{bad}");
    let bad = Style::from_toml(&value("5")).unwrap_err();
    assert!(bad.to_string().contains("a table like"), "{bad}");
}
