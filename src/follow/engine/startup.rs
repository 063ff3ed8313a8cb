//! The engine's first pass and its looks for files: where every existing
//! file starts is decided and recorded before Ready is sent; later looks
//! find files that appeared, and the directories to watch follow.

use std::path::PathBuf;
use std::time::Instant;

use super::super::discovery;
use super::super::{Notice, Update, WatchSpec};
use super::{Engine, FIRST_SAVE};

impl Engine {
    /// The first pass: where every existing file starts is decided and
    /// recorded before Ready is sent.
    pub(super) fn startup(&mut self) {
        if let Some(notice) = self.hint_notice.take() {
            self.pending.push(Notice::warning(notice));
        }
        let now = Instant::now();
        for spec in self.config.specs.clone() {
            self.start_spec(&spec, now);
        }
        let (keys, paths) = self.files.followed();
        let specs = &self.config.specs;
        let asked = |path: &std::path::Path| specs.iter().any(|s| s.covers(path));
        for leftover in self.files.placement.leftovers(&keys, &paths, &asked) {
            let (cx, out) = (&mut self.cx, &mut self.pending);
            self.files.drain_leftover(&leftover, now, cx, out);
        }
        self.rewatch();
        self.saver.specs_seen.extend(
            self.config
                .specs
                .iter()
                .filter(|s| **s != WatchSpec::Stdin)
                .map(WatchSpec::describe),
        );
        self.save();
        self.ready();
    }

    /// Follows what one place holds at start, and says so.
    fn start_spec(&mut self, spec: &WatchSpec, now: Instant) {
        if *spec == WatchSpec::Stdin {
            self.pending
                .push(Notice::info("reading standard input".into()));
            return;
        }
        let (cx, out) = (&mut self.cx, &mut self.pending);
        let found = discovery::list(spec, &mut self.files, cx, out, &mut self.unlisted);
        self.files
            .discover(&found, &spec.describe(), true, now, cx, out);
        let notice = match (spec, found.len()) {
            (WatchSpec::File(path), 0) => discovery::why_not_followed(path),
            (WatchSpec::File(path), _) => Notice::info(format!("following {}", path.display())),
            (_, n) => Notice::info(format!(
                "following {} ({n} files now, and any that appear)",
                spec.describe()
            )),
        };
        self.pending.push(notice);
    }

    /// Publishes the counters, then sends Ready.
    fn ready(&mut self) {
        // The counters first: a front end that hears Ready and then reads
        // them must see the same number of files.
        self.publish_counters();
        self.publish_detail();
        self.files.mark_backlog();
        self.pending.push(Update::Ready {
            files: self.files.count(),
            stdin: self.stdin.is_some(),
        });
        self.flush();
        // Soon after Ready: a backlog read at start is not read again by a
        // logwarden that is stopped (or killed) moments later.
        self.next_save = Instant::now() + self.config.checkpoint_interval.min(FIRST_SAVE);
    }

    /// Lists every place again and follows the files that appeared.
    pub(super) fn discover(&mut self, now: Instant) {
        let mut all = Vec::new();
        for spec in &self.config.specs {
            if *spec == WatchSpec::Stdin {
                continue;
            }
            let (cx, out) = (&mut self.cx, &mut self.pending);
            let found = discovery::list(spec, &mut self.files, cx, out, &mut self.unlisted);
            self.files
                .discover(&found, &spec.describe(), false, now, cx, out);
            all.extend(found);
        }
        if self.files.has_unreadable() {
            self.files
                .forget_missing(&all.iter().map(PathBuf::as_path).collect());
        }
    }

    /// Watches the directories where files are or may appear.
    pub(super) fn rewatch(&mut self) {
        let mut dirs = self.files.dirs();
        dirs.extend(self.config.specs.iter().filter_map(WatchSpec::watch_dir));
        for notice in self.hints.watch(&dirs) {
            self.pending.push(Notice::warning(notice));
        }
    }
}
