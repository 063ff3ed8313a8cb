//! Proptest glue for the model tests, whose every case runs the real
//! engine or binary for seconds: a sequence strategy that shrinks by
//! halves, a runner seeded from the tests' own knobs, and seeded
//! randomness for details not worth shrinking (line lengths).

use std::fmt::Debug;

use proptest::prelude::RngExt;
use proptest::strategy::{NewTree, Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, RngSeed, TestError, TestRng, TestRunner};

/// Exactly `len` values of `element`, shrinking to fewer. Proptest's own
/// `vec(element, len)` never shrinks below `len`, and removes one element
/// per try: far too slow when a try takes seconds.
pub fn steps<S: Strategy>(element: S, len: usize) -> Steps<S> {
    Steps { element, len }
}

/// See [`steps`].
#[derive(Debug)]
pub struct Steps<S> {
    element: S,
    len: usize,
}

impl<S: Strategy> Strategy for Steps<S> {
    type Tree = StepsTree<S::Tree>;
    type Value = Vec<S::Value>;

    fn new_tree(&self, runner: &mut TestRunner) -> NewTree<Self> {
        let elements = (0..self.len)
            .map(|_| self.element.new_tree(runner))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(StepsTree {
            live: (0..elements.len()).collect(),
            chunk: elements.len(),
            end: elements.len(),
            shrinking: 0,
            last: Last::Nothing,
            elements,
        })
    }
}

/// Removes chunks of steps, the whole first, then halves, quarters and so
/// on, each size from the end backwards (what follows a failure goes
/// first); then shrinks the steps that are left one by one.
pub struct StepsTree<T> {
    elements: Vec<T>,
    /// Indices of the elements still in the sequence.
    live: Vec<usize>,
    /// How many steps the next removal takes out (0: removals are done).
    chunk: usize,
    /// Where in `live` the next removal ends.
    end: usize,
    /// Where in `live` element shrinking is.
    shrinking: usize,
    last: Last,
}

enum Last {
    Nothing,
    Removed(usize, Vec<usize>),
    Shrunk(usize),
}

impl<T: ValueTree> StepsTree<T> {
    /// Moves to the next simpler candidate; false when there is none, the
    /// current value then being the last failing one.
    fn next_candidate(&mut self) -> bool {
        while self.chunk > 0 {
            if self.end == 0 {
                self.chunk /= 2;
                self.end = self.live.len();
                continue;
            }
            let start = self.end.saturating_sub(self.chunk);
            let removed = self.live.drain(start..self.end).collect();
            self.end = start;
            self.last = Last::Removed(start, removed);
            return true;
        }
        while self.shrinking < self.live.len() {
            let i = self.live[self.shrinking];
            if self.elements[i].simplify() {
                self.last = Last::Shrunk(i);
                return true;
            }
            self.shrinking += 1;
        }
        false
    }
}

impl<T: ValueTree> ValueTree for StepsTree<T> {
    type Value = Vec<T::Value>;

    fn current(&self) -> Self::Value {
        self.live
            .iter()
            .map(|&i| self.elements[i].current())
            .collect()
    }

    fn simplify(&mut self) -> bool {
        self.next_candidate()
    }

    /// The last candidate passed: undo it and go on to the next one at
    /// once (rather than re-running the known failure, as proptest's own
    /// trees do), and past an element that cannot be shrunk further.
    fn complicate(&mut self) -> bool {
        match std::mem::replace(&mut self.last, Last::Nothing) {
            Last::Nothing => false,
            Last::Removed(at, removed) => {
                self.live.splice(at..at, removed);
                self.next_candidate()
            }
            Last::Shrunk(i) => {
                if self.elements[i].complicate() {
                    self.last = Last::Shrunk(i);
                    true
                } else {
                    self.shrinking += 1;
                    self.next_candidate()
                }
            }
        }
    }
}

/// A u64 from environment variable `var`, else `default`.
pub fn knob(var: &str, default: u64) -> u64 {
    std::env::var(var)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Runs `test` on values of `strategy` drawn from `seed`: one case unless
/// `PROPTEST_CASES` says otherwise; a failure shrinks for at most 64 runs
/// or 5 minutes (`PROPTEST_MAX_SHRINK_ITERS`, `PROPTEST_MAX_SHRINK_TIME`
/// in ms), since every run starts real processes. Nothing is written to
/// `proptest-regressions/`: the seed replays a failure.
pub fn check<S>(seed_var: &str, seed: u64, strategy: S, test: impl Fn(S::Value))
where
    S: Strategy,
    S::Value: Debug,
{
    let set = |var: &str| std::env::var_os(var).is_some();
    let mut config = Config {
        failure_persistence: None,
        rng_seed: RngSeed::Fixed(seed),
        ..Config::default()
    };
    if !set("PROPTEST_CASES") {
        config.cases = 1;
    }
    if !set("PROPTEST_MAX_SHRINK_ITERS") {
        config.max_shrink_iters = 64;
    }
    if !set("PROPTEST_MAX_SHRINK_TIME") {
        config.max_shrink_time = 300_000;
    }
    let mut runner = TestRunner::new(config);
    let result = runner.run(&strategy, |value| {
        test(value);
        Ok(())
    });
    match result {
        Ok(()) => {}
        Err(TestError::Fail(why, value)) => {
            panic!("{why}\nsmallest failing case found: {value:#?}\nreplay with {seed_var}={seed}")
        }
        Err(TestError::Abort(why)) => panic!("{why}"),
    }
}

/// Seeded randomness for what a step does not shrink (line lengths).
pub fn rng(seed: u64) -> TestRng {
    let mut bytes = [0; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    TestRng::from_seed(RngAlgorithm::ChaCha, &bytes)
}

/// True `percent` times in a hundred.
pub fn chance(rng: &mut TestRng, percent: u32) -> bool {
    rng.random_ratio(percent, 100)
}

/// A number in `0..n`.
pub fn below(rng: &mut TestRng, n: usize) -> usize {
    rng.random_range(0..n)
}
