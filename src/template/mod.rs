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

mod align;
mod bounds;
mod clusters;
mod family;
mod header;
mod ids;
pub(crate) mod mask;
mod matching;
mod signature;

pub(crate) use bounds::MinerLimits;
pub(crate) use ids::template_id;
pub(crate) use signature::crash_signature;

use std::collections::HashMap;

use family::Family;
use header::Header;
use ids::shape_hash;
use mask::{Token, tokenize};

/// Share of the (weighted) constant tokens two lines must agree on to be
/// one template.
pub(crate) const DEFAULT_SIMILARITY: f64 = 0.8;

/// Clusters one new line shape is compared with, at most.
const MAX_CANDIDATES: usize = 256;

/// Line shapes remembered for the one-lookup path before the memory is
/// started afresh: input whose words vary endlessly (ids spelled as words)
/// would otherwise grow it by one entry per line. Forgetting only costs
/// the comparison with the clusters again.
const MAX_SHAPES: usize = 1 << 14;

/// What a wildcard looks like in template text.
pub(crate) const WILDCARD: &str = "<*>";

/// A cluster's number: never reused, so a number held elsewhere (a group's
/// key) never comes to mean another template after an eviction.
pub(crate) type ClusterId = u64;

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
    /// Slots (of the first 64) born of a bracketed variable, which an
    /// aligned line may lack (see [`align`]).
    optional: u64,
}

/// The miner: clusters, and the indexes that find them.
#[derive(Debug)]
pub(crate) struct TemplateMiner {
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
    pub(crate) fn new(similarity: f64) -> TemplateMiner {
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
    pub(crate) fn with_limits(limits: MinerLimits) -> TemplateMiner {
        TemplateMiner {
            limits,
            ..TemplateMiner::default()
        }
    }

    /// Clusters held now.
    pub(crate) fn len(&self) -> usize {
        self.clusters.len()
    }

    /// Clusters made so far, evicted ones included: every id is below it.
    pub(crate) fn made(&self) -> ClusterId {
        self.next_id
    }

    /// Adds a line; returns its cluster (stable: a cluster's number never
    /// changes, though its template may generalize).
    pub(crate) fn add(&mut self, line: &str) -> ClusterId {
        let mut tokens = std::mem::take(&mut self.tokens);
        tokenize(line, &mut tokens);
        self.header_len = self.header.observe(line, &tokens);
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
                self.merge(id, line, tokens, None);
                id
            }
            None => match self.best_aligned(line, tokens) {
                Some((id, how)) => {
                    self.merge(id, line, tokens, Some(&how));
                    id
                }
                None => self.birth(line, tokens, family),
            },
        };
        if self.known.len() >= MAX_SHAPES {
            self.known.clear();
        }
        self.known.insert(shape, id);
        id
    }

    /// The cluster's template text, wildcards as `<*>` (empty when it is
    /// not held).
    pub(crate) fn template(&self, id: ClusterId) -> String {
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
}

#[cfg(test)]
mod tests;

#[cfg(test)]
impl TemplateMiner {
    /// Lines the cluster holds.
    pub(crate) fn size(&self, id: ClusterId) -> u64 {
        self.clusters.get(&id).map_or(0, |c| c.size)
    }
}
