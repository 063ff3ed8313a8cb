//! The host pane's keys: its selection (a host by name, since rows
//! re-sort as scores change), moving it, and Enter, which narrows the
//! dashboard to the selected host or, on the host already chosen, shows
//! every host again. The filter itself is the feed's ([`Filters::host`]).
//!
//! [`Filters::host`]: super::view::Filters::host

use super::action::Action;
use super::hosts::{self, HOST_MAX};
use super::state::{Context, UiState};
use crate::store::HostHealth;

impl UiState {
    /// The host pane's rows, worst first (as drawn).
    pub(super) fn host_rows<'a>(&self, cx: &Context<'a>) -> Vec<&'a HostHealth> {
        hosts::worst_first(&cx.snapshot.hosts)
    }

    /// The host pane's row selected now (the first while none is picked);
    /// None when the picked host holds no issue any more.
    pub fn host_row(&self, cx: &Context) -> Option<usize> {
        let rows = self.host_rows(cx);
        match &self.host_selected {
            None => (!rows.is_empty()).then_some(0),
            Some(name) => rows.iter().position(|h| h.host == *name),
        }
    }

    /// Selects the host pane's `row`.
    pub(super) fn select_host_row(&mut self, cx: &Context, row: usize) {
        if let Some(found) = self.host_rows(cx).get(row) {
            self.host_selected = Some(found.host.clone());
        }
    }

    /// Moves the host pane's selection by `action`.
    pub(super) fn move_host(&mut self, action: &Action, cx: &Context) {
        let page = cx.areas.hosts_rows.max(1);
        let from = self.host_row(cx).unwrap_or(0);
        let to = super::movement::moved(from, self.host_rows(cx).len(), page, action);
        self.select_host_row(cx, to);
    }

    /// Enter on the host pane: only the selected host's issues, or, on the
    /// host already chosen, every host's again.
    pub(super) fn choose_host(&mut self, cx: &Context) {
        let Some(host) = self
            .host_row(cx)
            .and_then(|row| self.host_rows(cx).get(row).map(|h| h.host.clone()))
        else {
            return;
        };
        if self.filters.host.as_ref() == Some(&host) {
            self.filters.host = None;
            self.notice = Some("every host again".into());
        } else {
            self.notice = Some(format!(
                "host {} only: Enter again or C for every host",
                hosts::label(&host, HOST_MAX)
            ));
            self.filters.host = Some(host);
        }
    }
}
