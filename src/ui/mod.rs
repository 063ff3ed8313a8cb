//! The dashboard's pure half: what the user means ([`Action`]), what the
//! screen remembers ([`UiState`]), and drawing a [`Snapshot`] with it.
//! No I/O and no terminal here (that is `app/`), so every panel can be
//! tested on ratatui's `TestBackend`.
//!
//! [`Snapshot`]: crate::store::Snapshot

mod action;
mod charts;
mod columns;
mod context;
mod critical;
mod detail;
mod feed;
mod filter_actions;
mod health;
mod health_detail;
mod help;
mod host_actions;
mod host_pane;
mod hosts;
mod issue_actions;
mod layout;
mod logpane;
mod movement;
mod palette;
mod panes;
mod pattern;
mod prompt;
mod row_text;
mod search;
mod selection;
mod state;
mod status_bar;
mod targets;
mod text;
mod timeline;
mod toast;
mod trend;
mod view;

pub use action::Action;
pub use context::ContextView;
pub use help::KEYS;
pub use layout::{Areas, Chrome, Screen, Scroll, render};

pub use palette::Palette;
pub use pattern::Pattern;
pub use prompt::{Prompt, PromptKind};
pub use selection::{CriticalKey, Selection};
pub use state::{Context, Effect, Pane, UiState};
pub use toast::{Confirm, Notice, Toast};
pub use view::{FeedView, Filters};
