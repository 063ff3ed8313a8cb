//! `logwarden demo`'s log writer: realistic traffic into a directory, an
//! incident now and then (every type, in turn, so each shows up within a
//! few minutes), a burst of failed logins now and then (a spike), and a
//! rename rotation of `app.log` every few hundred lines.

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

pub(crate) use traffic::INCIDENTS;

/// One incident in this many lines (every 5 s at the default rate: the
/// health score moves through every band instead of sitting at 0).
const INCIDENT_EVERY: u64 = 100;
/// `app.log` is rotated after this many lines written in all.
const ROTATE_EVERY: u64 = 600;
/// A password-guessing burst every this many lines (2.5 min at the default
/// rate), the first once the failed logins have a minute of history: the
/// group spikes (▲) against its usual rate.
const ATTACK_EVERY: u64 = 3000;
/// Failed logins in one burst.
const ATTACK_LINES: usize = 40;

/// Writes demo traffic into a directory.
pub(crate) struct DemoWriter {
    dir: PathBuf,
    files: HashMap<&'static str, File>,
    seed: u64,
    written: u64,
    next_incident: usize,
}

impl DemoWriter {
    /// A writer into `dir` (created if missing).
    pub(crate) fn new(dir: &Path) -> io::Result<DemoWriter> {
        std::fs::create_dir_all(dir)?;
        Ok(DemoWriter {
            dir: dir.to_path_buf(),
            files: HashMap::new(),
            seed: 0x9e37_79b9_7f4a_7c15,
            written: 0,
            next_incident: 0,
        })
    }

    fn random(&mut self, below: u64) -> u64 {
        // xorshift: varied enough for demo traffic, no dependency.
        self.seed ^= self.seed << 13;
        self.seed ^= self.seed >> 7;
        self.seed ^= self.seed << 17;
        self.seed % below.max(1)
    }

    /// Writes the next line (or an incident's lines).
    pub(crate) fn step(&mut self) -> io::Result<()> {
        self.written += 1;
        if self.written.is_multiple_of(ROTATE_EVERY) {
            self.rotate("app.log")?;
        }
        if self.written % ATTACK_EVERY == ATTACK_EVERY / 2 + 1000
            && let Some(attack) = INCIDENTS
                .iter()
                .find(|i| i.issue_type == "authentication_failure")
        {
            let lines = vec![attack.lines[0]; ATTACK_LINES];
            return self.write(attack.file, &lines);
        }
        // The first incident comes a moment after start, not a whole period later.
        if self.written % INCIDENT_EVERY == 10 {
            let incident = INCIDENTS[self.next_incident % INCIDENTS.len()];
            self.next_incident += 1;
            return self.write(incident.file, incident.lines);
        }
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
