//! The checks of one `[[action]]`'s values: what it does (a command's
//! argv, a webhook and its secrets), its target and its guard rails.

use super::*;

/// What one entry's values are checked with.
pub(super) struct Check<'e, 'd, 'i, 's> {
    /// The entry (for its keys and where it starts).
    pub(super) entry: &'e Entry<'d, 'i>,
    /// The fields placeholders and `target` may name; `None` when the
    /// binding is wrong and they cannot be told.
    pub(super) fields: Option<Vec<String>>,
    /// Whether secrets are looked up (not for a switched-off action).
    pub(super) read_secrets: bool,
    /// The environment.
    pub(super) env: EnvLookup<'s>,
    /// How the entry is named in messages.
    pub(super) subject: &'s str,
}

impl Check<'_, '_, '_, '_> {
    /// Reports `fault` at `span`.
    pub(super) fn report(&self, span: Range<usize>, fault: Fault, out: &mut Reporter<'_>) {
        out.report(span, Some(self.subject), fault);
    }

    /// Where `key` is written in the entry.
    pub(super) fn key_span(&self, key: &str) -> Range<usize> {
        self.entry
            .table
            .iter()
            .find(|(k, _)| k.get_ref().as_ref() == key)
            .map_or_else(|| self.entry.span.clone(), |(k, _)| k.span())
    }

    /// `name` as a field of the bound issues (`target`, a placeholder).
    pub(super) fn field(
        &self,
        key: &str,
        name: &Spanned<String>,
        out: &mut Reporter<'_>,
    ) -> Option<String> {
        let Some(fields) = &self.fields else {
            return Some(name.get_ref().clone());
        };
        if fields.iter().any(|f| f == name.get_ref()) {
            return Some(name.get_ref().clone());
        }
        let mut message = format!(
            "{:?} is not a field the bound issues have (their fields: {})",
            name.get_ref(),
            fields.join(", ")
        );
        if name.get_ref() == ALERT_KEY {
            message.push_str(
                "; `key` is an alert's counted value: bind the action to an alert to use it",
            );
        }
        self.report(name.span(), bad(key, message), out);
        None
    }

    /// `command`, or one webhook, and what goes with it.
    pub(super) fn what_it_does(
        &self,
        raw: &RawAction,
        out: &mut Reporter<'_>,
    ) -> Option<ActionKind> {
        let given: Vec<&str> = WHAT_IT_DOES
            .into_iter()
            .filter(|key| has_key(self.entry.table, key))
            .collect();
        match given.as_slice() {
            [] => {
                self.report(
                    self.entry.span.clone(),
                    Fault::Shape(
                        "missing what the action does: `command` (the program and its \
                         arguments), or `webhook`, `webhook_env` or `webhook_file`",
                    ),
                    out,
                );
                None
            }
            ["command"] => {
                for key in WEBHOOK_ONLY {
                    if has_key(self.entry.table, key) {
                        let message = "only for a webhook; this action runs a `command`".into();
                        self.report(self.key_span(key), bad(key, message), out);
                    }
                }
                let argv = self.command(raw.command.as_ref()?, out)?;
                Some(ActionKind::Command { argv })
            }
            [key] => self.webhook(raw, key, out),
            [first, second, ..] => {
                let message = format!(
                    "`{first}` and `{second}` both given: an action runs one command or calls \
                     one webhook; keep one (two [[action]] entries can share a binding)"
                );
                self.report(self.key_span(second), bad(second, message), out);
                None
            }
        }
    }

