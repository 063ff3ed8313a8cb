//! Randomized model of the headless server killed with SIGKILL at random
//! points (and sometimes stopped cleanly), while its logs get bursts,
//! rename rotations (several while it is down, some compressed) and
//! copytruncate right after bursts. The issue history and the read
//! positions are saved together, so however it is killed, every line
//! written is counted exactly once in the end: the sum of the group counts
//! equals the lines written.
//!
//! The steps are drawn up front by proptest, so a failing sequence shrinks
//! (see `support::prop`). `LOGWARDEN_CRASH_STEPS` (default 150) and
//! `LOGWARDEN_CRASH_SEED` run longer or other sequences.

// Helpers outside #[test] functions may unwrap too: a panic fails the test.
#![allow(clippy::unwrap_used)]

mod support;

use std::fs::{self, File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::test_runner::TestRng;
use support::prop;

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

const DEADLINE: Duration = Duration::from_secs(90);

struct Writer {
    path: PathBuf,
    file: File,
    generation: u32,
    seq: u32,
}

struct Model {
    /// Line content only (what the steps do is drawn by proptest).
    noise: TestRng,
    base: PathBuf,
    logs: PathBuf,
    writers: Vec<Writer>,
    generations: u32,
    rotations: u32,
    written: u64,
    /// Lines written per generation.
    per_generation: std::collections::BTreeMap<u32, u64>,
    server: Option<(Child, String)>,
    trace: Vec<String>,
}

impl Model {
    fn new(seed: u64) -> (tempfile::TempDir, Model) {
        let tmp = tempfile::tempdir().unwrap();
        let base = fs::canonicalize(tmp.path()).unwrap();
        let logs = base.join("logs");
        fs::create_dir(&logs).unwrap();
        fs::write(base.join("rules.toml"), RULES).unwrap();
        let mut model = Model {
            noise: prop::rng(seed),
            base,
            logs,
            writers: Vec::new(),
            generations: 0,
            rotations: 0,
            written: 0,
            per_generation: Default::default(),
            server: None,
            trace: Vec::new(),
        };
        for name in ["a.log", "b.log"] {
            let path = model.logs.join(name);
            let writer = model.create(&path);
            model.writers.push(writer);
        }
        (tmp, model)
    }

    fn create(&mut self, path: &Path) -> Writer {
        self.generations += 1;
        Writer {
            path: path.to_path_buf(),
            file: OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .unwrap(),
            generation: self.generations,
            seq: 0,
        }
    }

    fn start(&mut self) {
        self.trace.push("start".into());
        let state = self.base.join("state");
        let rules = self.base.join("rules.toml");
        let mut child = Command::new(env!("CARGO_BIN_EXE_logwarden"))
            .args(["--no-tui", "--api", "127.0.0.1:0", "--state"])
            .arg(&state)
            .arg("--patterns")
            .arg(&rules)
            .arg(&self.logs)
            .env("XDG_CONFIG_HOME", "/nonexistent-logwarden-test-config")
            .env_remove("LOGWARDEN_API_TOKEN")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("binary runs");
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let mut addr = None;
        for line in lines.by_ref() {
            let line = line.unwrap_or_default();
            if let Some(a) = line.strip_prefix("logwarden: API on http://") {
                addr = Some(a.to_string());
            }
            if line.starts_with("logwarden: watching") {
                break;
            }
        }
        // Keep draining stderr so the server never blocks on it.
        std::thread::spawn(move || lines.for_each(drop));
        let addr = addr.expect("the address is printed before readiness");
        self.server = Some((child, addr));
    }

    /// SIGKILL: nothing saved on the way out.
    fn crash(&mut self) {
        self.trace.push("kill -9".into());
        if let Some((mut child, _)) = self.server.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// SIGTERM: a clean stop.
    fn stop(&mut self) {
        self.trace.push("stop".into());
        if let Some((mut child, _)) = self.server.take() {
            support::watch::signal(&child, libc::SIGTERM);
            let status = child.wait().unwrap();
            assert!(status.success(), "{status}");
        }
    }

    /// Each group's count by the generation in its latest line.
    fn by_generation(&self) -> Vec<(String, u64)> {
        let (_, addr) = self.server.as_ref().expect("running");
        let mut resp = ureq::get(&format!("http://{addr}/api/logs/groups?limit=1000"))
            .call()
            .expect("the API answers");
        let body = resp.body_mut().read_to_string().unwrap();
        let groups: serde_json::Value = serde_json::from_str(&body).unwrap();
        let mut out: Vec<(String, u64)> = groups["groups"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|g| {
                let line = g["issue"]["log_line"].as_str().unwrap_or("").to_string();
                let generation = line.split(' ').nth(1).unwrap_or("?").to_string();
                (generation, g["count"].as_u64().unwrap_or(0))
            })
            .collect();
        out.sort();
        out
    }

    /// The sum of the counts of the test's groups.
    fn counted(&self) -> u64 {
        let (_, addr) = self.server.as_ref().expect("running");
        let mut resp = ureq::get(&format!("http://{addr}/api/logs/groups?limit=1000"))
            .call()
            .expect("the API answers");
        let body = resp.body_mut().read_to_string().unwrap();
        let groups: serde_json::Value = serde_json::from_str(&body).unwrap();
        groups["groups"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|g| g["issue_type"] == "line")
            .map(|g| g["count"].as_u64().unwrap_or(0))
            .sum()
    }

    fn write(&mut self, w: usize, n: u32) {
        let writer = &mut self.writers[w];
        let mut bytes = Vec::new();
        for _ in 0..n {
            writer.seq += 1;
            let words = words(writer.generation);
            writeln!(
                bytes,
                "LINE g{} s{} {words} {}",
                writer.generation,
                writer.seq,
                self.noise.next_u64()
            )
            .unwrap();
        }
        writer.file.write_all(&bytes).unwrap();
        self.written += u64::from(n);
        *self.per_generation.entry(writer.generation).or_default() += u64::from(n);
        self.trace
            .push(format!("write {n} to g{}", writer.generation));
    }

    fn rotated_name(&mut self, w: usize) -> PathBuf {
        self.rotations += 1;
        let name = self.writers[w]
            .path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        self.logs.join(format!("{name}.{}", self.rotations))
    }

    fn rotate(&mut self, w: usize, compressed: bool) {
        let to = self.rotated_name(w);
        fs::rename(&self.writers[w].path, &to).unwrap();
        self.trace.push(format!(
            "rotate g{} to {}",
            self.writers[w].generation,
            to.display()
        ));
        if compressed && self.server.is_none() {
            compress(&to);
            self.trace.push("  compressed".into());
        }
        let path = self.writers[w].path.clone();
        self.writers[w] = self.create(&path);
    }

    /// A burst, then at once a copy and a truncation (logrotate's
    /// copytruncate). Only once the server has counted a line of what the
    /// file holds now: a copy is known by the first bytes read.
    fn copytruncate(&mut self, w: usize, n: u32) {
        self.write(w, 1);
        let target = self.written;
        self.wait_counted(target);
        self.write(w, n);
        let to = self.rotated_name(w);
        fs::copy(&self.writers[w].path, &to).unwrap();
        self.writers[w].file.set_len(0).unwrap();
        self.trace.push(format!(
            "copytruncate g{} to {}",
            self.writers[w].generation,
            to.display()
        ));
    }

    fn wait_counted(&mut self, target: u64) {
        let start = Instant::now();
        loop {
            let got = self.counted();
            if got >= target {
                assert_eq!(
                    got,
                    target,
                    "counted more lines than written\n{}\n{:?}\nwritten {:?}",
                    self.summary(),
                    self.by_generation(),
                    self.per_generation
                );
                return;
            }
            assert!(
                start.elapsed() < DEADLINE,
                "counted {got} of {target}\n{}",
                self.summary()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn summary(&self) -> String {
        let recent = &self.trace[self.trace.len().saturating_sub(100_000)..];
        recent.join("\n")
    }

    fn step(&mut self, step: &Step) {
        let writers = self.writers.len();
        match *step {
            Step::Write { w, n } => self.write(w % writers, n),
            Step::Rotate { w } => self.rotate(w % writers, false),
            Step::CopyTruncate { w, n } => self.copytruncate(w % writers, n),
            Step::Crash { ref down } => {
                // Killed at once, whatever it was doing; while it is down,
                // lines and maybe several rotations.
                self.crash();
                for &(w, n, compressed) in down {
                    self.write(w % writers, n);
                    self.rotate(w % writers, compressed);
                }
                self.start();
            }
            Step::Stop { w, n } => {
                self.stop();
                self.write(w % writers, n);
                self.start();
            }
        }
    }
}

/// A server left running by a failed case would outlive the test.
impl Drop for Model {
    fn drop(&mut self) {
        if let Some((mut child, _)) = self.server.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// One step; writers are raw choices (taken modulo the writer count), so
/// a shrunk sequence still runs.
#[derive(Clone, Debug)]
enum Step {
    /// Lines to one log.
    Write { w: usize, n: u32 },
    /// Rename rotation while the server runs.
    Rotate { w: usize },
    /// A burst of `n`, then copytruncate at once.
    CopyTruncate { w: usize, n: u32 },
    /// kill -9; then, while down, per entry: lines to a log, a rotation
    /// of it, compressed or not.
    Crash { down: Vec<(usize, u32, bool)> },
    /// SIGTERM, lines while stopped, start.
    Stop { w: usize, n: u32 },
}

fn step() -> impl Strategy<Value = Step> {
    let w = || 0..2usize;
    prop_oneof![
        45 => (w(), 1..=300u32).prop_map(|(w, n)| Step::Write { w, n }),
        15 => w().prop_map(|w| Step::Rotate { w }),
        8 => (w(), 100..500u32).prop_map(|(w, n)| Step::CopyTruncate { w, n }),
        22 => proptest::collection::vec((w(), 0..200u32, proptest::bool::weighted(0.3)), 0..4)
            .prop_map(|down| Step::Crash { down }),
        10 => (w(), 0..100u32).prop_map(|(w, n)| Step::Stop { w, n }),
    ]
}

/// Four words that differ for every generation: each generation is a
/// group of its own, so a failure says which one was miscounted.
fn words(generation: u32) -> String {
    let mut n = u64::from(generation).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    (0..4)
        .map(|_| {
            let word: String = (0..5)
                .map(|_| {
                    n = n.rotate_left(7) ^ 0x5bd1_e995;
                    char::from(b'a' + (n % 26) as u8)
                })
                .collect();
            word
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn compress(path: &Path) {
    let bytes = fs::read(path).unwrap();
    let mut gz = path.as_os_str().to_owned();
    gz.push(".gz");
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(&bytes).unwrap();
    fs::write(PathBuf::from(gz), enc.finish().unwrap()).unwrap();
    fs::remove_file(path).unwrap();
}

#[test]
fn every_line_is_counted_once_however_the_server_is_killed() {
    let steps = prop::knob("LOGWARDEN_CRASH_STEPS", 150) as usize;
    let seed = prop::knob("LOGWARDEN_CRASH_SEED", 0xc4a5_4e55);
    // The noise seed only shapes line content: not worth shrinking.
    let case = (any::<u64>().no_shrink(), prop::steps(step(), steps));
    prop::check("LOGWARDEN_CRASH_SEED", seed, case, |(noise, sequence)| {
        run(noise, &sequence, sequence.len() == steps);
    });
}

/// Runs one sequence; `whole` (not a shrunk one) must also mean something.
fn run(noise: u64, sequence: &[Step], whole: bool) {
    let (_tmp, mut model) = Model::new(noise);
    model.start();
    for step in sequence {
        model.step(step);
    }
    let total = model.written;
    model.wait_counted(total);
    // A clean restart changes nothing.
    model.stop();
    model.start();
    model.wait_counted(total);
    model.stop();
    let kills = model.trace.iter().filter(|t| *t == "kill -9").count();
    if whole {
        assert!(
            kills > 5,
            "the run killed too little to mean anything: {kills}"
        );
    }
    eprintln!(
        "{} steps, {total} lines, {kills} kills, {} rotations",
        sequence.len(),
        model.rotations
    );
}
