//! A theme turned into ratatui styles. Without color (NO_COLOR, or
//! `--color never`), roles keep only what needs no color: bold, reversed
//! video for the selection and underlining for search matches, so they
//! stay visible.

use ratatui::style::{Modifier, Style as TuiStyle};

use crate::model::Severity;
use crate::store::HealthStatus;
use crate::theme::{Role, Style, Theme};

/// Styles by role, ready for drawing.
#[derive(Debug, Clone)]
pub struct Palette {
    /// The theme's name.
    pub name: String,
    theme: Theme,
    color: bool,
}

impl Palette {
    /// The palette of `theme`, with or without color.
    pub fn new(theme: Theme, color: bool) -> Palette {
        Palette {
            name: theme.name.clone(),
            theme,
            color,
        }
    }

    /// The style of a theme role.
    pub fn role(&self, role: Role) -> TuiStyle {
        let style = self.theme.style(role);
        if !self.color {
            let plain = bold(TuiStyle::default(), style);
            return match role {
                Role::Selection => plain.add_modifier(Modifier::REVERSED),
                // Search matches stay visible without color too.
                Role::SearchMatch => plain.add_modifier(Modifier::UNDERLINED),
                _ => plain,
            };
        }
        convert(style)
    }

    /// The style of a severity.
    pub fn severity(&self, severity: Severity) -> TuiStyle {
        self.role(Role::severity(severity))
    }

    /// The style of a health band.
    pub fn health(&self, status: HealthStatus) -> TuiStyle {
        self.role(match status {
            HealthStatus::Healthy => Role::HealthHealthy,
            HealthStatus::Warning => Role::HealthWarning,
            HealthStatus::Degraded => Role::HealthDegraded,
            HealthStatus::Critical => Role::HealthCritical,
        })
    }

    /// The border style of a pane, focused or not.
    pub fn border(&self, focused: bool) -> TuiStyle {
        self.role(if focused {
            Role::BorderFocus
        } else {
            Role::Border
        })
    }
}

fn bold(base: TuiStyle, style: Style) -> TuiStyle {
    if style.bold {
        base.add_modifier(Modifier::BOLD)
    } else {
        base
    }
}

fn convert(style: Style) -> TuiStyle {
    let mut out = bold(TuiStyle::default(), style);
    if let Some(fg) = style.fg {
        out = out.fg(fg);
    }
    if let Some(bg) = style.bg {
        out = out.bg(bg);
    }
    out
}