    /// The argv: an absolute program, placeholders whole and known.
    pub(super) fn command(
        &self,
        value: &Spanned<Sources>,
        out: &mut Reporter<'_>,
    ) -> Option<Vec<String>> {
        if let Sources::One(_) = value.get_ref() {
            let message = "must be an array of strings such as [\"/usr/bin/systemctl\", \
                           \"restart\", \"{unit}\"]: it runs without a shell, so one string \
                           is not split into arguments"
                .into();
            self.report(value.span(), bad("command", message), out);
            return None;
        }
        let errors = out.problems.len();
        let argv = strings("command", value.clone(), self.subject, out);
        let Some(program) = argv.first() else {
            if out.problems.len() == errors {
                let message =
                    "must not be empty: the program's absolute path first, then its arguments";
                self.report(value.span(), bad("command", message.into()), out);
            }
            return None;
        };
        if !Path::new(program.get_ref()).is_absolute() {
            let message = format!(
                "the program {:?} must be an absolute path (such as /usr/bin/systemctl): \
                 commands run without a shell and without a PATH lookup",
                program.get_ref()
            );
            self.report(program.span(), bad("command", message), out);
        }
        for arg in &argv {
            if let Err(ArgError::Embedded(_)) = check_template(std::slice::from_ref(arg.get_ref()))
            {
                let message = format!(
                    "argument {:?}: a {{field}} placeholder must be a whole argument \
                     (write \"--unit\", \"{{unit}}\", not \"--unit={{unit}}\")",
                    arg.get_ref()
                );
                self.report(arg.span(), bad("command", message), out);
            } else if let Some(name) = crate::heal::placeholder(arg.get_ref()) {
                let name = Spanned::new(arg.span(), name.to_string());
                self.field("command", &name, out);
            }
        }
        (out.problems.len() == errors).then(|| argv.into_iter().map(Spanned::into_inner).collect())
    }

    /// A webhook: its URL (from `key`), format, token and resend period.
    pub(super) fn webhook(
        &self,
        raw: &RawAction,
        key: &str,
        out: &mut Reporter<'_>,
    ) -> Option<ActionKind> {
        let url = match key {
            "webhook" => raw.webhook.as_ref().and_then(|url| {
                let value = Spanned::new(url.span(), url.get_ref().0.clone());
                self.url("webhook", "the URL", value, out)
            }),
            "webhook_env" => raw.webhook_env.as_ref().and_then(|name| {
                let value = self.env_value("webhook_env", name, out)?;
                let what = format!("the URL in environment variable `{}`", name.get_ref());
                self.url("webhook_env", &what, Spanned::new(name.span(), value), out)
            }),
            _ => raw.webhook_file.as_ref().and_then(|path| {
                let value = self.file_value("webhook_file", path, "URL", out)?;
                let what = format!("the URL in `{}`", path.get_ref());
                self.url("webhook_file", &what, Spanned::new(path.span(), value), out)
            }),
        };
        let format = match &raw.format {
            None => Some(WebhookFormat::Generic),
            Some(format) => match format.get_ref().as_str() {
                "generic" => Some(WebhookFormat::Generic),
                "slack" => Some(WebhookFormat::Slack),
                "alertmanager" => Some(WebhookFormat::Alertmanager),
                other => {
                    // Quoted only if it is a word: not a URL pasted in the wrong key.
                    let word = other.len() <= 32
                        && other
                            .bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
                    let shown = if word {
                        format!(" {other:?}")
                    } else {
                        String::new()
                    };
                    let message =
                        format!("unknown format{shown} (valid: generic, slack, alertmanager)");
                    self.report(format.span(), bad("format", message), out);
                    None
                }
            },
        };
        let token = self.token(raw, out);
        let resend = match (&raw.resend, format) {
            (Some(resend), Some(format)) if format != WebhookFormat::Alertmanager => {
                let message = "only for format = \"alertmanager\" (the other formats are \
                               sent once per firing)"
                    .into();
                self.report(resend.span(), bad("resend", message), out);
                None
            }
            (resend, _) => or_default("resend", resend, RESEND, self.subject, out),
        };
        Some(ActionKind::Webhook {
            url: url?,
            format: format?,
            token: token?,
            resend: resend?,
        })
    }

    /// `token_env` or `token_file`, or none.
    pub(super) fn token(&self, raw: &RawAction, out: &mut Reporter<'_>) -> Option<Option<Secret>> {
        let value = match (&raw.token_env, &raw.token_file) {
            (None, None) => return Some(None),
            (Some(_), Some(file)) => {
                let message = "`token_env` and `token_file` both given: keep one".into();
                self.report(file.span(), bad("token_file", message), out);
                return None;
            }
            (Some(name), None) => ("token_env", self.env_value("token_env", name, out)?),
            (None, Some(path)) => (
                "token_file",
                self.file_value("token_file", path, "token", out)?,
            ),
        };
        let (key, token) = value;
        if !self.read_secrets {
            return Some(Some(Secret::new(token)));
        }
        if token.chars().any(|c| c.is_whitespace() || c.is_control()) {
            let message =
                "the token contains a space, line break or control character (its value is \
                 not shown); a bearer token is one word"
                    .into();
            self.report(self.key_span(key), bad(key, message), out);
            return None;
        }
        Some(Some(Secret::new(token)))
    }

