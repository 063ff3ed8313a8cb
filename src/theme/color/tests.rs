use super::*;

#[test]
fn parses_names_and_hex_and_paints() {
    assert_eq!(Color::parse("light_cyan"), Ok(Color::LightCyan));
    assert_eq!(Color::parse("#ff8000"), Ok(Color::Rgb(255, 128, 0)));
    assert!(Color::parse("#ff80").is_err());
    let style = Style {
        fg: Some(Color::Red),
        bg: Some(Color::Rgb(1, 2, 3)),
        bold: true,
    };
    assert_eq!(style.paint("x"), "\x1b[1;31;48;2;1;2;3mx\x1b[0m");
    assert_eq!(Style::default().paint("x"), "x");
}
