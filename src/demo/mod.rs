//! `logwarden demo`'s log writer: realistic traffic into a directory,
//! incidents on a schedule that takes the health score through every band
//! and back (see `schedule.rs`), a burst of failed logins now and then (a
//! spike), and a rename rotation of `app.log` every few hundred lines.

mod schedule;
mod traffic;

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use chrono::Local;

pub(crate) use traffic::FILES;
#[cfg(test)]
use traffic::INCIDENTS;

use schedule::Schedule;

/// `app.log` is rotated after this many lines written in all.
const ROTATE_EVERY: u64 = 600;

/// Writes demo traffic into a directory.
pub(crate) struct DemoWriter {
    dir: PathBuf,
    files: HashMap<&'static str, File>,
    seed: u64,
    written: u64,
    /// Lines a second: turns lines written into seconds of the schedule.
    rate: u64,
    schedule: Schedule,
    /// The last second whose incidents were written.
    done_until: Option<u64>,
}

impl DemoWriter {
    /// A writer into `dir` (created if missing) of `rate` lines a second.
    pub(crate) fn new(dir: &Path, rate: u32) -> io::Result<DemoWriter> {
        std::fs::create_dir_all(dir)?;
        // The demo's incidents are written for the built-in types.
        let types = crate::classify::RuleSet::builtin()
            .map(|rules| rules.types)
            .unwrap_or_default();
        let severity_of = |id: &str| types.iter().find(|t| t.id == id).map(|t| t.severity);
        Ok(DemoWriter {
            dir: dir.to_path_buf(),
            files: HashMap::new(),
            seed: 0x9e37_79b9_7f4a_7c15,
            written: 0,
            rate: u64::from(rate.max(1)),
            schedule: Schedule::new(&severity_of),
            done_until: None,
        })
    }

    fn random(&mut self, below: u64) -> u64 {
        // xorshift: varied enough for demo traffic, no dependency.
        self.seed ^= self.seed << 13;
        self.seed ^= self.seed >> 7;
        self.seed ^= self.seed << 17;
        self.seed % below.max(1)
    }

    /// Writes the next line, after the incidents due by now.
    pub(crate) fn step(&mut self) -> io::Result<()> {
        self.written += 1;
        if self.written.is_multiple_of(ROTATE_EVERY) {
            self.rotate("app.log")?;
        }
        let second = self.written / self.rate;
        let from = self.done_until.map_or(0, |done| done + 1);
        for at in from..=second {
            for due in self.schedule.due(at) {
                let lines: Vec<&str> = (0..due.times)
                    .flat_map(|_| due.incident.lines.iter().copied())
                    .collect();
                self.write(due.incident.file, &lines)?;
            }
        }
        self.done_until = Some(second);
        let file = self.random(FILES.len() as u64) as usize;
        let normal = FILES[file].normal;
        let line = normal[self.random(normal.len() as u64) as usize];
        self.write(file, &[line])
    }

    #[cfg(test)]
    /// Writes every incident once (for tests and `--burst`).
    pub(crate) fn write_all_incidents(&mut self) -> io::Result<()> {
        for incident in INCIDENTS {
            self.write(incident.file, incident.lines)?;
        }
        Ok(())
    }

    fn write(&mut self, file: usize, lines: &[&str]) -> io::Result<()> {
        let spec = FILES[file];
        let ts = Local::now().format(spec.stamp).to_string();
        let mut text = String::new();
        for line in lines {
            let n = self.random(90_000) + 1_000;
            let ip = format!("203.0.113.{}", self.random(250) + 1);
            text.push_str(
                &line
                    .replace("{ts}", &ts)
                    .replace("{n}", &n.to_string())
                    .replace("{ip}", &ip),
            );
            text.push('\n');
        }
        // Whole incidents in one write, as a logger flushes one record.
        self.open(spec.name)?.write_all(text.as_bytes())
    }

    fn open(&mut self, name: &'static str) -> io::Result<&mut File> {
        if !self.files.contains_key(name) {
            let file = OpenOptions::new()
                .create(true)
                .append(true)
                .open(self.dir.join(name))?;
            self.files.insert(name, file);
        }
        self.files
            .get_mut(name)
            .ok_or_else(|| io::Error::other("demo file vanished"))
    }

    /// Rename rotation, as logrotate without copytruncate does it.
    fn rotate(&mut self, name: &'static str) -> io::Result<()> {
        let path = self.dir.join(name);
        if path.exists() {
            std::fs::rename(&path, self.dir.join(format!("{name}.1")))?;
        }
        self.files.remove(name);
        Ok(())
    }

    /// Runs `step` `rate` times a second on a thread until `stop` is set.
    pub(crate) fn spawn(mut self, rate: u32, stop: Arc<AtomicBool>) -> io::Result<JoinHandle<()>> {
        let pause = Duration::from_secs(1) / rate.max(1);
        std::thread::Builder::new()
            .name("logwarden-demo".into())
            .spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    if let Err(e) = self.step() {
                        tracing::error!("demo writer stopped: {e}");
                        return;
                    }
                    std::thread::sleep(pause);
                }
            })
    }
}

#[cfg(test)]
mod tests;