    /// A webhook URL, checked without ever showing it.
    pub(super) fn url(
        &self,
        key: &str,
        what: &str,
        value: Spanned<String>,
        out: &mut Reporter<'_>,
    ) -> Option<Secret> {
        if !self.read_secrets {
            return Some(Secret::new(String::new()));
        }
        match check_url(value.get_ref()) {
            Ok(()) => Some(Secret::new(value.into_inner())),
            Err(why) => {
                let message = format!("{what} {why} (the value is not shown: it may hold a token)");
                self.report(value.span(), bad(key, message), out);
                None
            }
        }
    }

    /// The value of the environment variable named at `name`, trimmed.
    /// Not looked up for a switched-off action (an empty value stands in).
    pub(super) fn env_value(
        &self,
        key: &str,
        name: &Spanned<String>,
        out: &mut Reporter<'_>,
    ) -> Option<String> {
        let var = name.get_ref();
        if !is_env_name(var) {
            // Not echoed: a URL or token written here by mistake stays unseen.
            let message = "must be the name of an environment variable (letters, digits and \
                           _, not starting with a digit)"
                .into();
            self.report(name.span(), bad(key, message), out);
            return None;
        }
        if !self.read_secrets {
            return Some(String::new());
        }
        let why = match (self.env)(var) {
            None => "is not set",
            Some(value) if value.trim().is_empty() => "is empty",
            Some(value) => return Some(value.trim().to_string()),
        };
        let message = format!(
            "environment variable `{var}` {why}: set it in logwarden's environment before it \
             starts"
        );
        self.report(name.span(), bad(key, message), out);
        None
    }

    /// The content of the file named at `path`, trimmed. Not read for a
    /// switched-off action (an empty value stands in).
    pub(super) fn file_value(
        &self,
        key: &str,
        path: &Spanned<String>,
        what: &str,
        out: &mut Reporter<'_>,
    ) -> Option<String> {
        let name = path.get_ref();
        let why = if name.trim().is_empty() {
            "must name a file".to_string()
        } else if name.contains("://") {
            // Not echoed: a URL written here by mistake may hold a token.
            format!("must name a file, not hold the {what} itself (use `webhook` for a URL)")
        } else if !self.read_secrets {
            return Some(String::new());
        } else {
            match read_secret(Path::new(name)) {
                Ok(text) if text.trim().is_empty() => {
                    format!("`{name}` is empty: write the {what} in it")
                }
                Ok(text) => return Some(text.trim().to_string()),
                Err(why) => format!("cannot read `{name}`: {why}"),
            }
        };
        self.report(path.span(), bad(key, why), out);
        None
    }
}

/// Whether `name` can be an environment variable's name.
pub(super) fn is_env_name(name: &str) -> bool {
    name.bytes()
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// Why `url` is not a webhook URL (said without quoting it).
pub(super) fn check_url(url: &str) -> Result<(), &'static str> {
    let rest = ["http://", "https://"].into_iter().find_map(|scheme| {
        url.get(..scheme.len())
            .filter(|head| head.eq_ignore_ascii_case(scheme))
            .map(|_| &url[scheme.len()..])
    });
    let Some(rest) = rest else {
        return Err("must start with http:// or https://");
    };
    if rest.is_empty() || rest.starts_with(['/', '?', '#']) {
        return Err("has no host after http:// or https://");
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("must not contain spaces or control characters");
    }
    Ok(())
}

/// A secret file's text: a regular file, UTF-8, at most [`SECRET_FILE_MAX`] bytes.
pub(super) fn read_secret(path: &Path) -> Result<String, String> {
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let meta = file.metadata().map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err("not a regular file".into());
    }
    let mut text = String::new();
    file.take(SECRET_FILE_MAX + 1)
        .read_to_string(&mut text)
        .map_err(|e| e.to_string())?;
    if text.len() as u64 > SECRET_FILE_MAX {
        return Err(format!("larger than {} KiB", SECRET_FILE_MAX / 1024));
    }
    Ok(text)
}
