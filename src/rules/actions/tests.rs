use std::time::Duration;

use crate::alert::Selector;
use crate::heal::{ActionKind, ActionSpec, GuardConfig, Secret, WebhookFormat};
use crate::rules::{PatternsFile, Problem};

const BASE: &str = r#"
version = 1

[types.authentication_failure]
severity = "WARNING"
category = "Security Issue"
description = "Authentication failure"

[types.service_crash]
severity = "CRITICAL"
category = "Service Issue"
description = "Crash"

[types.restart_loop]
severity = "CRITICAL"
category = "Service Issue"
description = "Restart loop"
auto_heal = true

[[rules]]
id = "ssh-failed"
type = "authentication_failure"
match = ['Failed password for \S+ from (?P<client_ip>[0-9.]+)']

[[rules]]
id = "crashed"
type = "service_crash"
match = ['crashed']

[[rules]]
id = "restarting"
type = "restart_loop"
match = ['(?P<unit>[\w.@-]+): restarting too fast']

[[alert]]
id = "ssh-bruteforce"
type = "authentication_failure"
count = 5
within = "10m"
by = "client_ip"

[[alert]]
id = "crash-storm"
type = "service_crash"
count = 3
within = "5m"

[[alert]]
id = "sleeping"
type = "service_crash"
count = 3
within = "5m"
enabled = false
"#;

/// A URL with a token in it, as webhook URLs often are.
const URL: &str = "https://hooks.example.net/services/T000/B000/sekr1tURLt0ken";
/// A bearer token.
const TOKEN: &str = "tok3n-never-shown";

/// The stand-in environment.
fn env(name: &str) -> Option<String> {
    match name {
        "AM_URL" => Some(format!("  {URL}\n")),
        "AM_TOKEN" => Some(TOKEN.to_string()),
        "BLANK" => Some(" \n".to_string()),
        "NOT_A_URL" => Some("ftp://sekr1t@files.example.net/".to_string()),
        "SPLIT_TOKEN" => Some(format!("{TOKEN}\nX-Injected: {TOKEN}")),
        _ => None,
    }
}

fn parse(extra: &str) -> Result<PatternsFile, Vec<Problem>> {
    PatternsFile::parse_with_env("actions.toml", &format!("{BASE}{extra}"), &env)
        .map_err(|e| e.problems)
}

/// The one action of `extra`.
fn action(extra: &str) -> ActionSpec {
    let file = parse(extra).unwrap_or_else(|p| panic!("{p:#?}"));
    assert_eq!(
        file.settings.actions.len(),
        1,
        "{:?}",
        file.settings.actions
    );
    file.settings.actions[0].clone()
}

/// The problems of `extra`, each as `line:column: subject: message`, the
/// line counted from the start of `extra`.
fn problems(extra: &str) -> Vec<String> {
    let base_lines = BASE.lines().count();
    match parse(extra) {
        Ok(_) => panic!("no problem found in {extra}"),
        Err(problems) => problems
            .iter()
            .map(|p| {
                format!(
                    "{}:{}: {}: {}",
                    p.line - base_lines,
                    p.column,
                    p.subject.as_deref().unwrap_or(""),
                    p.message
                )
            })
            .collect(),
    }
}

/// Asserts that each of `want` begins one of `found`.
fn assert_found(found: &[String], want: &[&str]) {
    for want in want {
        assert!(
            found.iter().any(|f| f.starts_with(want)),
            "{want:?} not among {found:#?}"
        );
    }
}

const DEFAULT_GUARD: GuardConfig = GuardConfig {
    cooldown: Duration::from_secs(300),
    max_attempts: 3,
    window: Duration::from_secs(3600),
    breaker_failures: 3,
    breaker_pause: Duration::from_secs(900),
};

