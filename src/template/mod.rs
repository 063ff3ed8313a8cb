//! Online template mining (Drain-style): each line is reduced to a
//! template, its variable tokens masked (see [`mask`]), and lines whose
//! templates agree on most constant tokens form one cluster whose template
//! generalizes as lines arrive. Agreement is weighted by how specific a
//! token is: one found in nearly every template (a raw line's header:
//! host, facility, level) counts for almost nothing, so the message decides,
//! without knowing the log's format.
//!
//! Lines of a known shape (the same masked token sequence seen before) are
//! found with one hash lookup; only new shapes are compared against the
//! clusters of the same length.

mod bounds;
mod family;
pub mod mask;
mod signature;

pub use bounds::MinerLimits;
pub use signature::crash_signature;

use std::collections::HashMap;

use family::Family;
use mask::{Token, tokenize};

/// Share of the (weighted) constant tokens two lines must agree on to be
/// one template.
pub const DEFAULT_SIMILARITY: f64 = 0.8;

/// Clusters one new line shape is compared with, at most.
const MAX_CANDIDATES: usize = 256;

/// Line shapes remembered for the one-lookup path before the memory is
/// started afresh: input whose words vary endlessly (ids spelled as words)
/// would otherwise grow it by one entry per line. Forgetting only costs
/// the comparison with the clusters again.
const MAX_SHAPES: usize = 1 << 14;

/// What a wildcard looks like in template text.
pub const WILDCARD: &str = "<*>";

/// A cluster's number: never reused, so a number held elsewhere (a group's
/// key) never comes to mean another template after an eviction.
pub type ClusterId = u64;

/// One cluster: its template (None = wildcard) and how many lines it has.
#[derive(Debug, Clone)]
struct Cluster {
    tokens: Vec<Option<Box<str>>>,
    size: u64,
    /// The miner's clock when a line last joined it (eviction order).
    last_used: u64,
    /// Its family (see [`family`]), fixed at birth.
    family: u64,
    /// Made by giving up on a family that kept spawning templates: matched
    /// only when no ordinary template matches.
    wide: bool,
    /// What it costs, as counted in [`TemplateMiner::bytes`].
    bytes: usize,
}

/// The miner: clusters, and the indexes that find them.
#[derive(Debug)]
pub struct TemplateMiner {
    clusters: HashMap<ClusterId, Cluster>,
    next_id: ClusterId,
    by_len: HashMap<usize, Vec<ClusterId>>,
    known: HashMap<u64, ClusterId>,
    similarity: f64,
    tokens: Vec<Token>,
    header: Header,
    /// The header's length for the line being placed.
    header_len: usize,
    /// Clusters whose template holds each constant token: tokens found in
    /// most templates (a log's fixed header: host, facility, level) say
    /// little about which template a line is, rare ones say much.
    spread: HashMap<Box<str>, u32>,
    /// Families with templates of one line each, or a wide template.
    families: HashMap<u64, Family>,
    /// Lines added so far: the recency clock.
    clock: u64,
    /// Approximate bytes the clusters take (see [`bounds`]).
    bytes: usize,
    limits: MinerLimits,
    evicted: u64,
    generalised: u64,
}

impl Default for TemplateMiner {
    fn default() -> Self {
        TemplateMiner::new(DEFAULT_SIMILARITY)
    }
}

impl TemplateMiner {
    /// A miner merging lines that agree on at least `similarity` of their
    /// constant tokens; its templates are never evicted (see
    /// [`TemplateMiner::with_limits`]).
    pub fn new(similarity: f64) -> TemplateMiner {
        TemplateMiner {
            clusters: HashMap::new(),
            next_id: 0,
            by_len: HashMap::new(),
            known: HashMap::new(),
            similarity,
            tokens: Vec::with_capacity(64),
            header: Header::default(),
            header_len: 0,
            spread: HashMap::new(),
            families: HashMap::new(),
            clock: 0,
            bytes: 0,
            limits: MinerLimits::default(),
            evicted: 0,
            generalised: 0,
        }
    }

    /// A miner with the default similarity held within `limits`.
    pub fn with_limits(limits: MinerLimits) -> TemplateMiner {
        TemplateMiner {
            limits,
            ..TemplateMiner::default()
        }
    }

    /// Clusters held now.
    pub fn len(&self) -> usize {
        self.clusters.len()
    }

    /// True when no cluster is held.
    pub fn is_empty(&self) -> bool {
        self.clusters.is_empty()
    }

    /// Clusters made so far, evicted ones included: every id is below it.
    pub fn made(&self) -> ClusterId {
        self.next_id
    }

