//! Colors and styles, and how they are written as ANSI SGR sequences.

use std::fmt::Write;

/// A terminal color: the 16 named ones, the terminal's default, or RGB.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Color {
    Reset,
    Black,
    Red,
    Green,
    Yellow,
    Blue,
    Magenta,
    Cyan,
    Gray,
    DarkGray,
    LightRed,
    LightGreen,
    LightYellow,
    LightBlue,
    LightMagenta,
    LightCyan,
    White,
    Rgb(u8, u8, u8),
}

impl Color {
    /// Parses a color name or `#rrggbb`.
    pub fn parse(text: &str) -> Result<Color, String> {
        use Color::*;
        let named = [
            ("reset", Reset),
            ("black", Black),
            ("red", Red),
            ("green", Green),
            ("yellow", Yellow),
            ("blue", Blue),
            ("magenta", Magenta),
            ("cyan", Cyan),
            ("gray", Gray),
            ("dark_gray", DarkGray),
            ("light_red", LightRed),
            ("light_green", LightGreen),
            ("light_yellow", LightYellow),
            ("light_blue", LightBlue),
            ("light_magenta", LightMagenta),
            ("light_cyan", LightCyan),
            ("white", White),
        ];
        if let Some((_, c)) = named.iter().find(|(n, _)| *n == text) {
            return Ok(*c);
        }
        let hex = text
            .strip_prefix('#')
            .filter(|h| h.len() == 6 && h.bytes().all(|b| b.is_ascii_hexdigit()));
        match hex {
            Some(h) => {
                let byte = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).unwrap_or(0);
                Ok(Rgb(byte(0), byte(2), byte(4)))
            }
            None => Err(format!(
                "`{text}` is not a color (a name like red or light_cyan, or #rrggbb)"
            )),
        }
    }

    /// The SGR parameter for this color as foreground (`bg` adds 10).
    fn sgr(self, bg: bool) -> String {
        use Color::*;
        let base = match self {
            Reset => 39,
            Black => 30,
            Red => 31,
            Green => 32,
            Yellow => 33,
            Blue => 34,
            Magenta => 35,
            Cyan => 36,
            Gray => 37,
            DarkGray => 90,
            LightRed => 91,
            LightGreen => 92,
            LightYellow => 93,
            LightBlue => 94,
            LightMagenta => 95,
            LightCyan => 96,
            White => 97,
            Rgb(r, g, b) => return format!("{};2;{r};{g};{b}", if bg { 48 } else { 38 }),
        };
        (base + if bg { 10 } else { 0 }).to_string()
    }
}

/// Foreground, background, bold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Style {
    /// Text color.
    pub fg: Option<Color>,
    /// Background color.
    pub bg: Option<Color>,
    /// Bold text.
    pub bold: bool,
}

impl Style {
    /// Reads `{ fg = "...", bg = "...", bold = true }`.
    pub fn from_toml(value: &toml::Value) -> Result<Style, String> {
        let table = value
            .as_table()
            .ok_or("expected a table like { fg = \"red\", bold = true }")?;
        let mut style = Style::default();
        for (key, v) in table {
            match (key.as_str(), v) {
                ("fg", toml::Value::String(s)) => style.fg = Some(Color::parse(s)?),
                ("bg", toml::Value::String(s)) => style.bg = Some(Color::parse(s)?),
                ("bold", toml::Value::Boolean(b)) => style.bold = *b,
                _ => {
                    return Err(format!(
                        "unexpected `{key}` (use fg, bg as color strings and bold as true/false)"
                    ));
                }
            }
        }
        Ok(style)
    }

    /// `text` wrapped in this style's ANSI sequences (unchanged if plain).
    pub fn paint(&self, text: &str) -> String {
        let mut codes = Vec::new();
        if self.bold {
            codes.push("1".to_string());
        }
        if let Some(fg) = self.fg {
            codes.push(fg.sgr(false));
        }
        if let Some(bg) = self.bg {
            codes.push(bg.sgr(true));
        }
        if codes.is_empty() {
            return text.to_string();
        }
        let mut out = String::new();
        let _ = write!(out, "\x1b[{}m{text}\x1b[0m", codes.join(";"));
        out
    }
}

#[cfg(test)]
mod tests;