#[test]
fn a_full_command_action_is_read_exactly() {
    let got = action(
        r#"
[[action]]
id = "restart-api"
type = "restart_loop"
rule = ["restarting"]
alert = "crash-storm"
command = ["/usr/bin/systemctl", "restart", "{unit}"]
timeout = "45s"
target = "unit"
cooldown = "10m"
max_attempts = 2
window = "2h"
breaker_failures = 4
breaker_pause = "30m"
enabled = true
note = "restarts what restarts too fast"
"#,
    );
    let want = ActionSpec {
        id: "restart-api".into(),
        select: Selector {
            types: vec!["restart_loop".into()],
            groups: vec![],
            rules: vec!["restarting".into()],
        },
        alerts: vec!["crash-storm".into()],
        kind: ActionKind::Command {
            argv: vec![
                "/usr/bin/systemctl".into(),
                "restart".into(),
                "{unit}".into(),
            ],
        },
        target: Some("unit".into()),
        timeout: Duration::from_secs(45),
        guard: GuardConfig {
            cooldown: Duration::from_secs(600),
            max_attempts: 2,
            window: Duration::from_secs(7200),
            breaker_failures: 4,
            breaker_pause: Duration::from_secs(1800),
        },
    };
    assert_eq!(got, want);
}

#[test]
fn defaults_fill_what_is_not_said() {
    let got = action(
        r#"
[[action]]
id = "ban"
alert = "ssh-bruteforce"
command = ["/usr/sbin/ban", "{client_ip}"]
"#,
    );
    assert_eq!(got.select, Selector::default(), "bound to the alert only");
    assert_eq!(got.alerts, vec!["ssh-bruteforce"]);
    assert_eq!(got.target, None);
    assert_eq!(got.timeout, Duration::from_secs(30));
    assert_eq!(got.guard, DEFAULT_GUARD);
    let hook = action(
        r#"
[[action]]
id = "tell"
alert = "crash-storm"
webhook = "http://127.0.0.1:9093/hook"
"#,
    );
    assert_eq!(hook.timeout, Duration::from_secs(10));
    assert_eq!(
        hook.kind,
        ActionKind::Webhook {
            url: Secret::new("http://127.0.0.1:9093/hook".into()),
            format: WebhookFormat::Generic,
            token: None,
            resend: Duration::from_secs(60),
        }
    );
}

#[test]
fn webhook_url_and_token_come_from_the_environment_or_files() {
    let got = action(
        r#"
[[action]]
id = "am"
alert = ["crash-storm", "ssh-bruteforce"]
webhook_env = "AM_URL"
format = "alertmanager"
token_env = "AM_TOKEN"
resend = "2m"
"#,
    );
    assert_eq!(
        got.kind,
        ActionKind::Webhook {
            url: Secret::new(URL.into()),
            format: WebhookFormat::Alertmanager,
            token: Some(Secret::new(TOKEN.into())),
            resend: Duration::from_secs(120),
        }
    );
    let dir = tempfile::tempdir().unwrap();
    let url_file = dir.path().join("url");
    let token_file = dir.path().join("token");
    std::fs::write(&url_file, format!("\n{URL}\n")).unwrap();
    std::fs::write(&token_file, format!("{TOKEN}\n")).unwrap();
    let got = action(&format!(
        r#"
[[action]]
id = "slack"
type = "restart_loop"
webhook_file = "{}"
format = "slack"
token_file = "{}"
"#,
        url_file.display(),
        token_file.display()
    ));
    assert_eq!(
        got.kind,
        ActionKind::Webhook {
            url: Secret::new(URL.into()),
            format: WebhookFormat::Slack,
            token: Some(Secret::new(TOKEN.into())),
            resend: Duration::from_secs(60),
        }
    );
    // The spec can be printed: the secrets are not.
    let shown = format!("{got:?}");
    assert!(!shown.contains(URL) && !shown.contains(TOKEN), "{shown}");
}

#[test]
fn an_action_does_exactly_one_thing() {
    let found = problems(
        r#"
[[action]]
id = "nothing"
type = "restart_loop"

[[action]]
id = "both"
type = "restart_loop"
command = ["/bin/true"]
webhook_env = "AM_URL"

[[action]]
id = "two-hooks"
type = "restart_loop"
webhook = "https://a.example"
webhook_file = "/etc/hook"
"#,
    );
    assert_found(
        &found,
        &[
            "2:1: action `nothing`: missing what the action does: `command` (the program and its arguments), or `webhook`, `webhook_env` or `webhook_file`",
            "10:1: action `both`: field `webhook_env`: `command` and `webhook_env` both given: an action runs one command or calls one webhook; keep one",
            "16:1: action `two-hooks`: field `webhook_file`: `webhook` and `webhook_file` both given",
        ],
    );
    assert_eq!(found.len(), 3, "{found:#?}");
}

