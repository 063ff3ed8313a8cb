//! Themes: semantic roles (severity_critical, border_focus, ...) mapped to
//! styles. A theme file is a partial overlay on the built-in dark theme; a
//! broken file or entry produces warnings and the default, never an error
//! that stops the program.

mod color;

use std::collections::BTreeMap;
use std::path::Path;

pub use color::{Color, Style};

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

/// The roles a theme can style.
pub const ROLES: &[&str] = &[
    "severity_critical",
    "severity_error",
    "severity_warning",
    "severity_info",
    "text",
    "text_dim",
    "title",
    "border",
    "border_focus",
    "selection",
    "health_healthy",
    "health_warning",
    "health_degraded",
    "health_critical",
    "badge",
];

/// Styles by role.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    /// The theme's name (or file path).
    pub name: String,
    styles: BTreeMap<&'static str, Style>,
}

impl Theme {
    /// The default theme (dark).
    pub fn default_theme() -> Theme {
        let mut theme = Theme {
            name: "dark".into(),
            styles: BTreeMap::new(),
        };
        let mut ignored = Vec::new();
        theme.overlay(BUILTIN[0].1, &mut ignored);
        theme
    }

    /// Loads a built-in theme by name, or a theme file by path, over the
    /// default. Returns the theme and any warnings about what was ignored.
    pub fn load(name_or_path: &str) -> (Theme, Vec<String>) {
        let mut theme = Theme::default_theme();
        let mut warnings = Vec::new();
        if let Some((name, text)) = BUILTIN.iter().find(|(n, _)| *n == name_or_path) {
            theme.name = (*name).to_string();
            theme.overlay(text, &mut warnings);
            return (theme, warnings);
        }
        match std::fs::read_to_string(Path::new(name_or_path)) {
            Ok(text) => {
                theme.name = name_or_path.to_string();
                theme.overlay(&text, &mut warnings);
            }
            Err(e) => {
                let names: Vec<&str> = BUILTIN.iter().map(|(n, _)| *n).collect();
                warnings.push(format!(
                    "theme `{name_or_path}` is neither a built-in theme ({}) nor a readable file ({e}); using dark",
                    names.join(", ")
                ));
            }
        }
        (theme, warnings)
    }

    /// The style of a role (plain when the role is unknown).
    pub fn style(&self, role: &str) -> Style {
        self.styles.get(role).copied().unwrap_or_default()
    }

    /// The style for a severity.
    pub fn severity(&self, severity: Severity) -> Style {
        self.style(match severity {
            Severity::Critical => "severity_critical",
            Severity::Error => "severity_error",
            Severity::Warning => "severity_warning",
            Severity::Info => "severity_info",
        })
    }

    /// Applies the `[roles]` of a theme file over this theme.
    fn overlay(&mut self, text: &str, warnings: &mut Vec<String>) {
        let doc: toml::Table = match toml::from_str(text) {
            Ok(doc) => doc,
            Err(e) => {
                warnings.push(format!("theme {}: {}", self.name, e.message()));
                return;
            }
        };
        let Some(roles) = doc.get("roles").and_then(toml::Value::as_table) else {
            warnings.push(format!("theme {}: no [roles] table", self.name));
            return;
        };
        for (role, value) in roles {
            let Some(known) = ROLES.iter().find(|r| **r == role.as_str()) else {
                warnings.push(format!(
                    "theme {}: unknown role `{role}` (known: {})",
                    self.name,
                    ROLES.join(", ")
                ));
                continue;
            };
            match Style::from_toml(value) {
                Ok(style) => {
                    self.styles.insert(known, style);
                }
                Err(e) => warnings.push(format!("theme {}: role `{role}`: {e}", self.name)),
            }
        }
    }
}

#[cfg(test)]
mod tests;
