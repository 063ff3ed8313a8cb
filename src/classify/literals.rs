//! Required-literal extraction: for a regex, a set of strings such that every
//! match contains at least one of them. The classifier searches all of them at
//! once (Aho-Corasick over ASCII-lowercased text) and runs a rule's regex only
//! on lines that contain one of its literals.
//!
//! Soundness is what matters: missing a literal would make a rule silently
//! never fire. Every literal is ASCII-lowercased, and the haystack is too, so
//! case-insensitive patterns are covered. Strings are built bottom-up over the
//! regex's HIR, the way code search engines derive their trigram queries.

use std::collections::BTreeSet;

use regex_syntax::hir::{Class, Hir, HirKind};

/// Shortest literal worth searching for; shorter ones would flag most lines.
pub(crate) const MIN_USEFUL_LEN: usize = 3;
/// Bound on how many strings a finite sub-language may expand to (128 lets
/// `5[0-9][0-9]` expand to its 100 status codes).
const MAX_SET: usize = 128;
/// The two non-ASCII characters Unicode case folding maps onto ASCII letters
/// (KELVIN SIGN → k, LONG S → s). Literals leave them out, which would be
/// unsound, so the scanner verifies any line containing one against every
/// rule instead (see [`line_needs_full_check`]).
pub(crate) const ASCII_FOLD_EXOTICS: [char; 2] = ['\u{212A}', '\u{17F}'];
/// Literals longer than this are not built (a prefix of one is required
/// too), which also keeps pathological repetitions like `x{1000}{1000}` cheap.
const MAX_LITERAL: usize = 64;
/// Classes with more members than this are not expanded.
const MAX_CLASS: usize = 10;

type Set = BTreeSet<Vec<u8>>;

/// What is known about the strings a sub-expression matches.
#[derive(Debug, Clone)]
struct Info {
    /// The complete (finite, small) set of strings it matches, lowercased.
    exact: Option<Set>,
    /// A set at least one of which every match contains; `None` if unknown.
    required: Option<Set>,
}

impl Info {
    fn unknown() -> Self {
        Info {
            exact: None,
            required: None,
        }
    }

    fn exact(set: Set) -> Self {
        let required = usable_required(&set);
        Info {
            exact: Some(set),
            required,
        }
    }

    /// The best set to require: the exact language if known, else `required`.
    fn best_required(&self) -> Option<Set> {
        pick_better(
            self.exact.as_ref().and_then(usable_required),
            self.required.clone(),
        )
    }
}

/// Literals (lowercased) of which every match of `hir` contains one, or
/// `None` when no set of useful (≥ [`MIN_USEFUL_LEN`]) literals exists.
/// Among several sound choices, the one ordinary log text contains least
/// often wins (see [`super::rarity`]), then the one with longer literals.
pub(crate) fn required_literals(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    let set = analyze(hir).best_required()?;
    if min_len(&set) < MIN_USEFUL_LEN {
        return None;
    }
    Some(set.into_iter().collect())
}

fn analyze(hir: &Hir) -> Info {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Info::exact(Set::from([Vec::new()])),
        HirKind::Literal(lit) => Info::exact(Set::from([lower(&lit.0)])),
        HirKind::Class(class) => class_strings(class).map_or_else(Info::unknown, Info::exact),
        HirKind::Capture(cap) => analyze(&cap.sub),
        HirKind::Repetition(rep) => {
            let sub = analyze(&rep.sub);
            repetition(sub, rep.min, rep.max)
        }
        HirKind::Concat(items) => concat(items.iter().map(analyze)),
        HirKind::Alternation(items) => alternation(items.iter().map(analyze)),
    }
}

fn repetition(sub: Info, min: u32, max: Option<u32>) -> Info {
    if min == 0 {
        // `x?` over a small language stays exact: {"", x...}.
        if max == Some(1)
            && let Some(mut set) = sub.exact
        {
            set.insert(Vec::new());
            return Info::exact(set);
        }
        return Info::unknown();
    }
    if Some(min) == max
        && let Some(set) = &sub.exact
    {
        let mut acc = Set::from([Vec::new()]);
        for _ in 0..min {
            match product(&acc, set) {
                Some(next) => acc = next,
                None => {
                    // The copies built so far are a required prefix.
                    let required = pick_better(usable_required(&acc), sub.best_required());
                    return Info {
                        exact: None,
                        required,
                    };
                }
            }
        }
        return Info::exact(acc);
    }
    // At least one copy of `sub` is in every match.
    Info {
        exact: None,
        required: sub.best_required(),
    }
}

