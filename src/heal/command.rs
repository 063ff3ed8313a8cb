//! The argv of a `command` action: a fixed program and arguments, where an
//! argument that is exactly `{name}` takes the value of a field of the
//! issue (a named capture of its rule, or `host`). Never a shell: each value
//! is one argument, checked for what its name says it is (an IP is an IP),
//! and never able to pass for an option.

use std::net::IpAddr;

/// Why an argv could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ArgError {
    /// The template has no program.
    #[error("the command is empty")]
    Empty,
    /// A placeholder is part of a longer argument (`--ip={ip}`).
    #[error("argument {0:?}: a {{field}} must be a whole argument")]
    Embedded(String),
    /// The issue has no such field.
    #[error("the issue has no field `{0}`")]
    Missing(String),
    /// The value is not what its field's name says (shown escaped).
    #[error("field `{field}`: {value:?} is not {want}")]
    Invalid {
        /// The field.
        field: String,
        /// The value, as given (Debug-escaped when shown).
        value: String,
        /// What it should be.
        want: &'static str,
    },
}

/// What a field's value must be, told by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `ip`, `client_ip`, `src_addr`, ...: an IPv4 or IPv6 address.
    Ip,
    /// `unit`, `service`: a systemd unit name.
    Unit,
    /// `source`, `path`, `file`, `*_path`: an absolute file path.
    Path,
    /// Anything else: one plain word.
    Word,
}

impl Kind {
    fn of(field: &str) -> Kind {
        let name = field.to_ascii_lowercase();
        if name == "ip"
            || name.ends_with("_ip")
            || name.ends_with("addr")
            || name.ends_with("address")
        {
            Kind::Ip
        } else if name == "unit" || name == "service" || name.ends_with("_unit") {
            Kind::Unit
        } else if name == "source" || name == "path" || name == "file" || name.ends_with("_path") {
            Kind::Path
        } else {
            Kind::Word
        }
    }

    fn check(self, value: &str) -> Result<(), &'static str> {
        let plain = |extra: &[u8]| {
            !value.is_empty()
                && value.len() <= 128
                && !value.starts_with('-')
                && value
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || extra.contains(&b))
        };
        match self {
            Kind::Ip => match value.parse::<IpAddr>() {
                Ok(ip) if acts_on(ip) => Ok(()),
                Ok(_) => Err(
                    "an address an action may act on (never loopback, unspecified, broadcast, multicast or link-local: a forged line must not ban this machine or everyone)",
                ),
                Err(_) => Err("an IP address"),
            },
            // name.suffix: a name before the dot, a type after it.
            Kind::Unit
                if plain(b"_.@:-\\")
                    && value.contains('.')
                    && !value.starts_with('.')
                    && !value.ends_with('.')
                    && !value.contains("..") =>
            {
                Ok(())
            }
            Kind::Unit => Err("a unit name such as nginx.service"),
            Kind::Path
                if value.starts_with('/')
                    && value.len() <= 4096
                    && !value.chars().any(char::is_control)
                    && !value.split('/').any(|part| part == "..") =>
            {
                Ok(())
            }
            Kind::Path => Err("an absolute path without .. or control characters"),
            Kind::Word if plain(b"_.@:-") && !value.contains("..") => Ok(()),
            Kind::Word => Err("one word of letters, digits and _ . @ : - (not starting with -)"),
        }
    }
}

/// Whether an action may be given `ip` (as fail2ban's default `ignoreip`
/// never bans this machine): not loopback, unspecified, broadcast,
/// multicast or link-local, also when written as IPv4 in IPv6.
fn acts_on(ip: IpAddr) -> bool {
    let ip = match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    };
    match ip {
        IpAddr::V4(v4) => {
            !(v4.is_loopback()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_link_local())
        }
        IpAddr::V6(v6) => {
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || v6.is_unicast_link_local())
        }
    }
}

/// The field an argument stands for, if it is a placeholder.
pub(crate) fn placeholder(arg: &str) -> Option<&str> {
    arg.strip_prefix('{')?.strip_suffix('}')
}

/// Checks a command template when the configuration is read.
pub fn check_template(argv: &[String]) -> Result<(), ArgError> {
    if argv.first().is_none_or(|program| program.is_empty()) {
        return Err(ArgError::Empty);
    }
    for arg in argv {
        if placeholder(arg).is_none() && (arg.contains('{') && arg.contains('}')) {
            return Err(ArgError::Embedded(arg.clone()));
        }
    }
    Ok(())
}

/// The argv for `fields`: placeholders replaced by checked values.
pub fn build_argv(argv: &[String], fields: &[(String, String)]) -> Result<Vec<String>, ArgError> {
    check_template(argv)?;
    argv.iter()
        .map(|arg| {
            let Some(field) = placeholder(arg) else {
                return Ok(arg.clone());
            };
            let value = fields
                .iter()
                .find(|(name, _)| name == field)
                .map(|(_, value)| value)
                .ok_or_else(|| ArgError::Missing(field.to_owned()))?;
            Kind::of(field)
                .check(value)
                .map(|()| value.clone())
                .map_err(|want| ArgError::Invalid {
                    field: field.to_owned(),
                    value: value.clone(),
                    want,
                })
        })
        .collect()
}

#[cfg(test)]
mod tests;
