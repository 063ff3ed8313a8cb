//! Keys and mouse events to [`Action`]s: one table, no logic beyond it.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEvent, MouseEventKind};

use crate::ui::Action;

/// The action for a key press; `typing` is true while a prompt is open
/// (printable keys then go to it).
pub fn key_action(key: KeyEvent, typing: bool) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl && key.code == KeyCode::Char('c') {
        return Some(Action::Quit);
    }
    if typing {
        return match key.code {
            KeyCode::Char(c) if !ctrl => Some(Action::PromptChar(c)),
            KeyCode::Backspace => Some(Action::PromptBackspace),
            KeyCode::Enter => Some(Action::PromptDone),
            KeyCode::Esc => Some(Action::Back),
            _ => None,
        };
    }
    Some(match key.code {
        KeyCode::Char('j') | KeyCode::Down => Action::Down,
        KeyCode::Char('k') | KeyCode::Up => Action::Up,
        KeyCode::PageDown => Action::PageDown,
        KeyCode::PageUp => Action::PageUp,
        KeyCode::Char('g') | KeyCode::Home => Action::Top,
        KeyCode::Char('G') | KeyCode::End => Action::Bottom,
        KeyCode::Tab => Action::FocusNext,
        KeyCode::BackTab => Action::FocusPrev,
        KeyCode::Enter => Action::OpenDetail,
        KeyCode::Esc => Action::Back,
        KeyCode::Char('r') => Action::Resolve,
        KeyCode::Char('R') => Action::ResolveGroup,
        KeyCode::Char('u') => Action::Unresolve,
        KeyCode::Char('a') => Action::Acknowledge,
        KeyCode::Char('S') => Action::Silence,
        KeyCode::Char('h') => Action::Heal,
        KeyCode::Char('/') => Action::StartSearch,
        KeyCode::Char('n') => Action::SearchNext,
        KeyCode::Char('N') => Action::SearchPrev,
        KeyCode::Char('&') => Action::StartInclude,
        KeyCode::Char('!') => Action::StartExclude,
        KeyCode::Char('f') => Action::NextFile,
        KeyCode::Char('F') => Action::PrevFile,
        KeyCode::Char('H') => Action::NextHost,
        KeyCode::Char('C') => Action::ClearFilters,
        KeyCode::Char('s') => Action::CycleSeverity,
        KeyCode::Char('c') => Action::CycleCategory,
        KeyCode::Char('m') => Action::CycleSignal,
        KeyCode::Char('z') => Action::ToggleZoom,
        KeyCode::Char('p') => Action::TogglePause,
        KeyCode::Char('t') => Action::CycleTheme,
        KeyCode::Char('l') => Action::ToggleLog,
        KeyCode::Char('?') => Action::ToggleHelp,
        KeyCode::Char('q') => Action::Quit,
        KeyCode::Char('o') => Action::OpenContext,
        KeyCode::Char('e') => Action::OpenPager,
        _ => return None,
    })
}

/// The action for a key press while a prompt asks y/n: `y` confirms,
/// Ctrl-C still quits, any other key cancels.
pub fn confirm_action(key: KeyEvent) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    Some(match key.code {
        KeyCode::Char('c') if ctrl => Action::Quit,
        KeyCode::Char('y' | 'Y') if !ctrl => Action::Confirm,
        _ => Action::Back,
    })
}

/// The action for a mouse event (wheel and left click).
pub(crate) fn mouse_action(mouse: MouseEvent) -> Option<Action> {
    let (x, y) = (mouse.column, mouse.row);
    match mouse.kind {
        MouseEventKind::ScrollUp => Some(Action::ScrollUp(x, y)),
        MouseEventKind::ScrollDown => Some(Action::ScrollDown(x, y)),
        MouseEventKind::Down(crossterm::event::MouseButton::Left) => Some(Action::Click(x, y)),
        _ => None,
    }
}