#[test]
fn webhook_keys_are_refused_on_a_command_and_resend_needs_alertmanager() {
    let found = problems(
        r#"
[[action]]
id = "cmd"
type = "restart_loop"
command = ["/bin/true"]
format = "slack"
token_env = "AM_TOKEN"
resend = "1m"

[[action]]
id = "hook"
type = "restart_loop"
webhook_env = "AM_URL"
format = "teams"

[[action]]
id = "slack"
type = "restart_loop"
webhook_env = "AM_URL"
format = "slack"
resend = "5m"
token_env = "AM_TOKEN"
token_file = "/etc/token"
"#,
    );
    assert_found(
        &found,
        &[
            "6:1: action `cmd`: field `format`: only for a webhook; this action runs a `command`",
            "7:1: action `cmd`: field `token_env`: only for a webhook",
            "8:1: action `cmd`: field `resend`: only for a webhook",
            "14:10: action `hook`: field `format`: unknown format \"teams\" (valid: generic, slack, alertmanager)",
            "21:10: action `slack`: field `resend`: only for format = \"alertmanager\"",
            "23:14: action `slack`: field `token_file`: `token_env` and `token_file` both given: keep one",
        ],
    );
    assert_eq!(found.len(), 6, "{found:#?}");
}

#[test]
fn a_command_is_an_absolute_program_and_whole_known_placeholders() {
    let found = problems(
        r#"
[[action]]
id = "string"
type = "restart_loop"
command = "/usr/bin/systemctl restart {unit}"

[[action]]
id = "empty"
type = "restart_loop"
command = []

[[action]]
id = "relative"
type = "restart_loop"
command = ["systemctl", "restart", "--unit={unit}", "{client_ip}", "{key}", 5]
"#,
    );
    assert_found(
        &found,
        &[
            "5:11: action `string`: field `command`: must be an array of strings such as [\"/usr/bin/systemctl\", \"restart\", \"{unit}\"]: it runs without a shell",
            "10:11: action `empty`: field `command`: must not be empty: the program's absolute path first, then its arguments",
            "15:12: action `relative`: field `command`: the program \"systemctl\" must be an absolute path (such as /usr/bin/systemctl): commands run without a shell and without a PATH lookup",
            "15:36: action `relative`: field `command`: argument \"--unit={unit}\": a {field} placeholder must be a whole argument",
            "15:53: action `relative`: field `command`: \"client_ip\" is not a field the bound issues have (their fields: host, id, severity, source, type, unit)",
            "15:68: action `relative`: field `command`: \"key\" is not a field the bound issues have (their fields: host, id, severity, source, type, unit); `key` is an alert's counted value: bind the action to an alert to use it",
            "15:77: action `relative`: field `command`: must be a string, found integer",
        ],
    );
    assert_eq!(found.len(), 7, "{found:#?}");
}

#[test]
fn placeholders_may_name_issue_fields_captures_and_the_alert_key() {
    let got = action(
        r#"
[[action]]
id = "all"
type = "restart_loop"
alert = "ssh-bruteforce"
command = ["/usr/local/bin/fix", "{host}", "{id}", "{type}", "{severity}", "{source}", "{unit}", "{key}", "{client_ip}"]
target = "client_ip"
"#,
    );
    assert_eq!(got.target.as_deref(), Some("client_ip"));
    // Without the alert, neither `key` nor its `by` is there.
    let found = problems(
        r#"
[[action]]
id = "direct"
rule = "restarting"
command = ["/usr/local/bin/fix", "{key}"]
target = "client_ip"
"#,
    );
    assert_found(
        &found,
        &[
            "5:34: action `direct`: field `command`: \"key\" is not a field the bound issues have (their fields: host, id, severity, source, type, unit); `key` is an alert's counted value",
            "6:10: action `direct`: field `target`: \"client_ip\" is not a field the bound issues have (their fields: host, id, severity, source, type, unit)",
        ],
    );
    assert_eq!(found.len(), 2, "{found:#?}");
}

