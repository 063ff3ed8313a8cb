//! Giving up on lines that will not generalise. A family is the lines of
//! one token count whose leading tokens agree up to the first constant
//! after the header (`<*> <*> ERROR`, `request`). When a family holds
//! [`MinerLimits::generalise_after`](super::MinerLimits) templates that
//! never got a second line, and they look like one template whose words
//! vary (each position the same in all of them, or different in most),
//! its next new line becomes a wide template instead: those positions are
//! wildcards, and the family's lines that match no ordinary template go
//! there rather than spawning one template each.

use super::mask::Token;
use super::{ClusterId, TemplateMiner};

/// One family's templates that matter to the rule.
#[derive(Debug, Default)]
pub(super) struct Family {
    /// Templates born in it that still hold one line, oldest first.
    pub unconfirmed: Vec<ClusterId>,
    /// Its newest wide template, once it gave up.
    pub wide: Option<ClusterId>,
}

impl Family {
    fn is_empty(&self) -> bool {
        self.unconfirmed.is_empty() && self.wide.is_none()
    }
}

/// The family of a line: its token count and its masked tokens up to and
/// including the first constant at or after the header.
pub(super) fn key(line: &str, tokens: &[Token], header_len: usize) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |b: u8| {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    };
    tokens.len().to_le_bytes().into_iter().for_each(&mut feed);
    for (i, token) in tokens.iter().enumerate() {
        if token.variable {
            feed(0xff);
        } else {
            token.constant(line).bytes().for_each(&mut feed);
            if token.key > 0 {
                feed(0xfe);
            }
            if i >= header_len {
                break;
            }
        }
        feed(0);
    }
    hash
}

impl TemplateMiner {
    /// Whether the new template `template` of `family` should be wide
    /// instead, and if so makes it so (wildcards where the family's
    /// unconfirmed siblings vary). Siblings that do not look like one
    /// template leave the rule's window oldest first.
    pub(super) fn generalise(&mut self, template: &mut [Option<Box<str>>], family: u64) -> bool {
        let n = self.limits.generalise_after;
        let Some(entry) = self.families.get_mut(&family) else {
            return false;
        };
        if n == 0 || entry.unconfirmed.len() < n {
            return false;
        }
        let siblings: Vec<&[Option<Box<str>>]> = entry
            .unconfirmed
            .iter()
            .filter_map(|id| self.clusters.get(id))
            .map(|c| c.tokens.as_slice())
            .filter(|t| t.len() == template.len())
            .collect();
        let mut vary = Vec::new();
        for (i, own) in template.iter().enumerate() {
            let mut seen: Vec<Option<&str>> = vec![own.as_deref()];
            for sibling in &siblings {
                let token = sibling[i].as_deref();
                if !seen.contains(&token) {
                    seen.push(token);
                }
            }
            if seen.len() == 1 {
                continue;
            }
            // A word that takes a few values is part of several templates,
            // not a variable: these are different messages.
            if seen.len() * 2 < siblings.len() + 1 {
                entry.unconfirmed.remove(0);
                return false;
            }
            vary.push(i);
        }
        let kept = template
            .iter()
            .enumerate()
            .any(|(i, t)| t.is_some() && i >= self.header_len && !vary.contains(&i));
        if vary.is_empty() || !kept {
            // Nothing varies, or nothing of the message would be left.
            entry.unconfirmed.remove(0);
            return false;
        }
        for i in vary {
            template[i] = None;
        }
        entry.unconfirmed.clear();
        true
    }

    /// Cluster `id` of `family` got its second line or was evicted: it no
    /// longer counts for the rule.
    pub(super) fn family_lost(&mut self, family: u64, id: ClusterId) {
        let Some(entry) = self.families.get_mut(&family) else {
            return;
        };
        entry.unconfirmed.retain(|&c| c != id);
        if entry.wide == Some(id) {
            entry.wide = None;
        }
        if entry.is_empty() {
            self.families.remove(&family);
        }
    }
}
