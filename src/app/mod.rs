//! The dashboard's I/O half: the terminal, keyboard and mouse, and the
//! loop that feeds `ui/` with snapshots and actions. `ui/` never imports
//! this module.

mod keymap;
mod run;
mod terminal;

pub use keymap::key_action;

pub use run::Dashboard;

pub(crate) use run::spawn_input;
pub(crate) use terminal::TerminalGuard;
