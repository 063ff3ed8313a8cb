//! What can be wrong with a theme. None of it stops the program: each is
//! reported as a warning and the default style is kept.

use super::color::StyleError;
use super::role::Role;

/// A problem with a theme name, file or entry.
#[derive(Debug, thiserror::Error)]
pub enum ThemeError {
    /// Neither a built-in name nor a readable file.
    #[error(
        "theme `{name}` is neither a built-in theme ({}) nor a readable file ({source}); using dark",
        super::BUILTIN_NAMES.join(", ")
    )]
    NotFound {
        /// What was asked for.
        name: String,
        /// Why the file could not be read.
        source: std::io::Error,
    },
    /// The file is not TOML.
    #[error("theme {theme}: {message}")]
    Syntax {
        /// The theme's name or path.
        theme: String,
        /// The parser's message.
        message: String,
    },
    /// The file has no `[roles]` table.
    #[error("theme {theme}: no [roles] table")]
    NoRoles {
        /// The theme's name or path.
        theme: String,
    },
    /// A `[roles]` key that names no role.
    #[error("theme {theme}: unknown role `{role}` (known: {})", Role::known_keys())]
    UnknownRole {
        /// The theme's name or path.
        theme: String,
        /// The key as written.
        role: String,
    },
    /// A role's entry that cannot be read.
    #[error("theme {theme}: role `{role}`: {source}")]
    BadStyle {
        /// The theme's name or path.
        theme: String,
        /// The role.
        role: Role,
        /// What is wrong with its entry.
        source: StyleError,
    },
}
