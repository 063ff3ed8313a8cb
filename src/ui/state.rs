//! What the dashboard shows and where the user is in it. [`UiState::apply`]
//! is its only mutator: one action in, at most one effect out for the app
//! to carry out (a store command, quitting, a theme switch).

use crate::model::DetectedAt;
use crate::store::Snapshot;

use super::action::Action;
use super::context::ContextView;
use super::layout::Areas;
use super::pattern::Pattern;
use super::prompt::Prompt;
use super::selection::{CriticalKey, Selection};
use super::toast::{Confirm, Toast};
use super::view::{FeedView, Filters};

/// The panes that can have focus, in Tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    /// The live feed of issues.
    Feed,
    /// The critical-issues table.
    Critical,
    /// The per-host health pane (shown with several hosts; Enter: only
    /// that host's issues).
    Hosts,
    /// The health header (Enter: what the score is made of).
    Health,
    /// logwarden's own log (when shown).
    Log,
}

/// What the app must do after an action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Set these issues (by id) resolved or open.
    SetResolved(Vec<String>, bool),
    /// Acknowledge (true) or take back (false) these issues.
    SetAcknowledged(Vec<String>, bool),
    /// Silence these issues until then (`None`: end the silence).
    SetSilenced(Vec<String>, Option<DetectedAt>),
    /// Resolve these issues of one group (the operator said yes).
    ResolveGroup(Vec<String>, String),
    /// Run the actions bound to this issue now (the operator said yes).
    Heal(String),
    /// Read the lines around this issue in its file (for the context view).
    ReadContext(String),
    /// Open this issue's file in the pager at its line.
    OpenPager(String),
    /// Scroll logwarden's log pane.
    ScrollLog(Action),
    /// Switch to the next theme.
    NextTheme,
    /// Leave the dashboard.
    Quit,
}

/// Everything the dashboard remembers between frames.
#[derive(Debug, Clone)]
pub struct UiState {
    /// The pane keys act on.
    pub focus: Pane,
    /// The selected feed issue (None: the newest, following new ones).
    pub selected: Option<Selection>,
    /// The selected critical-table row, by what it is (None: the first).
    pub critical: Option<CriticalKey>,
    /// The host pane's selected host, by name (None: the first row).
    pub host_selected: Option<String>,
    /// The issue shown in the detail view.
    pub detail: Option<String>,
    /// Lines the detail view is scrolled by.
    pub detail_scroll: u16,
    /// Whether the key help is shown.
    pub help: bool,
    /// Lines the help is scrolled by.
    pub help_scroll: u16,
    /// The prompt being typed, if any.
    pub prompt: Option<Prompt>,
    /// The search in effect: its matches are highlighted.
    pub search: Option<Pattern>,
    /// A word for the footer about the last key (no match, wrapped).
    pub notice: Option<String>,
    /// Whether the focused pane has the whole screen.
    pub zoomed: bool,
    /// The feed's filters.
    pub filters: Filters,
    /// Whether logwarden's log pane is shown.
    pub show_log: bool,
    /// Paused: how many store updates wait to be shown.
    pub waiting: u64,
    /// Whether what the health score is made of is shown.
    pub health_detail: bool,
    /// The lines around an issue in its file, when shown.
    pub context: Option<Box<ContextView>>,
    /// The y/n question the next key answers.
    pub confirm: Option<Confirm>,
    /// The status bar's message, until it expires or the next action.
    pub toast: Option<Toast>,
    /// Messages shown so far (the next one's id: an expiry never
    /// takes a later message for the one it was set for).
    pub said: u64,
}

/// What [`UiState::apply`] may look at: the data on screen and where it was drawn.
pub struct Context<'a> {
    /// The snapshot on screen.
    pub snapshot: &'a Snapshot,
    /// The feed's rows.
    pub view: &'a FeedView,
    /// Where the panes were drawn last.
    pub areas: &'a Areas,
}

impl Default for UiState {
    fn default() -> Self {
        UiState {
            focus: Pane::Feed,
            selected: None,
            critical: None,
            host_selected: None,
            detail: None,
            detail_scroll: 0,
            help: false,
            help_scroll: 0,
            prompt: None,
            search: None,
            notice: None,
            zoomed: false,
            filters: Filters::default(),
            show_log: false,
            waiting: 0,
            health_detail: false,
            context: None,
            confirm: None,
            toast: None,
            said: 0,
        }
    }
}

impl UiState {
    /// Whether the feed follows new issues (the newest is selected).
    pub fn following(&self) -> bool {
        self.selected.is_none()
    }

    /// Whether a prompt is being typed (printable keys go to it).
    pub fn typing(&self) -> bool {
        self.prompt.is_some()
    }

