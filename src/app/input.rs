//! The terminal's events, read on their own thread (crossterm's read
//! blocks) and handed to the loop. The reader can be paused while another
//! program (the pager) owns the terminal, so no key meant for it is taken.

use std::sync::mpsc as std_mpsc;
use std::time::Duration;

use crossterm::event::Event;
use tokio::sync::mpsc;

/// How long the reader waits for an event before it looks whether it is
/// asked to pause (and whether the loop is gone).
const POLL: Duration = Duration::from_millis(200);
/// How long a pause waits for the reader to stop.
const PAUSE_WAIT: Duration = Duration::from_secs(2);

enum Control {
    /// Stop reading; say so on the sender.
    Pause(std_mpsc::Sender<()>),
    /// Read again.
    Resume,
}

/// Pauses and resumes the reader.
#[derive(Debug, Clone)]
pub(crate) struct InputControl {
    control: std_mpsc::Sender<Control>,
}

impl std::fmt::Debug for Control {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Control::Pause(_) => "Pause",
            Control::Resume => "Resume",
        })
    }
}

impl InputControl {
    /// Stops the reader; returns once it has stopped (or gave no sign).
    pub(crate) fn pause(&self) {
        let (tx, rx) = std_mpsc::channel();
        if self.control.send(Control::Pause(tx)).is_ok() {
            let _ = rx.recv_timeout(PAUSE_WAIT);
        }
    }

    /// Lets the reader read again.
    pub(crate) fn resume(&self) {
        let _ = self.control.send(Control::Resume);
    }
}

/// Starts the reader: its events, and its control.
pub(crate) fn spawn_input() -> (mpsc::Receiver<Event>, InputControl) {
    let (tx, rx) = mpsc::channel(256);
    let (control, orders) = std_mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("logwarden-input".into())
        .spawn(move || read(&tx, &orders));
    if let Err(e) = spawned {
        tracing::error!("cannot read the keyboard: {e}");
    }
    (rx, InputControl { control })
}

/// Reads until the loop is gone, pausing when asked.
fn read(tx: &mpsc::Sender<Event>, orders: &std_mpsc::Receiver<Control>) {
    loop {
        if let Ok(Control::Pause(stopped)) = orders.try_recv() {
            let _ = stopped.send(());
            loop {
                match orders.recv() {
                    Ok(Control::Resume) => break,
                    Ok(Control::Pause(stopped)) => {
                        let _ = stopped.send(());
                    }
                    Err(_) => return,
                }
            }
        }
        match crossterm::event::poll(POLL) {
            Ok(true) => match crossterm::event::read() {
                Ok(event) => {
                    if tx.blocking_send(event).is_err() {
                        return;
                    }
                }
                Err(_) => return,
            },
            Ok(false) if tx.is_closed() => return,
            Ok(false) => {}
            Err(_) => return,
        }
    }
}