#[test]
fn an_action_is_bound_to_known_auto_heal_types_rules_or_alerts() {
    let found = problems(
        r#"
[[action]]
id = "unbound"
command = ["/bin/true"]

[[action]]
id = "not-healing"
type = ["service_crash", "restart_loop"]
command = ["/bin/true"]

[[action]]
id = "by-rule"
rule = "ssh-failed"
command = ["/bin/true"]

[[action]]
id = "unknown"
type = "no_such_type"
rule = "no-such-rule"
alert = ["crash-storm", "no-such-alert", "sleeping"]
command = ["/bin/true"]
"#,
    );
    assert_found(
        &found,
        &[
            "2:1: action `unbound`: bound to nothing: add `type`, `group` or `rule` (issues of auto_heal types) or `alert` (ids of [[alert]] entries)",
            "8:9: action `not-healing`: field `type`: type `service_crash` is not auto_heal: bind the action to an alert, or set auto_heal = true on the type",
            "13:8: action `by-rule`: field `rule`: rule `ssh-failed` reports type `authentication_failure`, which is not auto_heal: bind the action to an alert, or set auto_heal = true on the type",
            "18:8: action `unknown`: unknown type `no_such_type` (defined types: authentication_failure, service_crash, restart_loop)",
            "19:8: action `unknown`: field `rule`: no rule has id \"no-such-rule\"",
            "20:25: action `unknown`: field `alert`: no [[alert]] has id \"no-such-alert\" (defined alerts: ssh-bruteforce, crash-storm)",
            "20:42: action `unknown`: field `alert`: alert `sleeping` is switched off (enabled = false): switch this action off too, or bind it to another alert",
        ],
    );
    assert_eq!(found.len(), 7, "{found:#?}");
}

#[test]
fn ids_keys_durations_and_counts_are_checked_like_alerts() {
    let found = problems(
        r#"
[[action]]
id = "a"
type = "restart_loop"
command = ["/bin/true"]

[[action]]
id = "a"
type = "restart_loop"
command = ["/bin/true"]
colour = "red"
timeout = "0s"
cooldown = "soon"
max_attempts = 0
breaker_failures = 2.5
window = "30d"

[[action]]
type = "restart_loop"
command = ["/bin/true"]

[[action]]
id = ""
type = "restart_loop"
command = ["/bin/true"]
enabled = "no"
"#,
    );
    assert_found(
        &found,
        &[
            "8:6: action `a`: duplicate id (first defined on line",
            "11:1: action `a`: unknown field `colour` (valid: id, type, group, rule, alert, command, webhook,",
            "12:11: action `a`: field `timeout`: \"0s\" must be from 1s to 7d",
            "13:12: action `a`: field `cooldown`: \"soon\" is not a duration such as 90s, 10m or 1h30m",
            "14:16: action `a`: field `max_attempts`: must be a whole number from 1 to 1000000 (got 0)",
            "15:20: action `a`: field `breaker_failures`: must be a whole number from 1 to 1000000 (got 2.5)",
            "16:10: action `a`: field `window`: \"30d\" must be from 1s to 7d",
            "18:1: action[2]: missing field `id`",
            "23:6: action ``: `id` must not be empty",
            "26:11: action ``: field `enabled` must be true or false, found string",
        ],
    );
    assert_eq!(found.len(), 10, "{found:#?}");
}

#[test]
fn secrets_that_cannot_be_read_are_named_never_shown() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty");
    std::fs::write(&empty, "\n  \n").unwrap();
    let missing = dir.path().join("missing");
    let extra = format!(
        r#"
[[action]]
id = "unset"
type = "restart_loop"
webhook_env = "NO_SUCH_VAR"
token_env = "BLANK"

[[action]]
id = "files"
type = "restart_loop"
webhook_file = "{missing}"
token_file = "{empty}"

[[action]]
id = "pasted"
type = "restart_loop"
webhook_env = "{URL}"
format = "alertmanager"
token_file = "{URL}"

[[action]]
id = "not-http"
type = "restart_loop"
webhook_env = "NOT_A_URL"
token_env = "SPLIT_TOKEN"

[[action]]
id = "literal"
type = "restart_loop"
webhook = "{URL} x"
format = "slack"

[[action]]
id = "literal-ftp"
type = "restart_loop"
webhook = "ftp://{TOKEN}@example.net"

[[action]]
id = "no-host"
type = "restart_loop"
webhook = "https:///{TOKEN}"
"#,
        missing = missing.display(),
        empty = empty.display(),
    );
    let found = problems(&extra);
    let missing = missing.display().to_string();
    let empty = empty.display().to_string();
    assert_found(
        &found,
        &[
            "5:15: action `unset`: field `webhook_env`: environment variable `NO_SUCH_VAR` is not set: set it in logwarden's environment before it starts",
            "6:13: action `unset`: field `token_env`: environment variable `BLANK` is empty",
            &format!("11:16: action `files`: field `webhook_file`: cannot read `{missing}`: "),
            &format!(
                "12:14: action `files`: field `token_file`: `{empty}` is empty: write the token in it"
            ),
            "17:15: action `pasted`: field `webhook_env`: must be the name of an environment variable (letters, digits and _, not starting with a digit)",
            "19:14: action `pasted`: field `token_file`: must name a file, not hold the token itself (use `webhook` for a URL)",
            "24:15: action `not-http`: field `webhook_env`: the URL in environment variable `NOT_A_URL` must start with http:// or https:// (the value is not shown: it may hold a token)",
            "25:1: action `not-http`: field `token_env`: the token contains a space, line break or control character (its value is not shown)",
            "30:11: action `literal`: field `webhook`: the URL must not contain spaces or control characters (the value is not shown",
            "36:11: action `literal-ftp`: field `webhook`: the URL must start with http:// or https://",
            "41:11: action `no-host`: field `webhook`: the URL has no host after http:// or https://",
        ],
    );
    assert_eq!(found.len(), 11, "{found:#?}");
    for message in &found {
        for secret in [URL, TOKEN, "sekr1t"] {
            assert!(!message.contains(secret), "{secret:?} shown in {message}");
        }
    }
}

