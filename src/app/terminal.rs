//! The terminal in dashboard mode (raw, alternate screen, mouse) and its
//! restoration: on drop, and in the panic hook before the panic message
//! prints, so a crash never leaves the user's shell unusable.

use std::io::{self, BufWriter, Stdout};

use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::execute;
use crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

/// Bytes buffered per frame (a full 200x60 frame with colors fits).
const FRAME_BUFFER: usize = 256 * 1024;

/// The dashboard's terminal; restores the normal screen when dropped.
pub(crate) struct TerminalGuard {
    /// The ratatui terminal to draw on.
    /// Frames are buffered and written at once (ratatui flushes after each
    /// frame), so a terminal never shows half a frame and a frame costs
    /// one write.
    pub terminal: Terminal<CrosstermBackend<BufWriter<Stdout>>>,
}

impl TerminalGuard {
    /// Switches the terminal to dashboard mode.
    pub(crate) fn enter() -> io::Result<TerminalGuard> {
        install_panic_hook();
        enable_raw_mode()?;
        let mut stdout = io::stdout();
        if let Err(e) = execute!(stdout, EnterAlternateScreen, EnableMouseCapture) {
            restore();
            return Err(e);
        }
        let out = BufWriter::with_capacity(FRAME_BUFFER, stdout);
        match Terminal::new(CrosstermBackend::new(out)) {
            Ok(mut terminal) => {
                terminal.hide_cursor()?;
                Ok(TerminalGuard { terminal })
            }
            Err(e) => {
                restore();
                Err(e)
            }
        }
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
        let _ = self.terminal.show_cursor();
    }
}

/// Puts the terminal back as it was (safe to call more than once).
pub(crate) fn restore() {
    let _ = disable_raw_mode();
    let _ = execute!(
        io::stdout(),
        DisableMouseCapture,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
}

/// Takes the terminal back after another program had it (the pager):
/// raw mode, the alternate screen (cleared), the mouse, no cursor.
pub(crate) fn reenter() -> io::Result<()> {
    enable_raw_mode()?;
    execute!(
        io::stdout(),
        EnterAlternateScreen,
        Clear(ClearType::All),
        EnableMouseCapture,
        crossterm::cursor::Hide
    )
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}
