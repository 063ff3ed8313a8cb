//! A theme turned into ratatui styles. Without color (NO_COLOR, or
//! `--color never`), roles keep only what needs no color: bold, and
//! reversed video for the selection so it stays visible.

use ratatui::style::{Color as TuiColor, Modifier, Style as TuiStyle};

use crate::model::Severity;
use crate::store::HealthStatus;
use crate::theme::{Color, Style, Theme};

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
    pub fn role(&self, role: &str) -> TuiStyle {
        let style = self.theme.style(role);
        if !self.color {
            let plain = bold(TuiStyle::default(), style);
            return if role == "selection" {
                plain.add_modifier(Modifier::REVERSED)
            } else {
                plain
            };
        }
        convert(style)
    }

    /// The style of a severity.
    pub fn severity(&self, severity: Severity) -> TuiStyle {
        self.role(match severity {
            Severity::Critical => "severity_critical",
            Severity::Error => "severity_error",
            Severity::Warning => "severity_warning",
            Severity::Info => "severity_info",
        })
    }

    /// The style of a health band.
    pub fn health(&self, status: HealthStatus) -> TuiStyle {
        self.role(match status {
            HealthStatus::Healthy => "health_healthy",
            HealthStatus::Warning => "health_warning",
            HealthStatus::Degraded => "health_degraded",
            HealthStatus::Critical => "health_critical",
        })
    }

    /// The border style of a pane, focused or not.
    pub fn border(&self, focused: bool) -> TuiStyle {
        self.role(if focused { "border_focus" } else { "border" })
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
        out = out.fg(color(fg));
    }
    if let Some(bg) = style.bg {
        out = out.bg(color(bg));
    }
    out
}

fn color(c: Color) -> TuiColor {
    match c {
        Color::Reset => TuiColor::Reset,
        Color::Black => TuiColor::Black,
        Color::Red => TuiColor::Red,
        Color::Green => TuiColor::Green,
        Color::Yellow => TuiColor::Yellow,
        Color::Blue => TuiColor::Blue,
        Color::Magenta => TuiColor::Magenta,
        Color::Cyan => TuiColor::Cyan,
        Color::Gray => TuiColor::Gray,
        Color::DarkGray => TuiColor::DarkGray,
        Color::LightRed => TuiColor::LightRed,
        Color::LightGreen => TuiColor::LightGreen,
        Color::LightYellow => TuiColor::LightYellow,
        Color::LightBlue => TuiColor::LightBlue,
        Color::LightMagenta => TuiColor::LightMagenta,
        Color::LightCyan => TuiColor::LightCyan,
        Color::White => TuiColor::White,
        Color::Rgb(r, g, b) => TuiColor::Rgb(r, g, b),
    }
}
