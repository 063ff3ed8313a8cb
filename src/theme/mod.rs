//! Themes: semantic roles ([`Role`]) mapped to styles. A theme file is a
//! partial overlay on the built-in dark theme; a broken file or entry
//! produces warnings and the default, never an error that stops the
//! program.

mod color;
mod error;
mod role;

use std::path::Path;

pub use color::Color;

pub(crate) use color::Style;
pub(crate) use error::ThemeError;
pub(crate) use role::Role;

use crate::model::Severity;

/// The built-in themes, by name (the files under `themes/`, embedded).
const BUILTIN: &[(&str, &str)] = &[
    ("dark", include_str!("../../themes/dark.toml")),
    ("light", include_str!("../../themes/light.toml")),
    (
        "high-contrast",
        include_str!("../../themes/high-contrast.toml"),
    ),
];

/// The names of the built-in themes.
pub const BUILTIN_NAMES: &[&str] = &["dark", "light", "high-contrast"];

/// Styles by role.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    /// The theme's name (or file path).
    pub name: String,
    /// Indexed by `Role as usize`.
    styles: [Style; Role::COUNT],
}

impl Theme {
    /// The default theme (dark).
    pub fn default_theme() -> Theme {
        let mut theme = Theme {
            name: "dark".into(),
            styles: [Style::default(); Role::COUNT],
        };
        let mut ignored = Vec::new();
        theme.overlay(BUILTIN[0].1, &mut ignored);
        theme
    }

    /// Loads a built-in theme by name, or a theme file by path, over the
    /// default. Returns the theme and any warnings about what was ignored.
    pub fn load(name_or_path: &str) -> (Theme, Vec<ThemeError>) {
        let mut theme = Theme::default_theme();
        let mut warnings = Vec::new();
        if let Some((name, text)) = BUILTIN.iter().find(|(n, _)| *n == name_or_path) {
            theme.name = (*name).to_string();
            theme.overlay(text, &mut warnings);
            return (theme, warnings);
        }
        match crate::settings_file::read(Path::new(name_or_path)) {
            Ok(text) => {
                theme.name = name_or_path.to_string();
                theme.overlay(&text, &mut warnings);
            }
            Err(source) => warnings.push(ThemeError::NotFound {
                name: name_or_path.to_string(),
                source,
            }),
        }
        (theme, warnings)
    }

    /// The style of a role.
    pub fn style(&self, role: Role) -> Style {
        self.styles[role as usize]
    }

    /// The style for a severity.
    pub fn severity(&self, severity: Severity) -> Style {
        self.style(Role::severity(severity))
    }

    /// Applies the `[roles]` of a theme file over this theme: each entry
    /// on its own, so one bad entry costs only itself.
    fn overlay(&mut self, text: &str, warnings: &mut Vec<ThemeError>) {
        let theme = self.name.clone();
        let doc: toml::Table = match toml::from_str(text) {
            Ok(doc) => doc,
            Err(e) => {
                let message = e.message().to_string();
                warnings.push(ThemeError::Syntax { theme, message });
                return;
            }
        };
        let Some(roles) = doc.get("roles").and_then(toml::Value::as_table) else {
            warnings.push(ThemeError::NoRoles { theme });
            return;
        };
        for (key, value) in roles {
            let Ok(role) = key.parse::<Role>() else {
                let role = key.clone();
                warnings.push(ThemeError::UnknownRole {
                    theme: theme.clone(),
                    role,
                });
                continue;
            };
            match Style::from_toml(value) {
                Ok(style) => self.styles[role as usize] = style,
                Err(source) => warnings.push(ThemeError::BadStyle {
                    theme: theme.clone(),
                    role,
                    source,
                }),
            }
        }
    }
}

#[cfg(test)]
mod tests;
