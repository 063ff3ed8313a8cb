//! The dashboard's I/O half: the terminal, keyboard and mouse, and the
//! loop that feeds `ui/` with snapshots and actions. `ui/` never imports
//! this module.

mod context_file;
mod input;
mod keymap;
mod pager;
mod run;
mod terminal;

pub use keymap::{confirm_action, key_action};

pub use run::Dashboard;

pub(crate) use input::spawn_input;
pub(crate) use terminal::TerminalGuard;
