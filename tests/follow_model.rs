//! Randomized model test of the live engine: thousands of random steps of
//! writes, partial writes, rename rotation (with writes to the old file),
//! copytruncate right after a burst, truncation, delete+recreate and
//! restarts (with writes, several rotations, compression of rotated
//! generations and truncation while stopped), on files with plain and
//! odd (not UTF-8) names, checked against a model: every complete line
//! written is delivered exactly once, in order per file. A catch-all rule
//! makes every line an issue. (Kill -9 is in `api_crash_model.rs`: the
//! engine alone re-delivers after a crash; the store makes it exact.)
//!
//! Steps that destroy unread data by nature (plain truncation, deleting a
//! file) first wait until what was written has been delivered, as a real
//! tool does not race its own writes. Rename rotation, copytruncate (the
//! copy holds what was not read) and restarts do not wait; old rotated
//! files and copies are deleted only once what they hold was delivered.
//!
//! The steps are drawn up front by proptest, so a failing sequence shrinks
//! (see `support::prop`). `LOGWARDEN_MODEL_STEPS` (default 3000) and
//! `LOGWARDEN_MODEL_SEED` run longer or other sequences;
//! `LOGWARDEN_MODEL_TRACE` sets how many recent steps a failure shows
//! (and, when set, prints them after a passing run too).

// Helpers outside #[test] functions may unwrap too: a panic fails the test.
#![allow(clippy::unwrap_used)]

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use logwarden::classify::{Classifier, RuleSet};
use logwarden::follow::{FollowConfig, Follower, Update, WatchSpec};
use logwarden::ingest::checkpoint::StateDir;
use proptest::prelude::*;
use proptest::test_runner::TestRng;
use support::prop::{self as sprop, below, chance};
use tokio::sync::mpsc::Receiver;
use tokio::sync::mpsc::error::TryRecvError;

const RULES: &str = r#"
version = 1
[types.line]
severity = "ERROR"
category = "Test"
description = "Every test line"
auto_heal = false
[[rules]]
id = "every-line"
type = "line"
match = 'LINE g\d+ s\d+'
"#;

const DEADLINE: Duration = Duration::from_secs(20);

/// One log name (`a.log`, `b.log`) and the physical file behind it now.
struct Writer {
    path: PathBuf,
    file: File,
    generation: u32,
    seq: u32,
    /// The rest of a line whose first part is written, and the line's number.
    partial: Option<(Vec<u8>, u32)>,
    /// The last sequence number written before the file was last truncated.
    truncated_after: u32,
}

struct Model {
    /// Line lengths and endings, where partial lines are cut (what the
    /// steps do is drawn by proptest).
    noise: TestRng,
    dir: PathBuf,
    state: PathBuf,
    classifier: Arc<Classifier>,
    writers: Vec<Writer>,
    next_generation: u32,
    rotations: u32,
    /// Rotated files and copies still on disk, with the generation and
    /// the last sequence number they hold, oldest first; like logrotate's
    /// `rotate N`, old ones go.
    rotated: std::collections::VecDeque<(PathBuf, u32, u32)>,
    /// Complete lines written: generation → sequence numbers.
    written: BTreeMap<u32, Vec<u32>>,
    /// Delivered (generation, sequence), in order.
    delivered: Vec<(u32, u32)>,
    seen: BTreeSet<(u32, u32)>,
    engine: Option<(Follower, Receiver<Update>)>,
    /// Files the engine may hold open (`None`: its default).
    open_files: Option<usize>,
    /// Whether files are truncated (copytruncate, or in place).
    truncations: bool,
    /// What was done lately, for the failure message.
    trace: Vec<String>,
}

impl Model {
    fn new(noise: u64) -> (tempfile::TempDir, Model) {
        let tmp = tempfile::tempdir().unwrap();
        let base = fs::canonicalize(tmp.path()).unwrap();
        let dir = base.join("logs");
        fs::create_dir(&dir).unwrap();
        let rules = RuleSet::parse("model.toml", RULES).unwrap();
        let mut model = Model {
            noise: sprop::rng(noise),
            state: base.join("state"),
            classifier: Arc::new(Classifier::new(rules).unwrap()),
            writers: Vec::new(),
            next_generation: 0,
            rotations: 0,
            rotated: Default::default(),
            written: BTreeMap::new(),
            delivered: Vec::new(),
            seen: BTreeSet::new(),
            engine: None,
            open_files: None,
            truncations: true,
            trace: Vec::new(),
            dir,
        };
        let odd = std::ffi::OsStr::from_bytes(b"caf\xe9.log");
        for name in [
            std::ffi::OsStr::new("a.log"),
            std::ffi::OsStr::new("b.log"),
            odd,
        ] {
            let path = model.dir.join(name);
            let writer = model.create(&path);
            model.writers.push(writer);
        }
        (tmp, model)
    }

