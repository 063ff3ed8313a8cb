//! The rules' literal automaton and the fast "which lines hold a literal"
//! scan over a whole block.
//!
//! With thousands of literals the automaton's table is several megabytes,
//! so a plain search waits on a cache miss at almost every byte. The block
//! scan runs several searches at once over separate stretches of lines, in
//! lockstep: their table lookups overlap in the memory system instead of
//! queuing (about twice the speed on a 2,000-literal set). Which lines have
//! a hit is the same as a one-by-one search finds (see the tests).

use aho_corasick::automaton::{Automaton, OverlappingState, StateID};
use aho_corasick::dfa::DFA;
use aho_corasick::{AhoCorasick, Anchored, Input, MatchKind};

/// Searches run side by side in [`LiteralGate::block_hits`]; four hide most
/// of the latency on current x86 and ARM cores, more adds little (the
/// stepping loop is written out for four).
const STREAMS: usize = 4;
/// Below this many bytes a block is scanned by one search (the set-up of
/// the side-by-side scan would cost more than it saves).
const LOCKSTEP_MIN: usize = 16 * 1024;

/// Literals searched over ASCII-lowercased text; pattern ids are the
/// literals' indexes.
#[derive(Debug)]
pub(crate) enum LiteralGate {
    /// The usual case: a DFA, stepped by hand for the block scan.
    Dfa(Box<DFA>),
    /// The literal set is too large for a DFA: an NFA, searched normally.
    Nfa(AhoCorasick),
}

impl LiteralGate {
    /// Builds the automaton, falling back to an NFA when a DFA would exceed
    /// its size limit.
    pub(crate) fn new<P: AsRef<[u8]>>(
        literals: &[P],
    ) -> Result<LiteralGate, aho_corasick::BuildError> {
        // No prefilter: with this many literals none is selective, and
        // without one the start state is not special, which keeps the
        // stepping loop's check to a single comparison.
        let dfa = DFA::builder()
            .match_kind(MatchKind::Standard)
            .prefilter(false)
            .build(literals);
        match dfa {
            Ok(dfa) => Ok(LiteralGate::Dfa(Box::new(dfa))),
            Err(_) => Ok(LiteralGate::Nfa(
                AhoCorasick::builder()
                    .match_kind(MatchKind::Standard)
                    .build(literals)?,
            )),
        }
    }

    /// Start of the first literal in `hay[from..]`.
    pub(crate) fn find(&self, hay: &[u8], from: usize) -> Option<usize> {
        let input = Input::new(hay).span(from..hay.len());
        match self {
            // An unanchored search of a Standard DFA cannot fail.
            LiteralGate::Dfa(dfa) => dfa.try_find(&input).ok().flatten().map(|m| m.start()),
            LiteralGate::Nfa(ac) => ac.find(input).map(|m| m.start()),
        }
    }

    /// Calls `each` with every literal occurrence in `hay`, overlapping
    /// ones included.
    pub(crate) fn for_each_overlapping(&self, hay: &[u8], mut each: impl FnMut(Hit)) {
        match self {
            LiteralGate::Dfa(dfa) => {
                let input = Input::new(hay);
                let mut state = OverlappingState::start();
                while let Ok(()) = dfa.try_find_overlapping(&input, &mut state) {
                    let Some(m) = state.get_match() else { break };
                    each(Hit::of(m));
                }
            }
            LiteralGate::Nfa(ac) => {
                ac.find_overlapping_iter(hay).for_each(|m| each(Hit::of(m)));
            }
        }
    }

    /// Fills `out` with every literal occurrence in `hay`, overlapping ones
    /// included, in ascending order of where they end. The same as
    /// [`LiteralGate::for_each_overlapping`] over the whole of `hay`, as
    /// long as no literal holds `\n` (a literal never does: lines are
    /// split at it before they are matched).
    pub(crate) fn block_hits(&self, hay: &[u8], out: &mut Vec<Hit>) {
        out.clear();
        match self {
            LiteralGate::Dfa(dfa) if hay.len() >= LOCKSTEP_MIN => lockstep(dfa, hay, out),
            LiteralGate::Dfa(dfa) => {
                let Ok(start) = dfa.start_state(Anchored::No) else {
                    return;
                };
                step_alone(dfa, hay, 0..hay.len(), start, out);
            }
            LiteralGate::Nfa(ac) => out.extend(ac.find_overlapping_iter(hay).map(Hit::of)),
        }
    }
}

