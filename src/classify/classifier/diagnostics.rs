//! What `patterns check` warns about: patterns that make scanning slow.

use super::Classifier;
use crate::classify::rarity;
use crate::classify::ruleset::Rule;

impl Classifier {
    /// Patterns whose prefilter literals are common in ordinary log text
    /// (they make many lines candidates): (rule, pattern, the common literal).
    pub fn weak_patterns(&self) -> Vec<(&Rule, &str, String)> {
        // More hits than a tenth of the sample's lines means the literal is
        // ordinary vocabulary, not a sign of trouble.
        let limit = rarity::sample_lines() / 10;
        let mut weak = Vec::new();
        for rule in self.rules.rules.iter().filter(|r| r.min_level.is_none()) {
            for pattern in &rule.patterns {
                let Some(literals) = &pattern.literals else {
                    continue;
                };
                if let Some(common) = literals.iter().find(|l| rarity::sample_hits(l) > limit) {
                    weak.push((
                        rule,
                        pattern.source.as_str(),
                        String::from_utf8_lossy(common).into_owned(),
                    ));
                }
            }
        }
        weak
    }

    /// Patterns that escape the prefilter (they cost time on every line).
    pub fn unfiltered_patterns(&self) -> Vec<(&Rule, &str)> {
        self.unfiltered
            .iter()
            .map(|&(r, p)| {
                let rule = &self.rules.rules[r as usize];
                (rule, rule.patterns[p as usize].source.as_str())
            })
            .collect()
    }
}
