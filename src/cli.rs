//! Command-line flags (clap derive). Flags only: no I/O, no validation
//! beyond parsing; `config` merges these with the config file.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::model::Severity;

/// Watches log files, classifies problems into issues, keeps a health score.
#[derive(Debug, Parser)]
#[command(
    name = "logwarden",
    version,
    propagate_version = true,
    // `logwarden --config X scan ...` is the scan subcommand, not a path named "scan".
    subcommand_precedence_over_arg = true
)]
#[command(
    about = "Watches log files, classifies problems into issues, keeps a health score.\n\
Without a subcommand: the live dashboard on PATHs (files, directories, globs, - for stdin),\n\
or on the default places. New here? Try `logwarden demo`."
)]
#[command(
    after_help = "Exit codes: 0 ok, 1 issues at or above --fail-on (scan), 2 usage, config or I/O error.\n\
Defaults for flags can live in a config file: --config FILE, else $XDG_CONFIG_HOME/logwarden/logwarden.toml."
)]
pub struct Cli {
    /// Config file holding defaults for flags [default: $XDG_CONFIG_HOME/logwarden/logwarden.toml]
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Rules file to use instead of the built-in patterns.toml
    #[arg(long, global = true, value_name = "FILE")]
    pub patterns: Option<PathBuf>,

    /// Color theme: dark, light, high-contrast, or a theme file [default: dark]
    #[arg(long, global = true, value_name = "NAME|PATH")]
    pub theme: Option<String>,

    /// What to do.
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Without a subcommand: the dashboard's options and paths.
    #[command(flatten)]
    pub dashboard: DashboardArgs,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Classify existing logs once and report the issues found (for CI and cron)
    Scan(ScanArgs),
    /// Follow logs live and print each issue as it is detected (no terminal UI)
    Watch(WatchArgs),
    /// Check a rules file, or try the rules on lines
    #[command(subcommand)]
    Patterns(PatternsCommand),
    /// Write realistic logs (with incidents of every type) into a temporary directory and open the dashboard on them
    Demo(DemoArgs),
    /// Print every input line's template (variable parts as <*>) and template id
    Templates(TemplatesArgs),
    /// Print the issue history kept in the state directory (JSON lines or CSV)
    Export(ExportArgs),
    /// Add issues from an export (JSON lines) to the history
    Import(ImportArgs),
}

/// `logwarden export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The state directory holding the history [default: as the live modes]
    #[arg(long, value_name = "DIR")]
    pub state: Option<PathBuf>,

    /// json (one issue object per line, what `import` reads) or csv
    #[arg(long, value_enum, default_value = "json", value_name = "FORMAT")]
    pub format: ExportFormat,

    /// Only issues whose latest occurrence is at most this old (7d, 12h) or
    /// at/after this time (2026-03-10T08:00:00)
    #[arg(long, value_name = "AGE|TIME")]
    pub since: Option<String>,

    /// Export log text as written, without removing passwords, tokens and keys
    #[arg(long)]
    pub no_redact: bool,
}

/// Formats of `export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// One issue object per line.
    Json,
    /// A header row, then one row per issue (RFC 4180 quoting).
    Csv,
}

/// `logwarden import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The state directory holding the history [default: as the live modes]
    #[arg(long, value_name = "DIR")]
    pub state: Option<PathBuf>,

    /// An export (JSON lines), or - for standard input
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

/// `logwarden templates`.
#[derive(Debug, Args)]
pub struct TemplatesArgs {
    /// Output: tsv (line, template id, template) or json (one object per line)
    #[arg(long, value_enum, default_value = "tsv", value_name = "FORMAT")]
    pub format: TemplatesFormat,

    /// Share of constant tokens two lines must agree on to share a template (0.1..=1.0)
    #[arg(long, default_value_t = crate::template::DEFAULT_SIMILARITY, value_name = "RATIO")]
    pub similarity: f64,

    /// Files, or - for standard input; line numbers run on across them
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
}

/// Output formats of `templates`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TemplatesFormat {
    /// line<TAB>template_id<TAB>template
    Tsv,
    /// {"line":N,"template_id":"...","template":"..."}
    Json,
}

