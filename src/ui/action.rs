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
    /// Close the help, the detail, the prompt or the zoom; else clear the
    /// filters; else the search.
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
    /// Run the healing actions bound to the selection (asks first).
    Heal,
    /// Open the search prompt (a regex).
    StartSearch,
    /// Open the include-filter prompt (show only what a regex matches).
    StartInclude,
    /// Open the exclude-filter prompt (hide what a regex matches).
    StartExclude,
    /// A character typed into the prompt.
    PromptChar(char),
    /// Delete the prompt's last character.
    PromptBackspace,
    /// Confirm what the prompt holds.
    PromptDone,
    /// To the next search match (wrapping).
    SearchNext,
    /// To the previous search match (wrapping).
    SearchPrev,
    /// Cycle the minimum severity shown.
    CycleSeverity,
    /// Cycle the category shown.
    CycleCategory,
    /// Cycle the signal shown: all, new patterns, spiking groups.
    CycleSignal,
    /// Show the next file's issues only (after the last: every file).
    NextFile,
    /// Show the previous file's issues only.
    PrevFile,
    /// Show the next host's issues only (after the last: every host).
    NextHost,
    /// Clear every filter (host, severity, category, signal, include, exclude, file).
    ClearFilters,
    /// Give the focused pane the whole screen, or give it back.
    ToggleZoom,
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