/// One literal occurrence found by [`LiteralGate::block_hits`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hit {
    /// Where it starts.
    pub start: usize,
    /// Just past its last byte.
    pub end: usize,
    /// Which literal (its index).
    pub literal: usize,
}

impl Hit {
    fn of(m: aho_corasick::Match) -> Hit {
        Hit {
            start: m.start(),
            end: m.end(),
            literal: m.pattern().as_usize(),
        }
    }
}

/// Records every literal that ends at `at` (the DFA is in match state `sid`).
fn record(dfa: &DFA, sid: StateID, at: usize, out: &mut Vec<Hit>) {
    for n in 0..dfa.match_len(sid) {
        let literal = dfa.match_pattern(sid, n);
        out.push(Hit {
            start: at + 1 - dfa.pattern_len(literal),
            end: at + 1,
            literal: literal.as_usize(),
        });
    }
}

/// Steps one search over `hay[range]`, recording hits; returns the state.
fn step_alone(
    dfa: &DFA,
    hay: &[u8],
    range: std::ops::Range<usize>,
    mut sid: StateID,
    out: &mut Vec<Hit>,
) -> StateID {
    for at in range {
        sid = dfa.next_state(Anchored::No, sid, hay[at]);
        if dfa.is_match(sid) {
            record(dfa, sid, at, out);
        }
    }
    sid
}

/// [`LiteralGate::block_hits`] with [`STREAMS`] searches side by side, each
/// over its own stretch of whole lines (a literal never spans two lines).
fn lockstep(dfa: &DFA, hay: &[u8], out: &mut Vec<Hit>) {
    let Ok(start) = dfa.start_state(Anchored::No) else {
        return;
    };
    // Stretch k is hay[at[k]..end[k]]; each begins where the one before ends.
    let mut at = [0usize; STREAMS];
    let mut end = [0usize; STREAMS];
    let mut from = 0;
    for k in 0..STREAMS {
        let cut = hay.len() * (k + 1) / STREAMS;
        end[k] = if k + 1 == STREAMS {
            hay.len()
        } else {
            memchr::memchr(b'\n', &hay[cut.max(from)..])
                .map_or(hay.len(), |n| cut.max(from) + n + 1)
        };
        at[k] = from;
        from = end[k];
    }
    let mut state = [start; STREAMS];
    let mut found: [Vec<Hit>; STREAMS] = Default::default();
    loop {
        let run = (0..STREAMS).map(|k| end[k] - at[k]).min().unwrap_or(0);
        if run == 0 {
            break;
        }
        // Step every search `run` bytes, or until one of them matches.
        // Zipped slices, so the loop has no bounds checks.
        let [s0, s1, s2, s3] = at.map(|from| &hay[from..from + run]);
        let [mut q0, mut q1, mut q2, mut q3] = state;
        let mut step = run;
        let bytes = s0.iter().zip(s1).zip(s2).zip(s3);
        for (n, (((&b0, &b1), &b2), &b3)) in bytes.enumerate() {
            q0 = dfa.next_state(Anchored::No, q0, b0);
            q1 = dfa.next_state(Anchored::No, q1, b1);
            q2 = dfa.next_state(Anchored::No, q2, b2);
            q3 = dfa.next_state(Anchored::No, q3, b3);
            if dfa.is_match(q0) | dfa.is_match(q1) | dfa.is_match(q2) | dfa.is_match(q3) {
                step = n + 1;
                break;
            }
        }
        state = [q0, q1, q2, q3];
        for k in 0..STREAMS {
            at[k] += step;
            if dfa.is_match(state[k]) {
                record(dfa, state[k], at[k] - 1, &mut found[k]);
            }
        }
    }
    // The searches whose stretch is longer finish alone.
    for k in 0..STREAMS {
        step_alone(dfa, hay, at[k]..end[k], state[k], &mut found[k]);
    }
    for hits in &found {
        out.extend_from_slice(hits);
    }
}

#[cfg(test)]
mod tests;
