//! What the user means, independent of which key or click said it (and
//! what the app reports back: lines read, outcomes).

use super::context::ContextView;
use super::toast::Notice;

/// One user intent. [`crate::ui::UiState::apply`] is the only place that
/// turns an action into a change of state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Selection one row up (newer in the feed).
    Up,
    /// Selection one row down (older).
    Down,
    /// A page up.
    PageUp,
    /// A page down.
    PageDown,
    /// To the first row (the newest issue; the feed follows new ones again).
    Top,
    /// To the last row.
    Bottom,
    /// Focus the next pane.
    FocusNext,
    /// Focus the previous pane.
    FocusPrev,
    /// Open the detail view of the selection.
    OpenDetail,
    /// Close an overlay, cancel a filter being typed, or clear the filter.
    Back,
    /// Resolve the selection.
    Resolve,
    /// Resolve every issue of the selection's group(s).
    ResolveGroup,
    /// Reopen the selection.
    Unresolve,
    /// Acknowledge the selection (or take that back if it already is).
    Acknowledge,
    /// Silence the selection for an hour (or end the silence).
    Silence,
    /// Start typing a text filter.
    StartFilter,
    /// A character typed into the filter.
    FilterChar(char),
    /// Delete the last filter character.
    FilterBackspace,
    /// Keep the typed filter and stop typing.
    FilterDone,
    /// Cycle the minimum severity shown.
    CycleSeverity,
    /// Cycle the category shown.
    CycleCategory,
    /// Cycle the signal shown: all, new patterns, spiking groups.
    CycleSignal,
    /// Freeze or unfreeze the feed.
    TogglePause,
    /// Switch to the next theme.
    CycleTheme,
    /// Show or hide logwarden's own log.
    ToggleLog,
    /// Show or hide the key help.
    ToggleHelp,
    /// Leave.
    Quit,
    /// Mouse wheel up at a screen position.
    ScrollUp(u16, u16),
    /// Mouse wheel down at a screen position.
    ScrollDown(u16, u16),
    /// Mouse click at a screen position.
    Click(u16, u16),
    /// Yes to the open prompt (`y`; any other action cancels it).
    Confirm,
    /// Show the lines around the selection in its file (`o`).
    OpenContext,
    /// Open the selection's file in the pager at its line (`e`).
    OpenPager,
    /// From the app: the lines it read for the context view.
    ShowContext(Box<ContextView>),
    /// From the app: a message for the status bar (an action's outcome,
    /// a warning).
    Notify(Notice),
    /// From the app: the status bar's message with this id has been
    /// shown long enough.
    ExpireToast(u64),
}
