//! Search in the feed, as in less and vim: the rows a regex matches are
//! highlighted, the selection goes to the first match from where it is,
//! `n` and `N` go to the next and previous one, wrapping at the ends.

use super::action::Action;
use super::state::{Context, Pane, UiState};

impl UiState {
    /// `n` / `N`: the next or previous match, wrapping.
    pub(super) fn search_action(&mut self, action: &Action, cx: &Context) {
        self.step_match(cx, *action == Action::SearchNext, false);
    }

    /// After a new search: the first match at or after the selection.
    pub(super) fn first_match(&mut self, cx: &Context) {
        self.step_match(cx, true, true);
    }

    /// Moves the feed's selection to a match from the selected row
    /// (`here`: that row itself counts), saying when there is none or the
    /// search went round.
    fn step_match(&mut self, cx: &Context, forward: bool, here: bool) {
        let Some(search) = &self.search else {
            self.notice = Some("no search: / to search".into());
            return;
        };
        let matches = cx.view.matches(cx.snapshot, search);
        if matches.is_empty() {
            self.notice = Some(format!("no match for /{search}/"));
            return;
        }
        self.focus = Pane::Feed;
        let from = self.feed_base(cx);
        let at = if forward {
            // First match after `from` (or at it).
            let start = matches.partition_point(|&row| row < from + usize::from(!here));
            matches.get(start).copied().ok_or(matches[0])
        } else {
            let end = matches.partition_point(|&row| row < from);
            end.checked_sub(1)
                .map(|i| matches[i])
                .ok_or(matches[matches.len() - 1])
        };
        let (row, wrapped) = match at {
            Ok(row) => (row, ""),
            Err(row) if forward => (row, ", wrapped to the top"),
            Err(row) => (row, ", wrapped to the bottom"),
        };
        let nth = matches.partition_point(|&r| r < row) + 1;
        self.notice = Some(format!("match {nth} of {}{wrapped}", matches.len()));
        self.select_feed_row(cx, row);
    }
}