/// Flags shared by every live mode (watch, the dashboard, headless serving).
#[derive(Debug, Args)]
pub struct LiveArgs {
    /// Where read positions are saved, so a restart resumes exactly [default: $XDG_STATE_HOME/logwarden]
    #[arg(long, value_name = "DIR")]
    pub state: Option<PathBuf>,

    /// Read files already present at the first start from their beginning, not their end
    #[arg(long)]
    pub from_start: bool,

    /// Longest line kept and classified, in bytes; longer lines are cut with a marker [default: 65536]
    #[arg(long, value_name = "BYTES")]
    pub line_cap: Option<usize>,

    /// How often every file is re-checked, in milliseconds (the safety net under inotify) [default: 1000]
    #[arg(long, value_name = "MS")]
    pub poll_interval: Option<u64>,

    /// Do not use inotify; find changes by polling only (for file systems that do not report changes)
    #[arg(long)]
    pub no_inotify: bool,

    /// Also append logwarden's own messages to this file (never classified, even if watched)
    #[arg(long, value_name = "FILE")]
    pub log_file: Option<PathBuf>,

    /// Receive syslog (RFC 5424 and 3164) on this address, TCP and UDP, e.g. 0.0.0.0:5514; repeatable
    #[arg(long, value_name = "ADDR")]
    pub syslog: Vec<String>,

    /// Receive syslog over TLS (RFC 5425, TCP) on this address, e.g. 0.0.0.0:6514; repeatable; needs --syslog-tls-cert and --syslog-tls-key
    #[arg(long, value_name = "ADDR")]
    pub syslog_tls: Vec<String>,

    /// The TLS server certificate for --syslog-tls (PEM; the chain may follow the certificate)
    #[arg(long, value_name = "FILE")]
    pub syslog_tls_cert: Option<PathBuf>,

    /// The certificate's private key for --syslog-tls (PEM: PKCS#8, PKCS#1 RSA or SEC1 EC; unencrypted)
    #[arg(long, value_name = "FILE")]
    pub syslog_tls_key: Option<PathBuf>,

    /// Accept logs from shippers at POST /api/ingest (JSON lines) and /v1/logs (OTLP/HTTP JSON); needs --api
    #[arg(long)]
    pub ingest: bool,

    /// Carry out no [[action]]: write to the audit (and the log) what each would do, with its guard rails
    #[arg(long)]
    pub dry_run_actions: bool,

    /// Files (which may appear later), directories (their *.log, now and later), globs, or - for stdin.
    /// Default: ./logs/*.log, ./model/logs/*.log, ./monitoring/server/logs/*.log,
    /// ./incident-bot/logs/*.log, /var/log/syslog, /var/log/messages (those that exist)
    #[arg(value_name = "PATH")]
    pub paths: Vec<String>,
}

/// Flags of `logwarden watch`.
/// The terminal dashboard (no subcommand).
#[derive(Debug, Args)]
pub struct DashboardArgs {
    /// Colors: auto (a terminal, unless NO_COLOR is set), always, never.
    #[arg(long, value_enum, value_name = "WHEN")]
    pub color: Option<ColorChoice>,

    /// Run without the dashboard: the engine and the JSON API only (needs --api)
    #[arg(long)]
    pub no_tui: bool,

    /// Keep issue history this long, e.g. 7d, 12h (older issues are pruned) [default: 30d]
    #[arg(long, value_name = "AGE")]
    pub retention: Option<String>,

    /// The API's flags.
    #[command(flatten)]
    pub api: ApiArgs,

    /// What to follow and how.
    #[command(flatten)]
    pub live: LiveArgs,
}

/// The embedded JSON API.
#[derive(Debug, Args, Default)]
pub struct ApiArgs {
    /// Serve the JSON API on this address, e.g. 127.0.0.1:5000 (port 0: any free port)
    #[arg(long, value_name = "ADDR")]
    pub api: Option<String>,