    fn create(&mut self, path: &Path) -> Writer {
        self.next_generation += 1;
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .unwrap();
        Writer {
            path: path.to_path_buf(),
            file,
            generation: self.next_generation,
            seq: 0,
            partial: None,
            truncated_after: 0,
        }
    }

    fn start(&mut self, start: &Start) {
        self.note(format!("start {start:?}"));
        let mut config = FollowConfig::new(vec![WatchSpec::Dir(self.dir.clone())]);
        config.line_cap = 4096;
        config.notify = start.notify;
        if !config.notify {
            config.poll_interval = Duration::from_millis(start.poll_ms);
        }
        config.read_budget = start.read_budget;
        config.max_open_files = self.open_files;
        let state = StateDir::open(&self.state).unwrap();
        let (follower, rx) =
            Follower::start(config, self.classifier.clone(), Some(state), 64).unwrap();
        self.engine = Some((follower, rx));
        self.wait_for("ready", |m| m.ready_seen());
    }

    fn ready_seen(&mut self) -> bool {
        self.pump()
    }

    fn stop(&mut self) {
        let (follower, mut rx) = self.engine.take().unwrap();
        follower.stopper().stop();
        let start = Instant::now();
        loop {
            match rx.try_recv() {
                Ok(update) => self.record(update),
                Err(TryRecvError::Disconnected) => break,
                Err(TryRecvError::Empty) => {
                    assert!(start.elapsed() < DEADLINE, "engine did not stop");
                    std::thread::sleep(Duration::from_millis(1));
                }
            }
        }
        follower.join();
    }

    /// Takes what the engine sent; true once a Ready was among it.
    fn pump(&mut self) -> bool {
        let mut ready = false;
        let mut taken = Vec::new();
        if let Some((_, rx)) = &mut self.engine {
            while let Ok(update) = rx.try_recv() {
                ready |= matches!(update, Update::Ready { .. });
                taken.push(update);
            }
        }
        for update in taken {
            self.record(update);
        }
        ready
    }

    fn record(&mut self, update: Update) {
        match update {
            Update::Issue(issue, _) => {
                let mut words = issue.log_line.split(' ').skip(1);
                let generation = words
                    .next()
                    .and_then(|w| w.strip_prefix('g'))
                    .and_then(|n| n.parse().ok());
                let seq = words
                    .next()
                    .and_then(|w| w.strip_prefix('s'))
                    .and_then(|n| n.parse().ok());
                let (Some(g), Some(s)) = (generation, seq) else {
                    panic!("a line that was never written whole: {:?}", issue.log_line);
                };
                if !self.seen.insert((g, s)) {
                    panic!("delivered twice: g{g} s{s}\n{}", self.summary());
                }
                // Checked as it happens, so the trace shows what led to it.
                let before = self.delivered.iter().rev().find(|(dg, _)| *dg == g);
                if let Some((_, last)) = before.filter(|(_, last)| *last > s) {
                    panic!("g{g}: s{s} delivered after s{last}\n{}", self.summary());
                }
                self.delivered.push((g, s));
            }
            Update::Grew(issue, _) => panic!("single lines never grow: {:?}", issue.log_line),
            Update::Positions(_) => {}
            // Kept for the failure message: what the engine made of each step.
            Update::Notice(notice) => self.note(format!("  engine: {}", notice.message)),
            Update::Ready { .. } => {}
        }
    }

