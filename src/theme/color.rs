//! Styles: how a theme file writes them, and how they are written as ANSI
//! SGR sequences for the plain-text printers.

use std::fmt::Write;

use serde::Deserialize;

pub use ratatui::style::Color;

/// What is wrong with one `[roles]` entry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StyleError {
    /// A color string no form accepts.
    #[error("`{0}` is not a color (a name like red or light_cyan, or #rrggbb)")]
    Color(String),
    /// Any other shape problem (not a table, an unknown key, a wrong type).
    #[error("{0}")]
    Shape(String),
}

/// Parses a color: a name (`red`, `light_cyan`, `dark_gray`, `reset`),
/// `#rrggbb`, or a palette index. ratatui's parser accepts all of these
/// (and spellings like `bright-red` or `grey`).
pub(crate) fn parse_color(text: &str) -> Result<Color, StyleError> {
    text.parse()
        .map_err(|_| StyleError::Color(text.to_string()))
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

/// A color as written in a theme file.
#[derive(Deserialize)]
#[serde(try_from = "String")]
struct ColorSpec(Color);

impl TryFrom<String> for ColorSpec {
    type Error = StyleError;

    fn try_from(text: String) -> Result<ColorSpec, StyleError> {
        parse_color(&text).map(ColorSpec)
    }
}

/// A `[roles]` entry as written: `{ fg = "red", bg = "#102030", bold = true }`.
#[derive(Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a table like { fg = \"red\", bold = true }"
)]
struct StyleSpec {
    fg: Option<ColorSpec>,
    bg: Option<ColorSpec>,
    #[serde(default)]
    bold: bool,
}

impl Style {
    /// Reads `{ fg = "...", bg = "...", bold = true }`; a bad color is
    /// named in the error.
    pub fn from_toml(value: &toml::Value) -> Result<Style, StyleError> {
        let spec = StyleSpec::deserialize(value.clone())
            .map_err(|e| StyleError::Shape(e.message().to_string()))?;
        Ok(Style {
            fg: spec.fg.map(|c| c.0),
            bg: spec.bg.map(|c| c.0),
            bold: spec.bold,
        })
    }

    /// `text` wrapped in this style's ANSI sequences (unchanged if plain).
    pub fn paint(&self, text: &str) -> String {
        let mut codes = Vec::new();
        if self.bold {
            codes.push("1".to_string());
        }
        if let Some(fg) = self.fg {
            codes.push(sgr(fg, false));
        }
        if let Some(bg) = self.bg {
            codes.push(sgr(bg, true));
        }
        if codes.is_empty() {
            return text.to_string();
        }
        let mut out = String::new();
        let _ = write!(out, "\x1b[{}m{text}\x1b[0m", codes.join(";"));
        out
    }
}

/// The SGR parameter for `color` as foreground (`bg` adds 10).
fn sgr(color: Color, bg: bool) -> String {
    let base = match color {
        Color::Reset => 39,
        Color::Black => 30,
        Color::Red => 31,
        Color::Green => 32,
        Color::Yellow => 33,
        Color::Blue => 34,
        Color::Magenta => 35,
        Color::Cyan => 36,
        Color::Gray => 37,
        Color::DarkGray => 90,
        Color::LightRed => 91,
        Color::LightGreen => 92,
        Color::LightYellow => 93,
        Color::LightBlue => 94,
        Color::LightMagenta => 95,
        Color::LightCyan => 96,
        Color::White => 97,
        Color::Rgb(r, g, b) => return format!("{};2;{r};{g};{b}", if bg { 48 } else { 38 }),
        Color::Indexed(n) => return format!("{};5;{n}", if bg { 48 } else { 38 }),
    };
    (base + if bg { 10 } else { 0 }).to_string()
}

#[cfg(test)]
mod tests;
