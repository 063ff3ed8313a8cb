//! Settings resolved once, before anything starts: the flags over the
//! config file, every check and default in one place. [`Settings`] is what
//! every command shares; [`LiveSettings`] what a live mode (the dashboard,
//! headless serving, `watch`, `demo`) hands to [`crate::live::start`].

use std::path::PathBuf;
use std::sync::Arc;

use super::{ApiConfig, FileLayer, LiveConfig, load_classifier, redactor, use_color};
use crate::classify::Classifier;
use crate::cli::{ApiArgs, Cli, ColorChoice, LiveArgs};
use crate::error::{Error, Result};
use crate::rules::FileSettings;
use crate::store::{Retention, parse_age};
use crate::theme::Theme;

/// What every command shares: the config file, the rules file, the theme.
#[derive(Debug)]
pub struct Settings {
    /// The config file's contents (defaults for flags).
    pub layer: FileLayer,
    /// The rules file: `--patterns`, else the config's; `None` for the built-in rules.
    pub patterns: Option<PathBuf>,
    /// The theme from `--theme` or the config (the default when neither).
    pub theme: Theme,
    /// Problems with the theme, for the caller to say: they are not errors.
    pub theme_warnings: Vec<crate::theme::ThemeError>,
}

impl Settings {
    /// Reads the config file (`--config`, else the default one if present)
    /// and resolves what every command shares.
    pub fn resolve(cli: &Cli) -> Result<Settings> {
        let layer = FileLayer::load(cli.config.as_deref())?;
        let patterns = layer.patterns_path(cli.patterns.as_deref());
        let (theme, theme_warnings) = match layer.theme(cli.theme.as_deref()) {
            Some(name) => Theme::load(&name),
            None => (Theme::default_theme(), Vec::new()),
        };
        Ok(Settings {
            layer,
            patterns,
            theme,
            theme_warnings,
        })
    }
}

/// What a live mode asks for on its command line.
#[derive(Debug, Clone, Copy)]
pub struct LiveRequest<'a> {
    /// Places, state directory, polling.
    pub live: &'a LiveArgs,
    /// The API's flags, for the modes that can serve it.
    pub api: Option<&'a ApiArgs>,
    /// `--retention AGE`.
    pub retention: Option<&'a str>,
    /// `--color`.
    pub color: Option<ColorChoice>,
}

/// Everything a live mode needs, checked: [`crate::live::start`] takes it.
#[derive(Debug)]
pub struct LiveSettings {
    /// The rules.
    pub classifier: Arc<Classifier>,
    /// The rest of the patterns file: signals, redaction.
    pub patterns: FileSettings,
    /// Following, the state directory, logwarden's own log, `[limits]`.
    pub live: LiveConfig,
    /// How long the issue history keeps issues.
    pub retention: Retention,
    /// The API, when asked for.
    pub api: Option<ApiConfig>,
    /// Whether output is coloured.
    pub color: bool,
    /// The theme.
    pub theme: Theme,
    /// Warnings found while resolving (a theme that could not be used),
    /// for a front end that hides stderr (the dashboard) to say again.
    pub warnings: Vec<String>,
}

impl LiveSettings {
    /// Resolves and checks `request` over the config file; loads the rules
    /// (their `[[redact]]` entries go to the API).
    pub fn resolve(settings: &Settings, request: LiveRequest<'_>) -> Result<LiveSettings> {
        let layer = &settings.layer;
        let live = LiveConfig::resolve(request.live, layer)?;
        let retention = retention(request.retention, &live.limits)?;
        let (classifier, patterns) = load_classifier(settings.patterns.as_deref())?;
        let api = match request.api {
            Some(args) => ApiConfig::resolve(args, layer, redactor(&patterns)?)?,
            None => None,
        };
        if live.remote.ingest.is_some() && api.is_none() {
            return Err(Error::Usage(
                "--ingest (or [ingest] enabled) receives logs through the API: serve it with --api ADDR".into(),
            ));
        }
        Ok(LiveSettings {
            classifier: Arc::new(classifier),
            patterns,
            live,
            retention,
            api,
            color: use_color(request.color.unwrap_or(ColorChoice::Auto)),
            theme: settings.theme.clone(),
            warnings: settings
                .theme_warnings
                .iter()
                .map(ToString::to_string)
                .collect(),
        })
    }
}

/// `--retention AGE` checked (30 days when absent), with the history's `[limits]`.
fn retention(flag: Option<&str>, limits: &crate::store::Limits) -> Result<Retention> {
    let mut retention = Retention::within(limits);
    if let Some(text) = flag {
        retention.max_age =
            parse_age(text).map_err(|e| Error::Usage(format!("--retention {e}")))?;
    }
    Ok(retention)
}