    fn wait_for(&mut self, what: &str, mut done: impl FnMut(&mut Model) -> bool) {
        let start = Instant::now();
        while !done(self) {
            assert!(
                start.elapsed() < DEADLINE,
                "gave up waiting for {what}; {}",
                self.summary()
            );
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    /// Waits until every complete line written has been delivered.
    fn sync(&mut self) {
        let total: usize = self.written.values().map(Vec::len).sum();
        self.wait_for("all lines", |m| {
            m.pump();
            m.seen.len() >= total
        });
    }

    fn summary(&self) -> String {
        let total: usize = self.written.values().map(Vec::len).sum();
        let missing: Vec<(u32, u32)> = self
            .written
            .iter()
            .flat_map(|(g, seqs)| seqs.iter().map(move |s| (*g, *s)))
            .filter(|k| !self.seen.contains(k))
            .take(10)
            .collect();
        let keep = std::env::var("LOGWARDEN_MODEL_TRACE")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(80);
        let recent = &self.trace[self.trace.len().saturating_sub(keep)..];
        format!(
            "written {total}, delivered {}, first missing {missing:?}\nlast steps:\n{}",
            self.seen.len(),
            recent.join("\n")
        )
    }

    /// A new line for writer `w`; the caller records it once it is complete.
    fn line(&mut self, w: usize) -> (Vec<u8>, u32) {
        let writer = &mut self.writers[w];
        writer.seq += 1;
        let (g, s) = (writer.generation, writer.seq);
        let len = if chance(&mut self.noise, 2) {
            5000
        } else {
            below(&mut self.noise, 120)
        };
        let mut line = format!("LINE g{g} s{s} ").into_bytes();
        line.extend((0..len).map(|i| b'a' + (i % 26) as u8));
        line.extend_from_slice(if chance(&mut self.noise, 10) {
            b"\r\n"
        } else {
            b"\n"
        });
        (line, s)
    }

    fn complete(&mut self, w: usize, seq: u32) {
        self.written
            .entry(self.writers[w].generation)
            .or_default()
            .push(seq);
    }

    /// Writes `n` lines to writer `w` (finishing a partial line first).
    fn write(&mut self, w: usize, n: u64) {
        self.note(format!(
            "write {n} to {w} (g{} after s{})",
            self.writers[w].generation, self.writers[w].seq
        ));
        let mut bytes = Vec::new();
        if let Some((rest, seq)) = self.writers[w].partial.take() {
            bytes = rest;
            self.complete(w, seq);
        }
        for _ in 0..n {
            let (line, seq) = self.line(w);
            bytes.extend(line);
            self.complete(w, seq);
        }
        self.writers[w].file.write_all(&bytes).unwrap();
    }

    fn write_partial(&mut self, w: usize) {
        if self.writers[w].partial.is_some() {
            return;
        }
        self.note(format!("partial to {w} (g{})", self.writers[w].generation));
        let (line, seq) = self.line(w);
        let cut = 1 + below(&mut self.noise, line.len() - 1);
        self.writers[w].file.write_all(&line[..cut]).unwrap();
        self.writers[w].partial = Some((line[cut..].to_vec(), seq));
    }

    fn note(&mut self, what: String) {
        self.trace.push(what);
    }

    fn finish_partial(&mut self, w: usize) {
        if let Some((rest, seq)) = self.writers[w].partial.take() {
            self.note(format!("finish partial of {w}"));
            self.writers[w].file.write_all(&rest).unwrap();
            self.complete(w, seq);
        }
    }

    /// Makes sure the engine has seen the file behind writer `w` (a file
    /// created and renamed away before anyone looked is lost by nature).
    fn ensure_known(&mut self, w: usize) {
        let g = self.writers[w].generation;
        if !self.delivered.iter().any(|(dg, _)| *dg == g) {
            self.write(w, 1);
            self.sync();
        }
    }

    /// Makes sure the engine has read some of what the file holds since it
    /// was last truncated: a copy is known by the first bytes read (one
    /// of content nobody saw cannot be told from another file).
    fn ensure_content_known(&mut self, w: usize) {
        let (g, after) = (self.writers[w].generation, self.writers[w].truncated_after);
        if !self.delivered.iter().any(|(dg, s)| *dg == g && *s > after) {
            self.write(w, 1);
            self.sync();
        }
    }

    /// The path a rotated generation or copy of writer `w` gets.
    fn rotated_name(&mut self, w: usize) -> PathBuf {
        self.rotations += 1;
        let mut name = self.writers[w].path.file_name().unwrap().to_owned();
        name.push(format!(".{}", self.rotations));
        self.dir.join(name)
    }

    /// `late`: lines the application writes to its old handle just after.
    fn rotate(&mut self, w: usize, running: bool, late: Option<u64>) {
        if running {
            self.ensure_known(w);
        }
        self.note(format!(
            "rotate {w} (g{}) running={running}",
            self.writers[w].generation
        ));
        let rotated = self.rotated_name(w);
        fs::rename(&self.writers[w].path, &rotated).unwrap();
        // The application writes to its old handle for a moment (finishing a partial line too).
        if let Some(n) = late {
            self.write(w, n);
        }
        self.finish_partial(w);
        let (generation, last) = (self.writers[w].generation, self.writers[w].seq);
        self.keep_recent(rotated, generation, last);
        let path = self.writers[w].path.clone();
        self.writers[w] = self.create(&path);
    }

    /// Records a rotated file or copy and deletes the oldest beyond eight,
    /// once every line it holds has been delivered.
    fn keep_recent(&mut self, path: PathBuf, generation: u32, last: u32) {
        self.rotated.push_back((path, generation, last));
        while self.rotated.len() > 8 {
            let (_, g, last) = self.rotated[0];
            let done = self.written.get(&g).is_none_or(|seqs| {
                seqs.iter()
                    .filter(|s| **s <= last)
                    .all(|s| self.seen.contains(&(g, *s)))
            });
            if !done {
                break;
            }
            if let Some((old, _, _)) = self.rotated.pop_front() {
                fs::remove_file(old).unwrap();
            }
        }
    }

    /// Compresses a rotated generation (gzip, as logrotate's `compress`):
    /// what was not read of it is read from the `.gz`.
    fn compress_one(&mut self) {
        let Some(i) = (0..self.rotated.len())
            .rev()
            .find(|&i| self.rotated[i].0.extension().is_none_or(|e| e != "gz"))
        else {
            return;
        };
        let from = self.rotated[i].0.clone();
        let mut name = from.file_name().unwrap().to_owned();
        name.push(".gz");
        let to = from.with_file_name(name);
        let bytes = fs::read(&from).unwrap();
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(&bytes).unwrap();
        fs::write(&to, enc.finish().unwrap()).unwrap();
        fs::remove_file(&from).unwrap();
        self.note(format!("compress {}", from.display()));
        self.rotated[i].0 = to;
    }

    fn truncate(&mut self, w: usize, copy: bool) {
        self.finish_partial(w);
        if copy {
            // copytruncate right after whatever was written: the copy holds
            // what was not read yet. The engine must have seen the file to
            // know its copy (one made before anyone looked is a new file).
            self.ensure_content_known(w);
        } else {
            self.sync();
        }
        self.note(format!(
            "truncate {w} (g{}) copy={copy}",
            self.writers[w].generation
        ));
        if copy {
            let copy = self.rotated_name(w);
            fs::copy(&self.writers[w].path, &copy).unwrap();
            let (generation, last) = (self.writers[w].generation, self.writers[w].seq);
            self.keep_recent(copy, generation, last);
        }
        self.writers[w].file.set_len(0).unwrap();
        self.writers[w].truncated_after = self.writers[w].seq;
    }

    fn recreate(&mut self, w: usize) {
        self.finish_partial(w);
        self.ensure_known(w);
        self.sync();
        self.note(format!("recreate {w} (g{})", self.writers[w].generation));
        fs::remove_file(&self.writers[w].path).unwrap();
        let path = self.writers[w].path.clone();
        self.writers[w] = self.create(&path);
    }

    fn restart(&mut self, restart: &Restart) {
        let truncate_while_stopped = self.truncations && restart.truncate;
        if truncate_while_stopped {
            for w in 0..self.writers.len() {
                self.finish_partial(w);
            }
            self.sync();
        }
        let known: Vec<bool> = (0..self.writers.len())
            .map(|w| {
                self.delivered
                    .iter()
                    .any(|(g, _)| *g == self.writers[w].generation)
            })
            .collect();
        self.note(format!(
            "stop (truncate while stopped: {truncate_while_stopped})"
        ));
        self.stop();
        let w = restart.w % self.writers.len();
        if truncate_while_stopped {
            self.note(format!("truncate {w} while stopped"));
            self.writers[w].file.set_len(0).unwrap();
            self.writers[w].truncated_after = self.writers[w].seq;
        } else if known[w] && !restart.rotations.is_empty() {
            // One to three rotations while stopped, with lines between them.
            for &(n, late) in &restart.rotations {
                self.write(w, n);
                self.rotate(w, false, late);
            }
            if restart.compress {
                self.compress_one();
            }
        }
        for (w, n) in restart.writes.iter().enumerate() {
            if let Some(n) = *n {
                self.write(w % self.writers.len(), n);
            }
        }
        self.start(&restart.start);
    }

    fn step(&mut self, step: &Step) {
        let writers = self.writers.len();
        match *step {
            Step::Write { w, n } => self.write(w % writers, n),
            Step::Burst { w, n, copy } => {
                // A burst, then maybe copytruncate at once.
                self.write(w % writers, n);
                if self.truncations && copy {
                    self.truncate(w % writers, true);
                }
            }
            Step::Partial { w } => self.write_partial(w % writers),
            Step::Rotate { w, late } => self.rotate(w % writers, true, late),
            Step::Truncate { w, copy } if self.truncations => self.truncate(w % writers, copy),
            Step::Truncate { w, .. } => self.write_partial(w % writers),
            Step::Recreate { w } => self.recreate(w % writers),
            Step::Restart(ref restart) => self.restart(restart),
        }
        self.pump();
    }

    fn check(&self) {
        let mut last: BTreeMap<u32, u32> = BTreeMap::new();
        for &(g, s) in &self.delivered {
            let previous = last.insert(g, s).unwrap_or(0);
            assert!(s > previous, "g{g}: s{s} delivered after s{previous}");
        }
        let written: BTreeSet<(u32, u32)> = self
            .written
            .iter()
            .flat_map(|(g, seqs)| seqs.iter().map(move |s| (*g, *s)))
            .collect();
        assert_eq!(self.seen, written, "{}", self.summary());
    }
}

/// An engine left running by a failed case would outlive it.
impl Drop for Model {
    fn drop(&mut self) {
        if let Some((follower, rx)) = self.engine.take() {
            // Dropped first, so the engine never waits on a full channel.
            drop(rx);
            follower.stopper().stop();
            follower.join();
        }
    }
}

/// How the engine is started.
#[derive(Clone, Debug)]
struct Start {
    notify: bool,
    /// The poll interval when `notify` is off.
    poll_ms: u64,
    read_budget: usize,
}

fn start() -> impl Strategy<Value = Start> {
    (
        proptest::bool::weighted(0.7),
        20..100u64,
        proptest::sample::select(vec![4096, 65536, 1 << 20]),
    )
        .prop_map(|(notify, poll_ms, read_budget)| Start {
            notify,
            poll_ms,
            read_budget,
        })
}

/// A stop, what happens while stopped, a start.
#[derive(Clone, Debug)]
struct Restart {
    /// Truncate writer `w` while stopped (when the run truncates).
    truncate: bool,
    w: usize,
    /// Otherwise rotations of `w` while stopped (if the engine knew its
    /// file): lines before each and lines written late to the old file.
    rotations: Vec<(u64, Option<u64>)>,
    /// Then compress the newest rotated generation.
    compress: bool,
    /// Lines to each writer while stopped.
    writes: [Option<u64>; 3],
    start: Start,
}

/// One step. Writers are raw choices (taken modulo the writer count) and
/// what a step needs first (a sync, a line the engine must have seen) is
/// decided when it runs, so a shrunk sequence still runs.
#[derive(Clone, Debug)]
enum Step {
    Write {
        w: usize,
        n: u64,
    },
    /// Many lines, then maybe copytruncate at once.
    Burst {
        w: usize,
        n: u64,
        copy: bool,
    },
    /// Part of a line (the rest comes with the next write).
    Partial {
        w: usize,
    },
    /// Rename rotation, maybe with lines written late to the old file.
    Rotate {
        w: usize,
        late: Option<u64>,
    },
    /// copytruncate or plain truncation; a partial line in runs without
    /// truncations.
    Truncate {
        w: usize,
        copy: bool,
    },
    /// Delete and create anew.
    Recreate {
        w: usize,
    },
    Restart(Restart),
}

fn late() -> impl Strategy<Value = Option<u64>> {
    proptest::option::weighted(0.6, 0..5u64)
}

fn restart() -> impl Strategy<Value = Restart> {
    let rotations = prop_oneof![
        6 => Just(Vec::new()),
        4 => proptest::collection::vec((0..10u64, late()), 1..=3),
    ];
    let writes = [(); 3].map(|()| proptest::option::of(0..10u64));
    (
        proptest::bool::weighted(0.2),
        0..3usize,
        rotations,
        any::<bool>(),
        writes,
        start(),
    )
        .prop_map(
            |(truncate, w, rotations, compress, writes, start)| Restart {
                truncate,
                w,
                rotations,
                compress,
                writes,
                start,
            },
        )
}

fn step() -> impl Strategy<Value = Step> {
    let w = || 0..3usize;
    prop_oneof![
        50 => (w(), 1..=20u64).prop_map(|(w, n)| Step::Write { w, n }),
        5 => (w(), 200..2200u64, any::<bool>()).prop_map(|(w, n, copy)| Step::Burst { w, n, copy }),
        15 => w().prop_map(|w| Step::Partial { w }),
        8 => (w(), late()).prop_map(|(w, late)| Step::Rotate { w, late }),
        10 => (w(), any::<bool>()).prop_map(|(w, copy)| Step::Truncate { w, copy }),
        5 => w().prop_map(|w| Step::Recreate { w }),
        7 => restart().prop_map(Step::Restart),
    ]
}

#[test]
fn every_line_is_delivered_exactly_once_in_order_per_file() {
    run_model(3000, None, true);
}

/// The same with one file held open at a time: every other file (the
/// second log, rotated ones being finished) is closed and reopened in turn.
/// Rotations, compression, re-creation and restarts; no truncation (see
/// the next test).
#[test]
fn every_line_is_delivered_when_files_are_closed_between_turns() {
    run_model(1000, Some(1), false);
}

/// Known gap: with files closed for lack of descriptors and truncations
/// too, about half the runs of 1,000 steps still read a line twice or miss
/// a few: where the filesystem keeps no birth times, a closed file's inode
/// number, once reused (the model deletes old generations), cannot be told
/// from its own, and a copy can be taken for an unread generation. Run
/// with `cargo test -- --ignored` while working on it.
#[test]
#[ignore = "known gap: truncation of a closed file then rotation re-reads lines"]
fn every_line_is_delivered_when_closed_files_are_truncated() {
    run_model(1000, Some(1), true);
}

fn run_model(default_steps: usize, open_files: Option<usize>, truncations: bool) {
    let steps = sprop::knob("LOGWARDEN_MODEL_STEPS", default_steps as u64) as usize;
    let seed = sprop::knob("LOGWARDEN_MODEL_SEED", 0x5eed_f10c);
    // The noise seed only shapes lines: not worth shrinking. The steps
    // shrink first (a tuple shrinks in order): they cost the most.
    let case = (
        any::<u64>().no_shrink(),
        sprop::steps(step(), steps),
        start(),
    );
    sprop::check(
        "LOGWARDEN_MODEL_SEED",
        seed,
        case,
        |(noise, sequence, start)| {
            let whole = sequence.len() == steps;
            run(noise, &start, &sequence, open_files, truncations, whole);
        },
    );
}

/// Runs one sequence; `whole` (not a shrunk one) must also mean something.
fn run(
    noise: u64,
    start: &Start,
    sequence: &[Step],
    open_files: Option<usize>,
    truncations: bool,
    whole: bool,
) {
    let (_tmp, mut model) = Model::new(noise);
    model.open_files = open_files;
    model.truncations = truncations;
    model.start(start);
    for step in sequence {
        model.step(step);
    }
    for w in 0..model.writers.len() {
        model.finish_partial(w);
    }
    model.sync();
    model.stop();
    model.check();
    if std::env::var_os("LOGWARDEN_MODEL_TRACE").is_some() {
        eprintln!("{}", model.summary());
    }
    let total: usize = model.written.values().map(Vec::len).sum();
    let steps = sequence.len();
    if whole {
        assert!(
            total > steps,
            "the run wrote too little to mean anything: {total} lines"
        );
    }
    eprintln!(
        "{steps} steps, {total} lines, {} files, {} rotations",
        model.next_generation, model.rotations
    );
}
