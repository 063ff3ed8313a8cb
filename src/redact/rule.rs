//! One compiled rule and how it rewrites text: a regex replacement (custom
//! rules and the simple built-ins), or a finder, code that looks at each
//! match and says which parts of the text are secret (the built-ins whose
//! values need judging: where a quoted value ends, whether a key names a
//! secret, whether "password: incorrect" holds one).

use std::borrow::Cow;
use std::cell::OnceCell;
use std::ops::Range;

use regex::{Captures, Match, Regex};

use super::REDACTED;

/// What a finder saw at one match.
#[derive(Debug, Default)]
pub(super) struct Found {
    /// Byte ranges of the text to hide (each becomes `[REDACTED]`).
    pub hide: Vec<Range<usize>>,
    /// Where the search goes on (at least the match's end): past the
    /// value, so a value is never searched again for keys of its own.
    pub resume: usize,
}

impl Found {
    /// One range hidden, the search resuming after it.
    pub(super) fn one(hide: Range<usize>, resume: usize) -> Found {
        Found {
            hide: vec![hide],
            resume,
        }
    }
}

/// Decides, for one match of a rule's regex in the text, what is secret;
/// None leaves the match as it is.
pub(super) type Finder = fn(&Hit<'_>, &str) -> Option<Found>;

/// One match of a rule's regex. Its groups are found only when a finder
/// asks for one: finding groups costs more than finding the match, and
/// most finders read what they need from the text themselves.
pub(super) struct Hit<'t> {
    regex: &'t Regex,
    text: &'t str,
    whole: Match<'t>,
    groups: OnceCell<Option<Captures<'t>>>,
}

impl<'t> Hit<'t> {
    /// The whole match.
    pub(super) fn whole(&self) -> Match<'t> {
        self.whole
    }

    /// The group `name`, if it took part in the match.
    pub(super) fn name(&self, name: &str) -> Option<Match<'t>> {
        self.groups().and_then(|c| c.name(name))
    }

    /// The first numbered group that took part in the match.
    pub(super) fn first_group(&self) -> Option<Match<'t>> {
        self.groups()
            .and_then(|c| c.iter().skip(1).flatten().next())
    }

    /// The groups: the same match found again from its start, which gives
    /// the same match (nothing matched before it, and from there the
    /// engine prefers the same one).
    fn groups(&self) -> Option<&Captures<'t>> {
        self.groups
            .get_or_init(|| self.regex.captures_at(self.text, self.whole.start()))
            .as_ref()
    }
}

/// How a rule rewrites what its regex matches.
#[derive(Debug, Clone)]
pub(super) enum Action {
    /// Regex replacement syntax (`${1}[REDACTED]`).
    Replace(String),
    /// A finder's ranges, each replaced with [`REDACTED`].
    Find(Finder),
}

/// A rule ready to run.
#[derive(Debug, Clone)]
pub(super) struct Rule {
    /// Its name (a built-in's, or a `[[redact]]` entry's).
    pub name: String,
    /// What it looks for.
    pub regex: Regex,
    /// What it does with what it found.
    pub action: Action,
}

impl Rule {
    /// `text` with this rule applied; None when nothing changed.
    pub(super) fn rewrite(&self, text: &str) -> Option<String> {
        match &self.action {
            Action::Replace(with) => match self.regex.replace_all(text, with.as_str()) {
                Cow::Owned(changed) => Some(changed),
                Cow::Borrowed(_) => None,
            },
            Action::Find(finder) => hide_found(&self.regex, *finder, text),
        }
    }
}

/// Runs `finder` on every match of `regex` in `text` and hides what it
/// found; None when it found nothing.
fn hide_found(regex: &Regex, finder: Finder, text: &str) -> Option<String> {
    let mut hide: Vec<Range<usize>> = Vec::new();
    let mut at = 0;
    while at <= text.len() {
        let Some(whole) = regex.find_at(text, at) else {
            break;
        };
        let hit = Hit {
            regex,
            text,
            whole,
            groups: OnceCell::new(),
        };
        let mut next = whole.end();
        if let Some(found) = finder(&hit, text) {
            next = next.max(found.resume);
            hide.extend(found.hide.into_iter().filter(|r| {
                r.start < r.end
                    && r.end <= text.len()
                    && text.is_char_boundary(r.start)
                    && text.is_char_boundary(r.end)
            }));
        }
        if next <= whole.start() {
            // An empty match: step over one character.
            next = whole.start()
                + text[whole.start()..]
                    .chars()
                    .next()
                    .map_or(1, char::len_utf8);
        }
        at = next;
    }
    if hide.is_empty() {
        return None;
    }
    hide.sort_by_key(|r| r.start);
    let mut out = String::with_capacity(text.len());
    let mut done = 0;
    for r in hide {
        if r.start < done {
            // Overlaps the range just hidden: hide the rest of it too.
            done = done.max(r.end);
            continue;
        }
        out.push_str(&text[done..r.start]);
        out.push_str(REDACTED);
        done = r.end;
    }
    out.push_str(&text[done..]);
    Some(out)
}