fn concat(items: impl Iterator<Item = Info>) -> Info {
    // `run` is the exact language of the current stretch of exact items.
    let mut run: Set = Set::from([Vec::new()]);
    let mut all_exact = true;
    let mut best: Option<Set> = None;
    for item in items {
        match &item.exact {
            Some(next) => match product(&run, next) {
                Some(joined) => run = joined,
                None => {
                    // Too many combinations: the run so far is still required.
                    best = pick_better(best, usable_required(&run));
                    run = next.clone();
                    all_exact = false;
                }
            },
            None => {
                best = pick_better(best, usable_required(&run));
                best = pick_better(best, item.best_required());
                run = Set::from([Vec::new()]);
                all_exact = false;
            }
        }
    }
    if all_exact {
        return Info::exact(run);
    }
    Info {
        exact: None,
        required: pick_better(best, usable_required(&run)),
    }
}

fn alternation(items: impl Iterator<Item = Info>) -> Info {
    let mut exact: Option<Set> = Some(Set::new());
    let mut required: Option<Set> = Some(Set::new());
    for item in items {
        exact = match (exact, &item.exact) {
            (Some(mut acc), Some(set)) if acc.len() + set.len() <= MAX_SET => {
                acc.extend(set.iter().cloned());
                Some(acc)
            }
            _ => None,
        };
        required = match (required, item.best_required()) {
            (Some(mut acc), Some(set)) => {
                acc.extend(set);
                Some(acc)
            }
            _ => None,
        };
    }
    match exact {
        Some(set) => Info::exact(set),
        None => Info {
            exact: None,
            required,
        },
    }
}

/// Every string of `a` followed by every string of `b`, if not too many
/// and not too long.
fn product(a: &Set, b: &Set) -> Option<Set> {
    if a.len().saturating_mul(b.len()) > MAX_SET {
        return None;
    }
    let longest = |s: &Set| s.iter().map(Vec::len).max().unwrap_or(0);
    if longest(a) + longest(b) > MAX_LITERAL {
        return None;
    }
    let mut out = Set::new();
    for x in a {
        for y in b {
            let mut joined = x.clone();
            joined.extend_from_slice(y);
            out.insert(joined);
        }
    }
    Some(out)
}

/// The members of a small class as lowercased strings.
fn class_strings(class: &Class) -> Option<Set> {
    let mut out = Set::new();
    match class {
        Class::Unicode(cls) => {
            for range in cls.ranges() {
                let count = (range.end() as u32).saturating_sub(range.start() as u32) + 1;
                if out.len() + count as usize > MAX_CLASS * 2 {
                    return None;
                }
                for ch in range.start()..=range.end() {
                    if ASCII_FOLD_EXOTICS.contains(&ch) && cls.ranges().len() > 1 {
                        continue;
                    }
                    let mut buf = [0u8; 4];
                    out.insert(lower(ch.encode_utf8(&mut buf).as_bytes()));
                }
            }
        }
        Class::Bytes(cls) => {
            for range in cls.ranges() {
                let count = usize::from(range.end() - range.start()) + 1;
                if out.len() + count > MAX_CLASS * 2 {
                    return None;
                }
                for b in range.start()..=range.end() {
                    out.insert(vec![b.to_ascii_lowercase()]);
                }
            }
        }
    }
    (out.len() <= MAX_CLASS).then_some(out)
}

/// A set is usable as a requirement only if none of its strings is empty.
fn usable_required(set: &Set) -> Option<Set> {
    (!set.is_empty() && set.iter().all(|s| !s.is_empty())).then(|| set.clone())
}

fn min_len(set: &Set) -> usize {
    set.iter().map(Vec::len).min().unwrap_or(0)
}

/// Prefers the set ordinary log text contains least (fewer lines to verify),
/// then longer shortest literals, then fewer literals. Sets with a literal
/// shorter than [`MIN_USEFUL_LEN`] always lose to sets without one.
fn pick_better(a: Option<Set>, b: Option<Set>) -> Option<Set> {
    match (a, b) {
        (Some(a), Some(b)) => Some(if score(&b) < score(&a) { b } else { a }),
        (a, None) => a,
        (None, b) => b,
    }
}

/// Lower is better.
fn score(set: &Set) -> (bool, usize, std::cmp::Reverse<usize>, usize) {
    let short = min_len(set) < MIN_USEFUL_LEN;
    let hits = set.iter().map(|l| super::rarity::sample_hits(l)).sum();
    (
        short,
        hits,
        std::cmp::Reverse(min_len(set).min(8)),
        set.len(),
    )
}

/// True when `text` holds a character the literals deliberately ignore.
pub(crate) fn line_needs_full_check(text: &[u8]) -> bool {
    // The exotics are not ASCII: most lines are done with one quick scan.
    if text.is_ascii() {
        return false;
    }
    ASCII_FOLD_EXOTICS.iter().any(|c| {
        let mut buf = [0u8; 4];
        memchr::memmem::find(text, c.encode_utf8(&mut buf).as_bytes()).is_some()
    })
}

fn lower(bytes: &[u8]) -> Vec<u8> {
    bytes.to_ascii_lowercase()
}

#[cfg(test)]
mod tests;