    /// Require `Authorization: Bearer TOKEN` on every request
    #[arg(
        long,
        value_name = "TOKEN",
        env = "LOGWARDEN_API_TOKEN",
        hide_env_values = true
    )]
    pub api_token: Option<String>,

    /// Read the API token from this file (keeps it out of `ps`)
    #[arg(long, value_name = "FILE", conflicts_with = "api_token")]
    pub api_token_file: Option<PathBuf>,

    /// Allow serving a non-loopback address without a token
    #[arg(long)]
    pub api_insecure: bool,

    /// Let browser pages from this origin call the API (CORS); repeatable; * for any
    #[arg(long, value_name = "ORIGIN")]
    pub api_cors_origin: Vec<String>,

    /// Serve log text as written, without removing passwords, tokens and keys
    #[arg(long)]
    pub no_redact: bool,
}

/// `logwarden demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Write the demo logs here (kept afterwards) instead of a temporary directory.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,

    /// Log lines written per second.
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub rate: u32,

    /// Colors: auto, always, never.
    #[arg(long, value_enum, value_name = "WHEN")]
    pub color: Option<ColorChoice>,

    /// The API's flags.
    #[command(flatten)]
    pub api: ApiArgs,
}

/// `logwarden watch`'s flags.
#[derive(Debug, Args)]
pub struct WatchArgs {
    /// Output format: text, or json (one issue object per line, flushed per issue) [default: text]
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<WatchFormat>,

    /// When to color text output [default: auto: only on a terminal, never with NO_COLOR]
    #[arg(long, value_enum, value_name = "WHEN")]
    pub color: Option<ColorChoice>,

    /// What to follow, and how.
    /// What to follow and how.
    #[command(flatten)]
    pub live: LiveArgs,
}

/// Output formats of `watch`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WatchFormat {
    /// A readable line per issue, colored on a terminal
    Text,
    /// One issue object per line (JSON Lines)
    Json,
}

/// Flags of `logwarden scan`.
#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Output format [default: text]
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<Format>,

    /// Exit with 1 when an issue at or above this severity is found (or `none`) [default: ERROR]
    #[arg(long, value_name = "SEVERITY", value_parser = parse_fail_on)]
    pub fail_on: Option<FailOn>,

    /// When to color text output [default: auto: only on a terminal, never with NO_COLOR]
    #[arg(long, value_enum, value_name = "WHEN")]
    pub color: Option<ColorChoice>,

    /// Longest line kept and classified, in bytes; longer lines are cut with a marker [default: 65536]
    #[arg(long, value_name = "BYTES")]
    pub line_cap: Option<usize>,

    /// Threads classifying large inputs [default: one per core, at most 4]
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,

    /// Files, directories (their *.log and *.log.gz), globs, or - for stdin; .gz is read transparently
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<String>,
}

/// Subcommands of `logwarden patterns`.
#[derive(Debug, Subcommand)]
pub enum PatternsCommand {
    /// Validate a rules file (default: the active rules) and report every problem
    Check {
        /// The rules file to check
        file: Option<PathBuf>,
    },
    /// Show, for each line, the rule that matches, the matching text, and the rules it outranked
    Test {
        /// Read the lines to test from this file (one per line)
        #[arg(long, value_name = "FILE")]
        file: Option<PathBuf>,
        /// Lines to test
        #[arg(value_name = "LINE", required_unless_present = "file")]
        lines: Vec<String>,
    },
}

/// Output formats of `scan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// A readable listing, colored on a terminal
    Text,
    /// One issue object per line (JSON Lines)
    Json,
    /// Counts per type, severity and category
    Summary,
}

/// When to use color.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set
    Auto,
    /// Always
    Always,
    /// Never
    Never,
}

/// The `--fail-on` threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    /// Fail when an issue at or above this severity is found.
    AtLeast(Severity),
    /// Never fail because of issues.
    Never,
}

/// Parses `--fail-on`: a severity name or `none`.
pub fn parse_fail_on(text: &str) -> Result<FailOn, String> {
    if text.eq_ignore_ascii_case("none") {
        return Ok(FailOn::Never);
    }
    text.parse::<Severity>()
        .map(FailOn::AtLeast)
        .map_err(|e| format!("{e}, or none"))
}
