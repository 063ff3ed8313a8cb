//! Configuration: the config file (defaults for flags) merged under the
//! command line, then validated. Two stages, as in ripgrep and trippy:
//! parse what was written, then produce one checked [`ScanConfig`] (or
//! [`LiveConfig`] for the live modes).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::classify::Classifier;
use crate::cli::{ColorChoice, FailOn, Format, ScanArgs, parse_fail_on};
use crate::error::{Error, Result};
use crate::ingest::DEFAULT_LINE_CAP;
use crate::redact::Redactor;
use crate::rules::{self, FileSettings, PatternsFile};

mod api;
mod limits;
mod live;
mod remote;
mod settings;

pub(crate) use api::ApiConfig;
pub(crate) use live::LiveConfig;
pub use remote::{IngestFields, RemoteConfig, SyslogTls};
pub use settings::{LiveRequest, LiveSettings, Settings};

/// Name of the config file in the XDG config directory.
pub const CONFIG_FILE_NAME: &str = "logwarden.toml";
/// Bounds on `--line-cap`.
const LINE_CAP_RANGE: std::ops::RangeInclusive<usize> = 64..=(64 << 20);

/// What a config file may say.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    patterns: Option<PathBuf>,
    theme: Option<String>,
    #[serde(default)]
    scan: ScanSection,
    #[serde(default)]
    live: live::LiveSection,
    #[serde(default)]
    api: api::ApiSection,
    #[serde(default)]
    limits: limits::LimitsSection,
    #[serde(default)]
    syslog: remote::SyslogSection,
    #[serde(default)]
    ingest: remote::IngestSection,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ScanSection {
    format: Option<Format>,
    fail_on: Option<String>,
    color: Option<ColorChoice>,
    line_cap: Option<usize>,
    threads: Option<usize>,
}

/// The config file's contents, located.
#[derive(Debug, Default)]
pub struct FileLayer {
    path: Option<PathBuf>,
    config: FileConfig,
}

impl FileLayer {
    /// Loads `explicit` (which must exist), else the default file if present.
    pub fn load(explicit: Option<&Path>) -> Result<FileLayer> {
        let path = match explicit {
            Some(path) => path.to_path_buf(),
            None => match default_config_path() {
                Some(path) if path.is_file() => path,
                _ => return Ok(FileLayer::default()),
            },
        };
        let text = crate::settings_file::read(&path).map_err(|source| Error::Read {
            path: path.display().to_string(),
            source,
        })?;
        let config: FileConfig = toml::from_str(&text).map_err(|e| Error::Config {
            path: path.display().to_string(),
            message: e.to_string().trim_end().to_string(),
        })?;
        Ok(FileLayer {
            path: Some(path),
            config,
        })
    }

    pub(crate) fn name(&self) -> String {
        self.path
            .as_ref()
            .map_or_else(|| "config".to_string(), |p| p.display().to_string())
    }

    /// The rules file to use: the flag, else the config's (relative to the
    /// config file's directory), else none (built-in rules).
    pub fn patterns_path(&self, flag: Option<&Path>) -> Option<PathBuf> {
        if let Some(flag) = flag {
            return Some(flag.to_path_buf());
        }
        self.config.patterns.as_deref().map(|p| self.relative(p))
    }

    /// A path written in the config file, relative to the file's directory.
    pub(crate) fn relative(&self, configured: &Path) -> PathBuf {
        let base = self.path.as_ref().and_then(|p| p.parent());
        match base {
            Some(dir) if configured.is_relative() => dir.join(configured),
            _ => configured.to_path_buf(),
        }
    }
}

impl FileLayer {
    /// The theme to use: the flag, else the config's, else the default.
    pub fn theme(&self, flag: Option<&str>) -> Option<String> {
        flag.map(str::to_string)
            .or_else(|| self.config.theme.clone())
    }
}

/// `$XDG_CONFIG_HOME/logwarden/logwarden.toml` (or the platform's equivalent).
pub fn default_config_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "logwarden")
        .map(|d| d.config_dir().join(CONFIG_FILE_NAME))
}

/// Loads the patterns file: the given one, or the built-in rules.
pub fn load_patterns(path: Option<&Path>) -> Result<PatternsFile> {
    Ok(rules::load(path)?)
}

/// Loads the patterns file and builds the classifier from its rules; the
/// rest of the file comes back beside it.
pub fn load_classifier(path: Option<&Path>) -> Result<(Classifier, FileSettings)> {
    let PatternsFile { rules, settings } = load_patterns(path)?;
    Ok((Classifier::new(rules)?, settings))
}

/// The `[[redact]]` entries of the patterns file, built.
pub fn redactor(settings: &FileSettings) -> Result<Redactor> {
    Redactor::new(&settings.redact).map_err(|message| Error::Config {
        path: settings.name(),
        message,
    })
}

/// Everything `scan` needs, validated.
#[derive(Debug, Clone)]
pub struct ScanConfig {
    /// Output format.
    pub format: Format,
    /// Exit-code threshold.
    pub fail_on: FailOn,
    /// Whether text output is colored.
    pub color: bool,
    /// Line cap in bytes.
    pub line_cap: usize,
    /// Paths as given.
    pub paths: Vec<String>,
    /// Classifying threads (`None`: one per core, at most 4).
    pub threads: Option<usize>,
}

impl ScanConfig {
    /// Merges flags over the config file and validates the result.
    pub fn resolve(args: &ScanArgs, file: &FileLayer) -> Result<ScanConfig> {
        let section = &file.config.scan;
        let fail_on = match (args.fail_on, &section.fail_on) {
            (Some(flag), _) => flag,
            (None, Some(text)) => parse_fail_on(text).map_err(|message| Error::Config {
                path: file.name(),
                message: format!("scan.fail_on: {message}"),
            })?,
            (None, None) => FailOn::AtLeast(crate::model::Severity::Error),
        };
        let line_cap = line_cap(args.line_cap, section.line_cap, file)?;
        let color_choice = args.color.or(section.color).unwrap_or(ColorChoice::Auto);
        Ok(ScanConfig {
            format: args.format.or(section.format).unwrap_or(Format::Text),
            fail_on,
            color: use_color(color_choice),
            line_cap,
            paths: args.paths.clone(),
            threads: args.threads.or(section.threads).filter(|&n| n > 0),
        })
    }
}

/// The line cap from the flag, else the config file, else the default; checked.
fn line_cap(flag: Option<usize>, configured: Option<usize>, file: &FileLayer) -> Result<usize> {
    let line_cap = flag.or(configured).unwrap_or(DEFAULT_LINE_CAP);
    if LINE_CAP_RANGE.contains(&line_cap) {
        return Ok(line_cap);
    }
    Err(Error::Config {
        path: if flag.is_some() {
            "--line-cap".to_string()
        } else {
            file.name()
        },
        message: format!(
            "line cap {line_cap} is out of range ({}..={} bytes)",
            LINE_CAP_RANGE.start(),
            LINE_CAP_RANGE.end()
        ),
    })
}

/// Resolves `auto`: color only on a terminal and only without NO_COLOR.
pub fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
            !no_color && std::io::stdout().is_terminal()
        }
    }
}
