//! The named values of a matched line: the named capture groups of the
//! rule that matched (`(?P<client_ip>...)`), which alerts count by and
//! actions pass on. Unit groups (`ms`, `s`, ...) are a duration's unit,
//! not a value, and are left out.

use std::collections::BTreeMap;

use super::duration::is_unit_group;
use super::pattern::Pattern;
use super::ruleset::Rule;

/// Longest value kept, in bytes: a field names an address, a unit, a user.
const MAX_VALUE: usize = 256;

/// The named captures of the first of `rule`'s `match` patterns that has
/// some and matches `line`, then those of its `fields` regexes (a name
/// already taken keeps its value); empty when none does.
pub(crate) fn named_values(rule: &Rule, line: &[u8]) -> BTreeMap<String, String> {
    let mut fields = BTreeMap::new();
    take_first(&rule.patterns, line, &mut fields);
    for pattern in &rule.fields {
        take_first(std::slice::from_ref(pattern), line, &mut fields);
    }
    fields
}

/// The named captures of the first of `patterns` that has some and matches
/// `line`, added to `fields` where not set yet.
fn take_first(patterns: &[Pattern], line: &[u8], fields: &mut BTreeMap<String, String>) {
    let before = fields.len();
    for pattern in patterns {
        let regex = pattern.regex();
        let named = regex
            .capture_names()
            .flatten()
            .any(|name| !is_unit_group(name));
        if !named {
            continue;
        }
        let Some(caps) = regex.captures(line) else {
            continue;
        };
        for name in regex.capture_names().flatten() {
            if is_unit_group(name) {
                continue;
            }
            if let Some(value) = caps.name(name) {
                let text = String::from_utf8_lossy(value.as_bytes());
                fields
                    .entry(name.to_owned())
                    .or_insert_with(|| capped(&text));
            }
        }
        if fields.len() > before {
            break;
        }
    }
}

/// `text` cut to [`MAX_VALUE`] bytes at a character boundary.
fn capped(text: &str) -> String {
    let mut end = text.len().min(MAX_VALUE);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].to_owned()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::named_values;
    use crate::classify::Rule;
    use crate::rules::PatternsFile;

    /// The one rule of a file whose `match` is `pattern`.
    fn rule_of(pattern: &str) -> Rule {
        let text = format!(
            "version = 1\n[types.authentication_failure]\nseverity = \"WARNING\"\ncategory = \"Security Issue\"\ndescription = \"d\"\n[[rules]]\nid = \"r\"\ntype = \"authentication_failure\"\nmatch = ['{pattern}']\n"
        );
        let file = PatternsFile::parse("fields.toml", &text).unwrap();
        file.rules.rules.into_iter().next().unwrap()
    }

    #[test]
    fn named_captures_become_fields_and_units_do_not() {
        let rule = rule_of(
            r"Failed password for (?P<user>\S+) from (?P<client_ip>[0-9.]+) in (?P<ms>\d+)ms",
        );
        let fields = named_values(&rule, b"Failed password for root from 10.0.0.7 in 12ms");
        assert_eq!(fields.len(), 2);
        assert_eq!(fields["user"], "root");
        assert_eq!(fields["client_ip"], "10.0.0.7");
    }

    #[test]
    fn a_rule_without_names_has_no_fields() {
        let rule = rule_of("Failed password");
        assert!(named_values(&rule, b"Failed password for root").is_empty());
    }

    #[test]
    fn long_values_are_cut_at_a_character_boundary() {
        let rule = rule_of("denied for (?P<user>.+)");
        let line = format!("denied for {}", "é".repeat(300));
        let fields = named_values(&rule, line.as_bytes());
        assert!(fields["user"].len() <= 256);
        assert!(fields["user"].starts_with('é'));
    }

    /// The built-in rule `id`.
    fn builtin(id: &str) -> Rule {
        let rules = crate::classify::RuleSet::builtin().unwrap();
        rules.rules.into_iter().find(|r| r.id == id).unwrap()
    }

    #[test]
    fn a_user_name_cannot_choose_whose_address_an_sshd_line_counts() {
        let sshd = builtin("sshd-auth-failure-user");
        let cases = [
            (
                "sshd[1]: Failed password for root from 203.0.113.5 port 22 ssh2",
                "203.0.113.5",
            ),
            (
                "sshd[1]: Invalid user x from 192.168.1.1 from 203.0.113.1 port 4242",
                "203.0.113.1",
            ),
            (
                "sshd[1]: Failed password for invalid user a from 10.0.0.9 port 1 from 1.2.3.5 port 22 ssh2",
                "1.2.3.5",
            ),
            (
                "sshd[1]: Connection closed by invalid user a 10.0.0.9 port 1 1.2.3.10 port 22 [preauth]",
                "1.2.3.10",
            ),
            (
                "sshd[1]: Failed password for root from 2001:db8::7 port 22 ssh2",
                "2001:db8::7",
            ),
        ];
        for (line, ip) in cases {
            assert_eq!(
                named_values(&sshd, line.as_bytes())["client_ip"],
                ip,
                "{line}"
            );
        }
        // PAM writes rhost before the (client-chosen) user name.
        let pam = builtin("pam-auth-failure");
        let line = "pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=10.9.8.7  user=x rhost=9.9.9.9";
        assert_eq!(named_values(&pam, line.as_bytes())["client_ip"], "10.9.8.7");
    }
}
