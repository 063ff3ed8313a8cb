//! The dashboard's I/O half: the terminal, keyboard and mouse, and the
//! loop that feeds `ui/` with snapshots and actions. `ui/` never imports
//! this module.

mod keymap;
mod run;
mod terminal;

pub use keymap::{key_action, mouse_action};
pub use run::{Dashboard, spawn_input};
pub use terminal::{TerminalGuard, restore};