    /// Adds a line; returns its cluster (stable: a cluster's number never
    /// changes, though its template may generalize).
    pub fn add(&mut self, line: &str) -> ClusterId {
        let mut tokens = std::mem::take(&mut self.tokens);
        tokenize(line, &mut tokens);
        self.header_len = self.header.observe(&tokens);
        self.clock += 1;
        let id = self.place(line, &tokens);
        self.tokens = tokens;
        id
    }

    fn place(&mut self, line: &str, tokens: &[Token]) -> ClusterId {
        let shape = shape_hash(line, tokens);
        if let Some(&id) = self.known.get(&shape)
            && self.clusters.contains_key(&id)
        {
            self.joined(id);
            return id;
        }
        let family = family::key(line, tokens, self.header_len);
        let id = match self.best_match(line, tokens, family) {
            Some(id) => {
                let Some(cluster) = self.clusters.get_mut(&id) else {
                    return id;
                };
                let mut dropped = Vec::new();
                for (slot, token) in cluster.tokens.iter_mut().zip(tokens.iter()) {
                    if slot
                        .as_deref()
                        .is_some_and(|t| token.variable || t != token.text(line))
                    {
                        dropped.extend(slot.take());
                    }
                }
                dropped.retain(|token| {
                    let still = cluster
                        .tokens
                        .iter()
                        .any(|s| s.as_deref() == Some(&**token));
                    if !still {
                        let cost = bounds::token_bytes(token);
                        cluster.bytes = cluster.bytes.saturating_sub(cost);
                        self.bytes = self.bytes.saturating_sub(cost);
                    }
                    !still
                });
                for token in dropped {
                    self.unspread(&token);
                }
                self.joined(id);
                id
            }
            None => self.birth(line, tokens, family),
        };
        if self.known.len() >= MAX_SHAPES {
            self.known.clear();
        }
        self.known.insert(shape, id);
        id
    }

    /// A line joined cluster `id`: it counts one more and is the newest used;
    /// a template with its second line is no longer a failed sibling.
    fn joined(&mut self, id: ClusterId) {
        let Some(cluster) = self.clusters.get_mut(&id) else {
            return;
        };
        cluster.size += 1;
        cluster.last_used = self.clock;
        if cluster.size == 2 && !cluster.wide {
            let family = cluster.family;
            self.family_lost(family, id);
        }
    }

