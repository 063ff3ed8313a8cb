//! Actions on the feed's filters: opening a prompt for a regex, the
//! severity, category, signal, file and host cycles, clearing them all,
//! and the pause.

use std::collections::BTreeSet;
use std::ops::Bound::{Excluded, Unbounded};

use super::action::Action;
use super::prompt::PromptKind;
use super::state::{Context, UiState};
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
            Action::StartSearch => self.start_prompt(PromptKind::Search),
            Action::StartInclude => self.start_prompt(PromptKind::Include),
            Action::StartExclude => self.start_prompt(PromptKind::Exclude),
            Action::NextFile => self.cycle_file(cx, true),
            Action::PrevFile => self.cycle_file(cx, false),
            Action::NextHost => self.cycle_host(cx),
            Action::ClearFilters => self.clear_filters(),
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

    /// Every filter off (the pause stays). The selection stays too:
    /// clearing only adds rows, so the selected issue is still shown.
    pub(super) fn clear_filters(&mut self) {
        if self.filters.any() {
            self.filters.clear();
            self.notice = Some("filters cleared".into());
        }
    }

    /// The next (or previous) file that has issues (of the host filter's
    /// host, when one is set); after the last, all files again.
    fn cycle_file(&mut self, cx: &Context, forward: bool) {
        let host = self.filters.host.as_deref();
        // Worked out on the key, not per frame: one pass over the issues.
        let files: BTreeSet<&str> = cx
            .snapshot
            .issues
            .iter()
            .filter(|i| host.is_none_or(|h| i.host == h))
            .flat_map(|i| std::iter::once(&i.source_file).chain(&i.sources))
            .map(String::as_str)
            .collect();
        let current = self.filters.file.as_deref();
        let next = match (current, forward) {
            (None, true) => files.first(),
            (None, false) => files.last(),
            (Some(at), true) => files.range::<str, _>((Excluded(at), Unbounded)).next(),
            (Some(at), false) => files.range::<str, _>((Unbounded, Excluded(at))).next_back(),
        };
        self.filters.file = next.map(|f| (*f).to_string());
    }

    /// The next host that holds issues, by name (the store lists them so);
    /// after the last, every host again.
    fn cycle_host(&mut self, cx: &Context) {
        let hosts = &cx.snapshot.hosts;
        let next = match &self.filters.host {
            None => hosts.first(),
            // A host no longer held sorts where it would be.
            Some(at) => hosts.iter().find(|h| h.host > *at),
        };
        self.filters.host = next.map(|h| h.host.clone());
        // The host pane's marker goes with it.
        if self.filters.host.is_some() {
            self.host_selected.clone_from(&self.filters.host);
        }
    }
}
