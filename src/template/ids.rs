//! Hashes that name things: a template's id (stable across runs and
//! processes) and a line shape's key.

use super::mask::Token;

/// A template's id: a hash of its text, so the same template gets the
/// same id in every run and every process.
pub(crate) fn template_id(template: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in template.as_bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{:012x}", hash >> 16)
}

/// The masked token sequence's hash: lines with equal shapes share a cluster.
pub(super) fn shape_hash(line: &str, tokens: &[Token]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |b: u8| {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    };
    for token in tokens {
        if token.variable {
            feed(0xff);
        } else {
            token.constant(line).bytes().for_each(&mut feed);
            if token.key > 0 {
                feed(0xfe);
            }
        }
        feed(0);
    }
    hash
}