    /// One fewer template holds `token`.
    fn unspread(&mut self, token: &str) {
        if let Some(n) = self.spread.get_mut(token) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                self.spread.remove(token);
            }
        }
    }

    /// A new cluster for the line, ordinary or (when its family keeps
    /// failing to generalise) wide.
    fn birth(&mut self, line: &str, tokens: &[Token], family: u64) -> ClusterId {
        let mut template: Vec<Option<Box<str>>> = tokens
            .iter()
            .map(|t| (!t.variable).then(|| t.text(line).into()))
            .collect();
        let wide = self.generalise(&mut template, family);
        let id = self.next_id;
        self.next_id += 1;
        let mut seen: Vec<&str> = Vec::new();
        for token in template.iter().flatten() {
            if !seen.contains(&&**token) {
                seen.push(token);
                *self.spread.entry(token.clone()).or_default() += 1;
            }
        }
        let bytes = bounds::cluster_bytes(&template);
        self.bytes += bytes;
        self.clusters.insert(
            id,
            Cluster {
                tokens: template,
                size: 1,
                last_used: self.clock,
                family,
                wide,
                bytes,
            },
        );
        self.by_len.entry(tokens.len()).or_default().push(id);
        let entry = self.families.entry(family).or_default();
        if wide {
            entry.wide = Some(id);
            self.generalised += 1;
        } else if self.limits.generalise_after > 0 {
            entry.unconfirmed.push(id);
        }
        id
    }

    /// The cluster of the same length whose constants agree most with
    /// `tokens`, if it agrees enough; a wide cluster only when no ordinary
    /// one does.
    fn best_match(&self, line: &str, tokens: &[Token], family: u64) -> Option<ClusterId> {
        let candidates = self.by_len.get(&tokens.len())?;
        // Weights as if the line were one more cluster: a token in every
        // template weighs least, one in a single template most.
        let total = (self.clusters.len() + 1) as f64;
        let weight = |token: &str, in_line: bool| {
            let spread = self.spread.get(token).copied().unwrap_or(0) + u32::from(in_line);
            // Smoothed, so with few templates yet shared words still count.
            (1.0 + total / f64::from(spread.max(1))).ln()
        };
        // The line's own token weights, once; and what is left of them
        // from each position on, to stop comparing once a cluster cannot
        // agree enough.
        // Header fields (component, facility) say little of what happened.
        let damp = |i: usize| {
            if i < self.header_len {
                HEADER_WEIGHT
            } else {
                1.0
            }
        };
        let own: Vec<f64> = tokens
            .iter()
            .enumerate()
            .map(|(i, t)| {
                if t.variable {
                    0.0
                } else {
                    weight(t.text(line), true) * damp(i)
                }
            })
            .collect();
        let mut rest = vec![0.0; own.len() + 1];
        for i in (0..own.len()).rev() {
            rest[i] = rest[i + 1] + own[i];
        }
        let mut best: Option<(f64, usize, ClusterId)> = None;
        let mut best_wide: Option<(f64, usize, ClusterId)> = None;
        // The family's wide template is looked at even when newer
        // templates of its length push it out of the window.
        let wide = self.families.get(&family).and_then(|f| f.wide);
        // Bounded work per new shape, whatever the input: the newest
        // clusters of this length are the likeliest, and enough.
        let window = candidates.iter().rev().take(MAX_CANDIDATES);
        'candidates: for &id in wide.iter().chain(window) {
            let Some(cluster) = self.clusters.get(&id) else {
                continue;
            };
            let (mut considered, mut equal, mut wild) = (0f64, 0f64, 0usize);
            for (i, (slot, token)) in cluster.tokens.iter().zip(tokens).enumerate() {
                let Some(t) = slot else {
                    wild += 1;
                    continue;
                };
                if token.variable {
                    // A variable here hints that the position varies: it
                    // costs half what the constant is worth.
                    considered += weight(t, false) * 0.5 * damp(i);
                } else if **t == *token.text(line) {
                    considered += own[i];
                    equal += own[i];
                } else {
                    // A differing word costs what the commoner of the two is
                    // worth: a common one there (root) hints at a variable.
                    considered += (weight(t, false) * damp(i)).min(own[i]);
                    let most = (equal + rest[i + 1]) / (considered + rest[i + 1]);
                    if most < self.similarity {
                        continue 'candidates;
                    }
                }
            }
            let sim = if considered <= f64::EPSILON {
                1.0
            } else {
                equal / considered
            };
            let slot = if cluster.wide {
                &mut best_wide
            } else {
                &mut best
            };
            let better = slot.is_none_or(|(s, w, _)| sim > s || (sim == s && wild > w));
            if better {
                *slot = Some((sim, wild, id));
            }
        }
        let good = |b: Option<(f64, usize, ClusterId)>| {
            b.filter(|(sim, _, _)| *sim >= self.similarity)
                .map(|(_, _, id)| id)
        };
        good(best).or_else(|| good(best_wide))
    }

    /// The cluster's template text, wildcards as `<*>` (empty when it is
    /// not held).
    pub fn template(&self, id: ClusterId) -> String {
        let Some(cluster) = self.clusters.get(&id) else {
            return String::new();
        };
        let mut out = String::new();
        for (i, slot) in cluster.tokens.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(slot.as_deref().unwrap_or(WILDCARD));
        }
        out
    }

    /// Lines the cluster holds.
    pub fn size(&self, id: ClusterId) -> u64 {
        self.clusters.get(&id).map_or(0, |c| c.size)
    }
}

/// A template's id: a hash of its text, so the same template gets the
/// same id in every run and every process.
pub fn template_id(template: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in template.as_bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{:012x}", hash >> 16)
}

/// Positions at the start of a line looked at for a header.
const HEADER_MAX: usize = 8;

/// Lines seen before the header is trusted.
const HEADER_AFTER: u64 = 100;

/// What a constant in the header weighs, against one in the message.
const HEADER_WEIGHT: f64 = 0.2;

/// The stream's header: log lines start with fields that vary (time, host,
/// pid, sequence numbers) around a few that do not (component, state,
/// level); the message follows. The header ends after the last of the
/// first positions that is variable in nine lines of ten; once enough
/// lines have been seen, its constants count for little when lines are
/// compared, so one message from two components is one template.
#[derive(Debug, Default)]
struct Header {
    lines: u64,
    variable: [u64; HEADER_MAX],
}

impl Header {
    /// Counts `tokens` and returns the header's length in tokens now.
    fn observe(&mut self, tokens: &[Token]) -> usize {
        self.lines += 1;
        for (count, token) in self.variable.iter_mut().zip(tokens) {
            *count += u64::from(token.variable);
        }
        if self.lines < HEADER_AFTER {
            return 0;
        }
        (0..HEADER_MAX)
            .rev()
            .find(|&i| self.variable[i] * 10 >= self.lines * 9)
            .map_or(0, |i| i + 1)
    }
}

/// The masked token sequence's hash: lines with equal shapes share a cluster.
fn shape_hash(line: &str, tokens: &[Token]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |b: u8| {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    };
    for token in tokens {
        if token.variable {
            feed(0xff);
        } else {
            token.text(line).bytes().for_each(&mut feed);
        }
        feed(0);
    }
    hash
}

#[cfg(test)]
mod tests;
