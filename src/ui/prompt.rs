//! The one-line prompt at the foot of the screen, for a regex: a search
//! (`/`), an include filter (`&`) or an exclude filter (`!`). What is typed
//! is compiled once, on Enter; a bad regex keeps the prompt open with the
//! error and leaves the one in effect alone.

use super::action::Action;
use super::pattern::{MAX_PATTERN, Pattern};
use super::state::{Context, Effect, Pane, UiState};

/// What a prompt's regex is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    /// Highlight matching rows and move among them.
    Search,
    /// Show only matching issues.
    Include,
    /// Hide matching issues.
    Exclude,
}

impl PromptKind {
    /// The key that opens it, shown before the text.
    pub fn sigil(self) -> &'static str {
        match self {
            PromptKind::Search => "/",
            PromptKind::Include => "&",
            PromptKind::Exclude => "!",
        }
    }

    /// What Enter does, for the prompt line.
    pub fn hint(self) -> &'static str {
        match self {
            PromptKind::Search => "regex: Enter search · empty: none · Esc cancel",
            PromptKind::Include => "regex: Enter show only matches · empty: off · Esc cancel",
            PromptKind::Exclude => "regex: Enter hide matches · empty: off · Esc cancel",
        }
    }
}

/// A prompt being typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    /// What it is for.
    pub kind: PromptKind,
    /// What is typed so far.
    pub text: String,
    /// Why the last Enter was refused (a bad regex), until the next key.
    pub error: Option<String>,
    /// Keys were typed (or pasted) past [`MAX_PATTERN`] and dropped: Enter
    /// refuses the cut text rather than search for it.
    pub overflowed: bool,
}

impl UiState {
    /// Opens a prompt; a filter's starts with its regex, to edit.
    pub(super) fn start_prompt(&mut self, kind: PromptKind) {
        let current = match kind {
            PromptKind::Search => None,
            PromptKind::Include => self.filters.include.as_ref(),
            PromptKind::Exclude => self.filters.exclude.as_ref(),
        };
        self.prompt = Some(Prompt {
            kind,
            text: current.map(|p| p.source().to_string()).unwrap_or_default(),
            error: None,
            overflowed: false,
        });
    }

    /// A key while the prompt is open: text keys edit it, Enter confirms,
    /// Esc cancels; anything else falls through (None).
    pub(super) fn type_prompt(&mut self, action: &Action, cx: &Context) -> Option<Option<Effect>> {
        let prompt = self.prompt.as_mut()?;
        match action {
            Action::PromptChar(c) => {
                // Bounded as typed, so a paste cannot grow it without end;
                // what is dropped is said, and Enter refuses the cut text.
                if prompt.text.len() + c.len_utf8() <= MAX_PATTERN {
                    prompt.text.push(*c);
                    prompt.error = None;
                } else {
                    prompt.overflowed = true;
                    prompt.error = Some(too_long());
                }
            }
            Action::PromptBackspace => {
                prompt.text.pop();
                prompt.overflowed = false;
                prompt.error = None;
            }
            Action::PromptDone => self.confirm(cx),
            Action::Back => self.prompt = None,
            _ => return None,
        }
        Some(None)
    }

    /// Enter: compiles the text and puts it in effect (empty: none).
    fn confirm(&mut self, cx: &Context) {
        let Some(prompt) = self.prompt.as_mut() else {
            return;
        };
        if prompt.overflowed {
            prompt.error = Some(too_long());
            return;
        }
        let pattern = if prompt.text.is_empty() {
            None
        } else {
            match Pattern::new(&prompt.text) {
                Ok(pattern) => Some(pattern),
                Err(error) => {
                    prompt.error = Some(error);
                    return;
                }
            }
        };
        let kind = prompt.kind;
        self.prompt = None;
        match kind {
            PromptKind::Search => {
                self.search = pattern;
                if self.search.is_some() {
                    self.focus = Pane::Feed;
                    self.first_match(cx);
                }
            }
            PromptKind::Include | PromptKind::Exclude => {
                let slot = if kind == PromptKind::Include {
                    &mut self.filters.include
                } else {
                    &mut self.filters.exclude
                };
                // The selection stays: if the filter hides it, the feed says so.
                *slot = pattern;
            }
        }
    }
}

/// Why a prompt cut at [`MAX_PATTERN`] is refused.
fn too_long() -> String {
    format!("longer than {MAX_PATTERN} bytes, the rest was dropped (Backspace to edit)")
}