#[test]
fn no_problem_ever_shows_a_secret() {
    // Every way an action can be wrong, around secrets that are set.
    let mut text = String::new();
    for (n, body) in [
        format!("webhook = \"{URL}\"\ncommand = [\"/bin/true\"]"),
        format!("webhook = \"{URL}\"\nformat = \"{URL}\""),
        format!("webhook = [\"{URL}\"]"),
        format!("webhook = {{ url = \"{URL}\" }}"),
        "webhook_env = \"AM_URL\"\ntoken_env = \"SPLIT_TOKEN\"\ntarget = \"nope\"".to_string(),
        format!("webhook_file = \"{URL}\""),
        format!("webhook_env = \"{TOKEN}\""),
        format!("webhook = \"{URL}\"\ntoken_file = \"/{TOKEN}\""),
    ]
    .iter()
    .enumerate()
    {
        text.push_str(&format!(
            "\n[[action]]\nid = \"a{n}\"\ntype = \"service_crash\"\n{body}\n"
        ));
    }
    let Err(found) = parse(&text) else {
        panic!("no problem found in {text}");
    };
    assert!(found.len() >= 8, "{found:#?}");
    for problem in &found {
        let shown = format!("{problem} {problem:?}");
        for secret in [URL, "sekr1tURLt0ken", TOKEN] {
            // The token file's path is the token here: it is named, as a path must be.
            if shown.contains(&format!("/{TOKEN}")) && secret == TOKEN {
                continue;
            }
            assert!(!shown.contains(secret), "{secret:?} shown in {shown}");
        }
    }
}

#[test]
fn a_switched_off_action_is_checked_but_not_kept_and_needs_no_secret() {
    let file = parse(
        r#"
[[action]]
id = "off"
type = "restart_loop"
webhook_env = "NO_SUCH_VAR"
token_file = "/nonexistent/token"
enabled = false
"#,
    )
    .expect("valid");
    assert!(file.settings.actions.is_empty());
    let found = problems(
        r#"
[[action]]
id = "off"
type = "service_crash"
command = ["true"]
enabled = false
"#,
    );
    assert_found(
        &found,
        &[
            "4:8: action `off`: field `type`: type `service_crash` is not auto_heal",
            "5:12: action `off`: field `command`: the program \"true\" must be an absolute path",
        ],
    );
}

#[test]
fn actions_keep_file_order_and_the_builtin_file_has_none() {
    let file = parse(
        r#"
[[action]]
id = "first"
type = "restart_loop"
command = ["/bin/true"]

[[action]]
id = "second"
alert = "crash-storm"
webhook = "https://example.net/hook"
"#,
    )
    .expect("valid");
    let ids: Vec<&str> = file
        .settings
        .actions
        .iter()
        .map(|a| a.id.as_str())
        .collect();
    assert_eq!(ids, ["first", "second"]);
    assert!(
        PatternsFile::builtin()
            .expect("built-in")
            .settings
            .actions
            .is_empty()
    );
}
