//! Actions on the feed's filters: the text being typed, the severity,
//! category and signal cycles, and the pause.

use super::action::Action;
use super::state::{Context, Effect, UiState};
use super::view::SignalFilter;
use crate::model::{DetectedAt, Severity};

/// The severity filter's cycle: everything, then WARNING+, ERROR+, CRITICAL.
const SEVERITY_CYCLE: [Option<Severity>; 4] = [
    None,
    Some(Severity::Warning),
    Some(Severity::Error),
    Some(Severity::Critical),
];

impl UiState {
    /// Changes a filter (or starts typing one).
    pub(super) fn filter_action(&mut self, action: Action, cx: &Context) {
        match action {
            Action::StartFilter => self.typing_filter = true,
            Action::CycleSeverity => {
                let at = SEVERITY_CYCLE
                    .iter()
                    .position(|s| *s == self.filters.min_severity);
                self.filters.min_severity =
                    SEVERITY_CYCLE[at.map_or(0, |i| (i + 1) % SEVERITY_CYCLE.len())];
            }
            Action::CycleCategory => self.cycle_category(cx),
            Action::CycleSignal => {
                self.filters.signal = match self.filters.signal {
                    None => Some(SignalFilter::NewPattern),
                    Some(SignalFilter::NewPattern) => Some(SignalFilter::Spiking),
                    Some(SignalFilter::Spiking) => None,
                };
                self.selected = None;
            }
            Action::TogglePause => {
                self.filters.paused_at = match self.filters.paused_at {
                    Some(_) => None,
                    // Paused at the newest issue held, so later ones wait.
                    None => Some(
                        cx.snapshot
                            .issues
                            .last()
                            .map_or_else(DetectedAt::now_unique, |i| i.timestamp),
                    ),
                };
            }
            _ => {}
        }
    }

    /// Typing into the filter: characters go to it; other keys fall through.
    pub(super) fn type_filter(&mut self, action: &Action) -> Option<Option<Effect>> {
        match action {
            Action::FilterChar(c) => self.filters.text.push(*c),
            Action::FilterBackspace => {
                self.filters.text.pop();
            }
            Action::FilterDone => self.typing_filter = false,
            Action::Back => {
                self.typing_filter = false;
                self.filters.text.clear();
            }
            _ => return None,
        }
        self.selected = None;
        Some(None)
    }
}