    /// Applies one action. While the help is shown only quitting, the
    /// help key, Back and scrolling it do anything.
    pub fn apply(&mut self, action: Action, cx: &Context) -> Option<Effect> {
        if let Some(effect) = self.notice_action(&action) {
            return effect;
        }
        // The operator acts again: the last message has been read, and a
        // notice speaks of the last key only.
        self.toast = None;
        self.notice = None;
        if self.confirm.is_some() {
            return self.answer_confirm(action);
        }
        if let Some(effect) = self.type_prompt(&action, cx) {
            return effect;
        }
        match action {
            Action::Quit => Some(Effect::Quit),
            Action::ToggleHelp => {
                self.help = !self.help;
                self.help_scroll = 0;
                None
            }
            Action::Back => {
                self.back();
                None
            }
            Action::Up | Action::Down | Action::PageUp | Action::PageDown | Action::Top
                if self.help =>
            {
                self.scroll_help(&action, cx);
                None
            }
            _ if self.help => None,
            Action::ShowContext(view) => {
                self.context = Some(view);
                None
            }
            Action::OpenContext | Action::OpenPager => self.context_action(action, cx),
            // The context view holds still: keys that move act on nothing.
            _ if self.context.is_some() && super::movement::is_movement(&action) => None,
            Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::Top
            | Action::Bottom => self.movement(action, cx),
            Action::OpenDetail if self.focus == Pane::Hosts && self.detail.is_none() => {
                self.choose_host(cx);
                None
            }
            Action::OpenDetail
            | Action::Resolve
            | Action::Unresolve
            | Action::ResolveGroup
            | Action::Acknowledge
            | Action::Silence
            | Action::Heal => self.issue_action(action, cx),
            Action::StartSearch
            | Action::StartInclude
            | Action::StartExclude
            | Action::CycleSeverity
            | Action::CycleCategory
            | Action::CycleSignal
            | Action::NextFile
            | Action::PrevFile
            | Action::NextHost
            | Action::ClearFilters
            | Action::TogglePause => {
                self.filter_action(action, cx);
                None
            }
            Action::SearchNext | Action::SearchPrev => {
                self.search_action(&action, cx);
                None
            }
            Action::CycleTheme => Some(Effect::NextTheme),
            _ => self.pane_action(action, cx),
        }
    }

    /// Focus, the log pane, and the mouse.
    fn pane_action(&mut self, action: Action, cx: &Context) -> Option<Effect> {
        match action {
            Action::FocusNext => self.focus_on(self.cycle_focus(1, cx), cx),
            Action::FocusPrev => self.focus_on(self.cycle_focus(-1, cx), cx),
            Action::ToggleZoom => self.zoomed = !self.zoomed,
            Action::ToggleLog => {
                self.show_log = !self.show_log;
                if !self.show_log && self.focus == Pane::Log {
                    self.focus = Pane::Feed;
                }
            }
            Action::ScrollUp(x, y) | Action::ScrollDown(x, y) => {
                let up = matches!(action, Action::ScrollUp(..));
                if let Some(pane) = cx.areas.pane_at(x, y) {
                    self.focus_on(pane, cx);
                }
                return self.movement(if up { Action::Up } else { Action::Down }, cx);
            }
            Action::Click(x, y) => self.click(x, y, cx),
            _ => {}
        }
        None
    }

    /// Esc: one step back. The help, the detail, the zoom close first;
    /// with nothing to close, every filter is cleared, then the search.
    fn back(&mut self) {
        if self.help {
            self.help = false;
        } else if self.context.is_some() {
            self.context = None;
        } else if self.detail.is_some() {
            self.detail = None;
        } else if self.health_detail {
            self.health_detail = false;
        } else if self.zoomed {
            self.zoomed = false;
        } else if self.filters.any() {
            self.clear_filters();
        } else if self.search.is_some() {
            self.search = None;
        }
    }

    /// Focuses `pane`. The critical table's (and host pane's) first row
    /// is picked then, so what a key acts on does not change as rows re-sort.
    pub(super) fn focus_on(&mut self, pane: Pane, cx: &Context) {
        self.focus = pane;
        if pane == Pane::Critical && self.critical.is_none() {
            self.select_critical_row(cx, 0);
        }
        if pane == Pane::Hosts && self.host_selected.is_none() {
            self.select_host_row(cx, 0);
        }
    }

    /// The pane `step` panes from the focused one, among those shown: the
    /// host pane with several hosts, the log pane when open.
    fn cycle_focus(&self, step: isize, cx: &Context) -> Pane {
        let mut panes = vec![Pane::Feed, Pane::Critical];
        if super::hosts::several(cx.snapshot) {
            panes.push(Pane::Hosts);
        }
        panes.push(Pane::Health);
        if self.show_log {
            panes.push(Pane::Log);
        }
        let at = panes.iter().position(|p| *p == self.focus).unwrap_or(0) as isize;
        panes[(at + step).rem_euclid(panes.len() as isize) as usize]
    }
}
